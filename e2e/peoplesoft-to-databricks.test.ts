/**
 * The shipped example `peoplesoft-to-databricks.json`, pointed at the PeopleSoft simulator (through a front
 * that records each Query Access Services request) and the Databricks simulator (5% 503s, its retry waits
 * recorded, not slept), run by the real runner. Databricks must hold what PeopleSoft holds: each stream's
 * rows, each journal line once, and the signed journal sums per ledger/fiscal year/period exactly equal to
 * PeopleSoft's control totals, and so the PO distributions' amounts and quantities (each with its department's
 * cost center). After PeopleSoft moves on (a journal posted today, a vendor moving, a new
 * customer, a PO updated), a second run asks only for windows from each watermark's day on (less the
 * journals' 3-day lookback), writes just the changed records, and the totals still match.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabricksSql } from '../connectors/databricks/sql-client.ts';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { PEOPLESOFT_TO_DATABRICKS, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { Decimal, PlainDate } from '../engine/model/values/index.ts';
import { request } from 'undici';
import { loadPipelineFile, runPipeline, type RunOutcome } from '../engine/runner/index.ts';
import { registryRecordingDatabricksWaits } from './databricks-retry-waits.ts';
import { startRecordingFront, type RecordingFront } from './recording-http-front.ts';

let psft: SimulatorHandle;
let front: RecordingFront;
let databricks: SimulatorHandle;
let warehouse: DatabricksSql;
let dir: string;

/** Databricks' waits between statement retries, recorded instead of slept: no test waits on a clock. */
const databricksRetryWaits: number[] = [];
const connectors = registryRecordingDatabricksWaits(databricksRetryWaits);

beforeAll(async () => {
  psft = await startSimulator('peoplesoft', { port: 0, seed: 17, rows: 120 });
  front = await startRecordingFront(psft.url);
  databricks = await startSimulator('databricks', { port: 0, seed: 17, faults: '503:0.05', retryAfterSeconds: 0 });
  warehouse = new DatabricksSql({
    host: String(databricks.address!.host),
    port: Number(databricks.address!.port),
    httpPath: String(databricks.address!.httpPath),
    auth: { kind: 'pat', token: databricks.secrets.databricks_token! },
    caCert: databricks.caCert!,
    retry: { sleep: async (ms) => void databricksRetryWaits.push(ms) },
  });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-psft-dbx-'));
});

afterAll(async () => {
  await warehouse?.close();
  await front?.close();
  await psft?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(): Promise<RunOutcome> {
  const pointed = { ...psft, url: front.url, address: { ...psft.address, baseUrl: front.url } };
  const workspace = prepareExampleWorkspace(dir, { peoplesoft: pointed, databricks }, [PEOPLESOFT_TO_DATABRICKS]);
  const secrets = { ...psft.secrets, ...databricks.secrets };
  return runPipeline({
    connectors,
    loaded: loadPipelineFile(workspace.files[PEOPLESOFT_TO_DATABRICKS]!),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) =>
      secrets[name] === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(secrets[name]!),
    retry: { attempts: 6, baseDelayMs: 0, maxDelayMs: 0 },
  });
}

type Totals = Record<string, { rows: number; sums: Record<string, string> }>;

const TABLES = {
  vendors: 'main.finance.psft_vendors',
  customers: 'main.finance.psft_customers',
  purchase_orders: 'main.finance.psft_purchase_orders',
  purchase_order_lines: 'main.finance.psft_po_lines',
  purchase_order_distributions: 'main.finance.psft_po_distributions',
  journal_lines: 'main.finance.psft_journal_lines',
} as const;

async function expectDatabricksEqualsPeopleSoft(): Promise<void> {
  const source = (await psft.controlTotals()) as Totals;
  const target = (await databricks.controlTotals()) as Totals;
  for (const [stream, table] of Object.entries(TABLES)) expect(target[table]?.rows, stream).toBe(source[stream]!.rows);
  const byPeriod = await warehouse.query(
    `SELECT concat(ledger, '/', fiscal_year, '/', accounting_period) AS grp, CAST(sum(amount) AS STRING) AS amount
     FROM ${TABLES.journal_lines} GROUP BY 1`,
  );
  const expected = source.journal_lines_by_ledger_period!.sums;
  expect(Object.keys(expected).length).toBeGreaterThan(3);
  expect(Object.fromEntries(byPeriod.map((g) => [String(g.grp), String(g.amount)]))).toEqual(expected);
  const [distinct] = await warehouse.query(
    `SELECT count(*) AS n FROM (SELECT DISTINCT business_unit, journal_id, journal_date, unpost_seq, journal_line FROM ${TABLES.journal_lines})`,
  );
  expect(Number(distinct!.n)).toBe(source.journal_lines!.rows);
  await expectDistributionsEqualPeopleSoft(source);
}

/**
 * The PO distributions' amounts and quantities add up in Databricks exactly to PeopleSoft's control totals,
 * and every distribution carries the cost center of its department (the lookup covers each DEPTID).
 */
async function expectDistributionsEqualPeopleSoft(source: Totals): Promise<void> {
  const [sums] = await warehouse.query(
    `SELECT CAST(sum(amount) AS STRING) AS amount, CAST(sum(quantity) AS STRING) AS quantity,
            count(*) - count(cost_center) AS without_cost_center
     FROM ${TABLES.purchase_order_distributions}`,
  );
  const expected = source.purchase_order_distributions!.sums;
  expect(source.purchase_order_distributions!.rows).toBeGreaterThan(source.purchase_order_lines!.rows);
  expect(Decimal.parse(String(sums!.amount)).toString()).toBe(Decimal.parse(expected.MERCHANDISE_AMT!).toString());
  expect(Decimal.parse(String(sums!.quantity)).equals(Decimal.parse(expected.QTY_PO!))).toBe(true);
  expect(Number(sums!.without_cost_center)).toBe(0);
  const byCostCenter = await warehouse.query(
    `SELECT department, cost_center FROM ${TABLES.purchase_order_distributions} GROUP BY 1, 2 ORDER BY 1`,
  );
  expect(byCostCenter.map((row) => [row.department, row.cost_center])).toEqual([
    ['10000', 'CC-FIN'],
    ['20000', 'CC-OPS'],
    ['30000', 'CC-SALES'],
  ]);
}

/**
 * PeopleSoft's journals are balanced, so its signed sums per ledger/period are 0.00: equal sums alone would
 * not show an amount lost or changed on the way. So also the debits (positive amounts) and lines per
 * ledger/period, as PeopleSoft answers the saved query itself (one window over all days; fields named by their record alias, as
 * PeopleSoft names them; read as text so the amounts stay exact), against Databricks' own.
 */
async function expectDebitsPerPeriodEqual(): Promise<void> {
  const asked = front.requests.find((line) => line.includes('/MLC_JRNL_LINES/'))!;
  const url = new URL(asked.slice(asked.indexOf(' ') + 1), psft.url);
  url.searchParams.set('prompt_fieldvalue', '1900-01-01,2999-12-31');
  url.searchParams.set('maxrows', '100000');
  const basic = Buffer.from(`MLC_SYNC:${psft.secrets.psft_password}`).toString('base64');
  const answer = await (await request(url, { headers: { authorization: `Basic ${basic}` } })).body.text();
  const fromPeopleSoft: Record<string, { lines: number; debit: Decimal }> = {};
  for (const row of answer.match(/\{"attr:rownumber"[^}]*\}/g) ?? []) {
    const field = (name: string) => new RegExp(`"[A-Z]\\.${name}":"?(-?[\\w.]+)`).exec(row)![1]!;
    const group = `${field('LEDGER')}/${field('FISCAL_YEAR')}/${field('ACCOUNTING_PERIOD')}`;
    const amount = Decimal.parse(field('MONETARY_AMOUNT'));
    const totals = (fromPeopleSoft[group] ??= { lines: 0, debit: Decimal.parse('0') });
    totals.lines += 1;
    if (!amount.toString().startsWith('-')) totals.debit = totals.debit.add(amount);
  }
  const fromDatabricks = await warehouse.query(
    `SELECT concat(ledger, '/', fiscal_year, '/', accounting_period) AS grp, count(*) AS lines,
            CAST(sum(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS STRING) AS debit
     FROM ${TABLES.journal_lines} GROUP BY 1`,
  );
  expect(Object.keys(fromPeopleSoft).length).toBeGreaterThan(3);
  expect(
    Object.fromEntries(
      fromDatabricks.map((g) => [String(g.grp), [Number(g.lines), Decimal.parse(String(g.debit)).toString()]]),
    ),
  ).toEqual(Object.fromEntries(Object.entries(fromPeopleSoft).map(([g, t]) => [g, [t.lines, t.debit.toString()]])));
}

/** Each saved query's asked windows `[FROM_DT, TO_DT]` since request `from` of the front's log. */
function windowsAsked(from: number): Record<string, [string, string][]> {
  const asked: Record<string, [string, string][]> = {};
  for (const line of front.requests.slice(from)) {
    const url = new URL(line.slice(line.indexOf(' ') + 1), front.url);
    const query = /\/(MLC_[A-Z_]+)\//.exec(url.pathname)?.[1];
    const values = url.searchParams.get('prompt_fieldvalue')?.split(',');
    if (query === undefined || values === undefined) continue;
    (asked[query] ??= []).push([values[0]!, values[1]!]);
  }
  return asked;
}

/** The day each stream's reading starts on after the first run: the latest cursor Databricks holds, or 1900-01-01. */
async function watermarkDays(): Promise<Record<string, string>> {
  const [row] = await warehouse.query(
    `SELECT CAST((SELECT CAST(max(last_updated_at) AS DATE) FROM ${TABLES.purchase_order_lines}) AS STRING) AS po,
            CAST((SELECT CAST(max(last_updated_at) AS DATE) FROM ${TABLES.purchase_orders}) AS STRING) AS headers,
            CAST((SELECT CAST(max(last_updated_at) AS DATE) FROM ${TABLES.purchase_order_distributions}) AS STRING) AS distributions,
            CAST((SELECT max(posted_date) FROM ${TABLES.journal_lines}) AS STRING) AS journals`,
  );
  return {
    // Vendors and customers are read whole each run (their cursor is the constant MASTER_SNAPSHOT), so a
    // change to a master field alone is caught; only what changed is written.
    MLC_VENDORS: '1900-01-01',
    MLC_CUSTOMERS: '1900-01-01',
    MLC_PO_LINES: String(row!.po).slice(0, 10),
    MLC_PO_HEADERS: String(row!.headers).slice(0, 10),
    MLC_PO_DISTRIBS: String(row!.distributions).slice(0, 10),
    // The example's journal stream reads 3 days back from its watermark (P3D).
    MLC_JRNL_LINES: PlainDate.parse(String(row!.journals)).addDays(-3).toString(),
  };
}

describe('PeopleSoft -> Databricks, the shipped example', () => {
  it('equals PeopleSoft: rows, each journal line once, signed sums per ledger/period; then reads only the new window', async () => {
    const first = await run();
    expect(first.streams.map((s) => [s.name, s.status, s.held])).toEqual([
      ['vendors', 'ok', 0],
      ['customers', 'ok', 0],
      ['purchase_orders', 'ok', 0],
      ['purchase_order_lines', 'ok', 0],
      ['purchase_order_distributions', 'ok', 0],
      ['journal_lines', 'ok', 0],
    ]);
    expect(databricks.stats().faults).toBeGreaterThan(0);
    expect(databricksRetryWaits.length).toBeGreaterThan(0);
    await expectDatabricksEqualsPeopleSoft();
    await expectDebitsPerPeriodEqual();

    const starts = await watermarkDays();
    const [lookback] = await warehouse.query(
      `SELECT count(*) AS n FROM ${TABLES.journal_lines} WHERE posted_date >= CAST(:start AS DATE)`,
      { start: starts.MLC_JRNL_LINES! },
    );
    const journalLinesBefore = ((await databricks.controlTotals()) as Totals)[TABLES.journal_lines]!.rows;
    const firstRequests = front.requests.length;
    expect(psft.advance!(6)).toBeGreaterThan(0);
    const second = await run();
    expect(second.status).toBe('ok');

    // Only windows from each watermark's day on: the earliest asked is that day, none before it.
    const asked = windowsAsked(firstRequests);
    expect(Object.keys(asked).sort()).toEqual(Object.keys(starts).sort());
    for (const [query, windows] of Object.entries(asked))
      expect(windows.map(([fromDay]) => fromDay).sort()[0], query).toBe(starts[query]);

    // Only the changed records written; the rest of what was read again was already loaded. The journals'
    // lookback re-reads the lines of its 3 days: Databricks' merge counts a matched row as updated (it does
    // not compare values), so those show as written, and only the 2 lines posted today are new rows.
    const byName = Object.fromEntries(second.streams.map((s) => [s.name, s]));
    expect(byName.journal_lines).toMatchObject({ status: 'ok', read: Number(lookback!.n) + 2 });
    expect(((await databricks.controlTotals()) as Totals)[TABLES.journal_lines]!.rows).toBe(journalLinesBefore + 2);
    expect(byName.vendors).toMatchObject({ status: 'ok', written: 1 });
    expect(byName.customers).toMatchObject({ status: 'ok', written: 1 });
    expect(byName.purchase_order_lines!.written).toBeGreaterThan(0);
    expect(byName.purchase_orders!.written).toBeGreaterThan(0);
    expect(byName.purchase_order_distributions!.written).toBeGreaterThan(0);
    for (const stream of second.streams) expect(stream.read, stream.name).toBe(stream.written + stream.alreadyLoaded);
    await expectDatabricksEqualsPeopleSoft();
    await expectDebitsPerPeriodEqual();
  }, 120_000);
});
