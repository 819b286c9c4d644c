/** `ml-connector replay`: re-run held rows through the pipeline's current mapping, without reading the source again. */
import type { ReplayOutcome, RunEvent } from '../../runner/index.ts';
import { flag, optionValue, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../errors.ts';
import { LOCK_NOTE, lockWaitFrom, WAIT_OPTION } from '../lock-wait.ts';
import { loadPipeline } from '../pipeline.ts';
import {
  holdsHint,
  plural,
  stateArguments,
  printFailedSummary,
  printStreamTable,
  StreamsSeen,
  summaryLine,
} from '../run-report.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const replayCommand: CommandSpec = {
  name: 'replay',
  summary: 'Re-run the held rows of a batch or a run through the current mapping and lookups.',
  usage: 'replay BATCH|RUN --pipeline PIPELINE.json [--state DIR] [--wait [SECONDS]] [--json]',
  positionals: [
    {
      name: 'BATCH|RUN',
      required: true,
      description: 'a batch id (from `ml-connector holds`) or a run id (from `ml-connector audit`)',
    },
  ],
  options: [
    {
      name: 'pipeline',
      type: 'string',
      valueName: 'PIPELINE.json',
      description: 'The pipeline whose current mapping and lookups are applied (required).',
    },
    STATE_OPTION,
    WAIT_OPTION,
    JSON_OPTION,
  ],
  notes: [
    'Rows come from the payload stored with the batch; the source is not read again. Rows that now pass are written',
    'and their holds resolved; rows that still fail stay held with their new reasons. Replaying twice writes nothing twice.',
    'With --json every event is one JSON object per line; the last is the summary, with replayed, resolved and stillHeld.',
    ...LOCK_NOTE,
    'Exit codes: 0 every replayed row was written; 1 rows still held or a stream failed; 2 invalid arguments or unknown id;',
    '75 the pipeline is already running (nothing done; try again later).',
  ],
  examples: [
    {
      command: 'replay 20240131T020000-1a2b3c4d.gl_lines.000001 --pipeline pipeline.json',
      description: 'Replay the held rows of one batch after fixing the lookup table.',
    },
  ],
  run: runReplay,
};

async function runReplay(args: ParsedArgs, context: CliContext): Promise<number> {
  const id = args.positionals[0]!;
  const file = optionValue(args, 'pipeline');
  if (file === undefined)
    throw new UsageError('replay needs --pipeline PIPELINE.json: its current mapping is applied to the held rows.');
  const json = flag(args, 'json');
  const loaded = loadPipeline(file, context.err);
  const stateOption = optionValue(args, 'state');
  const seen = new StreamsSeen([]);
  const onEvent = (event: RunEvent) => {
    seen.apply(event);
    if (json && event.type !== 'summary') context.out.json(event);
  };
  const { replay } = await loadRunner();
  const waitForLock = lockWaitFrom(args, (line) => context.err.line(line));
  let outcome: ReplayOutcome;
  try {
    outcome = await replay(loaded, {
      startedBy: 'replay',
      ...(waitForLock ? { waitForLock } : {}),
      stateDir: resolveStateDir(stateOption, context.env, context.cwd, loaded.path),
      id,
      connectors: await loadConnectors(),
      resolveSecret: (name) => context.secrets.resolve(name),
      storeSecret: rotatedSecretStore(context.secrets),
      secretValues: () => context.secrets.values(),
      onEvent,
    });
  } catch (error) {
    if (json) printFailedSummary(context.out, error, seen.results());
    throw error;
  }
  const { runId, replayed, resolved, stillHeld } = outcome;
  if (json) {
    context.out.json(summaryLine(outcome.status, outcome.streams, { runId, replayed, resolved, stillHeld }));
  } else if (replayed === 0) {
    context.out.line(`Nothing to replay: ${id} has no open held rows.`);
  } else {
    context.out.line(
      `Replay ${runId}: ${plural(replayed, 'held row')} replayed, ${formatResolved(resolved)}, ${stillHeld} still held.`,
    );
    printStreamTable(context.out, outcome.streams);
    const hint = holdsHint(outcome.streams, stateArguments(stateOption, file, context));
    if (hint) context.out.line(hint);
  }
  return outcome.status === 'ok' ? EXIT_OK : EXIT_PROBLEMS;
}

function formatResolved(resolved: number): string {
  return `${resolved} now pass${resolved === 1 ? 'es' : ''} and ${resolved === 1 ? 'was' : 'were'} written`;
}
