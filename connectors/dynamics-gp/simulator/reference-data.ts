/**
 * The fixed part of the simulated company that integration 2 posts against: payroll GL accounts (one
 * inactive, so validation has something to refuse), cost-center dimension codes, and a monthly fiscal
 * calendar for 2024 to 2026, every period open until a test or the CLI closes one. Added after the
 * seeded data without drawing from the seeded random numbers, so the rest of the company is unchanged.
 *
 * In GP a cost center is a segment of the account number (GP Web Services have no cost-center object):
 * the payroll expense accounts exist once per cost-center code in the first segment (100-6100-00 is
 * Salaries and Wages of Finance); a code with no accounts here (700) is a cost center GP does not have.
 */
import { MONTH_NAMES, PlainDate } from '../../../engine/model/values/index.ts';
import type { SimRecord } from './entities.ts';
import { GpDateTime, gpDate } from './gp-values.ts';

/** First-segment code -> the cost center (department) it stands for. */
export const COST_CENTER_SEGMENTS: readonly (readonly [string, string])[] = [
  ['000', 'Corporate'],
  ['100', 'Finance'],
  ['200', 'Operations'],
  ['300', 'Sales'],
  ['400', 'Engineering'],
  ['500', 'People'],
  ['600', 'Warehouse'],
];

const PAYROLL_EXPENSES: readonly (readonly [string, string])[] = [
  ['6100', 'Salaries and Wages'],
  ['6110', 'Hourly Wages'],
  ['6120', 'Commissions'],
];

/** Account, description, posting type, typical balance, active. */
export const PAYROLL_ACCOUNTS: readonly (readonly [string, string, string, string, boolean])[] = [
  ['000-2110-00', 'Accrued Payroll', 'Balance Sheet', 'Credit', true],
  ...COST_CENTER_SEGMENTS.flatMap(([segment, department]) =>
    PAYROLL_EXPENSES.map(
      ([main, description]) =>
        [`${segment}-${main}-00`, `${description} - ${department}`, 'Profit and Loss', 'Debit', true] as const,
    ),
  ),
  ['000-6190-00', 'Payroll Clearing (retired)', 'Profit and Loss', 'Debit', false],
];

/** Code, description, active. */
export const COST_CENTERS: readonly (readonly [string, string, boolean])[] = [
  ['CC-CORP', 'Corporate', true],
  ['CC-FIN', 'Finance', true],
  ['CC-OPS', 'Operations', true],
  ['CC-SALES', 'Sales', true],
  ['CC-ENG', 'Engineering', true],
  ['CC-PEOPLE', 'People', true],
  ['CC-WHSE', 'Warehouse', true],
  ['CC-RETIRED', 'Retired cost center', false],
];

export const FISCAL_YEARS = [2024, 2025, 2026] as const;

/** Key of a fiscal period: `<year>;<period>`, GP's composite-key form (dynamics-gp.md §1). */
export function periodKey(year: number, period: number): string {
  return `${year};${period}`;
}

export function referenceRecords(modifiedMs: number): {
  readonly accounts: SimRecord[];
  readonly costCenters: SimRecord[];
  readonly periods: SimRecord[];
} {
  const created = new GpDateTime(modifiedMs - (modifiedMs % 86_400_000));
  const accounts = PAYROLL_ACCOUNTS.map(
    ([number, description, postingType, typicalBalance, active], index): SimRecord => ({
      key: number,
      modifiedMs,
      fields: {
        AccountNumber: number,
        AccountIndex: 90_000 + index,
        Description: description,
        Alias: '',
        IsActive: active,
        PostingType: postingType,
        TypicalBalance: typicalBalance,
        GLAccountCategory: postingType === 'Balance Sheet' ? 13 : 31,
        CreatedDate: created,
      },
    }),
  );
  const costCenters = COST_CENTERS.map(([code, description, active]): SimRecord => ({
    key: code,
    modifiedMs,
    fields: { CostCenter: code, Description: description, IsActive: active },
  }));
  const periods = FISCAL_YEARS.flatMap((year) =>
    MONTH_NAMES.map((name, index): SimRecord => {
      const start = PlainDate.of(year, index + 1, 1);
      return {
        key: periodKey(year, index + 1),
        modifiedMs,
        fields: {
          PeriodId: periodKey(year, index + 1),
          FiscalYear: year,
          PeriodNumber: index + 1,
          PeriodName: `${name} ${year}`,
          StartDate: gpDate(start.toEpochDay()),
          EndDate: gpDate(start.endOfMonth().toEpochDay()),
          IsClosed: false,
        },
      };
    }),
  );
  return { accounts, costCenters, periods };
}
