/**
 * Values the simulator holds and how GP writes them. Amounts are exact decimals; date-times are UTC
 * epoch milliseconds kept at SQL Server `datetime` precision, because GP tables store them that way.
 */
import { Decimal } from '../../../engine/model/values/index.ts';

/**
 * A money amount as the GP object model carries it: `{Value, Currency, DecimalDigits}`
 * (dynamics-gp.md §4, PayablesDocument: "Money values are objects"; confirmed for SOAP).
 */
export class Money {
  constructor(
    readonly value: Decimal,
    readonly currency: string,
    readonly digits: number,
  ) {}
}

/** A GP `datetime` column value (UTC epoch milliseconds). */
export class GpDateTime {
  constructor(readonly ms: number) {}
}

export type SimValue =
  null | string | number | boolean | Money | GpDateTime | readonly SimValue[] | { readonly [key: string]: SimValue };
export type SimFields = { [key: string]: SimValue };

/**
 * GP keeps currency amounts in numeric(19,5) columns and a .NET serializer keeps a decimal's scale, so
 * 1234.5 is written 1234.50000. Unconfirmed for SBA (dynamics-gp.md §3: response shapes unconfirmed).
 */
export const GP_MONEY_SCALE = 5;

/**
 * SQL Server `datetime` stores time in 1/300 s ticks, so milliseconds read back end in 0, 3 or 7
 * (e.g. .997, .003). Rounds a millisecond instant to what the column would hold.
 */
export function toSqlDatetimeMs(ms: number): number {
  const second = Math.floor(ms / 1000) * 1000;
  const ticks = Math.round(((ms - second) * 3) / 10);
  const wholeTens = Math.floor(ticks / 3);
  const rest = [0, 3, 7][ticks % 3] ?? 0;
  return second + wholeTens * 10 + rest;
}

/**
 * How GP's REST layer writes a `datetime`: ISO without a zone (the SQL value has no kind), the
 * fraction trimmed of trailing zeros and dropped when zero ("2024-03-05T14:22:31.12",
 * "2024-03-05T00:00:00"), as Json.NET's default DateTime format does. The zone-less text is UTC for
 * ModifiedDate (dynamics-gp.md §5: ModifiedDate is UTC). Unconfirmed for SBA; the client accepts
 * any ISO form with or without a zone.
 */
export function formatGpDateTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-03-05T14:22:31.120Z
  const base = iso.slice(0, 19);
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  return fraction === '' ? base : `${base}.${fraction}`;
}

/** A money amount as the JSON number literal GP writes (exact digits, never through a float). */
export function moneyLiteral(value: Decimal): string {
  return value.rescale(GP_MONEY_SCALE).toString();
}

export function money(cents: bigint, currency = 'Z-US$'): Money {
  return new Money(Decimal.of(cents, 2), currency, 2);
}

/** Days since 1970 to a GP date (a datetime at midnight). */
export function gpDate(epochDay: number): GpDateTime {
  return new GpDateTime(epochDay * 86_400_000);
}
