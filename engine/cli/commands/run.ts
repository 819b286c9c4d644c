/** `ml-connector run`: the headless sync a scheduler calls. */
import { streamRunOrder } from '../../model/index.ts';
import type { RunEvent, RunOutcome } from '../../runner/index.ts';
import { flag, optionValue, optionValues, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_CANCELLED, EXIT_OK, EXIT_PROBLEMS } from '../errors.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { LOCK_NOTE, lockWaitFrom, WAIT_OPTION } from '../lock-wait.ts';
import { checkStreamNames, loadPipeline } from '../pipeline.ts';
import { TtyProgress } from '../progress.ts';
import {
  holdsHint,
  plural,
  stateArguments,
  printFailedSummary,
  printStreamTable,
  StreamsSeen,
  summaryLine,
  type SummaryStatus,
} from '../run-report.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const runCommand: CommandSpec = {
  name: 'run',
  summary: 'Run a pipeline: read each stream, map it, write it to its target.',
  usage: 'run PIPELINE.json [--state DIR] [--full-refresh] [--stream NAME]... [--wait [SECONDS]] [--json]',
  positionals: [PIPELINE_ARGUMENT],
  options: [
    STATE_OPTION,
    {
      name: 'full-refresh',
      type: 'boolean',
      description: 'Read every stream from the start instead of from its saved watermark.',
    },
    { name: 'stream', type: 'string', valueName: 'NAME', multiple: true, description: 'Run only this stream.' },
    WAIT_OPTION,
    JSON_OPTION,
  ],
  notes: [
    'Rows that fail validation (unknown GL account, lookup miss, missing value) are held for review, never dropped:',
    'see them with `ml-connector holds` and re-run them with `ml-connector replay`.',
    'With --json every event is one JSON object per line; the last is',
    '{"type":"summary","status":"ok"|"held"|"failed","streams":[{"name","read","written","held","failed"}]}.',
    'Ctrl-C cancels cleanly (the batch in flight commits or rolls back); a second Ctrl-C stops at once.',
    ...LOCK_NOTE,
    'Exit codes: 0 all good; 1 rows held or a stream failed; 2 invalid pipeline or arguments;',
    '75 already running (nothing done; try again later); 130 cancelled.',
  ],
  examples: [
    { command: 'run pipeline.json', description: 'Run every stream from where the last run stopped.' },
    {
      command: 'run pipeline.json --stream gl_lines --full-refresh --state /var/lib/ml-connector --json',
      description: 'Reload one stream, for a scheduler that reads JSON lines.',
    },
    {
      command: 'run pipeline.json --wait 600',
      description: 'If the pipeline is running already, start when it ends (give up after 10 minutes).',
    },
  ],
  run: runRun,
};

async function runRun(args: ParsedArgs, context: CliContext): Promise<number> {
  const json = flag(args, 'json');
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const only = optionValues(args, 'stream');
  checkStreamNames(loaded, only);
  const stateOption = optionValue(args, 'state');
  const stateDir = resolveStateDir(stateOption, context.env, context.cwd, loaded.path);

  const progress = !json && context.stderr.isTTY ? new TtyProgress(context.stderr) : undefined;
  // The progress writer draws on the terminal directly, so what it is given is scrubbed here.
  const say = (line: string) => (progress ? progress.note(context.secrets.scrub(line)) : context.err.line(line));
  const seen = new StreamsSeen(only.length > 0 ? only : streamRunOrder(loaded.pipeline));
  const onEvent = (event: RunEvent) => {
    seen.apply(event);
    if (json) {
      // The summary is printed after the run returns, from its outcome, so it is also there when it fails.
      if (event.type !== 'summary') context.out.json(event);
      return;
    }
    progress?.onEvent(event);
    if (event.type === 'schema-change' || event.type === 'after-load' || event.type === 'resumed-from-destination')
      say(`${event.stream}: ${event.detail}`);
    if (event.type === 'retry')
      say(`${event.stream}: ${event.code}, retrying in ${Math.ceil(event.delayMs / 1000)}s (attempt ${event.attempt})`);
  };

  const { runPipeline } = await loadRunner();
  const connectors = await loadConnectors();
  const interrupt = cancelOnInterrupt(say);
  let outcome: RunOutcome;
  try {
    const waitForLock = lockWaitFrom(args, say, interrupt.signal);
    outcome = await runPipeline({
      startedBy: 'run',
      ...(waitForLock ? { waitForLock } : {}),
      loaded,
      stateDir,
      streams: only,
      fullRefresh: flag(args, 'full-refresh'),
      signal: interrupt.signal,
      onEvent,
      connectors,
      resolveSecret: (name) => context.secrets.resolve(name),
      storeSecret: rotatedSecretStore(context.secrets),
      secretValues: () => context.secrets.values(),
    });
  } catch (error) {
    progress?.finish();
    if (json) printFailedSummary(context.out, error, seen.results());
    throw error;
  } finally {
    interrupt.dispose();
  }
  progress?.finish();

  const cancelled = outcome.status === 'cancelled';
  // The summary speaks ok|held|failed only (PRODUCT.md); a cancelled run did not finish, so it failed.
  const status: SummaryStatus = outcome.status === 'cancelled' ? 'failed' : outcome.status;
  if (json) {
    context.out.json(
      summaryLine(status, outcome.streams, { runId: outcome.runId, ...(cancelled ? { cancelled: true } : {}) }),
    );
  } else {
    context.out.line(`Run ${outcome.runId}: ${headline(outcome)}`);
    printStreamTable(context.out, outcome.streams);
    const hint = holdsHint(outcome.streams, stateArguments(stateOption, args.positionals[0]!, context));
    if (hint) context.out.line(hint);
  }
  if (cancelled) return EXIT_CANCELLED;
  return outcome.status === 'ok' ? EXIT_OK : EXIT_PROBLEMS;
}

function headline(outcome: RunOutcome): string {
  const held = outcome.streams.reduce((sum, s) => sum + s.held, 0);
  const failed = outcome.streams.filter((s) => s.status === 'failed' || s.status === 'skipped').length;
  switch (outcome.status) {
    case 'ok':
      return 'all streams ok.';
    case 'held':
      return `${plural(held, 'row')} held for review.`;
    case 'failed':
      return `${plural(failed, 'stream')} did not finish${held > 0 ? `; ${plural(held, 'row')} held for review` : ''}.`;
    case 'cancelled':
      return 'cancelled; committed batches are kept and the next run continues from them.';
  }
}
