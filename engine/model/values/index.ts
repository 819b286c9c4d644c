export { Decimal, DEFAULT_DIVISION_SCALE, DIVISION_SIGNIFICANT_DIGITS, MAX_DECIMAL_SCALE, pow10 } from './decimal.ts';
export type { RoundingMode } from './decimal.ts';
export {
  PlainDate,
  MONTH_NAMES,
  civilFromEpochDay,
  dateProblem,
  daysInMonth,
  epochDayFromCivil,
  isLeapYear,
} from './date.ts';
export { Timestamp } from './timestamp.ts';
export { MAX_OFFSET_MINUTES, formatOffset, parseOffset, resolveZone } from './zone.ts';
export type { Zone } from './zone.ts';
export { ValueArithmeticError, ValueError, ValueFormatError, quoteInput } from './errors.ts';
export type { ValueArithmeticErrorCode, ValueFormatErrorCode } from './errors.ts';
export { compareValues, formatValue, toDecimal, toJsonValue, valueEquals, valueKind } from './value.ts';
export type { JsonValue, Value, ValueKind } from './value.ts';
export { coerceValue } from './coerce.ts';
export type { CoercionOptions, CoercionResult, CoercionTarget } from './coerce.ts';
