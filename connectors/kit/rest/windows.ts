/**
 * Incremental reads built from the engine's cursor contract (`read-request.ts` CursorWindow: a closed
 * start, the runner's lookback already applied, an open end) in each protocol's words, and date-range
 * windows for systems that must be polled in bounded slices.
 */
import type { ReadRequest } from '../../../engine/model/io.ts';
import { PlainDate, Timestamp, type Value } from '../../../engine/model/values/index.ts';
import { odataLiteral, type ODataVersion } from '../odata/literals.ts';
import type { Query } from './paginators.ts';
import { type CursorWindow, SourceRequestError } from './read-request.ts';

/**
 * An OData `$filter` for the window: `field ge <start> and field lt <end>`. `type` is the property's:
 * Edm.DateTimeOffset compares instants (sent in UTC); Edm.DateTime has no zone, so the bound is written
 * in the connection's `zone`, the zone the system stores it in.
 */
export function odataCursorFilter(
  field: string,
  window: CursorWindow,
  version: ODataVersion,
  type: 'datetimeoffset' | 'datetime',
  zone = 'UTC',
): string | undefined {
  const clauses = odataCursorClauses(field, window, version, type, zone);
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}

/** The window's bounds as separate `$filter` clauses, for a source that ands them with its own. */
export function odataCursorClauses(
  field: string,
  window: CursorWindow,
  version: ODataVersion,
  type: 'datetimeoffset' | 'datetime',
  zone = 'UTC',
): string[] {
  const literal = (stamp: Timestamp): string =>
    type === 'datetimeoffset'
      ? odataLiteral({ type, value: stamp.inZone('UTC').toString() }, version)
      : odataLiteral(
          {
            type,
            value: stamp
              .inZone(zone)
              .toString()
              .replace(/(Z|[+-]\d\d:\d\d)$/, ''),
          },
          version,
        );
  return [
    ...(window.from === undefined ? [] : [`${field} ge ${literal(window.from)}`]),
    ...(window.end === undefined ? [] : [`${field} lt ${literal(window.end)}`]),
  ];
}

/**
 * Query parameters for an API that takes its bounds as parameters (`?since=…&until=…`). `format` writes
 * an instant as the API wants it (ISO 8601 in UTC by default). An API whose start is exclusive, or whose
 * clock has whole seconds only, is given `startEarlierMs` so the closed start is kept; the source drops
 * what lies before the window itself (`inWindow`).
 */
export function queryCursorParams(
  window: CursorWindow,
  options: {
    readonly startParam: string;
    readonly endParam?: string;
    readonly format?: (stamp: Timestamp) => string;
    readonly startEarlierMs?: number;
  },
): Query {
  const format = options.format ?? ((stamp: Timestamp) => stamp.inZone('UTC').toString());
  const start =
    window.from === undefined
      ? undefined
      : Timestamp.fromEpochMillis(window.from.toEpochMillis() - (options.startEarlierMs ?? 0));
  return {
    ...(start === undefined ? {} : { [options.startParam]: format(start) }),
    ...(window.end === undefined || options.endParam === undefined ? {} : { [options.endParam]: format(window.end) }),
  };
}

/** [start, end) slices of at most `sizeMs` covering [from, to): one request each for APIs that refuse wide ranges. */
export function dateWindows(from: Timestamp, to: Timestamp, sizeMs: number): CursorWindow[] {
  if (!(sizeMs > 0)) throw new RangeError('a window size must be positive');
  const windows: CursorWindow[] = [];
  for (let at = from.toEpochMillis(); at < to.toEpochMillis(); at += sizeMs) {
    windows.push({
      from: Timestamp.fromEpochMillis(at),
      end: Timestamp.fromEpochMillis(Math.min(at + sizeMs, to.toEpochMillis())),
    });
  }
  return windows;
}

/** A run's bounds as days (the watermark and the end), for a cursor that is a date. */
export interface DayWindow {
  readonly from: PlainDate | undefined;
  readonly end: PlainDate | undefined;
}

/**
 * The request's bounds as days: a business date has no time, so a timestamp bound is read as its date;
 * anything else is refused in words naming the cursor.
 */
export function dayWindow(cursor: string, request: Pick<ReadRequest, 'from' | 'end'>): DayWindow {
  const asDay = (value: Value | undefined, what: string): PlainDate | undefined => {
    if (value === undefined || value === null) return undefined;
    if (value instanceof PlainDate) return value;
    if (value instanceof Timestamp) return value.toDate();
    if (typeof value === 'string') {
      const parsed = PlainDate.tryParse(value.slice(0, 10));
      if (parsed !== undefined) return parsed;
    }
    throw new SourceRequestError('UNSUPPORTED_CURSOR', `a ${cursor} ${what} must be a date, not ${String(value)}`);
  };
  return { from: asDay(request.from?.cursor, 'watermark'), end: asDay(request.end, 'end') };
}
