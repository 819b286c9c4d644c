import { PlainDate, dateProblem, epochDayFromCivil } from './date.ts';
import { ValueFormatError, quoteInput } from './errors.ts';
import { MAX_OFFSET_MINUTES, formatOffset, offsetAtInstant, offsetForLocal, parseOffset, resolveZone } from './zone.ts';

const MICROS_PER_MINUTE = 60_000_000n;
const MICROS_PER_DAY = 86_400_000_000n;
const MIN_LOCAL_MICROS = BigInt(epochDayFromCivil(1, 1, 1)) * MICROS_PER_DAY;
const MAX_LOCAL_MICROS = BigInt(epochDayFromCivil(9999, 12, 31) + 1) * MICROS_PER_DAY - 1n;

// Date, 'T' (or a space, as SQL exports write it), hh:mm[:ss[.fraction]], then an optional offset.
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/**
 * An instant, to the microsecond, that carries the UTC offset it was written in. Two timestamps are
 * equal when they are the same instant, whatever their offsets; the offset decides how the instant is
 * written and which local date it falls on.
 */
export class Timestamp {
  private constructor(
    readonly epochMicros: bigint,
    readonly offsetMinutes: number,
  ) {}

  /** Throws ValueFormatError 'OUT_OF_RANGE' for offsets beyond ±18:00 or local years outside 1-9999. */
  static of(epochMicros: bigint, offsetMinutes = 0): Timestamp {
    if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) {
      throw new ValueFormatError(
        'OUT_OF_RANGE',
        `UTC offset of ${offsetMinutes} minutes does not exist (the limit is ±18:00)`,
      );
    }
    const local = epochMicros + BigInt(offsetMinutes) * MICROS_PER_MINUTE;
    if (local < MIN_LOCAL_MICROS || local > MAX_LOCAL_MICROS) {
      throw new ValueFormatError('OUT_OF_RANGE', 'timestamp is outside the years 1 to 9999');
    }
    return new Timestamp(epochMicros, offsetMinutes);
  }

  static fromEpochMillis(ms: number, offsetMinutes = 0): Timestamp {
    if (!Number.isSafeInteger(ms))
      throw new ValueFormatError('OUT_OF_RANGE', `${ms} is not a whole number of milliseconds`);
    return Timestamp.of(BigInt(ms) * 1000n, offsetMinutes);
  }

  /**
   * The instant at a wall-clock time in a zone (IANA name or fixed offset). Across daylight saving
   * changes a repeated hour takes its first occurrence and a skipped hour moves forward (02:30 -> 03:30).
   */
  static fromLocal(date: PlainDate, microsOfDay: bigint, zoneOrOffset: string): Timestamp {
    const localMicros = BigInt(date.toEpochDay()) * MICROS_PER_DAY + microsOfDay;
    const zone = resolveZone(zoneOrOffset);
    const epochMicros = localMicros - BigInt(offsetForLocal(zone, Number(localMicros / 1000n))) * MICROS_PER_MINUTE;
    // In a skipped hour the instant is written with the offset in force at it (03:30-05:00, not 02:30-06:00).
    return Timestamp.of(epochMicros, offsetAtInstant(zone, Number(epochMicros / 1000n)));
  }

  /**
   * ISO 8601: 2024-03-01T09:30:00Z, 2024-03-01T09:30:00.123456-06:00, 2024-03-01 09:30 (seconds and
   * fraction optional). Digits finer than a microsecond are accepted only when they are zeros, so nothing
   * is silently cut. Text without an offset is refused unless `defaultZone` says where it was written.
   */
  static parse(text: string, defaultZone?: string): Timestamp {
    const match = ISO_TIMESTAMP.exec(text);
    if (match === null) throw invalid(text, 'expected ISO 8601 like 2024-03-01T09:30:00Z');
    const [year, month, day, hour, minute] = [match[1], match[2], match[3], match[4], match[5]].map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const second = match[6] === undefined ? 0 : Number(match[6]);
    const problem = dateProblem(year, month, day);
    if (problem !== undefined) throw invalid(text, problem);
    if (hour > 23 || minute > 59 || second > 59) throw invalid(text, 'the time of day does not exist');
    const fraction = (match[7] ?? '').padEnd(9, '0');
    if (!fraction.endsWith('000')) throw invalid(text, 'it is more precise than a microsecond');
    const microsOfDay = BigInt(hour * 3_600 + minute * 60 + second) * 1_000_000n + BigInt(fraction.slice(0, 6));
    const date = PlainDate.of(year, month, day);
    const written = match[8];
    if (written !== undefined) {
      const offset = parseOffset(written);
      if (offset === undefined) throw invalid(text, `the offset ${written} does not exist`);
      const local = BigInt(date.toEpochDay()) * MICROS_PER_DAY + microsOfDay;
      return Timestamp.of(local - BigInt(offset) * MICROS_PER_MINUTE, offset);
    }
    if (defaultZone === undefined) {
      throw new ValueFormatError(
        'MISSING_OFFSET',
        `${quoteInput(text)} has no time zone: add Z or an offset like -06:00, or set the zone the source writes in`,
      );
    }
    return Timestamp.fromLocal(date, microsOfDay, defaultZone);
  }

  static tryParse(text: string, defaultZone?: string): Timestamp | undefined {
    try {
      return Timestamp.parse(text, defaultZone);
    } catch (error) {
      if (error instanceof ValueFormatError) return undefined;
      throw error;
    }
  }

  /** The date on the local calendar of this timestamp's own offset. */
  toDate(): PlainDate {
    return PlainDate.fromEpochDay(Number(floorDiv(this.localMicros(), MICROS_PER_DAY)));
  }

  /** Microseconds since local midnight. */
  microsOfDay(): bigint {
    const local = this.localMicros();
    return local - floorDiv(local, MICROS_PER_DAY) * MICROS_PER_DAY;
  }

  /** The same instant written in another zone's offset (the offset in force there at this instant). */
  inZone(zoneOrOffset: string): Timestamp {
    const offset = offsetAtInstant(resolveZone(zoneOrOffset), this.toEpochMillis());
    return offset === this.offsetMinutes ? this : Timestamp.of(this.epochMicros, offset);
  }

  compare(other: Timestamp): -1 | 0 | 1 {
    return this.epochMicros < other.epochMicros ? -1 : this.epochMicros > other.epochMicros ? 1 : 0;
  }

  /** Same instant, whatever the offsets. */
  equals(other: Timestamp): boolean {
    return this.epochMicros === other.epochMicros;
  }

  /** Milliseconds since 1970-01-01T00:00Z, rounded down (towards the past). */
  toEpochMillis(): number {
    return Number(floorDiv(this.epochMicros, 1000n));
  }

  /** ISO 8601 in its own offset; a fraction only when non-zero (3 digits, or 6 when micros matter). */
  toString(): string {
    const micros = Number(this.microsOfDay());
    const totalSeconds = Math.floor(micros / 1_000_000);
    const fractionMicros = micros - totalSeconds * 1_000_000;
    const hh = two(Math.floor(totalSeconds / 3600));
    const mm = two(Math.floor(totalSeconds / 60) % 60);
    const ss = two(totalSeconds % 60);
    let fraction = '';
    if (fractionMicros !== 0) {
      const six = String(fractionMicros).padStart(6, '0');
      fraction = `.${six.endsWith('000') ? six.slice(0, 3) : six}`;
    }
    return `${this.toDate().toString()}T${hh}:${mm}:${ss}${fraction}${formatOffset(this.offsetMinutes)}`;
  }

  toJSON(): string {
    return this.toString();
  }

  private localMicros(): bigint {
    return this.epochMicros + BigInt(this.offsetMinutes) * MICROS_PER_MINUTE;
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function invalid(text: string, why: string): ValueFormatError {
  return new ValueFormatError('INVALID_TIMESTAMP', `${quoteInput(text)} is not a valid timestamp: ${why}`);
}
