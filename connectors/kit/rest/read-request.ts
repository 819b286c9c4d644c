/**
 * The checks every REST source makes of the engine's read request before its first call: the entity is
 * one of its streams, the cursor is the one it reads by, no filters it cannot send, and the watermark
 * (`from`, closed) and `end` (exclusive) are instants. Refusals carry stable codes on the shared base.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import type { EntitySchema, ReadRequest } from '../../../engine/model/io.ts';
import { Timestamp, type Value, compareValues } from '../../../engine/model/values/index.ts';

export type SourceRequestErrorCode = 'UNKNOWN_ENTITY' | 'UNSUPPORTED_CURSOR' | 'UNSUPPORTED_FILTER';

export class SourceRequestError extends MlcError {
  override readonly name = 'SourceRequestError';
  declare readonly code: SourceRequestErrorCode;

  constructor(code: SourceRequestErrorCode, message: string) {
    // A request the source cannot serve is refused the same way every time: never transient.
    super(code, message);
  }
}

/** `system` is the name users know (e.g. "Dynamics GP"); `streams` what the source offers. */
export function streamFor<S extends { readonly schema: EntitySchema }>(
  system: string,
  streams: readonly S[],
  entity: string,
): S {
  const stream = streams.find((candidate) => candidate.schema.entity === entity);
  if (stream === undefined)
    throw new SourceRequestError(
      'UNKNOWN_ENTITY',
      `${system} has no entity "${entity}"; choose one of ${streams.map((s) => s.schema.entity).join(', ')}`,
    );
  return stream;
}

export function checkCursorField(system: string, request: ReadRequest, cursorField: string): void {
  if (request.cursorField !== undefined && request.cursorField !== cursorField) {
    throw new SourceRequestError(
      'UNSUPPORTED_CURSOR',
      `${system} reads incrementally by ${cursorField} only, not by ${request.cursorField}`,
    );
  }
}

export function checkNoFilters(system: string, request: ReadRequest): void {
  if (Object.keys(request.filters ?? {}).length > 0)
    throw new SourceRequestError('UNSUPPORTED_FILTER', `${system} streams take no filters`);
}

/** A watermark or end as an instant; text without a zone is read in `zone` (the connection's, UTC by default). */
export function cursorInstant(cursorField: string, value: Value, zone = 'UTC'): Timestamp {
  if (value instanceof Timestamp) return value;
  if (typeof value === 'string') {
    const parsed = Timestamp.tryParse(value, zone);
    if (parsed !== undefined) return parsed;
  }
  throw new SourceRequestError(
    'UNSUPPORTED_CURSOR',
    `a ${cursorField} watermark must be a date and time, not ${String(value)}`,
  );
}

/** The read's bounds as instants: `from` is closed (the runner has applied any lookback), `end` open. */
export interface CursorWindow {
  readonly from: Timestamp | undefined;
  readonly end: Timestamp | undefined;
}

export function cursorWindow(cursorField: string, request: ReadRequest, zone = 'UTC'): CursorWindow {
  return {
    from: request.from === undefined ? undefined : cursorInstant(cursorField, request.from.cursor, zone),
    end: request.end === undefined ? undefined : cursorInstant(cursorField, request.end, zone),
  };
}

/** Whether a record's cursor value lies in the window (a missing stamp sorts first, as values do). */
export function inWindow(window: CursorWindow, stamp: Value): boolean {
  return (
    (window.from === undefined || compareValues(stamp, window.from) >= 0) &&
    (window.end === undefined || compareValues(stamp, window.end) < 0)
  );
}
