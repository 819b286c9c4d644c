/**
 * `GET /__sim/control-totals`: per entity, the row count and the exact sums of its amount fields over
 * what the simulator holds now, for reconciliation against the warehouse. Sums are decimal strings
 * added as scaled integers: a float would drift by cents over a million ledger lines.
 */
export interface EntityTotals {
  readonly rows: number;
  readonly sums: Readonly<Record<string, string>>;
}

export type ControlTotals = Readonly<Record<string, EntityTotals>>;

function parseDecimal(value: string): { units: bigint; scale: number } {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (match === null) throw new RangeError(`not a decimal: ${value}`);
  const [, sign = '', whole = '', fraction = ''] = match;
  const units = BigInt(`${whole || '0'}${fraction}`);
  return { units: sign === '-' ? -units : units, scale: fraction.length };
}

export function addDecimals(values: Iterable<string | number | null | undefined>): string {
  let total = 0n;
  let scale = 0;
  for (const value of values) {
    if (value === null || value === undefined || value === '') continue;
    const parsed = parseDecimal(String(value));
    if (parsed.scale > scale) {
      total *= 10n ** BigInt(parsed.scale - scale);
      scale = parsed.scale;
    }
    total += parsed.units * 10n ** BigInt(scale - parsed.scale);
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

export function entityTotals(
  records: readonly Readonly<Record<string, unknown>>[],
  amountFields: readonly string[],
): EntityTotals {
  const sums: Record<string, string> = {};
  for (const field of amountFields)
    sums[field] = addDecimals(records.map((record) => record[field] as string | number | null | undefined));
  return { rows: records.length, sums };
}
