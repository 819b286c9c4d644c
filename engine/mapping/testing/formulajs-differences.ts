/**
 * The differences between the mapping language and formulajs that LANGUAGE.md lists ("Where a spreadsheet
 * gives something else"), each as narrow as the case it explains, for the differential test
 * (`formulajs-differential.property.test.ts`): a difference is excused only by the row of its id here.
 */
import { Decimal, PlainDate, type Value } from '../../model/values/index.ts';
import { FUNCTIONS } from '../functions/index.ts';

/** What one side answered: a refusal (a held row; a spreadsheet error) or a value. */
export type Outcome = { kind: 'refused'; why: string } | { kind: 'value'; value: Value };

/** Says whether a difference on these arguments is the documented one. */
export type Explanation = (args: readonly Value[], ours: Outcome, theirs: Outcome, name: string) => boolean;

export const dec = (value: Value): Decimal =>
  typeof value === 'number' ? Decimal.fromInteger(value) : (value as Decimal);
const scaled = (value: Value, digits: Value): Decimal => {
  const places = digits as number;
  const d = dec(value);
  return places >= 0
    ? d.multiply(Decimal.of(10n ** BigInt(places), 0))
    : d.divide(Decimal.of(10n ** BigInt(-places), 0));
};
const isHalf = (d: Decimal): boolean => d.subtract(d.round(0, 'floor')).equals(Decimal.parse('0.5'));
const textOf = (value: Value): string => (typeof value === 'string' ? value : '');

/**
 * Keyed by the id LANGUAGE.md lists. Each is as narrow as the case it explains: the arguments that
 * produce it, not "anything goes" for a function.
 */
export const EXPLANATIONS: Record<string, { readonly functions: readonly string[]; readonly explains: Explanation }> = {
  // formulajs multiplies by 10^digits in binary floats; an exact decimal on a boundary lands on either side.
  'float-boundary': {
    functions: ['ROUND', 'ROUNDUP', 'ROUNDDOWN', 'TRUNC', 'MROUND', 'MOD', 'TEXT'],
    explains: ([x, y], mine, _theirs, name) => {
      if (mine.kind !== 'value' || x === undefined) return false;
      if (typeof y === 'string') {
        // TEXT: the value, times 100 per %, on a half at the format's places.
        const places = (y.split(';')[0]?.split('.')[1] ?? '').replace(/[^0#]/g, '').length;
        return isHalf(scaled(x, places + 2 * (y.split('%').length - 1)));
      }
      if (y === undefined) return false;
      if (name !== 'MOD' && name !== 'MROUND') {
        const onStep = scaled(x, y);
        return isHalf(onStep) || onStep.isInteger();
      }
      const ratio = dec(x).divide(dec(y));
      return ratio.isInteger() || isHalf(ratio);
    },
  },
  // Our text functions count characters as people see them; a spreadsheet counts UTF-16 units.
  'astral-characters': {
    functions: ['LEFT', 'RIGHT', 'MID', 'LEN'],
    explains: ([text]) => typeof text === 'string' && /[\uD800-\uDFFF]/.test(text),
  },
  // Decimals keep their written places in text (12.50), as & writes them; a spreadsheet writes 12.5.
  'decimal-places-in-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) =>
      args.some((arg) => arg instanceof Decimal && arg.toString() !== arg.stripTrailingZeros().toString()),
  },
  // Booleans are written true/false, as & writes them; a spreadsheet writes TRUE/FALSE.
  'boolean-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) => args.some((arg) => typeof arg === 'boolean'),
  },
  // formulajs's TEXTJOIN leaves out 0 and FALSE as if empty; a spreadsheet keeps them.
  'formulajs-TEXTJOIN-falsy': {
    functions: ['TEXTJOIN'],
    explains: (args) =>
      args[1] === true && args.slice(2).some((arg) => arg === 0 || (arg instanceof Decimal && arg.isZero())),
  },
  // VALUE refuses separators not grouped by three; formulajs (and a lenient spreadsheet) drops them.
  'VALUE-grouping': {
    functions: ['VALUE'],
    explains: ([text], mine) => mine.kind === 'refused' && /[0-9],[0-9]/.test(textOf(text ?? null)),
  },
  // formulajs drops the parentheses of (100); a spreadsheet reads it as -100, as VALUE does.
  'formulajs-VALUE-parentheses': {
    functions: ['VALUE'],
    explains: ([text]) => /^\s*\(/.test(textOf(text ?? null)),
  },
  // formulajs's SUBSTITUTE with an instance skips an occurrence at the very start and counts overlapping ones.
  'formulajs-SUBSTITUTE-instance': {
    functions: ['SUBSTITUTE'],
    explains: ([text, old], _mine, _theirs) => {
      const t = textOf(text ?? null);
      const o = textOf(old ?? null);
      return o !== '' && (t.startsWith(o) || overlaps(t, o));
    },
  },
  // formulajs counts workdays only forwards; a spreadsheet gives a negative count when end is before start.
  'formulajs-NETWORKDAYS-backwards': {
    functions: ['NETWORKDAYS'],
    explains: ([start, end]) => (start as PlainDate).compare(end as PlainDate) > 0,
  },
  // formulajs's DATEDIF "Y" goes through YEARFRAC; around February 29 it counts a year a day early or late.
  'formulajs-DATEDIF-Y': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'Y' &&
      [start, end].some((d) => (d as PlainDate).month === 2 || (d as PlainDate).month === 3),
  },
  // formulajs's DATEDIF "YD" picks the wrong year when the end's day is before the start's in the same month.
  'formulajs-DATEDIF-YD': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'YD' &&
      ((start as PlainDate).month === (end as PlainDate).month ||
        (start as PlainDate).month === 2 ||
        (start as PlainDate).month === 3),
  },
  // formulajs gives a negative count where a spreadsheet refuses an end before the start (#NUM!).
  'formulajs-DATEDIF-backwards': {
    functions: ['DATEDIF'],
    explains: ([start, end], mine) => mine.kind === 'refused' && (start as PlainDate).compare(end as PlainDate) > 0,
  },
  // formulajs answers "" for empty text before checking the count or start; a spreadsheet checks them.
  'formulajs-empty-text': {
    functions: ['LEFT', 'RIGHT', 'MID', 'SUBSTITUTE'],
    explains: ([text]) => text === '',
  },
  // formulajs's MOD takes the sign of the divisor by a formula that is wrong once either side is
  // negative (MOD(1, -3) gives -1, MOD(-1, -2) gives 3); a spreadsheet gives -2 and -1, as the language does.
  'formulajs-MOD-signs': {
    functions: ['MOD'],
    explains: ([x, y], mine) => mine.kind === 'value' && (dec(x ?? 0).sign() < 0 || dec(y ?? 0).sign() < 0),
  },
  // formulajs takes a negative count as none; a spreadsheet refuses it (#VALUE!), as the language holds the row.
  'formulajs-negative-count': {
    functions: ['LEFT', 'RIGHT', 'MID'],
    explains: (args, mine) =>
      mine.kind === 'refused' && args.slice(1).some((arg) => typeof arg === 'number' && arg < 0),
  },
  // formulajs refuses MID with a count of 0; a spreadsheet gives empty text.
  'formulajs-MID-zero-count': {
    functions: ['MID'],
    explains: ([, , n], mine) => n === 0 && mine.kind === 'value' && mine.value === '',
  },
  // formulajs's DATEDIF "MD" with an end in January rolls the start into the end's own month.
  'formulajs-DATEDIF-MD-january': {
    functions: ['DATEDIF'],
    explains: ([start, end, unit]) =>
      textOf(unit ?? null).toUpperCase() === 'MD' &&
      (end as PlainDate).month === 1 &&
      (end as PlainDate).day < (start as PlainDate).day,
  },
  // formulajs moves the start's year, then its month, on a JS Date, which rolls a day the month lacks
  // (February 29, the 31st) into the next month at each step; Excel's DATE rolls once.
  'formulajs-DATEDIF-rolled-day': {
    functions: ['DATEDIF'],
    explains: ([start, , unit]) =>
      ['MD', 'YD'].includes(textOf(unit ?? null).toUpperCase()) && (start as PlainDate).day > 28,
  },
  // formulajs refuses a sign before a currency symbol ("-$0.01"); a spreadsheet reads it, as VALUE does.
  'formulajs-VALUE-sign-currency': {
    functions: ['VALUE'],
    explains: ([text]) => /^\s*-\$/.test(textOf(text ?? null)),
  },
  // formulajs sees a % only at the very end, so "-1% " with a space after is read as -1.
  'formulajs-VALUE-percent-spaces': {
    functions: ['VALUE'],
    explains: ([text]) => /%\s+$/.test(textOf(text ?? null)) || /^\s+%/.test(textOf(text ?? null)),
  },
  // formulajs reads text that is not a number ("abc", "12-", "1.2.3") as some number; a spreadsheet refuses it.
  'formulajs-VALUE-lenient': {
    functions: ['VALUE'],
    explains: ([text], mine) =>
      mine.kind === 'refused' && !/^\s*-?\$?[0-9,]*\.?[0-9]*%?\s*$/.test(textOf(text ?? null)),
  },
  // A function given an empty value is empty (LANGUAGE.md, "Deliberate differences"); a spreadsheet reads
  // the empty cell as 0 or "". Only where the language says so: the function propagates NULL.
  'empty-argument': {
    functions: [
      'ABS',
      'SIGN',
      'ROUND',
      'ROUNDUP',
      'ROUNDDOWN',
      'TRUNC',
      'INT',
      'MOD',
      'MROUND',
      'LEFT',
      'RIGHT',
      'MID',
      'LEN',
      'TRIM',
      'UPPER',
      'LOWER',
      'SUBSTITUTE',
      'TEXT',
      'VALUE',
      'DATE',
      'YEAR',
      'MONTH',
      'DAY',
      'EOMONTH',
      'EDATE',
      'WEEKDAY',
      'NETWORKDAYS',
      'DATEDIF',
    ],
    explains: (args, mine, _theirs, name) =>
      FUNCTIONS.get(name)?.nullPropagating === true &&
      mine.kind === 'value' &&
      mine.value === null &&
      args.some((arg) => arg === null),
  },
  // The value chosen is an empty field: empty here, shown as 0 by a spreadsheet (as `=A1`; formulajs gives
  // 0, or passes the empty cell through).
  'empty-passed-through': {
    functions: ['IF', 'IFS', 'SWITCH'],
    explains: (args, mine, other) =>
      mine.kind === 'value' &&
      mine.value === null &&
      args.some((arg) => arg === null) &&
      (other.kind === 'value'
        ? other.value === null || (other.value instanceof Decimal && other.value.isZero())
        : false),
  },
  // MIN / MAX of empty values only: empty here, 0 in a spreadsheet (LANGUAGE.md, "Deliberate differences").
  'MIN-MAX-all-empty': {
    functions: ['MIN', 'MAX'],
    explains: (args, mine) => mine.kind === 'value' && mine.value === null && args.every((arg) => arg === null),
  },
  // A TEXTJOIN with an empty delimiter or flag is empty: nothing says how to join.
  'TEXTJOIN-empty-delimiter': {
    functions: ['TEXTJOIN'],
    explains: ([delimiter, flag], mine) =>
      mine.kind === 'value' && mine.value === null && (delimiter === null || flag === null),
  },
  // formulajs compares SWITCH's cases with ===: case counts and an empty value equals only another empty
  // value; a spreadsheet compares as = does, as the language does.
  'formulajs-SWITCH-equality': {
    functions: ['SWITCH'],
    explains: ([value, ...cases]) =>
      cases.some(
        (c) =>
          (typeof value === 'string' &&
            typeof c === 'string' &&
            value !== c &&
            value.toLowerCase() === c.toLowerCase()) ||
          (value === null) !== (c === null),
      ),
  },
  // Dates are written YYYY-MM-DD by & and CONCATENATE; a spreadsheet writes the serial number.
  'date-in-text': {
    functions: ['CONCATENATE', 'TEXTJOIN'],
    explains: (args) => args.some((arg) => arg instanceof PlainDate),
  },
  // formulajs's TEXT formats a binary float: past 15 significant digits (after x100 for %) it loses some.
  'formulajs-TEXT-float-digits': {
    functions: ['TEXT'],
    explains: ([value, format]) => dec(value ?? 0).precision() + (textOf(format ?? null).includes('%') ? 2 : 0) >= 15,
  },
  // formulajs's TEXT reads only the first section's places and a leading $; sections, literals and 000 padding differ.
  'formulajs-TEXT-formats': {
    functions: ['TEXT'],
    explains: ([, format]) => /[;"\\]|^0{2,}$|^0{2,}[^.]/.test(textOf(format ?? null)),
  },
};

/** An explanation written for values that meets an empty argument explains nothing (it does not crash the run). */
export function explainsSafely(
  explains: Explanation,
  args: readonly Value[],
  mine: Outcome,
  other: Outcome,
  name: string,
) {
  try {
    return explains(args, mine, other, name);
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

function overlaps(text: string, old: string): boolean {
  for (let i = text.indexOf(old); i >= 0; i = text.indexOf(old, i + 1)) {
    const next = text.indexOf(old, i + 1);
    if (next >= 0 && next < i + old.length) return true;
  }
  return false;
}
