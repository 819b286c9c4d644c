/**
 * The service's log: one JSON object per line (pino), one line per event of a run, a stream, a batch or
 * a hold, plus the service's own (started, reloaded, refused, stopping). Each line is scrubbed of every
 * secret value this process knows just before it is written, so no field can leak one.
 */
import { pino, type Logger } from 'pino';

export type ServeEventName =
  | 'serve-started'
  | 'serve-stopping'
  | 'serve-stopped'
  | 'pipeline-loaded'
  | 'pipeline-reloaded'
  | 'pipeline-refused'
  | 'pipeline-removed'
  | 'pipeline-unscheduled'
  | 'missed-run'
  | 'run-skipped'
  | 'run-started'
  | 'run-finished'
  | 'run-error'
  | 'stream-started'
  | 'stream-finished'
  | 'batch-committed'
  | 'rows-held'
  | 'control-totals-differ'
  | 'control-totals-check'
  | 'status-read'
  | 'retry'
  | 'alert-sent'
  | 'alert-failed'
  | 'retention'
  | 'status-listening';

export interface ServeLog {
  info(event: ServeEventName, fields?: Record<string, unknown>): void;
  warn(event: ServeEventName, fields?: Record<string, unknown>): void;
  error(event: ServeEventName, fields?: Record<string, unknown>): void;
}

export interface ServeLogOptions {
  /** Where each finished line goes (stdout in the service). */
  readonly write: (line: string) => void;
  readonly scrub: (text: string) => string;
  /** The clock the `time` field reads: the service's, so a test's fake clock shows in its log. */
  readonly now: () => number;
}

export function createServeLog(options: ServeLogOptions): ServeLog {
  const logger: Logger = pino(
    {
      base: undefined,
      messageKey: 'event',
      timestamp: () => `,"time":"${new Date(options.now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    { write: (line: string) => options.write(options.scrub(line)) },
  );
  return {
    info: (event, fields = {}) => logger.info(fields, event),
    warn: (event, fields = {}) => logger.warn(fields, event),
    error: (event, fields = {}) => logger.error(fields, event),
  };
}
