/** `ml-connector preview`: the first rows of a stream as the mapping turns them out, and the rows it would hold. */
import type { DataRow } from '../../model/index.ts';
import { formatValue, toJsonValue, type JsonValue } from '../../model/values/index.ts';
import { flag, integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { checkStreamNames, loadPipeline } from '../pipeline.ts';
import { plural } from '../run-report.ts';
import { formatTable } from '../table.ts';
import { rotatedSecretStore } from '../secrets.ts';

const DEFAULT_LIMIT = 20;
/** Wide enough for an account number or a date, narrow enough that a dozen columns fit a screen. */
const CELL_WIDTH = 24;

export const previewCommand: CommandSpec = {
  name: 'preview',
  summary: 'Show the first rows of a stream as mapped, and the rows that would be held, with reasons.',
  usage: 'preview PIPELINE.json --stream NAME [--limit N] [--json]',
  positionals: [PIPELINE_ARGUMENT],
  options: [
    { name: 'stream', type: 'string', valueName: 'NAME', description: 'The stream to preview (required).' },
    {
      name: 'limit',
      type: 'string',
      valueName: 'N',
      description: `Source records to read (default ${DEFAULT_LIMIT}).`,
    },
    JSON_OPTION,
  ],
  notes: [
    'Reads from the source but writes nothing and moves no watermark.',
    'With --json: {"type":"columns"}, one {"type":"row"} per mapped row, one {"type":"held"} per held row, then {"type":"summary"}.',
  ],
  examples: [
    {
      command: 'preview pipeline.json --stream gl_lines --limit 5',
      description: 'Map the first 5 GL lines and show them.',
    },
  ],
  run: runPreview,
};

export function jsonRow(row: DataRow): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, toJsonValue(value)]));
}

async function runPreview(args: ParsedArgs, context: CliContext): Promise<number> {
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const stream = optionValue(args, 'stream');
  if (stream === undefined) {
    throw new UsageError(`preview needs --stream NAME (streams: ${Object.keys(loaded.pipeline.streams).join(', ')}).`);
  }
  checkStreamNames(loaded, [stream]);
  const limit = integerOption(args, 'limit', 1) ?? DEFAULT_LIMIT;
  const { previewStream } = await loadRunner();
  const result = await previewStream(loaded, {
    stream,
    limit,
    connectors: await loadConnectors(),
    resolveSecret: (name) => context.secrets.resolve(name),
    storeSecret: rotatedSecretStore(context.secrets),
  });
  const key = loaded.pipeline.streams[stream]!.source.key;

  if (flag(args, 'json')) {
    context.out.json({ type: 'columns', stream, columns: result.columns });
    for (const row of result.rows) context.out.json({ type: 'row', row: jsonRow(row) });
    for (const held of result.held)
      context.out.json({ type: 'held', sourceRecord: jsonRow(held.sourceRecord), reasons: held.reasons });
    context.out.json({
      type: 'summary',
      stream,
      read: result.read,
      rows: result.rows.length,
      held: result.held.length,
    });
    return EXIT_OK;
  }

  context.out.line(
    `${stream}: ${plural(result.read, 'source record')} read, ${plural(result.rows.length, 'row')} mapped, ${plural(result.held.length, 'row')} held.`,
  );
  if (result.rows.length > 0) {
    const columns = result.columns.map((header) => ({ header, maxWidth: CELL_WIDTH }));
    const rows = result.rows.map((row) => result.columns.map((column) => formatValue(row[column] ?? null)));
    for (const line of formatTable(columns, rows)) context.out.line(line);
  }
  if (result.held.length > 0) {
    context.out.line('');
    context.out.line('Held rows:');
    for (const held of result.held) {
      // The source key says which record it is; the full record is in --json.
      const where = key.map((field) => `${field}=${formatValue(held.sourceRecord[field] ?? null)}`).join(', ');
      for (const reason of held.reasons)
        context.out.line(`  ${where}: ${reason.column ? `${reason.column}: ` : ''}${reason.message}`);
    }
  }
  return EXIT_OK;
}
