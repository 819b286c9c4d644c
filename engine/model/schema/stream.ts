/** Streams: what to read (source), where to write it (target) and how each column is computed (mappings). */
import { z } from 'zod';
import { columnTypeText, fieldTypeName, identifier, isoDuration, notes, scalarJson } from './common.ts';

export const sourceSchema = z
  .strictObject({
    connection: identifier.describe('Name of the connection to read from.'),
    entity: z.string().min(1).describe('What to read, as the system names it, e.g. gl_journal_lines or Vendors.'),
    key: z
      .array(z.string().min(1))
      .min(1)
      .describe("The source's natural key fields: they identify a record across runs."),
    cursor: z
      .string()
      .min(1)
      .optional()
      .describe('Modified-date field for incremental reads (e.g. DEX_ROW_TS). Leave out to read everything each run.'),
    lookback: isoDuration
      .optional()
      .describe('Re-read this much before the last watermark each run, to catch late-arriving rows (e.g. PT1H).'),
    end: scalarJson.optional().describe('Read only records with cursor before this value (for backfills).'),
    filters: z.record(z.string(), scalarJson).optional().describe('Field = value filters applied at the source.'),
    fields: z
      .record(z.string(), fieldTypeName)
      .optional()
      .describe('Declared source field types; override what the connector discovers or infers.'),
    options: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe(
        'Connector-specific settings. The file connector: "file" (a name or a pattern such as gl-lines-*.csv), "format" (csv or jsonl), ' +
          '"delimiter", "encoding" (utf-8, the default; latin1 or windows-1252 for exports saved that way) and "invalidBytes" ' +
          '(hold, the default: a record with bytes that are not UTF-8 is held naming the line and byte offset; refuse: the file is refused). ' +
          'Databricks: "table" (catalog.schema.table) or "query" (one SELECT), what the stream reads; entity names the stream.',
      ),
    pageSize: z.number().int().min(1).max(100_000).optional().describe('Records per page read from the source.'),
  })
  .describe('Where the records come from.');

export const afterLoadSchema = z
  .strictObject({
    runJob: z
      .number()
      .int()
      .positive()
      .describe(
        'Id of the Databricks job to start once this stream has loaded, e.g. a job that refreshes reports from the table. ' +
          'It is given the batches loaded since it last succeeded (job parameters mlc_table and mlc_batch_ids, the _mlc_batch_id ' +
          'values to read); no new batches, no job run.',
      ),
    wait: z
      .boolean()
      .optional()
      .describe(
        'Wait for the job run to finish and fail the stream when it does not succeed (default true); the batches it was given are ' +
          'then offered to the job again on the next run. false: start it and move on; the batches count as handed to that job run ' +
          'and are not offered again, whatever its outcome.',
      ),
  })
  .describe('What the destination does after a stream has loaded. Databricks destinations only: start a job.');

export const targetSchema = z
  .strictObject({
    connection: identifier.describe('Name of the connection to write to.'),
    table: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/, {
        message: 'use a table name such as gl_lines, or schema.table / catalog.schema.table',
      })
      .describe('Destination table, optionally qualified as schema.table or catalog.schema.table.'),
    writeMode: z
      .enum(['append', 'merge', 'replace'])
      .describe(
        'append adds rows; merge updates rows with the same merge key and inserts the rest; replace swaps the table contents.',
      ),
    mergeKey: z
      .array(identifier)
      .min(1)
      .optional()
      .describe('Destination columns that identify a row for merge (the source natural key, mapped).'),
    allowDestructiveChanges: z
      .boolean()
      .optional()
      .describe('Allow narrowing a column type or dropping a column in the destination. Off unless you are sure.'),
    afterLoad: afterLoadSchema.optional(),
    holdTogether: z
      .array(identifier)
      .min(1)
      .optional()
      .describe(
        'Destination columns whose equal values make one unit, such as journal_reference for the lines of one GL journal: ' +
          'when one row of a unit is held, the whole unit is held with it, so it is written whole or not at all.',
      ),
    options: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe(
        'Destination-specific settings, e.g. { "batch": "PAYROLL" }: the Dynamics GP batch that journals are created in (unposted).',
      ),
    notes,
  })
  .describe('Where the rows go.');

/**
 * A destination column's name. Rows are built as plain objects keyed by column on the engine's fast
 * path, where "__proto__" cannot be an ordinary key; every other identifier can.
 */
const columnName = identifier.refine((name) => name !== '__proto__', {
  message: 'a column cannot be named "__proto__" (rows could not hold it); choose another name',
});

export const mappingSchema = z
  .strictObject({
    type: columnTypeText,
    expression: z
      .string()
      .min(1, { message: 'write a formula, e.g. a field name such as ACTNUMST' })
      .describe(
        'Spreadsheet-style formula computing the column from source fields, e.g. ROUND(DEBITAMT - CRDTAMNT, 2).',
      ),
    required: z
      .boolean()
      .optional()
      .describe(
        'Hold the row for review when this column comes out empty: NULL, or text that is empty or only spaces.',
      ),
    notes,
  })
  .describe('One destination column and the formula that fills it.');

const totalsFields = z
  .strictObject({
    period: z
      .string()
      .min(1)
      .optional()
      .describe('Date field or column whose month groups the totals, e.g. TRXDATE or posting_date.'),
    debit: z.string().min(1).optional().describe('Decimal field or column holding debits.'),
    credit: z.string().min(1).optional().describe('Decimal field or column holding credits.'),
    amount: z.string().min(1).optional().describe('Decimal field or column holding a signed amount.'),
  })
  .describe('Which fields the reconciliation totals are taken from.');

export const controlTotalsSchema = z
  .strictObject({
    source: totalsFields.describe(
      'Source fields to total per period, e.g. { "period": "TRXDATE", "debit": "DEBITAMT", "credit": "CRDTAMNT" }.',
    ),
    target: totalsFields.describe(
      'Destination columns that carry the same amounts, e.g. { "period": "posting_date", "debit": "debit", "credit": "credit" }.',
    ),
  })
  .describe(
    'Reconciliation: debit/credit/amount sums per period recorded for every batch on the source side and the destination side. ' +
      'Row counts and sums of every decimal field are always recorded.',
  );

export const streamSchema = z
  .strictObject({
    source: sourceSchema,
    target: targetSchema,
    mappings: z
      .record(columnName, mappingSchema)
      .describe('Destination columns, in order, each with its type and formula.'),
    dependsOn: z
      .array(identifier)
      .optional()
      .describe('Streams that must load first, e.g. vendors before invoices that refer to them.'),
    controlTotals: controlTotalsSchema.optional(),
    notes,
  })
  .describe('One source entity flowing into one destination table.');

export type StreamDefinition = z.infer<typeof streamSchema>;
export type MappingDefinition = z.infer<typeof mappingSchema>;
export type SourceDefinition = z.infer<typeof sourceSchema>;
export type TargetDefinition = z.infer<typeof targetSchema>;
export type AfterLoadDefinition = z.infer<typeof afterLoadSchema>;
export type ControlTotalsDefinition = z.infer<typeof controlTotalsSchema>;
