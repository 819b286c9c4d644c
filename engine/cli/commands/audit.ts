/** `ml-connector audit`: recent runs, or one run batch by batch with its control totals. */
import { flag, integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { printRunDetail, runDetailJson, runSummaryJson } from '../audit-report.ts';
import { JSON_OPTION, PIPELINE_STATE_OPTION, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatCount } from '../progress.ts';
import { loadPipeline } from '../pipeline.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { withStore } from '../store-reader.ts';
import { formatTable } from '../table.ts';

const DEFAULT_LIMIT = 20;

export const auditCommand: CommandSpec = {
  name: 'audit',
  summary: "Show recent runs, or one run's batches with source ranges, counts, timings and control totals.",
  usage: 'audit [RUN] [--limit N] [--pipeline PIPELINE.json] [--state DIR] [--json]',
  positionals: [{ name: 'RUN', required: false, description: 'a run id, as listed by `ml-connector audit`' }],
  options: [
    {
      name: 'limit',
      type: 'string',
      valueName: 'N',
      description: `Runs to list, newest first (default ${DEFAULT_LIMIT}).`,
    },
    PIPELINE_STATE_OPTION,
    STATE_OPTION,
    JSON_OPTION,
  ],
  notes: [
    'For one run, control totals (row counts; debit, credit and amount per period) are shown source beside destination.',
    'Held rows explain a lower destination total; a difference with no held rows behind it is flagged MISMATCH.',
    'WRITTEN counts rows inserted or updated; ALREADY LOADED counts rows read again that the destination already held (not written twice). Both are in the destination totals.',
    'With --json: one {"type":"run"} line per run; for one run, then one {"type":"batch"} line per batch.',
  ],
  examples: [
    { command: 'audit', description: 'List the most recent runs with their per-stream counts.' },
    {
      command: 'audit 20240131T020000-1a2b3c4d --state /var/lib/ml-connector',
      description: 'Show every batch of that run and reconcile it.',
    },
  ],
  run: runAudit,
};

async function runAudit(args: ParsedArgs, context: CliContext): Promise<number> {
  const json = flag(args, 'json');
  const file = optionValue(args, 'pipeline');
  const loaded = file === undefined ? undefined : loadPipeline(file, context.err);
  const stateDir = resolveStateDir(optionValue(args, 'state'), context.env, context.cwd, loaded?.path);
  const runId = args.positionals[0];
  const limit = integerOption(args, 'limit', 1) ?? DEFAULT_LIMIT;
  return withStore(stateDir, (store) => {
    if (runId !== undefined) {
      const run = store?.getRun(runId);
      if (!run)
        throw new UsageError(
          `there is no run "${runId}" in the state folder ${stateDir} (list the runs with: ml-connector audit).`,
        );
      const holds = store!.listHolds({ runId });
      if (json) for (const line of runDetailJson(run, holds)) context.out.json(line);
      else printRunDetail(context.out, run, holds);
      return EXIT_OK;
    }
    const runs = store?.listRuns({ limit, ...(loaded ? { pipelineId: loaded.id } : {}) }) ?? [];
    if (json) {
      for (const run of runs) context.out.json(runSummaryJson(run));
      return EXIT_OK;
    }
    if (runs.length === 0) {
      context.err.line(`No runs recorded in ${stateDir} yet.`);
      return EXIT_OK;
    }
    const right = { align: 'right' } as const;
    const rows = runs.flatMap((run) => {
      const first = [run.runId, run.status, run.trigger, run.startedAt];
      if (run.streams.length === 0) return [[...first, '', '', '', '', '']];
      return run.streams.map((s, index) => [
        ...(index === 0 ? first : ['', '', '', '']),
        s.stream,
        formatCount(s.read),
        formatCount(s.written),
        formatCount(s.held),
        formatCount(s.alreadyLoaded),
      ]);
    });
    const columns = [
      { header: 'RUN' },
      { header: 'STATUS' },
      { header: 'TRIGGER' },
      { header: 'STARTED' },
      { header: 'STREAM' },
      { header: 'READ', ...right },
      { header: 'WRITTEN', ...right },
      { header: 'HELD', ...right },
      { header: 'ALREADY LOADED', ...right },
    ];
    for (const line of formatTable(columns, rows)) context.out.line(line);
    return EXIT_OK;
  });
}
