/**
 * One operation as the simulator reads it and the answer it gives, in Dataverse's error shape
 * (`{"error":{"code":"0x…","message":"…"}}`), shared by the single-request and the `$batch` routes.
 */
import type { DataverseStore } from './store.ts';

export interface Operation {
  readonly method: string;
  /** Path after the API root, percent-decoded once, e.g. `accounts(accountnumber='V1')`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface Outcome {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export function dataverseError(status: number, code: string, message: string): Outcome {
  return { status, headers: {}, body: { error: { code, message } } };
}

export interface OperationContext {
  readonly store: DataverseStore;
  /** Absolute API root, ending in `/` (for OData-EntityId). */
  readonly root: string;
  /** Content-ID -> entity URL, inside one change set. */
  readonly contentIds?: Map<string, string>;
  /** The caller's user id (WhoAmI). */
  readonly userId?: string;
}
