/** The payroll stream: pay periods, exact gross pay, and reading register lines from the simulator in whole journal groups. */
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow } from '../../../engine/model/io.ts';
import { Decimal, PlainDate } from '../../../engine/model/values/index.ts';
import { type BambooSimulator, startBambooSimulator } from '../simulator/index.ts';
import { createBambooSource } from '../source.ts';
import { configFor, secretsFor } from '../test-support.ts';
import { grossPay } from './gross-pay.ts';
import { periodsEnding } from './pay-periods.ts';
import { sameJournalGroup } from './payroll-lines.ts';

const d = (text: string) => PlainDate.parse(text);
const ends = (schedule: string, from: string, through: string) =>
  periodsEnding(schedule, d(from), d(through))?.map((p) => `${p.start.toString()}..${p.end.toString()}`);

describe('pay periods', () => {
  it('lists the periods ending inside the window, per schedule', () => {
    expect(ends('Twice a month', '2025-01-16', '2025-02-15')).toEqual([
      '2025-01-16..2025-01-31',
      '2025-02-01..2025-02-15',
    ]);
    expect(ends('Monthly', '2024-02-01', '2024-03-30')).toEqual(['2024-02-01..2024-02-29']);
    expect(ends('Weekly', '2025-01-16', '2025-02-07')).toEqual([
      '2025-01-11..2025-01-17',
      '2025-01-18..2025-01-24',
      '2025-01-25..2025-01-31',
      '2025-02-01..2025-02-07',
    ]);
    expect(ends('Every other week', '2025-01-01', '2025-02-07')).toEqual([
      '2024-12-28..2025-01-10',
      '2025-01-11..2025-01-24',
      '2025-01-25..2025-02-07',
    ]);
    expect(ends('Quarterly', '2025-01-01', '2025-12-31')).toBeUndefined();
  });

  it('computes gross pay exactly, rounded once to the cent', () => {
    const pay = (rate: string, per: string, schedule: string) => {
      const result = grossPay(Decimal.parse(rate), per, schedule);
      return 'amount' in result ? result.amount.toString() : result.problem;
    };
    expect(pay('100000.00', 'Year', 'Twice a month')).toBe('4166.67');
    expect(pay('25.50', 'Hour', 'Twice a month')).toBe('2210.00');
    expect(pay('20.00', 'Hour', 'Weekly')).toBe('800.00');
    expect(pay('1000000000000000.01', 'Year', 'Monthly')).toBe('83333333333333.33');
    expect(pay('5000.00', 'Month', 'Every other week')).toBe('2307.69');
    expect(pay('10.00', 'Piece', 'Weekly')).toContain('paid per "Piece"');
  });
});

describe('payroll stream against the simulator', () => {
  let sim: BambooSimulator;
  afterEach(() => sim.close());
  const window = { payPeriodsEndingFrom: '2025-01-16', payPeriodsEndingThrough: '2025-02-07' };

  async function read(options: Record<string, string | number | boolean>, pageSize = 7) {
    const source = createBambooSource(configFor(sim, 'api-key', secretsFor(sim), { retry: false }), {
      payroll: options,
    });
    const pages: { records: readonly DataRow[]; problems: readonly { recordIndex: number; message: string }[] }[] = [];
    try {
      for await (const page of source.read({
        entity: 'payroll',
        key: ['employeeId', 'payPeriodEnd', 'payItem'],
        pageSize,
      }))
        pages.push({ records: page.records, problems: page.problems ?? [] });
    } finally {
      await source.close();
    }
    return pages;
  }

  it('yields balanced register lines for every employee and period, in pages that never split a journal group', async () => {
    sim = await startBambooSimulator({ rows: 40, seed: 12 });
    const pages = await read(window, 5);
    const lines = pages.flatMap((page) => page.records);
    expect(pages.flatMap((page) => page.problems)).toEqual([]);
    for (let p = 1; p < pages.length; p++)
      expect(sameJournalGroup(pages[p - 1]!.records.at(-1)!, pages[p]!.records[0]!)).toBe(false);
    // Each employee-period: its earnings line, then the wages payable that offsets it.
    for (let i = 0; i < lines.length; i += 2)
      expect([lines[i]!.side, lines[i + 1]!.side, lines[i]!.amount]).toEqual(['debit', 'credit', lines[i + 1]!.amount]);
    const sum = (side: string) =>
      lines
        .filter((line) => line.side === side)
        .reduce((total, line) => total.add(line.amount as Decimal), Decimal.ZERO);
    expect(sum('debit').equals(sum('credit'))).toBe(true);
    expect(sum('debit').sign()).toBe(1);
    // Warehouse staff are paid weekly (four periods end in the window), everyone else twice a month (one).
    const warehouse = lines.filter((line) => line.department === 'Warehouse' && line.side === 'debit');
    const others = lines.filter((line) => line.department !== 'Warehouse' && line.side === 'debit');
    expect(new Set(warehouse.map((line) => String(line.payPeriodEnd)))).toEqual(
      new Set(['2025-01-17', '2025-01-24', '2025-01-31', '2025-02-07']),
    );
    expect(new Set(others.map((line) => String(line.payPeriodEnd)))).toEqual(new Set(['2025-01-31']));
    // The seed's leavers left in December, before every period of this window.
    const employed = [...sim.store.employees.values()].filter((employee) => employee.fields.status === 'Active').length;
    expect(others.length).toBe(employed - new Set(warehouse.map((line) => line.employeeId)).size);
    expect(lines.filter((line) => line.location === 'Leeds').every((line) => line.currency === 'GBP')).toBe(true);
  });

  it('follows transfers by effective date and leaves out who left before the period', async () => {
    sim = await startBambooSimulator({ rows: 6, seed: 3 });
    const [moved, left] = [...sim.store.employees.keys()];
    sim.store.transfer(moved!, { department: 'Legal' }, '2025-01-20');
    Object.assign(sim.store.employees.get(left!)!.fields, { terminationDate: '2025-01-10', status: 'Inactive' });
    const lines = (await read(window)).flatMap((page) => page.records);
    expect(
      lines
        .filter((line) => line.employeeId === moved && line.payPeriodEnd?.toString() === '2025-01-31')
        .every((line) => line.department === 'Legal'),
    ).toBe(true);
    expect(lines.some((line) => line.employeeId === left)).toBe(false);
  });

  it("pays a leaver's final pay period: BambooHR's directory lists Active employees only, so the ids come from elsewhere", async () => {
    sim = await startBambooSimulator({ rows: 20, seed: 4 });
    const leavers = [...sim.store.employees.values()].filter((employee) => employee.fields.status === 'Inactive');
    expect(leavers).toHaveLength(2);
    const lines = (await read({ payPeriodsEndingFrom: '2024-12-16', payPeriodsEndingThrough: '2025-01-15' })).flatMap(
      (page) => page.records,
    );
    for (const leaver of leavers) {
      const left = PlainDate.parse(leaver.fields.terminationDate!);
      const paid = lines.filter((line) => line.employeeId === leaver.id && line.side === 'debit');
      // Paid for every period up to the one their last day falls in (whole, no proration), none after.
      expect(paid.length, `leaver ${leaver.id}`).toBeGreaterThan(0);
      const final = paid.at(-1)!;
      expect([
        (final.payPeriodStart as PlainDate).compare(left) <= 0,
        (final.payPeriodEnd as PlainDate).compare(left) >= 0,
      ]).toEqual([true, true]);
      expect(final.amount).toBeInstanceOf(Decimal);
    }
  });

  it('gives a line it cannot compute with the reason, and refuses a missing window in plain words', async () => {
    sim = await startBambooSimulator({ rows: 3, seed: 3 });
    const id = [...sim.store.employees.keys()][0]!;
    sim.store.rows('compensation').push({
      id: '9999',
      employeeId: id,
      startDate: '2025-01-01',
      rate: { value: '10.00', currency: 'USD' },
      type: 'Hourly',
      paidPer: 'Piece',
      paySchedule: 'Twice a month',
    });
    const problems = (await read(window)).flatMap((page) => page.problems.map((problem) => problem.message));
    expect(problems).toEqual([
      `BambooHR payroll, employee ${id}, period ending 2025-01-31: a rate paid per "Piece" cannot be turned into pay per period (Year, Month, Week or Hour)`,
      `BambooHR payroll, employee ${id}, period ending 2025-01-31: a rate paid per "Piece" cannot be turned into pay per period (Year, Month, Week or Hour)`,
    ]);
    await expect(read({ payPeriodsEndingFrom: '2025-01-16' })).rejects.toThrow(
      'the payroll stream needs source.options.payPeriodsEndingThrough as a date written YYYY-MM-DD',
    );
  });
});
