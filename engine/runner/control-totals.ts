/**
 * Control totals for reconciliation: row counts, the exact sum of every decimal field, and
 * debit/credit/amount per period (YYYY-MM of a date field) when the stream names those fields.
 * Computed on the source records and on the rows written, for every batch; summed per run.
 */
import type { DataRow } from '../model/io.ts';
import { setOwnEntry } from '../model/own-names.ts';
import { Decimal, PlainDate, Timestamp, type Value } from '../model/values/index.ts';
import type { ControlTotals } from '../store/index.ts';

export interface TotalsFields {
  readonly period?: string;
  readonly debit?: string;
  readonly credit?: string;
  readonly amount?: string;
}

const ZERO = Decimal.fromInteger(0);

class PeriodAccumulator {
  debit = ZERO;
  credit = ZERO;
  amount = ZERO;
}

function periodOf(value: Value): string | undefined {
  if (value instanceof PlainDate) return `${value.year}-${String(value.month).padStart(2, '0')}`;
  if (value instanceof Timestamp) return periodOf(value.toDate());
  return undefined;
}

export class TotalsAccumulator {
  private rows = 0;
  private readonly sums = new Map<string, Decimal>();
  private readonly periods = new Map<string, PeriodAccumulator>();

  constructor(private readonly fields: TotalsFields = {}) {}

  add(row: DataRow): void {
    this.rows++;
    for (const name in row) {
      const value = row[name];
      if (value instanceof Decimal) this.sums.set(name, (this.sums.get(name) ?? ZERO).add(value));
    }
    const { period, debit, credit, amount } = this.fields;
    if (!period) return;
    const key = periodOf(row[period] ?? null) ?? 'no period';
    let bucket = this.periods.get(key);
    if (!bucket) this.periods.set(key, (bucket = new PeriodAccumulator()));
    const debitValue = debit ? row[debit] : undefined;
    const creditValue = credit ? row[credit] : undefined;
    const amountValue = amount ? row[amount] : undefined;
    if (debitValue instanceof Decimal) bucket.debit = bucket.debit.add(debitValue);
    if (creditValue instanceof Decimal) bucket.credit = bucket.credit.add(creditValue);
    if (amountValue instanceof Decimal) bucket.amount = bucket.amount.add(amountValue);
    else if (!amount) bucket.amount = bucket.debit.subtract(bucket.credit);
  }

  result(): ControlTotals {
    const sums: Record<string, string> = {};
    for (const [name, sum] of this.sums) setOwnEntry(sums, name, sum.toString());
    if (!this.fields.period) return { rows: this.rows, sums };
    const byPeriod: Record<string, { debit: string; credit: string; amount: string }> = {};
    for (const key of [...this.periods.keys()].sort()) {
      const bucket = this.periods.get(key)!;
      byPeriod[key] = {
        debit: bucket.debit.toString(),
        credit: bucket.credit.toString(),
        amount: bucket.amount.toString(),
      };
    }
    return { rows: this.rows, sums, byPeriod };
  }
}

/** Adds totals of several batches (a run). */
export function sumTotals(all: readonly ControlTotals[]): ControlTotals {
  const sums = new Map<string, Decimal>();
  const periods = new Map<string, { debit: Decimal; credit: Decimal; amount: Decimal }>();
  let rows = 0;
  let hasPeriods = false;
  for (const totals of all) {
    rows += totals.rows;
    for (const [name, sum] of Object.entries(totals.sums))
      sums.set(name, (sums.get(name) ?? ZERO).add(Decimal.parse(sum)));
    for (const [key, period] of Object.entries(totals.byPeriod ?? {})) {
      hasPeriods = true;
      const bucket = periods.get(key) ?? { debit: ZERO, credit: ZERO, amount: ZERO };
      periods.set(key, {
        debit: bucket.debit.add(Decimal.parse(period.debit)),
        credit: bucket.credit.add(Decimal.parse(period.credit)),
        amount: bucket.amount.add(Decimal.parse(period.amount)),
      });
    }
  }
  const result: ControlTotals = { rows, sums: Object.fromEntries([...sums].map(([k, v]) => [k, v.toString()])) };
  if (!hasPeriods) return result;
  const byPeriod = Object.fromEntries(
    [...periods.keys()].sort().map((key) => {
      const p = periods.get(key)!;
      return [key, { debit: p.debit.toString(), credit: p.credit.toString(), amount: p.amount.toString() }];
    }),
  );
  return { ...result, byPeriod };
}
