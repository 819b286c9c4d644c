/**
 * Reading a write's body as GP's SBA expects it (dynamics-gp.md §3, confirmed): `{"Payload": {...}}`,
 * JSON. Amounts are read from their digits (a money object `{Value, ...}` or a bare number), dates from
 * `YYYY-MM-DD` or a midnight datetime, and every field is checked against what the entity accepts, so a
 * client that misspells a property hears about it instead of losing the value.
 */
import { Decimal, PlainDate } from '../../../engine/model/values/index.ts';
import { JsonNumber, parseJsonExact, type JsonTree } from '../../kit/json-exact.ts';
import { GpDateTime, Money, gpDate, type SimFields, type SimValue } from './gp-values.ts';

export class PayloadError extends Error {}

export type FieldRule = 'text' | 'boolean' | 'date' | 'money' | { readonly maxLength: number };

type Json = { readonly [key: string]: JsonTree };

/** The object inside `{"Payload": ...}`; a body without the envelope is refused (§8.2). */
export function readPayload(body: string): Json {
  let tree: JsonTree;
  try {
    tree = parseJsonExact(body);
  } catch {
    throw new PayloadError('The request body is not JSON.');
  }
  const payload = (tree as Json | null)?.Payload;
  if (
    payload === undefined ||
    payload === null ||
    typeof payload !== 'object' ||
    Array.isArray(payload) ||
    payload instanceof JsonNumber
  ) {
    throw new PayloadError('The request body must be {"Payload": { ...fields... }}.');
  }
  return payload as Json;
}

export function readFields(json: Json, rules: Readonly<Record<string, FieldRule>>, what: string): SimFields {
  const fields: SimFields = {};
  for (const [name, raw] of Object.entries(json)) {
    const rule = rules[name];
    if (rule === undefined) throw new PayloadError(`${what} has no property '${name}'.`);
    fields[name] = readValue(raw, rule, `${what}.${name}`);
  }
  return fields;
}

function readValue(raw: JsonTree, rule: FieldRule, where: string): SimValue {
  if (raw === null) return null;
  if (typeof rule === 'object') {
    if (typeof raw !== 'string') throw new PayloadError(`${where} must be text.`);
    if (raw.length > rule.maxLength) throw new PayloadError(`${where} is longer than ${rule.maxLength} characters.`);
    return raw;
  }
  switch (rule) {
    case 'text':
      if (typeof raw !== 'string') throw new PayloadError(`${where} must be text.`);
      return raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw new PayloadError(`${where} must be true or false.`);
      return raw;
    case 'date': {
      const date =
        typeof raw === 'string' && /^\d{4}-\d\d-\d\d(T00:00:00(\.0+)?Z?)?$/.test(raw)
          ? PlainDate.tryParse(raw.slice(0, 10))
          : undefined;
      if (date === undefined) throw new PayloadError(`${where} must be a date (YYYY-MM-DD).`);
      return gpDate(date.toEpochDay());
    }
    case 'money': {
      const inner =
        raw instanceof JsonNumber
          ? raw
          : typeof raw === 'object' && !Array.isArray(raw)
            ? (raw as Json).Value
            : undefined;
      const amount = inner instanceof JsonNumber ? Decimal.tryParse(inner.text) : undefined;
      if (amount === undefined) throw new PayloadError(`${where} must be an amount.`);
      return new Money(amount, 'Z-US$', 2);
    }
  }
}

/** A GP date (midnight datetime) back to a date. */
export function dateOf(value: SimValue | undefined): PlainDate | undefined {
  return value instanceof GpDateTime ? PlainDate.fromEpochDay(Math.floor(value.ms / 86_400_000)) : undefined;
}
