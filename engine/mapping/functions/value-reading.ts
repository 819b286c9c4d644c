/**
 * VALUE's reading of numbers as spreadsheets and ERP exports write them: an optional sign or
 * parentheses for a negative, an optional currency symbol, digits with thousands separators in
 * groups of three, a decimal point, an exponent, a trailing %, and spaces around the parts.
 * The result is an exact decimal, never a float. What it cannot read is said in words.
 */
import { Decimal } from '../../model/values/index.ts';

const CURRENCY = '[$€£¥]';
/** Sign, currency and parentheses in the orders exports use: -$1.00, $-1.00, ($1.00), (1.00). */
const SHAPE = new RegExp(
  `^(?<open>\\()?\\s*(?<sign1>[-+])?\\s*(?:${CURRENCY})?\\s*(?<sign2>[-+])?\\s*(?<digits>[0-9][0-9,]*(?:\\.[0-9]*)?|\\.[0-9]+)(?<exponent>[eE][-+]?[0-9]+)?\\s*(?<percent>%)?\\s*(?<close>\\))?$`,
);
const GROUPED = /^[0-9]{1,3}(,[0-9]{3})*$/;

/** The number the text holds, or why it cannot be read. */
export function readSpreadsheetNumber(input: string): Decimal | string {
  const text = input.trim();
  if (text === '') return 'the text is empty';
  const match = SHAPE.exec(text);
  const parts = match?.groups;
  if (parts === undefined || parts.digits === undefined) {
    if (/^[0-9.,]+\s*-$/.test(text))
      return 'a trailing minus (100-) is not read, as in a spreadsheet; move it to the front first';
    return 'it is not written as a number (like 1,234.50, $1,234.50, (100) or 50%)';
  }
  if ((parts.open === undefined) !== (parts.close === undefined)) return 'a parenthesis is not closed';
  if (parts.sign1 !== undefined && parts.sign2 !== undefined) return 'it has two signs';
  const sign = parts.sign1 ?? parts.sign2;
  if (parts.open !== undefined && sign !== undefined) return 'it has both parentheses and a sign';
  const [whole = '', fraction] = parts.digits.split('.');
  if (whole.includes(',') && !GROUPED.test(whole))
    return 'its thousands separators do not group by three (1,234,567.89)';
  const plain = `${whole.replaceAll(',', '')}${fraction === undefined ? '' : `.${fraction}`}${parts.exponent ?? ''}`;
  let read = Decimal.tryParse(plain === '' || plain.startsWith('.') ? `0${plain}` : plain);
  if (read === undefined) return 'it is not written as a number';
  if (parts.percent !== undefined) read = Decimal.of(read.coefficient, read.scale + 2);
  const negative = parts.open !== undefined || sign === '-';
  return negative ? read.negate() : read;
}
