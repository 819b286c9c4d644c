/**
 * One base error with a stable code. Retry decisions are made by code (and the `transient` flag set
 * where the error is raised), never by reading messages. Messages are plain words and carry no secret.
 */
export class MlcError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: {
      readonly transient?: boolean;
      readonly cause?: unknown;
      readonly retryAfterMs?: number;
      readonly help?: string;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MlcError';
  }

  get transient(): boolean {
    return this.options.transient === true;
  }
}

/** Codes of faults that go away when retried: throttling, a server restarting, a dropped connection. */
export const TRANSIENT_CODES = new Set([
  'HTTP_429',
  'HTTP_502',
  'HTTP_503',
  'HTTP_504',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TOKEN_EXPIRED',
  'WAREHOUSE_STARTING',
  'WRITE_CONFLICT',
  'SQLITE_BUSY',
]);

export function isTransient(error: unknown): boolean {
  if (error instanceof MlcError) return error.transient || TRANSIENT_CODES.has(error.code);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TRANSIENT_CODES.has(code);
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNEXPECTED';
}
