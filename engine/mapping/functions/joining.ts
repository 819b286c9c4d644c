/**
 * Joining and comparing text: CONCATENATE and TEXTJOIN write each value as `&` does (TEXT's
 * writing: decimals keep their places, dates are YYYY-MM-DD, NULL is empty text); EXACT compares
 * text case by case, character by character.
 */
import { formatValue, valueKind, type Value } from '../../model/values/index.ts';
import { argumentError, checkArguments, fixedRule } from './arg-types.ts';
import { booleanArg, textArg, wrongType } from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec, TypeRuleResult } from './spec.ts';
import type { MappingType } from '../types.ts';

const STRING: MappingType = { kind: 'string' };

/** Any single value, as `&` joins it. */
function joinedText(value: Value): string {
  return typeof value === 'number' ? `${value}` : formatValue(value);
}

export const CONCATENATE = strictFunction({
  name: 'CONCATENATE',
  signature: 'CONCATENATE(value1, [value2, ...])',
  description:
    'The values joined into one text, exactly as & joins them: numbers and dates written as TEXT writes them, NULL as empty text. The result is never NULL.',
  example: 'CONCATENATE("FY", YEAR(posting_date)) = "FY2024"',
  params: [{ name: 'value', description: 'Values to join.', variadic: true, whenOmitted: '' }],
  returnType: fixedRule('CONCATENATE', ['single'], STRING, true),
  nullPropagating: false,
  evaluate(args) {
    let text = '';
    for (let i = 0; i < args.length; i++) {
      const value = args[i] ?? null;
      if (Array.isArray(value) || valueKind(value) === 'record') throw wrongType('CONCATENATE', i, 'single', value);
      text += joinedText(value);
    }
    return text;
  },
});

/** TEXTJOIN's values: single values and lists of them (a SPLIT, a list field), which it joins item by item. */
function textJoinRule(args: readonly MappingType[]): TypeRuleResult {
  const bad = checkArguments('TEXTJOIN', args.slice(0, 2), ['text', 'boolean']);
  if (bad !== undefined) return bad;
  for (let i = 2; i < args.length; i++) {
    const type = args[i] as MappingType;
    const single = type.kind === 'list' ? type.element : type;
    if (single.kind === 'list' || single.kind === 'record') return argumentError('TEXTJOIN', i, 'single', type);
  }
  return { type: STRING };
}

export const TEXTJOIN = strictFunction({
  name: 'TEXTJOIN',
  signature: 'TEXTJOIN(delimiter, ignore_empty, value1, [value2, ...])',
  description:
    'The values joined with the delimiter between them; a list (a SPLIT, a list field) gives each of its items. With ignore_empty TRUE, NULL and empty text are left out; with FALSE they are kept as empty pieces. Values are written as & writes them.',
  example: 'TEXTJOIN("-", TRUE, company, account, sub_account) = "100-4010-00"',
  params: [
    { name: 'delimiter', description: 'The text between values.', whenOmitted: '' },
    { name: 'ignore_empty', description: 'TRUE leaves out NULL and empty text.', whenOmitted: false },
    { name: 'value', description: 'Values or lists to join.', variadic: true, whenOmitted: '' },
  ],
  returnType: textJoinRule,
  nullPropagating: false,
  evaluate(args) {
    // A NULL delimiter or flag is NULL (nothing says how to join); NULL values are empty pieces.
    if (args[0] === null || args[1] === null) return null;
    const delimiter = textArg('TEXTJOIN', args, 0);
    const ignoreEmpty = booleanArg('TEXTJOIN', args, 1);
    const pieces: string[] = [];
    const add = (value: Value, index: number): void => {
      if (Array.isArray(value) || valueKind(value) === 'record') throw wrongType('TEXTJOIN', index, 'single', value);
      const text = value === null ? '' : joinedText(value);
      if (!ignoreEmpty || text !== '') pieces.push(text);
    };
    for (let i = 2; i < args.length; i++) {
      const value = args[i] ?? null;
      if (Array.isArray(value)) for (const item of value as readonly Value[]) add(item, i);
      else add(value, i);
    }
    return pieces.join(delimiter);
  },
});

/** EXACT's argument: NULL is empty text, as an empty cell is. */
function exactText(args: readonly Value[], index: number): string {
  return args[index] === null ? '' : textArg('EXACT', args, index);
}

export const EXACT = strictFunction({
  name: 'EXACT',
  signature: 'EXACT(text1, text2)',
  description:
    'TRUE when the two texts are the same character for character, capitals included: EXACT("ACME", "Acme") is FALSE. An empty value is empty text, as a spreadsheet\'s empty cell: EXACT(NULL, "") is TRUE.',
  example: 'EXACT(vendor_code, UPPER(vendor_code))',
  params: [
    { name: 'text1', description: 'Text to compare.', whenOmitted: '' },
    { name: 'text2', description: 'Text to compare.', whenOmitted: '' },
  ],
  returnType: fixedRule('EXACT', ['text', 'text'], { kind: 'boolean' }),
  // A spreadsheet's empty cell equals empty text here (=EXACT(A1, "") is TRUE for an empty A1): a NULL
  // answer would count as FALSE in IF and hide that difference.
  nullPropagating: false,
  evaluate: (args) => exactText(args, 0) === exactText(args, 1),
});

export const JOINING_FUNCTIONS: readonly FunctionSpec[] = [CONCATENATE, TEXTJOIN, EXACT];
