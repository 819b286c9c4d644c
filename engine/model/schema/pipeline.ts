/**
 * The pipeline file, version 3: the contract between the studio, the CLI and IT's scheduler.
 * These zod schemas are the one source of truth; assets/schema/pipeline.schema.json is generated
 * from them (`npm run schema`) and a test fails when it is stale.
 */
import { z } from 'zod';
import { connectionSchema } from './connection.ts';
import { identifier, notes, secretRef } from './common.ts';
import { cronProblem } from './cron.ts';
import { lookupSchema } from './lookup.ts';
import { streamSchema } from './stream.ts';

export const CURRENT_VERSION = 3;

export const settingsSchema = z
  .strictObject({
    timeZone: z
      .string()
      .min(1)
      .optional()
      .describe(
        'IANA time zone of the business (e.g. America/Chicago): the run date and source timestamps without a zone use it. Default UTC.',
      ),
    fiscalYearStartMonth: z
      .number()
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe('First month of the fiscal year (1 = January), used by FISCALPERIOD.'),
    batchSize: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .optional()
      .describe('Rows per batch written to the destination (default 10000).'),
    notes,
  })
  .describe('Settings for every stream of this pipeline.');

export const ALERT_STYLES = ['json', 'slack', 'teams'] as const;

export const alertsSchema = z
  .strictObject({
    secret: secretRef.describe(
      'Name of the secret holding the webhook address alerts are posted to (a Slack or Teams webhook address is a credential, so the file keeps only its name).',
    ),
    style: z
      .enum(ALERT_STYLES)
      .optional()
      .describe('Payload shape: json (default), slack ({"text"}) or teams (a MessageCard).'),
  })
  .describe(
    '`ml-connector serve` posts an alert here when a run of this pipeline fails or holds rows (instead of the service-wide webhook).',
  );

export const scheduleSchema = z
  .strictObject({
    cron: z
      .string()
      .superRefine((value, ctx) => {
        const problem = cronProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('When IT should run it headless: five-field cron, e.g. "0 2 * * *" for 02:00 every day.'),
    timeZone: z
      .string()
      .min(1)
      .optional()
      .describe('Time zone the cron times are in (default: the settings time zone).'),
    alerts: alertsSchema.optional(),
    notes,
  })
  .describe('Suggested schedule for headless runs.');

export const pipelineSchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe('Path or URL of the JSON Schema, so editors validate and explain this file.'),
    version: z.literal(CURRENT_VERSION).describe('Pipeline file format version. Older files are upgraded when opened.'),
    name: z.string().min(1).max(200).describe('A name people recognise, e.g. "GP ledger to Databricks".'),
    id: z
      .string()
      .regex(/^[^\s/\\\u0000-\u001f](?:[^/\\\u0000-\u001f]{0,198}[^\s/\\\u0000-\u001f])?$/, {
        message:
          'use a name such as "gl-to-warehouse": no slashes or control characters, no spaces at either end (at most 200 characters)',
      })
      .optional()
      .describe(
        "Identifies this pipeline's state: its runs, holds and watermarks in the state folder, and the checkpoints its destinations keep. " +
          'Default: the file name without .json. Export writes it, so the exported copy carries on where this one stopped.',
      ),
    notes,
    settings: settingsSchema.optional(),
    schedule: scheduleSchema.optional(),
    connections: z
      .record(identifier, connectionSchema)
      .describe('Systems this pipeline reads from and writes to, by name.'),
    lookups: z
      .record(identifier, lookupSchema)
      .optional()
      .describe('Lookup tables by name, used by LOOKUP(name, key).'),
    streams: z
      .record(identifier, streamSchema)
      .describe('Streams by name. Order of runs follows dependsOn; otherwise the order written here.'),
  })
  .describe('An ml-connector pipeline: connections, lookup tables and streams with their column mappings.');

export type Pipeline = z.infer<typeof pipelineSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;
