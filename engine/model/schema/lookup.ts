/**
 * Lookup tables: small key -> value maps such as GL account -> cost center, optionally effective-dated.
 * A table's rows are either key rows (one key each) or range rows (`ranges: true`: from .. to, both
 * inclusive), such as accounts 4000 to 4999 -> REVENUE.
 */
import { z } from 'zod';
import { fieldTypeName, notes, scalarJson } from './common.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'use a date written as YYYY-MM-DD' })
  .describe('A date written as YYYY-MM-DD.');

export const lookupRowSchema = z
  .strictObject({
    key: scalarJson.optional().describe('Key rows: the value looked up, e.g. a GL account number.'),
    from: scalarJson.optional().describe('Range rows: the first key of the range (inclusive), e.g. 4000.'),
    to: scalarJson.optional().describe('Range rows: the last key of the range (inclusive), e.g. 4999.'),
    value: scalarJson.describe('What the key maps to, e.g. a cost center.'),
    effectiveFrom: isoDate.optional().describe('For effective-dated tables: the first date on which this row applies.'),
    notes,
  })
  .describe('One row of a lookup table: a key, or a range from .. to in a table with "ranges": true.');

export const lookupFileSchema = z
  .strictObject({
    path: z.string().min(1).describe('CSV file with a header line, relative to the pipeline file.'),
    keyColumn: z.string().min(1).optional().describe('Header of the column holding the keys (key rows).'),
    fromColumn: z
      .string()
      .min(1)
      .optional()
      .describe('Header of the column holding the first key of each range (range rows).'),
    toColumn: z
      .string()
      .min(1)
      .optional()
      .describe('Header of the column holding the last key of each range (range rows).'),
    valueColumn: z.string().min(1).describe('Header of the column holding the values.'),
    effectiveFromColumn: z.string().min(1).optional().describe('Header of the column holding effective-from dates.'),
  })
  .describe('A lookup table kept in a CSV file beside the pipeline.');

/** How LOOKUP compares a text key with the table's keys. */
export const lookupKeyMatch = z
  .enum(['exact', 'ignore-case'])
  .describe(
    'How text keys match: "ignore-case" (the default, as spreadsheet lookups do: "sales" finds SALES) or "exact" ' +
      '(every character as written). Keys of other types always match by value.',
  );

/** What happens when two range rows hold the same key (on the same date). */
export const lookupOverlaps = z
  .enum(['refuse', 'first-row-wins'])
  .describe(
    'When two range rows hold the same key: "refuse" (the default: the pipeline names both rows) or ' +
      '"first-row-wins" (the row nearer the top answers).',
  );

export const lookupSchema = z
  .strictObject({
    keyType: fieldTypeName.optional().describe('Type of the keys (default string).'),
    valueType: fieldTypeName.optional().describe('Type of the values (default string).'),
    keyMatch: lookupKeyMatch.optional(),
    ranges: z
      .boolean()
      .optional()
      .describe(
        'Rows give key ranges ("from" and "to", both inclusive) instead of single keys; LOOKUP picks the row whose ' +
          'range holds the key. Numbers compare as numbers, text character by character.',
      ),
    overlaps: lookupOverlaps.optional(),
    effectiveDated: z
      .boolean()
      .optional()
      .describe(
        'Rows carry an effective-from date; LOOKUP(table, key, as_of_date) picks the row in force on that date.',
      ),
    rows: z.array(lookupRowSchema).optional().describe('The rows, kept in the pipeline file.'),
    file: lookupFileSchema.optional(),
    notes,
  })
  .describe('A lookup table used by LOOKUP(name, key) in mappings. Give either rows or a file.');

export type LookupDefinition = z.infer<typeof lookupSchema>;
export type LookupRow = z.infer<typeof lookupRowSchema>;
export type LookupFile = z.infer<typeof lookupFileSchema>;
export type LookupKeyMatch = z.infer<typeof lookupKeyMatch>;
