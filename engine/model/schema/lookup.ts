/** Lookup tables: small key -> value maps such as GL account -> cost center, optionally effective-dated. */
import { z } from 'zod';
import { fieldTypeName, notes, scalarJson } from './common.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'use a date written as YYYY-MM-DD' })
  .describe('A date written as YYYY-MM-DD.');

export const lookupRowSchema = z
  .strictObject({
    key: scalarJson.describe('The value looked up, e.g. a GL account number.'),
    value: scalarJson.describe('What the key maps to, e.g. a cost center.'),
    effectiveFrom: isoDate.optional().describe('For effective-dated tables: the first date on which this row applies.'),
    notes,
  })
  .describe('One row of a lookup table.');

export const lookupFileSchema = z
  .strictObject({
    path: z.string().min(1).describe('CSV file with a header line, relative to the pipeline file.'),
    keyColumn: z.string().min(1).describe('Header of the column holding the keys.'),
    valueColumn: z.string().min(1).describe('Header of the column holding the values.'),
    effectiveFromColumn: z.string().min(1).optional().describe('Header of the column holding effective-from dates.'),
  })
  .describe('A lookup table kept in a CSV file beside the pipeline.');

export const lookupSchema = z
  .strictObject({
    keyType: fieldTypeName.optional().describe('Type of the keys (default string).'),
    valueType: fieldTypeName.optional().describe('Type of the values (default string).'),
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
