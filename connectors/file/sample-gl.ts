/**
 * Writes a realistic Dynamics GP style GL lines export (the columns of a GL20000 extract) for tests and
 * benchmarks, and returns its exact control totals, computed while writing so a million rows never sit
 * in memory. The same seed always writes the same file.
 *
 * What makes it realistic: balanced journal entries of 2-6 lines (so debits equal credits overall), GP's SEQNUMBR steps of 16384, account
 * strings with leading zeros, exactly one of DEBITAMT/CRDTAMNT non-zero per line, descriptions that
 * sometimes hold commas, quotes or (rarely) a line break, and posting batches of many rows sharing one
 * DEX_ROW_TS, which is what makes incremental reads by timestamp hard.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export interface SampleGlTotals {
  readonly rows: number;
  readonly journals: number;
  /** Exact sums with two decimal places, e.g. "123456789.01". */
  readonly debitTotal: string;
  readonly creditTotal: string;
  /** Per transaction month (YYYY-MM): rows and sums, for reconciliation by period. */
  readonly byPeriod: Readonly<
    Record<string, { readonly rows: number; readonly debitTotal: string; readonly creditTotal: string }>
  >;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
}

export const SAMPLE_GL_COLUMNS = [
  'JRNENTRY',
  'SEQNUMBR',
  'ACTNUMST',
  'TRXDATE',
  'DEBITAMT',
  'CRDTAMNT',
  'DSCRIPTN',
  'CURNCYID',
  'DEX_ROW_TS',
] as const;

const ACCOUNTS = [
  '000-1100-00',
  '000-1200-00',
  '000-1300-00',
  '000-1500-00',
  '000-2100-00',
  '000-2200-00',
  '000-2300-00',
  '000-4100-00',
  '000-4100-01',
  '000-4200-00',
  '100-5100-00',
  '100-5200-00',
  '100-6100-00',
  '100-6150-00',
  '200-6200-00',
  '200-6300-00',
  '200-6400-00',
  '300-6500-00',
  '300-6600-00',
  '300-7100-00',
  '400-7200-00',
];
const DESCRIPTIONS = [
  'Office supplies',
  'Freight in',
  'Monthly rent',
  'Payroll accrual',
  'Utilities',
  'Consulting fees',
  'Travel, lodging and meals',
  'Software, annual licence',
  'Vendor "ACME" invoice',
  'Accrual reversal',
  'Bank charges',
  'Customer refund, partial',
  '12" steel pipe',
  'Depreciation',
  'Inventory adjustment',
];
const POSTING_BATCH_ROWS = 200;
const START_MILLIS = Date.UTC(2024, 0, 1, 8, 0, 0);
const DAY_MILLIS = 86_400_000;
const FLUSH_CHARS = 256 * 1024;

export async function writeSampleGlLines(path: string, rows: number, seed: number): Promise<SampleGlTotals> {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`rows must be a whole number >= 0, not ${rows}`);
  const random = mulberry32(seed);
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  const out = createWriteStream(path, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  failed.catch(() => {}); // observed below; keeps an early error from being reported as unhandled

  let buffer = `${SAMPLE_GL_COLUMNS.join(',')}\r\n`;
  let debitCents = 0n;
  let creditCents = 0n;
  const periods = new Map<string, { rows: number; debit: bigint; credit: bigint }>();
  let journal = 1000;
  let written = 0;
  let batchRowsLeft = 0;
  let timestampMillis = START_MILLIS;
  let timestamp = '';
  let firstTimestamp = '';

  while (written < rows) {
    if (batchRowsLeft <= 0) {
      timestampMillis += between(1, 3600) * 1000 + between(0, 999);
      timestamp = new Date(timestampMillis).toISOString();
      if (firstTimestamp === '') firstTimestamp = timestamp;
      batchRowsLeft = between(POSTING_BATCH_ROWS / 2, POSTING_BATCH_ROWS * 2);
    }
    journal++;
    const left = rows - written;
    let lineCount = Math.min(between(2, 6), left);
    if (left - lineCount === 1) lineCount++; // never leave a one-line (unbalanced) entry for the end
    const trxDate = new Date(timestampMillis - between(0, 5) * DAY_MILLIS).toISOString().slice(0, 10);
    const currency = random() < 0.9 ? 'Z-US$' : 'Z-C$';
    const period = trxDate.slice(0, 7);
    let periodTotals = periods.get(period);
    if (periodTotals === undefined) {
      periodTotals = { rows: 0, debit: 0n, credit: 0n };
      periods.set(period, periodTotals);
    }
    let balance = 0n;
    for (let line = 1; line <= lineCount; line++) {
      const isLast = line === lineCount && lineCount > 1;
      // Every line but the last is a random debit or credit; the last balances the entry, so the
      // balance before it must not be zero (a zero line would break "exactly one side non-zero").
      let cents = isLast ? (balance < 0n ? -balance : balance) : BigInt(between(1, 250_000_00));
      const isDebit = isLast ? balance < 0n : random() < 0.5;
      if (!isLast && balance + (isDebit ? cents : -cents) === 0n) cents += 1n;
      balance += isDebit ? cents : -cents;
      if (isDebit) {
        debitCents += cents;
        periodTotals.debit += cents;
      } else {
        creditCents += cents;
        periodTotals.credit += cents;
      }
      periodTotals.rows++;
      const amount = formatCents(cents);
      buffer +=
        `${journal},${line * 16384},${ACCOUNTS[between(0, ACCOUNTS.length - 1)]},${trxDate},` +
        `${isDebit ? amount : '0.00'},${isDebit ? '0.00' : amount},${csvField(description(random))},${currency},${timestamp}\r\n`;
      written++;
      batchRowsLeft--;
    }
    if (buffer.length >= FLUSH_CHARS) {
      if (!out.write(buffer)) await Promise.race([once(out, 'drain'), failed]);
      buffer = '';
    }
  }
  out.end(buffer);
  await Promise.race([once(out, 'finish'), failed]);

  return {
    rows: written,
    journals: journal - 1000,
    debitTotal: formatCents(debitCents),
    creditTotal: formatCents(creditCents),
    byPeriod: Object.fromEntries(
      [...periods]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([period, totals]) => [
          period,
          { rows: totals.rows, debitTotal: formatCents(totals.debit), creditTotal: formatCents(totals.credit) },
        ]),
    ),
    firstTimestamp,
    lastTimestamp: timestamp,
  };
}

function description(random: () => number): string {
  const base = DESCRIPTIONS[Math.floor(random() * DESCRIPTIONS.length)] ?? '';
  const roll = random();
  if (roll < 0.0005) return `${base}\nsee attached`; // exports keep line breaks typed into GP notes
  if (roll < 0.05) return '';
  return base;
}

/** RFC 4180 quoting, only where needed. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatCents(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A small, fast, seedable generator: the same seed gives the same file on every machine. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
