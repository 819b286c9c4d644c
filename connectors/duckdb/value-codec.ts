/**
 * Engine values <-> DuckDB values, exactly: a Decimal goes in as its bigint coefficient at the
 * column's scale (never through a JS float), a PlainDate as its epoch day, a Timestamp as its UTC
 * microseconds. A value that does not fit its column comes back as a Rejection naming the column and
 * the reason, so the row is held for review instead of being rounded, cut or dropped.
 */
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { TargetColumn } from '../../engine/model/io.ts';
import {
  Decimal,
  PlainDate,
  Timestamp,
  pow10,
  quoteInput,
  valueKind,
  type Value,
} from '../../engine/model/values/index.ts';
import { describeType } from './column-types.ts';

export type RejectionCode =
  | 'missing-required-value'
  | 'wrong-type'
  | 'decimal-too-large'
  | 'decimal-too-precise'
  | 'integer-out-of-range'
  | 'malformed-text';

export class Rejection {
  constructor(
    readonly code: RejectionCode,
    readonly message: string,
  ) {}
}

export type ColumnEncoder = (value: Value) => DuckDBValue | Rejection;

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** Converts one column's values; null passes through unless the column is required. */
export function columnEncoder(column: TargetColumn, required: boolean): ColumnEncoder {
  const encode = encoderForType(column);
  return (value) => {
    if (value === null || value === undefined) {
      return required ? new Rejection('missing-required-value', `${column.name}: a value is required`) : null;
    }
    return encode(value);
  };
}

function encoderForType(column: TargetColumn): (value: Value) => DuckDBValue | Rejection {
  const { name, type } = column;
  const wrongType = (value: Value): Rejection =>
    new Rejection('wrong-type', `${name}: expected ${describeType(type)}, got ${valueKind(value)} ${describe(value)}`);
  switch (type.kind) {
    case 'string':
      return (value) => {
        if (typeof value !== 'string') return wrongType(value);
        // DuckDB stores UTF-8; a lone UTF-16 surrogate would silently become U+FFFD on the way in.
        if (!isWellFormed(value))
          return new Rejection(
            'malformed-text',
            `${name}: the text contains a broken character (a lone UTF-16 surrogate)`,
          );
        return value;
      };
    case 'integer':
      return (value) => {
        if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : wrongType(value);
        if (value instanceof Decimal && value.isInteger()) {
          const whole = value.toBigInt();
          if (whole > INT64_MAX || whole < INT64_MIN) {
            return new Rejection(
              'integer-out-of-range',
              `${name}: ${value.toString()} is outside the range of a 64-bit integer`,
            );
          }
          return whole;
        }
        return wrongType(value);
      };
    case 'decimal': {
      const { precision, scale } = type;
      const bound = pow10(precision);
      const tooLarge = (value: Value): Rejection =>
        new Rejection(
          'decimal-too-large',
          `${name}: ${describe(value)} does not fit ${describeType(type)} (at most ${precision - scale} digits before the decimal point)`,
        );
      return (value) => {
        let coefficient: bigint;
        if (value instanceof Decimal) {
          if (value.scale === scale) coefficient = value.coefficient;
          else if (value.scale < scale) coefficient = value.coefficient * pow10(scale - value.scale);
          else {
            const divisor = pow10(value.scale - scale);
            if (value.coefficient % divisor !== 0n) {
              return new Rejection(
                'decimal-too-precise',
                `${name}: ${value.toString()} has more than ${scale} decimal places; round it in the mapping`,
              );
            }
            coefficient = value.coefficient / divisor;
          }
        } else if (typeof value === 'number' && Number.isSafeInteger(value)) {
          coefficient = BigInt(value) * pow10(scale);
        } else {
          return wrongType(value);
        }
        if (coefficient >= bound || coefficient <= -bound) return tooLarge(value);
        return new DuckDBDecimalValue(coefficient, precision, scale);
      };
    }
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : wrongType(value));
    case 'date':
      return (value) => (value instanceof PlainDate ? new DuckDBDateValue(value.toEpochDay()) : wrongType(value));
    case 'timestamp':
      return (value) => (value instanceof Timestamp ? new DuckDBTimestampTZValue(value.epochMicros) : wrongType(value));
    default: {
      const unknown: never = type;
      throw new Error(`unknown column type ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * A source modified time for the lineage column: a timestamp as is, a date as its midnight UTC, ISO
 * text when it parses with an offset; anything else is unknown (null), since lineage never sinks a row.
 */
export function lineageInstant(value: Value | null | undefined): DuckDBTimestampTZValue | null {
  if (value instanceof Timestamp) return new DuckDBTimestampTZValue(value.epochMicros);
  if (value instanceof PlainDate) return new DuckDBTimestampTZValue(BigInt(value.toEpochDay()) * 86_400_000_000n);
  if (typeof value === 'string') {
    const parsed = Timestamp.tryParse(value);
    return parsed === undefined ? null : new DuckDBTimestampTZValue(parsed.epochMicros);
  }
  return null;
}

/** Reads a DuckDB value back as an engine value, exactly (decimals keep their scale, timestamps their microseconds). */
export function toEngineValue(value: DuckDBValue): Value {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : Decimal.of(value, 0);
  if (typeof value === 'number') return value;
  if (value instanceof DuckDBDecimalValue) return Decimal.of(value.value, value.scale);
  if (value instanceof DuckDBDateValue) return value.isFinite ? PlainDate.fromEpochDay(value.days) : value.toString();
  if (value instanceof DuckDBTimestampTZValue || value instanceof DuckDBTimestampValue) {
    return value.isFinite ? Timestamp.of(value.micros, 0) : value.toString();
  }
  return String(value);
}

function describe(value: Value): string {
  if (typeof value === 'string') return quoteInput(value);
  if (
    value === null ||
    typeof value !== 'object' ||
    value instanceof Decimal ||
    value instanceof PlainDate ||
    value instanceof Timestamp
  ) {
    return String(value);
  }
  return Array.isArray(value) ? 'a list' : 'a record';
}

function isWellFormed(text: string): boolean {
  // String.prototype.isWellFormed is in Node 20 (V8 11) but not in the ES2022 lib this code is checked against.
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}
