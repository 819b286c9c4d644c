/**
 * Comparing a row's typed values with the CI buffer PeopleSoft answers, and writing them as JSON. The CI
 * shows character fields as strings and may pad a blank one with a single space (PeopleSoft keeps
 * character columns NOT NULL, blank as a space): null, '' and ' ' are one blank. Numbers are compared as
 * exact decimals from their digits (never through a binary float), dates and timestamps by their text.
 */
import { Decimal, PlainDate, Timestamp, type Value } from '../../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../../kit/json-exact.ts';

function isBlank(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

function text(value: Value): string {
  if (value instanceof PlainDate || value instanceof Timestamp || value instanceof Decimal) return value.toString();
  return String(value);
}

/** Whether the row's value equals what PeopleSoft holds. */
export function sameValue(wanted: Value, held: JsonTree | undefined): boolean {
  if (isBlank(wanted) || isBlank(held)) return isBlank(wanted) && isBlank(held);
  if (typeof wanted === 'number' || wanted instanceof Decimal || held instanceof JsonNumber) {
    const a = Decimal.tryParse(text(wanted));
    const b = Decimal.tryParse(held instanceof JsonNumber ? held.text : String(held));
    if (a !== undefined && b !== undefined) return a.compare(b) === 0;
  }
  if (typeof wanted === 'boolean') return (wanted ? 'Y' : 'N') === String(held);
  return text(wanted) === (held instanceof JsonNumber ? held.text : String(held));
}

/** The JSON text of a value, numbers from their digits, booleans as PeopleSoft's Y/N. */
export function jsonText(value: Value): string {
  if (value === null || value === undefined) return '" "';
  if (value instanceof Decimal || typeof value === 'number') return text(value);
  if (typeof value === 'boolean') return value ? '"Y"' : '"N"';
  return JSON.stringify(text(value));
}
