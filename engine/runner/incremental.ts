/**
 * Incremental reads: the semantics IT relies on to never lose or duplicate a ledger line.
 *
 * State per stream is a watermark `{ cursor, keysAtCursor }`: the highest cursor value committed,
 * and the fingerprints (natural key + a hash of the record's content) of the records committed *at*
 * that value. The content hash matters: a record changed twice within one tick of the source's clock
 * keeps its modified time, and must still be written again.
 *
 * - Closed start. A run asks the source for records with `cursor >= watermark` (not `>`), because
 *   several records can share one timestamp and some of them may have arrived after the last run
 *   read that timestamp. Records at exactly the watermark whose fingerprint is in `keysAtCursor` were
 *   already written and are skipped; any other record at the watermark is new (or changed) and is written.
 * - Lookback. With `lookback` (e.g. PT1H) the read starts that much *before* the watermark, to catch
 *   rows that were committed late in the source with an older modified time. Re-read rows are sent to
 *   the destination again (the boundary key filter is not applied because the window is re-read on
 *   purpose): merge writes a row twice harmlessly, and append skips row versions it already holds.
 * - Row versions. An append (or replace) target never holds one version of a record twice: every row
 *   carries `rowVersion` (a hash of the record's key, cursor value and content, worked out here and
 *   nowhere else), and the destination inserts only versions it does not hold yet, in the batch's own
 *   transaction. That is what makes a re-read harmless wherever it comes from: a lookback window, the
 *   closed start, a crash, or a state folder that was lost (the warehouse knows what it holds).
 * - State in the destination. A destination that can (`Destination.recordsState`) keeps each stream's
 *   committed watermark beside the rows, written with the batch that advanced it. When the run store
 *   has no state for a stream (a new or lost state folder), the run resumes from the destination's.
 * - End value. With `end`, only records with `cursor < end` are read (backfills), and the watermark
 *   never moves past what was read.
 * - Records that change while a run is under way get a newer cursor: if the run saw the old version,
 *   the next run reads the new one (its cursor is >= the watermark); if it saw the new one, the state
 *   records that cursor. Either way the destination ends with the newest version.
 * - Advancing. The watermark advances only in the same store transaction that marks a batch committed,
 *   after the destination has committed it. For a source that returns records in cursor order it
 *   advances batch by batch; otherwise only with the last batch of a read (the max cursor of a read is
 *   known only when the read is done).
 * - Unordered sources and changes during a read. A source that cannot return records in cursor order
 *   (offset paging over a changing table) may have passed a record's position before the record was
 *   changed, while returning other records changed later; the max cursor it saw can then be above the
 *   missed change. A lookback window at least as long as a run re-reads such changes (merge mode). A
 *   connector that can order by its modified field says so (`orderedByCursor`) and needs no lookback.
 * - Resuming after a crash. Batches committed by an interrupted run, since the watermark it started
 *   from, are known to the run store. A rerun from the same watermark skips records whose (key,
 *   cursor) those batches already carried, so an append target gets no line twice, and re-sends any
 *   batch recorded but not marked committed under its original batch id (the destination skips a
 *   batch id it already has).
 */
import { hash } from 'node:crypto';
import { compareValues, Decimal, PlainDate, Timestamp, toJsonValue, type Value } from '../model/values/index.ts';
import type { DataRow } from '../model/io.ts';

export interface Watermark {
  readonly cursor: Value;
  readonly keysAtCursor: readonly string[];
}

/** A record's identity across runs: its natural key values, joined unambiguously. */
export function recordKey(record: DataRow, keyFields: readonly string[]): string {
  if (keyFields.length === 1) return keyText(record[keyFields[0]!] ?? null);
  return JSON.stringify(keyFields.map((field) => keyText(record[field] ?? null)));
}

function keyText(value: Value): string {
  if (value === null) return '\u0000null';
  if (typeof value === 'string') return value;
  if (value instanceof Decimal || value instanceof PlainDate || value instanceof Timestamp) return value.toString();
  return JSON.stringify(toJsonValue(value));
}

/**
 * A record's identity *and* content: key plus a 53-bit hash of every field, so an unchanged
 * record is recognised and a changed one is not, even when its modified time did not move.
 */
export function recordFingerprint(record: DataRow, keyFields: readonly string[]): string {
  let text = '';
  for (const field of Object.keys(record).sort()) text += `${field}=${keyText(record[field] ?? null)}\u0001`;
  return `${recordKey(record, keyFields)}#${cyrb53(text).toString(16)}`;
}

/**
 * One version of a record: 128 bits of SHA-256 over its key, then every field (name and typed value,
 * so no two different records give the same text), including the cursor. Equal for the same version
 * read twice, different when anything in it changed, even within one tick of the source's clock.
 * A collision would silently skip a row, hence a cryptographic hash rather than cyrb53 (see the bench).
 */
export function rowVersion(record: DataRow, keyFields: readonly string[], fieldOrder?: readonly string[]): string {
  const fields = fieldOrder ?? Object.keys(record).sort();
  let text = recordKey(record, keyFields);
  for (const field of fields) text += `\u0001${field}=${versionText(record[field] ?? null)}`;
  return hash('sha256', text, 'base64url').slice(0, 22);
}

/** The versions of a batch's records: the field order is worked out once per shape of record, not per record. */
export function rowVersions(records: readonly DataRow[], keyFields: readonly string[]): string[] {
  let shape: string[] = [];
  let order: string[] = [];
  return records.map((record) => {
    const names = Object.keys(record);
    if (names.length !== shape.length || names.some((name, i) => name !== shape[i])) {
      shape = names;
      order = [...names].sort();
    }
    return rowVersion(record, keyFields, order);
  });
}

/** A value with its kind, so "1" (text) and 1 (number), or null and the text "null", never read the same. */
function versionText(value: Value): string {
  if (value === null) return 'n';
  if (typeof value === 'string') return `s${value.length}:${value}`;
  if (typeof value === 'number') return `i${value}`;
  if (typeof value === 'boolean') return value ? 'b1' : 'b0';
  if (value instanceof Decimal) return `d${value.toString()}`;
  if (value instanceof PlainDate) return `D${value.toString()}`;
  if (value instanceof Timestamp) return `T${value.toString()}`;
  const json = JSON.stringify(toJsonValue(value));
  return `j${json.length}:${json}`;
}

/** cyrb53: a fast, well-mixed 53-bit string hash on 32-bit integer arithmetic (no BigInt in the hot path). */
function cyrb53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ char, 2654435761);
    h2 = Math.imul(h2 ^ char, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Parses an ISO 8601 duration (PT15M, P1D...) into milliseconds. */
export function durationMillis(duration: string): number {
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!match) throw new Error(`"${duration}" is not an ISO 8601 duration such as PT1H`);
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000;
}

/** Where a read starts: the watermark, or the watermark less the lookback window. */
export function readStart(watermark: Watermark | undefined, lookback: string | undefined): Value | undefined {
  if (!watermark) return undefined;
  if (!lookback) return watermark.cursor;
  const millis = durationMillis(lookback);
  const cursor = watermark.cursor;
  if (cursor instanceof Timestamp)
    return Timestamp.fromEpochMillis(cursor.toEpochMillis() - millis, cursor.offsetMinutes);
  if (cursor instanceof PlainDate) return cursor.addDays(-Math.ceil(millis / 86_400_000));
  if (typeof cursor === 'number') return cursor - Math.ceil(millis / 1000);
  throw new Error('a lookback window needs a date, timestamp or number cursor');
}

/**
 * Decides per record whether a read should pass it on, and tracks the highest cursor seen with the
 * keys at it, which becomes the next watermark once everything read is committed.
 */
export class BoundaryTracker {
  private maxCursor: Value | undefined;
  /** Fingerprints already known at the running maximum (from the start watermark, or worked out). */
  private keysAtMax = new Set<string>();
  /** Records at the running maximum whose fingerprints are not worked out yet: only the final maximum's matter. */
  private recordsAtMax: DataRow[] = [];
  private readonly skipAtStart: ReadonlySet<string>;

  constructor(
    private readonly keyFields: readonly string[],
    private readonly cursorField: string | undefined,
    private readonly start: Watermark | undefined,
    useBoundaryKeys: boolean,
    /** (key, cursor) pairs already committed by an interrupted run from the same watermark. */
    private readonly alreadyCommitted: ReadonlySet<string> = new Set(),
  ) {
    this.skipAtStart = useBoundaryKeys && start ? new Set(start.keysAtCursor) : new Set();
    if (start) {
      this.maxCursor = start.cursor;
      for (const key of start.keysAtCursor) this.keysAtMax.add(key);
    }
  }

  /**
   * True when the record must be processed; false when it was already written. The fingerprint is
   * worked out only where it decides something (at the start boundary, at the running maximum, or
   * against an interrupted run's records), which keeps the common record cheap.
   */
  accept(record: DataRow): boolean {
    if (!this.cursorField) return true;
    const cursor = record[this.cursorField] ?? null;
    if (
      this.alreadyCommitted.size > 0 &&
      this.alreadyCommitted.has(resumeKey(recordFingerprint(record, this.keyFields), cursor))
    ) {
      this.observe(record, cursor);
      return false;
    }
    if (
      this.start &&
      this.skipAtStart.size > 0 &&
      compareValues(cursor, this.start.cursor) === 0 &&
      this.skipAtStart.has(recordFingerprint(record, this.keyFields))
    ) {
      return false;
    }
    this.observe(record, cursor);
    return true;
  }

  private observe(record: DataRow, cursor: Value): void {
    if (cursor === null) return;
    const order = this.maxCursor === undefined ? 1 : compareValues(cursor, this.maxCursor);
    if (order > 0) {
      this.maxCursor = cursor;
      this.keysAtMax = new Set();
      this.recordsAtMax = [record];
    } else if (order === 0) {
      this.recordsAtMax.push(record);
    }
  }

  /** The watermark to commit once everything accepted so far is in the destination. */
  watermark(): Watermark | undefined {
    if (this.maxCursor === undefined) return undefined;
    for (const record of this.recordsAtMax) this.keysAtMax.add(recordFingerprint(record, this.keyFields));
    this.recordsAtMax = [];
    return { cursor: this.maxCursor, keysAtCursor: [...this.keysAtMax] };
  }
}

/** The identity of one version of a record: fingerprint plus cursor value. */
export function resumeKey(fingerprint: string, cursor: Value): string {
  return `${fingerprint}\u0001${cursor === null ? '' : String(cursor)}`;
}
