/**
 * Gross pay of one pay period from the compensation row in effect, in exact decimals: a yearly salary
 * divided by the schedule's periods per year; an hourly rate times the standard hours of a period
 * (2080 a year unless the pipeline says otherwise); monthly and weekly rates scaled to the period.
 * Rounded once, at the end, half away from zero to cents. BambooHR's core API has no pay stubs, hours
 * worked, taxes or deductions (bamboohr.md §3-4), so this is the labour-cost accrual a finance team books
 * from compensation, not what a payroll provider paid: said so wherever it is shown.
 */
import { Decimal } from '../../../engine/model/values/index.ts';
import { PERIODS_PER_YEAR } from './pay-periods.ts';

export const DEFAULT_HOURS_PER_YEAR = 2080;

export type GrossPay = { readonly amount: Decimal } | { readonly problem: string };

/** Units of `paidPer` in a year (bamboohr.md §4: `paidPer` values are unconfirmed; these are BambooHR's usual ones). */
function unitsPerYear(paidPer: string, hoursPerYear: number): number | undefined {
  switch (paidPer) {
    case 'Year':
      return 1;
    case 'Month':
      return 12;
    case 'Week':
      return 52;
    case 'Hour':
      return hoursPerYear;
    default:
      return undefined;
  }
}

export function grossPay(
  rate: Decimal,
  paidPer: string,
  schedule: string,
  hoursPerYear = DEFAULT_HOURS_PER_YEAR,
): GrossPay {
  const periods = PERIODS_PER_YEAR[schedule];
  if (periods === undefined)
    return {
      problem: `pay schedule "${schedule}" is not one this connector computes (${Object.keys(PERIODS_PER_YEAR).join(', ')})`,
    };
  const units = unitsPerYear(paidPer, hoursPerYear);
  if (units === undefined)
    return { problem: `a rate paid per "${paidPer}" cannot be turned into pay per period (Year, Month, Week or Hour)` };
  if (rate.sign() < 0) return { problem: `the rate ${rate.toString()} is negative` };
  const yearly = rate.multiply(Decimal.fromInteger(units));
  // One division, rounded once to cents by the exact remainder (no intermediate rounding).
  return { amount: yearly.divide(Decimal.fromInteger(periods), 2) };
}
