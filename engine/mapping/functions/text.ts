/**
 * Text functions. Positions and lengths count characters as people see them (Unicode code points),
 * so "é" or an emoji is one character and never split in half.
 */
import type { Value } from '../../model/values/index.ts';
import { fixedRule } from './arg-types.ts';
import { hold, integerArg, optionalIntegerArg, textArg } from './arg-values.ts';
import { strictFunction } from './define.ts';
import type { FunctionSpec } from './spec.ts';
import type { MappingType } from '../types.ts';

const STRING: MappingType = { kind: 'string' };
/** PAD refuses lengths beyond this, so a typo cannot build a gigabyte string per row. */
const MAX_PAD_LENGTH = 100_000;

/**
 * True when one of the first `end` code units is half of a surrogate pair (a character beyond the
 * Basic Multilingual Plane). A loop, not a regex: it runs per row, and LEFT or MID only need the
 * units up to the end of what they take.
 */
function hasAstralBefore(text: string, end: number): boolean {
  const limit = Math.min(end, text.length);
  for (let i = 0; i < limit; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return true;
  }
  return false;
}

export function characterCount(text: string): number {
  if (!hasAstralBefore(text, text.length)) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * Characters [start, end) counted in code points. When no unit before `end` is a surrogate, code
 * points and code units coincide up to `end`, so a plain slice is exact.
 */
export function sliceCharacters(text: string, start: number, end: number): string {
  if (!hasAstralBefore(text, end)) return text.slice(start, end);
  return Array.from(text).slice(start, end).join('');
}

function nonNegative(fn: string, what: string, value: number): number {
  if (value < 0) throw hold(`${fn} needs ${what} of 0 or more, not ${value}`, 'INVALID_ARGUMENT');
  return value;
}

export const LEFT = strictFunction({
  name: 'LEFT',
  signature: 'LEFT(text, [count])',
  description: 'The first characters of the text (one when count is left out).',
  example: 'LEFT("40100", 1) = "4"',
  params: [
    { name: 'text', description: 'The text to take from.' },
    {
      name: 'count',
      description: 'How many characters; 1 when left out, 0 when left empty.',
      optional: true,
      whenOmitted: 0,
    },
  ],
  returnType: fixedRule('LEFT', ['text', 'integer'], STRING),
  evaluate: left,
  specialize(_types, constants) {
    // A constant count is checked once; the text is still checked per row (a field may be untyped).
    const count = constants.length < 2 ? 1 : constants[1];
    if (typeof count !== 'number' || count < 0) return undefined;
    return (text) => (typeof text === 'string' ? sliceCharacters(text, 0, count) : left([text, count]));
  },
});

function left(args: readonly Value[]): Value {
  const text = textArg('LEFT', args, 0);
  const count = nonNegative('LEFT', 'a count', optionalIntegerArg('LEFT', args, 1, 1));
  return sliceCharacters(text, 0, count);
}

export const RIGHT = strictFunction({
  name: 'RIGHT',
  signature: 'RIGHT(text, [count])',
  description: 'The last characters of the text (one when count is left out).',
  example: 'RIGHT("2024-Q1", 2) = "Q1"',
  params: [
    { name: 'text', description: 'The text to take from.' },
    {
      name: 'count',
      description: 'How many characters; 1 when left out, 0 when left empty.',
      optional: true,
      whenOmitted: 0,
    },
  ],
  returnType: fixedRule('RIGHT', ['text', 'integer'], STRING),
  evaluate(args) {
    const text = textArg('RIGHT', args, 0);
    const count = nonNegative('RIGHT', 'a count', optionalIntegerArg('RIGHT', args, 1, 1));
    const length = characterCount(text);
    return count === 0 ? '' : sliceCharacters(text, Math.max(0, length - count), length);
  },
});

export const MID = strictFunction({
  name: 'MID',
  signature: 'MID(text, start, count)',
  description: 'Characters from the middle of the text: start counts from 1 for the first character.',
  example: 'MID("000-4010-00", 5, 4) = "4010"',
  params: [
    { name: 'text', description: 'The text to take from.' },
    { name: 'start', description: 'Position of the first character to take; 1 is the first.' },
    { name: 'count', description: 'How many characters to take.' },
  ],
  returnType: fixedRule('MID', ['text', 'integer', 'integer'], STRING),
  evaluate: mid,
  specialize(_types, constants) {
    // Constant start and count are checked once; the text is still checked per row.
    const [, start, count] = constants;
    if (typeof start !== 'number' || typeof count !== 'number' || start < 1 || count < 0) return undefined;
    return (text) =>
      typeof text === 'string' ? sliceCharacters(text, start - 1, start - 1 + count) : mid([text, start, count]);
  },
});

function mid(args: readonly Value[]): Value {
  const text = textArg('MID', args, 0);
  const start = integerArg('MID', args, 1);
  if (start < 1) throw hold(`MID counts positions from 1, so start cannot be ${start}`, 'INVALID_ARGUMENT');
  const count = nonNegative('MID', 'a count', integerArg('MID', args, 2));
  return sliceCharacters(text, start - 1, start - 1 + count);
}

export const LEN = strictFunction({
  name: 'LEN',
  signature: 'LEN(text)',
  description: 'The number of characters in the text.',
  example: 'LEN("4010") = 4',
  params: [{ name: 'text', description: 'The text to measure.' }],
  returnType: fixedRule('LEN', ['text'], { kind: 'integer' }),
  evaluate: (args) => characterCount(textArg('LEN', args, 0)),
});

export const TRIM = strictFunction({
  name: 'TRIM',
  signature: 'TRIM(text)',
  description:
    "The text without spaces at its start and end, and with one space where words had several, as a spreadsheet's TRIM. Only the space character counts (tabs, line breaks and no-break spaces stay); TRIM_ENDS keeps the inner spacing.",
  example: 'TRIM("  ACME   Corp  ") = "ACME Corp"',
  params: [{ name: 'text', description: 'The text to trim.' }],
  returnType: fixedRule('TRIM', ['text'], STRING),
  evaluate: (args) => spreadsheetTrim(textArg('TRIM', args, 0)),
});

/** A spreadsheet's TRIM: the space character (U+0020) off both ends, inner runs of it made one. */
function spreadsheetTrim(text: string): string {
  return text.indexOf(' ') < 0 ? text : text.replace(/ +/g, ' ').replace(/^ | $/g, '');
}

export const TRIM_ENDS = strictFunction({
  name: 'TRIM_ENDS',
  signature: 'TRIM_ENDS(text)',
  description:
    'The text without spaces, tabs and line breaks (any Unicode space) at its start and end; the spacing inside is kept, so codes and names keep it. (Pipeline files made before TRIM followed spreadsheets use it where they wrote TRIM.)',
  example: 'TRIM_ENDS("  ACME  Corp\t") = "ACME  Corp"',
  params: [{ name: 'text', description: 'The text to trim.' }],
  returnType: fixedRule('TRIM_ENDS', ['text'], STRING),
  evaluate: (args) => textArg('TRIM_ENDS', args, 0).trim(),
});

export const UPPER = strictFunction({
  name: 'UPPER',
  signature: 'UPPER(text)',
  description: 'The text in capital letters (the same on every machine, whatever its language settings).',
  example: 'UPPER("acme") = "ACME"',
  params: [{ name: 'text', description: 'The text to change.' }],
  returnType: fixedRule('UPPER', ['text'], STRING),
  evaluate: (args) => textArg('UPPER', args, 0).toUpperCase(),
});

export const LOWER = strictFunction({
  name: 'LOWER',
  signature: 'LOWER(text)',
  description: 'The text in small letters (the same on every machine, whatever its language settings).',
  example: 'LOWER("ACME") = "acme"',
  params: [{ name: 'text', description: 'The text to change.' }],
  returnType: fixedRule('LOWER', ['text'], STRING),
  evaluate: (args) => textArg('LOWER', args, 0).toLowerCase(),
});

export const SUBSTITUTE = strictFunction({
  name: 'SUBSTITUTE',
  signature: 'SUBSTITUTE(text, old, new, [instance])',
  description:
    'The text with every occurrence of "old" replaced by "new", or only the instance-th one (counting from 1, left to right, occurrences not overlapping) when instance is given. An empty "old" changes nothing.',
  example: 'SUBSTITUTE("000-4010-00", "-", "") = "000401000"',
  params: [
    { name: 'text', description: 'The text to change.' },
    { name: 'old', description: 'The text to find.' },
    { name: 'new', description: 'The text to put in its place; empty when left empty.', whenOmitted: '' },
    {
      name: 'instance',
      description: 'Which occurrence to replace (1 is the first); all when left out.',
      optional: true,
    },
  ],
  returnType: fixedRule('SUBSTITUTE', ['text', 'text', 'text', 'integer'], STRING),
  evaluate(args) {
    const text = textArg('SUBSTITUTE', args, 0);
    const old = textArg('SUBSTITUTE', args, 1);
    const replacement = textArg('SUBSTITUTE', args, 2);
    if (args.length < 4) return old === '' ? text : text.split(old).join(replacement);
    const instance = integerArg('SUBSTITUTE', args, 3);
    if (instance < 1)
      throw hold(`SUBSTITUTE counts occurrences from 1, so instance cannot be ${instance}`, 'INVALID_ARGUMENT');
    if (old === '') return text;
    let at = -old.length;
    for (let seen = 0; seen < instance; seen++) {
      at = text.indexOf(old, at + old.length);
      if (at < 0) return text;
    }
    return text.slice(0, at) + replacement + text.slice(at + old.length);
  },
});

export const SPLIT = strictFunction({
  name: 'SPLIT',
  signature: 'SPLIT(text, delimiter)',
  description:
    'The pieces of the text between delimiters, as a list of text. Text without the delimiter gives a list of one.',
  example: 'SPLIT("000-4010-00", "-") = ["000", "4010", "00"]',
  params: [
    { name: 'text', description: 'The text to cut.' },
    { name: 'delimiter', description: 'The text between pieces; not empty.' },
  ],
  returnType: fixedRule('SPLIT', ['text', 'text'], { kind: 'list', element: STRING }),
  evaluate(args): Value {
    const text = textArg('SPLIT', args, 0);
    const delimiter = textArg('SPLIT', args, 1);
    if (delimiter === '') throw hold('SPLIT needs a delimiter that is not empty', 'INVALID_ARGUMENT');
    return text.split(delimiter);
  },
});

export const PAD = strictFunction({
  name: 'PAD',
  signature: 'PAD(text, length, [character], ["left" | "right"])',
  description:
    'The text filled up to the length with a character, "0" on the left unless told otherwise (account and vendor numbers). Text already that long is returned unchanged, never cut.',
  example: 'PAD("42", 5) = "00042"',
  params: [
    { name: 'text', description: 'The text to fill up.' },
    { name: 'length', description: 'The length to reach.' },
    { name: 'character', description: 'One character to fill with; "0" when left out.', optional: true },
    { name: 'side', description: '"left" (the default) or "right".', optional: true },
  ],
  returnType: fixedRule('PAD', ['text', 'integer', 'text', 'text'], STRING),
  evaluate(args) {
    const text = textArg('PAD', args, 0);
    const length = nonNegative('PAD', 'a length', integerArg('PAD', args, 1));
    if (length > MAX_PAD_LENGTH)
      throw hold(`PAD can fill up to ${MAX_PAD_LENGTH} characters, not ${length}`, 'INVALID_ARGUMENT');
    const fill = args.length > 2 ? textArg('PAD', args, 2) : '0';
    if (characterCount(fill) !== 1)
      throw hold(`PAD fills with exactly one character, not ${JSON.stringify(fill)}`, 'INVALID_ARGUMENT');
    const side = args.length > 3 ? textArg('PAD', args, 3).toLowerCase() : 'left';
    if (side !== 'left' && side !== 'right')
      throw hold(`PAD fills on the "left" or the "right", not ${JSON.stringify(side)}`, 'INVALID_ARGUMENT');
    const missing = length - characterCount(text);
    if (missing <= 0) return text;
    const filler = fill.repeat(missing);
    return side === 'left' ? filler + text : text + filler;
  },
});

export const TEXT_FUNCTIONS: readonly FunctionSpec[] = [
  LEFT,
  RIGHT,
  MID,
  LEN,
  TRIM,
  TRIM_ENDS,
  UPPER,
  LOWER,
  SUBSTITUTE,
  SPLIT,
  PAD,
];
