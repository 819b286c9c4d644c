/**
 * Driver errors in one shape. The driver's `StatusError` is not even an `Error` and carries no
 * SQLSTATE; the class and SQLSTATE are parsed from the rendered `[CLASS] … SQLSTATE: xxxxx` text
 * (databricks.md section 6). Transient: HTTP 429/502/503/504, network resets, a session the warehouse
 * lost while starting, and Delta write conflicts (2D521), which the docs say to simply re-run.
 */
import { MlcError } from '../../engine/model/errors.ts';
import type { ConnectionProblemCode } from '../kit/http/connection-problems.ts';

export type DatabricksErrorCode =
  | 'DATABRICKS_SQL_FAILED'
  | 'DATABRICKS_UNAVAILABLE'
  | 'DATABRICKS_AUTH_FAILED'
  | 'DATABRICKS_WRITE_CONFLICT'
  | 'DATABRICKS_INVALID_TARGET'
  | 'DATABRICKS_JOB_FAILED'
  | 'DATABRICKS_DESTRUCTIVE_CHANGE'
  // A statement that is not safe to repeat may have run before the warehouse's answer was lost (sql-client.ts).
  | 'DATABRICKS_OUTCOME_UNKNOWN'
  // An untrusted certificate or a proxy's refusal (driver-network.ts), in the kit's words.
  | ConnectionProblemCode;

/**
 * On the shared MlcError base, so the runner's retry-by-code sees `transient` (a write conflict or a
 * warehouse that is unavailable after this client's own attempts is retried as a whole batch).
 */
export class DatabricksDestinationError extends MlcError {
  override readonly name = 'DatabricksDestinationError';
  declare readonly code: DatabricksErrorCode;

  constructor(
    code: DatabricksErrorCode,
    message: string,
    readonly details: {
      readonly sqlState?: string;
      readonly errorClass?: string;
      readonly httpStatus?: number;
      readonly transient?: boolean;
    } = {},
  ) {
    super(code, message, { transient: details.transient === true });
  }
}

export interface Classified {
  readonly code: DatabricksErrorCode;
  readonly message: string;
  /** Databricks' own words for a refusal (the `X-Databricks-Reason-Phrase` header), e.g. "Invalid access token.". */
  readonly reason?: string;
  readonly sqlState?: string;
  readonly errorClass?: string;
  readonly httpStatus?: number;
  readonly transient: boolean;
  readonly reopenSession: boolean;
  /**
   * A warehouse that is starting (or restarting): waited for against a wall-clock budget, not a count of
   * attempts, because a classic warehouse takes minutes to start (estuary/connectors#1173).
   */
  readonly starting?: boolean;
  /**
   * The warehouse no longer holds the session (its idle timeout, a restart): `Invalid SessionHandle`
   * (databricks/databricks-sql-python#400, databricks/databricks-sql-go#77). Retried on a new session.
   */
  readonly sessionLost?: boolean;
  /** The connection dropped with no answer: a statement sent on it may have run. */
  readonly connectionLost?: boolean;
  readonly retryAfterMs?: number;
}

/**
 * What a stopped or starting SQL warehouse answers (lightdash/lightdash#28654, #27953): an OpenSession it
 * accepts and then statements it refuses on that session, `Couldn't create directory
 * /local_disk0/tmp/<id>/_resources` while its nodes boot, or 503s until the driver gives up.
 */
const WAREHOUSE_STARTING =
  /Couldn't create directory \S*_resources|has not been initialized or had already closed|Session handle .* not been initialized|is not ready to accept connections \(current state: STARTING\)|503 when connecting to resource/;

export function classify(error: unknown): Classified {
  // Raised by this connector (e.g. the token source, called by the driver): already classified.
  if (error instanceof DatabricksDestinationError) {
    const { sqlState, errorClass, httpStatus } = error.details;
    return {
      code: error.code,
      message: error.message,
      transient: error.transient,
      reopenSession: false,
      ...(sqlState === undefined ? {} : { sqlState }),
      ...(errorClass === undefined ? {} : { errorClass }),
      ...(httpStatus === undefined ? {} : { httpStatus }),
    };
  }
  const e = (error ?? {}) as {
    message?: unknown;
    statusCode?: unknown;
    response?: { sqlState?: unknown; headers?: { get?(name: string): string | null } };
  };
  // A refusal over HTTP (a 400 for a statement with too many parameters, say) reaches the driver as "bad
  // HTTP status code: 400"; the warehouse's own words travel in this header, and they are what to show.
  const serverWords = e.response?.headers?.get?.('x-thriftserver-error-message') ?? undefined;
  const driverMessage = typeof e.message === 'string' ? e.message : String(error);
  const message = serverWords ? serverWords : driverMessage;
  const sqlState =
    typeof e.response?.sqlState === 'string' ? e.response.sqlState : /SQLSTATE: (\w{5})\s*$/.exec(message)?.[1];
  const errorClass = /^\[([A-Z0-9_.]+)\]/.exec(message)?.[1];
  const httpStatus =
    typeof e.statusCode === 'number'
      ? e.statusCode
      : Number(/bad HTTP status code: (\d{3})/.exec(driverMessage)?.[1] ?? NaN) || undefined;
  const base = {
    message,
    ...(sqlState === undefined ? {} : { sqlState }),
    ...(errorClass === undefined ? {} : { errorClass }),
    ...(httpStatus === undefined ? {} : { httpStatus }),
  };
  if (httpStatus === 401 || httpStatus === 403) {
    // Not transient: a refused token stays refused. The caller renews an OAuth token once; a personal access token has no renewal.
    const reason = e.response?.headers?.get?.('x-databricks-reason-phrase') ?? undefined;
    return {
      ...base,
      code: 'DATABRICKS_AUTH_FAILED',
      transient: false,
      reopenSession: true,
      ...(reason ? { reason } : {}),
    };
  }
  if (httpStatus === 429 || httpStatus === 502 || httpStatus === 503 || httpStatus === 504) {
    const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
    // 429 is throttling, counted in attempts; 502/503/504 is a warehouse starting or restarting.
    const starting = httpStatus !== 429;
    return {
      ...base,
      code: 'DATABRICKS_UNAVAILABLE',
      transient: true,
      reopenSession: starting,
      starting,
      ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  }
  if (sqlState === '2D521')
    return { ...base, code: 'DATABRICKS_WRITE_CONFLICT', transient: true, reopenSession: false };
  if (WAREHOUSE_STARTING.test(message))
    return { ...base, code: 'DATABRICKS_UNAVAILABLE', transient: true, reopenSession: true, starting: true };
  if (/Invalid SessionHandle|Invalid OperationHandle/.test(message))
    return { ...base, code: 'DATABRICKS_UNAVAILABLE', transient: true, reopenSession: true, sessionLost: true };
  if (/ECONNRESET|socket hang up|premature close/i.test(message))
    return { ...base, code: 'DATABRICKS_UNAVAILABLE', transient: true, reopenSession: true, connectionLost: true };
  if (/ECONNREFUSED|Max retry count exceeded|Retry timeout exceeded/.test(message)) {
    return { ...base, code: 'DATABRICKS_UNAVAILABLE', transient: true, reopenSession: true };
  }
  return { ...base, code: 'DATABRICKS_SQL_FAILED', transient: false, reopenSession: false };
}

/** What was refused: a DatabricksAuth (auth.ts), without the values. */
export type RefusedCredential =
  | { readonly kind: 'pat'; readonly secretName?: string }
  | { readonly kind: 'oauth-m2m'; readonly clientId: string; readonly secretName?: string };

/**
 * The warehouse refused the token: said in an analyst's words, naming the secret to check, never the
 * driver's text ("Received a response with a bad HTTP status code: 403") or the token itself.
 */
export function refusedToken(
  auth: RefusedCredential,
  refusal: Pick<Classified, 'httpStatus' | 'reason'>,
): DatabricksDestinationError {
  const answer = `HTTP ${refusal.httpStatus ?? 'refusal'}${refusal.reason === undefined ? '' : `: ${refusal.reason}`}`;
  const stored = auth.secretName === undefined ? '' : ` stored as "${auth.secretName}"`;
  const message =
    auth.kind === 'pat'
      ? `Databricks refused the personal access token${stored} (${answer}). Check that secret: the token may be mistyped, expired or revoked; store a current one under that name.`
      : `Databricks refused the OAuth token of service principal "${auth.clientId}" (${answer}). Check that the service principal may use this SQL warehouse, and the client secret${stored}.`;
  return new DatabricksDestinationError('DATABRICKS_AUTH_FAILED', message, {
    ...(refusal.httpStatus === undefined ? {} : { httpStatus: refusal.httpStatus }),
    transient: false,
  });
}
