/** `ml-connector holds`: rows held for review, why, and the batch to replay them from. */
import { formatValue } from '../../model/values/index.ts';
import { flag, optionValue, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_STATE_OPTION, STATE_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK } from '../errors.ts';
import { plural } from '../run-report.ts';
import { loadPipeline } from '../pipeline.ts';
import { resolveStateDir } from '../../store/state-folder.ts';
import { withStore } from '../store-reader.ts';
import { formatTable } from '../table.ts';
import { jsonRow } from './preview.ts';

export const holdsCommand: CommandSpec = {
  name: 'holds',
  summary: 'List the rows held for review, with their reasons and batch ids.',
  usage: 'holds [--stream NAME] [--pipeline PIPELINE.json] [--state DIR] [--json]',
  positionals: [],
  options: [
    { name: 'stream', type: 'string', valueName: 'NAME', description: 'Only rows of this stream.' },
    PIPELINE_STATE_OPTION,
    STATE_OPTION,
    JSON_OPTION,
  ],
  notes: [
    'Only open holds are listed; a replay that writes a row resolves its hold.',
    'Fix the cause (e.g. add the GL account to the lookup table), then: ml-connector replay BATCH --pipeline FILE.',
    'With --json: one {"type":"hold"} line per held row, with its source record and reasons.',
  ],
  examples: [
    { command: 'holds --stream gl_lines', description: 'Show why GL lines were held and which batch holds them.' },
  ],
  run: runHolds,
};

async function runHolds(args: ParsedArgs, context: CliContext): Promise<number> {
  const stream = optionValue(args, 'stream');
  const file = optionValue(args, 'pipeline');
  const loaded = file === undefined ? undefined : loadPipeline(file, context.err);
  const stateDir = resolveStateDir(optionValue(args, 'state'), context.env, context.cwd, loaded?.path);
  return withStore(stateDir, (store) => {
    const holds =
      store?.listHolds({
        ...(loaded ? { pipelineId: loaded.id } : {}),
        ...(stream !== undefined ? { stream } : {}),
        status: 'open',
      }) ?? [];
    if (flag(args, 'json')) {
      for (const { sourceRecord, ...hold } of holds)
        context.out.json({ type: 'hold', ...hold, sourceRecord: jsonRow(sourceRecord) });
      return EXIT_OK;
    }
    if (holds.length === 0) {
      context.out.line(`No rows held${stream === undefined ? '' : ` in stream ${stream}`}.`);
      return EXIT_OK;
    }
    context.out.line(`${plural(holds.length, 'row')} held for review:`);
    // One state folder may serve several pipelines; name the pipeline only when that is the case.
    const pipelines = new Set(holds.map((h) => h.pipelineId));
    const rows = holds.map((h) => [
      ...(pipelines.size > 1 ? [h.pipelineId] : []),
      h.stream,
      h.batchId,
      String(h.rowIndex),
      h.reasons.map((r) => (r.column ? `${r.column}: ${r.message}` : r.message)).join('; '),
      Object.entries(h.sourceRecord)
        .map(([name, value]) => `${name}=${formatValue(value)}`)
        .join(', '),
    ]);
    const columns = [
      ...(pipelines.size > 1 ? [{ header: 'PIPELINE' }] : []),
      { header: 'STREAM' },
      { header: 'BATCH' },
      { header: 'ROW', align: 'right' as const },
      { header: 'REASONS', maxWidth: 80 },
      { header: 'SOURCE RECORD', maxWidth: 80 },
    ];
    for (const line of formatTable(columns, rows)) context.out.line(line);
    return EXIT_OK;
  });
}
