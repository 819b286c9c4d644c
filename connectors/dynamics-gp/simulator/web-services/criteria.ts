/**
 * The service's restriction types read from a request (facts §3.1): RestrictionOf*{EqualValue,
 * NotEqualValue} -> List{Items} -> Between{From, To, GreaterThan, LessThan} -> Like{Like}. Members sent
 * as `xsi:nil` or left out do not restrict. Elements are matched by name in any order, as .NET's
 * XmlSerializer reads types that declare no explicit order (the facts file's illustrative request lists
 * IsActive before ModifiedDate, the WSDL the other way round).
 *
 * Date-times are compared in UTC (§3.1, §8.5): a value with Z or an offset is that instant; one without a
 * zone is read as UTC; a date without a time is midnight UTC of that date. The last two are this
 * simulator's choice, unconfirmed on a real GP. A value that is not a date-time is a system fault, as a
 * request .NET cannot deserialize is.
 */
import { child, childrenNamed, type XmlElement } from '../../../kit/soap/xml.ts';
import { systemFault } from './faults.ts';

type Test<T> = (value: T) => boolean;
const always = (): boolean => true;

function given(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found === undefined || found.nil ? undefined : found.text;
}

/** A criteria date-time as UTC epoch milliseconds. */
export function criteriaInstant(text: string): number {
  const trimmed = text.trim();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const zoned = /(Z|[+-]\d{2}:\d{2})$/.test(trimmed);
  const ms = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : zoned ? trimmed : `${trimmed}Z`);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(ms))
    throw systemFault(`'${trimmed.slice(0, 40)}' is not a valid xs:dateTime`);
  return ms;
}

/** BetweenRestrictionOfNullableOfDateTime: From/To inclusive, GreaterThan/LessThan exclusive, EqualValue, Items. */
export function dateTimeTest(restriction: XmlElement | undefined): Test<number> {
  if (restriction === undefined || restriction.nil) return always;
  const bound = (name: string): number | undefined => {
    const text = given(restriction, name);
    return text === undefined ? undefined : criteriaInstant(text);
  };
  const equal = bound('EqualValue');
  const notEqual = bound('NotEqualValue');
  const from = bound('From');
  const to = bound('To');
  const after = bound('GreaterThan');
  const before = bound('LessThan');
  const items = childrenNamed(child(restriction, 'Items'), 'dateTime').map((item) => criteriaInstant(item.text));
  return (ms) =>
    (equal === undefined || ms === equal) &&
    (notEqual === undefined || ms !== notEqual) &&
    (from === undefined || ms >= from) &&
    (to === undefined || ms <= to) &&
    (after === undefined || ms > after) &&
    (before === undefined || ms < before) &&
    (items.length === 0 || items.includes(ms));
}

/** RestrictionOfNullableOfBoolean{EqualValue, NotEqualValue}. */
export function booleanTest(restriction: XmlElement | undefined): Test<boolean> {
  if (restriction === undefined || restriction.nil) return always;
  const parse = (text: string | undefined): boolean | undefined => {
    if (text === undefined) return undefined;
    if (/^(true|1)$/.test(text.trim())) return true;
    if (/^(false|0)$/.test(text.trim())) return false;
    throw systemFault(`'${text.slice(0, 20)}' is not a valid xs:boolean`);
  };
  const equal = parse(given(restriction, 'EqualValue'));
  const notEqual = parse(given(restriction, 'NotEqualValue'));
  return (value) => (equal === undefined || value === equal) && (notEqual === undefined || value !== notEqual);
}

/**
 * LikeRestrictionOfString and its bases. GP's SQL Server compares text case-insensitively and without
 * trailing spaces (the default collation of a GP install, SQL_Latin1_General_CP1_CI_AS); Like takes SQL's
 * `%` and `_` wildcards.
 */
export function stringTest(restriction: XmlElement | undefined): Test<string> {
  if (restriction === undefined || restriction.nil) return always;
  const norm = (text: string): string => text.replace(/ +$/, '').toLowerCase();
  const value = (name: string): string | undefined => {
    const text = given(restriction, name);
    return text === undefined ? undefined : norm(text);
  };
  const equal = value('EqualValue');
  const notEqual = value('NotEqualValue');
  const from = value('From');
  const to = value('To');
  const after = value('GreaterThan');
  const before = value('LessThan');
  const like = value('Like');
  const items = childrenNamed(child(restriction, 'Items'), 'string').map((item) => norm(item.text));
  const pattern =
    like === undefined
      ? undefined
      : new RegExp(
          `^${like
            .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
            .replace(/%/g, '.*')
            .replace(/_/g, '.')}$`,
          's',
        );
  return (raw) => {
    const text = norm(raw);
    return (
      (equal === undefined || text === equal) &&
      (notEqual === undefined || text !== notEqual) &&
      (from === undefined || text >= from) &&
      (to === undefined || text <= to) &&
      (after === undefined || text > after) &&
      (before === undefined || text < before) &&
      (items.length === 0 || items.includes(text)) &&
      (pattern === undefined || pattern.test(text))
    );
  };
}

/** ListRestrictionOfNullableOf<Enum>{EqualValue, NotEqualValue, Items}: `itemName` is the enum's element name. */
export function enumTest(restriction: XmlElement | undefined, itemName: string): Test<string> {
  if (restriction === undefined || restriction.nil) return always;
  const equal = given(restriction, 'EqualValue');
  const notEqual = given(restriction, 'NotEqualValue');
  const items = childrenNamed(child(restriction, 'Items'), itemName).map((item) => item.text.trim());
  return (value) =>
    (equal === undefined || value === equal) &&
    (notEqual === undefined || value !== notEqual) &&
    (items.length === 0 || items.includes(value));
}
