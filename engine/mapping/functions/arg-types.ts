/**
 * Static argument checks shared by the library's type rules: what each parameter accepts, and the
 * plain-words error when it gets something else ("LEFT expects text as its first argument, but got
 * a decimal."). NULL and fields of unknown type are accepted everywhere; the latter are checked
 * again when the row runs (see arg-values.ts).
 */
import { aType, widerType } from '../type-rules.ts';
import type { MappingType } from '../types.ts';
import type { TypeRuleResult } from './spec.ts';

/** What a parameter accepts. 'number' is integer or decimal; 'dateLike' is a date or a timestamp. */
export type Accepts =
  | 'text'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'date'
  | 'dateLike'
  | 'textOrNumber'
  | 'single'
  | 'formattable'
  | 'anything';

const ACCEPTS_WORDS: Record<Accepts, string> = {
  text: 'text',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  date: 'a date',
  dateLike: 'a date or a timestamp',
  textOrNumber: 'text or a number',
  single: 'a single value (not a list or record)',
  formattable: 'a number, a date or a timestamp',
  anything: 'a value',
};

export function accepts(type: MappingType, wanted: Accepts): boolean {
  if (type.kind === 'null' || type.kind === 'any') return true;
  switch (wanted) {
    case 'text':
      return type.kind === 'string';
    case 'integer':
      return type.kind === 'integer';
    case 'number':
      return type.kind === 'integer' || type.kind === 'decimal';
    case 'boolean':
      return type.kind === 'boolean';
    case 'date':
      return type.kind === 'date';
    case 'dateLike':
      return type.kind === 'date' || type.kind === 'timestamp';
    case 'textOrNumber':
      return type.kind === 'string' || type.kind === 'integer' || type.kind === 'decimal';
    case 'single':
      return type.kind !== 'list' && type.kind !== 'record';
    case 'formattable':
      return type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'date' || type.kind === 'timestamp';
    case 'anything':
      return true;
    default: {
      const unknown: never = wanted;
      throw new Error(`unknown parameter kind ${String(unknown)}`);
    }
  }
}

export function acceptsWords(wanted: Accepts): string {
  return ACCEPTS_WORDS[wanted];
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** "first", "second", ... "21st" for the 0-based argument index. */
export function ordinal(index: number): string {
  const n = index + 1;
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return ORDINALS[index] ?? `${n}${teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
}

/** How to get from what was given to what is wanted, when a function does it. */
function conversionHint(given: MappingType, wanted: Accepts): string {
  if ((wanted === 'text' || wanted === 'textOrNumber') && given.kind !== 'list' && given.kind !== 'record') {
    return ' Use TEXT(...) to turn it into text.';
  }
  if ((wanted === 'number' || wanted === 'integer') && given.kind === 'string')
    return ' Use NUMBER(...) to read a number from text.';
  if (wanted === 'integer' && given.kind === 'decimal')
    return ' Use ROUND(x, 0) and INTEGER(...) to make it a whole number.';
  if (wanted === 'date' && given.kind === 'timestamp') return ' Use TO_DATE(...) to take its date.';
  if ((wanted === 'date' || wanted === 'dateLike') && given.kind === 'string')
    return ' Use PARSE_DATE(text, format) to read a date from text.';
  return '';
}

export function argumentError(fn: string, index: number, wanted: Accepts, given: MappingType): TypeRuleResult {
  return {
    error: `${fn} expects ${acceptsWords(wanted)} as its ${ordinal(index)} argument, but got ${aType(given)}.${conversionHint(given, wanted)}`,
    argIndex: index,
  };
}

/**
 * Checks each argument against `params` (the last entry repeats for variadic functions).
 * Returns the first error, or undefined when all fit.
 */
export function checkArguments(
  fn: string,
  args: readonly MappingType[],
  params: readonly Accepts[],
  repeatLast = false,
): TypeRuleResult | undefined {
  for (let i = 0; i < args.length; i++) {
    const wanted = params[i] ?? (repeatLast ? params[params.length - 1] : undefined);
    const given = args[i];
    if (wanted === undefined || given === undefined) continue;
    if (!accepts(given, wanted)) return argumentError(fn, i, wanted, given);
  }
  return undefined;
}

/** Type rule for functions with fixed parameter kinds and one result type. */
export function fixedRule(fn: string, params: readonly Accepts[], result: MappingType, repeatLast = false) {
  return (args: readonly MappingType[]): TypeRuleResult =>
    checkArguments(fn, args, params, repeatLast) ?? { type: result };
}

/**
 * The type of a number-shaped result that follows its input: integer stays integer, decimal stays
 * decimal, unknown stays unknown, NULL stays NULL.
 */
export function numericResultOf(type: MappingType): MappingType {
  return type.kind === 'integer' || type.kind === 'decimal' || type.kind === 'null' ? type : { kind: 'any' };
}

/**
 * The one type several results share (IF's branches, COALESCE's candidates): integers widen to
 * decimals and NULL fits anything. `what` names the values for the error, e.g. "IF's results".
 */
export function sharedType(
  fn: string,
  types: readonly { readonly type: MappingType; readonly index: number }[],
  what: string,
): TypeRuleResult {
  let shared: MappingType = { kind: 'null' };
  for (const { type, index } of types) {
    const wider = widerType(shared, type);
    if (wider === undefined) {
      return {
        error: `${what} must all be of one type, but ${aType(shared)} and ${aType(type)} are mixed. Convert one of them with TEXT, NUMBER or DATE.`,
        argIndex: index,
      };
    }
    shared = wider;
  }
  return { type: shared };
}

export { aType };
