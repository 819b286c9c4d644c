/**
 * JSON with exact numbers, both ways, for Dataverse's money and decimal columns (quantity has 5 places,
 * money 4): a JS float would turn 12345678901234.5678 into something else before it is compared or
 * sent. Read: a number with a fraction or exponent becomes a `Decimal`, a whole number stays a JS
 * number (option values, line numbers). Written: a `Decimal` goes out as its digits, never as a string.
 * Used by the connector and by its simulator (which stores what it was sent exactly, for control totals).
 */
import { Decimal } from '../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree, parseJsonExact } from '../kit/json-exact.ts';

export type ExactJson =
  null | boolean | string | number | Decimal | readonly ExactJson[] | { [key: string]: ExactJson };

function fromTree(tree: JsonTree): ExactJson {
  if (tree instanceof JsonNumber) {
    const whole = /^-?\d+$/.test(tree.text) && Number.isSafeInteger(Number(tree.text));
    return whole ? Number(tree.text) : Decimal.parse(expand(tree.text));
  }
  if (tree === null || typeof tree !== 'object') return tree;
  if (Array.isArray(tree)) return (tree as readonly JsonTree[]).map(fromTree);
  const out: { [key: string]: ExactJson } = {};
  for (const [name, value] of Object.entries(tree as Record<string, JsonTree>)) out[name] = fromTree(value);
  return out;
}

/** `1.5E3` -> `1500`: Decimal.parse reads plain digits only. */
function expand(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const point = whole.length + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

export function parseExactJson(text: string): ExactJson {
  return fromTree(parseJsonExact(text));
}

export function writeExactJson(value: unknown): string {
  if (value instanceof Decimal) return value.toString();
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a JSON number: ${value}`);
    return String(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeExactJson).join(',')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .map(([name, entry]) => `${JSON.stringify(name)}:${writeExactJson(entry)}`)
      .join(',')}}`;
  throw new TypeError(`cannot write ${typeof value} as JSON`);
}
