/** Building blocks shared by every part of the pipeline file schema. */
import { z } from 'zod';

export const notes = z
  .string()
  .max(20_000)
  .optional()
  .describe('Free text for the analyst: why this is here, who asked for it, what to check. Never read by the engine.');

/** Names of streams, connections, lookups and columns: readable in a formula without quoting. */
export const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, {
  message: 'use letters, digits and underscores, starting with a letter or underscore (at most 128 characters)',
});

/** A reference to a secret kept in the OS keychain (or, headless, an environment variable). Never the secret. */
export const secretRef = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, {
    message: 'a secret reference is a name such as "gp_password" (letters, digits, _ . -), not the secret itself',
  })
  .describe(
    'Name of a secret stored with `ml-connector secrets set NAME` (OS keychain, service "ml-connector"); ' +
      'headless runs may set ML_CONNECTOR_SECRET_<NAME> instead. The secret itself never goes in this file.',
  );

export const fieldTypeName = z
  .enum(['string', 'integer', 'decimal', 'boolean', 'date', 'timestamp'])
  .describe(
    'Type of a source field: string, integer, decimal (exact), boolean, date (no time) or timestamp (with zone).',
  );

export const columnTypeText = z
  .string()
  .regex(/^(string|integer|boolean|date|timestamp|decimal\(\s*\d{1,2}\s*,\s*\d{1,2}\s*\))$/i, {
    message: 'use string, integer, decimal(p,s) such as decimal(18,2), boolean, date or timestamp',
  })
  .describe(
    'Destination column type: string, integer, decimal(p,s) (exact, e.g. decimal(18,2)), boolean, date or timestamp (with zone).',
  );

/** An ISO 8601 duration such as PT15M, PT1H or P1D. */
export const isoDuration = z.string().regex(/^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, {
  message: 'use an ISO 8601 duration such as PT15M (15 minutes), PT1H (1 hour) or P1D (1 day)',
});

export const scalarJson = z.union([z.string(), z.number(), z.boolean(), z.null()]);
