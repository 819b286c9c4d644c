/**
 * Type inference from sample values. A column gets a type only when every non-empty sample agrees;
 * anything ambiguous stays a string, because a string loses nothing and an analyst can declare the
 * type explicitly. Account and vendor numbers are identifiers, not numbers: "00123" keeps its zeros and
 * a 16-digit number keeps all its digits, so both make a column a string.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';

/** Integers longer than this are identifiers (and would not all fit a double's 15-16 exact digits). */
export const MAX_INTEGER_DIGITS = 15;

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.\d*|\.\d+)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:[Zz]|[+-]\d{2}:\d{2})$/;
const TIMESTAMP_WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?$/;
const BOOLEAN = /^(?:true|false)$/i;

export type SampleKind = 'integer' | 'decimal' | 'identifier' | 'date' | 'timestamp' | 'boolean' | 'text';

/** Classifies one non-empty text value. Text timestamps without an offset count only when a zone is configured. */
export function classifyText(text: string, hasDefaultZone: boolean): SampleKind {
  const first = text.charCodeAt(0);
  const startsLikeNumber = (first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46;
  if (startsLikeNumber) {
    if (INTEGER.test(text)) return isIdentifierLike(text) ? 'identifier' : 'integer';
    if (DECIMAL.test(text)) return hasLeadingZero(text) ? 'identifier' : 'decimal';
    if (DATE.test(text)) return 'date';
    if (TIMESTAMP_WITH_OFFSET.test(text)) return 'timestamp';
    if (hasDefaultZone && TIMESTAMP_WITHOUT_OFFSET.test(text)) return 'timestamp';
    return 'text';
  }
  return BOOLEAN.test(text) ? 'boolean' : 'text';
}

function isIdentifierLike(integerText: string): boolean {
  const digits = integerText.replace(/^[+-]/, '');
  return hasLeadingZero(integerText) || digits.length > MAX_INTEGER_DIGITS;
}

/** "007" or "00.5": zeros an amount would not be written with. "0", "0.5" and "-0.25" are fine. */
function hasLeadingZero(numberText: string): boolean {
  const digits = numberText.replace(/^[+-]/, '');
  return digits.length > 1 && digits.charCodeAt(0) === 48 && digits.charCodeAt(1) !== 46;
}

/** Folds the kinds of one column's samples into a type. Feed with `observe`, read with `result`. */
export class ColumnTypeInference {
  readonly #seen = new Set<SampleKind>();

  observe(kind: SampleKind): void {
    this.#seen.add(kind);
  }

  observeText(text: string, hasDefaultZone: boolean): void {
    if (text.length > 0) this.#seen.add(classifyText(text, hasDefaultZone));
  }

  get sawAnything(): boolean {
    return this.#seen.size > 0;
  }

  result(): FieldTypeName {
    const seen = this.#seen;
    if (seen.size === 0 || seen.has('text') || seen.has('identifier')) return 'string';
    if (seen.size === 1) {
      const [only] = seen;
      return only === 'integer' || only === 'decimal' || only === 'date' || only === 'timestamp' || only === 'boolean'
        ? only
        : 'string';
    }
    // Whole numbers beside fractions are amounts written without cents ("100" next to "12.50").
    if (seen.size === 2 && seen.has('integer') && seen.has('decimal')) return 'decimal';
    return 'string';
  }
}
