/**
 * The ledger streams' own behaviour against the GP simulator's GP Web Services endpoint (real SOAP server
 * on loopback, real client): lists that answer at most N items silently are read whole; a journal that
 * posts (Work -> Open) and closes (Open -> History) between runs is read exactly once more under its same
 * key; one instant over the cap stops the read with a plain error; a connection that lacks the ledger's
 * address part, or signs in with Basic, is told which part in one sentence.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow, ReadRequest, Source } from '../../../engine/model/io.ts';
import { Decimal, Timestamp, compareValues, type Value } from '../../../engine/model/values/index.ts';
import { openGpSource } from '../gp-source.ts';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/index.ts';
import { journalKey, ledgerConfig } from './test-support.ts';

const sources: Source[] = [];
const sims: GpSimulator[] = [];
afterEach(async () => {
  for (const source of sources.splice(0)) await source.close();
  for (const sim of sims.splice(0)) await sim.close();
});

async function rig(options: GpSimulatorOptions, listCap?: number): Promise<{ sim: GpSimulator; source: Source }> {
  const sim = await startGpSimulator({ seed: 3, ...options });
  const source = openGpSource({ ...ledgerConfig(sim), retry: false }, listCap === undefined ? {} : { listCap });
  sims.push(sim);
  sources.push(source);
  return { sim, source };
}

async function readAll(source: Source, entity: string, options: Partial<ReadRequest> = {}): Promise<DataRow[]> {
  const rows: DataRow[] = [];
  for await (const page of source.read({ entity, key: [], cursorField: 'ModifiedDate', pageSize: 500, ...options })) {
    expect(page.problems ?? []).toEqual([]);
    rows.push(...page.records);
  }
  return rows;
}

const keyOf = (row: DataRow, fields: readonly string[]) => fields.map((field) => String(row[field])).join('|');

function expectAscending(rows: readonly DataRow[]): void {
  for (let i = 1; i < rows.length; i++)
    expect(compareValues(rows[i - 1]?.ModifiedDate ?? null, rows[i]?.ModifiedDate ?? null)).toBeLessThanOrEqual(0);
}

function journalTotals(sim: GpSimulator): { rows: number } {
  const totals = sim.controlTotals() as Record<string, { rows: number } | undefined>;
  return { rows: totals.gl_journal_entries?.rows ?? -1 };
}

describe('GP ledger streams through GP Web Services', () => {
  it('reads 2,500 journals whole through the 1,000-item cap, each once and in ModifiedDate order', async () => {
    const { sim, source } = await rig({ rows: 2500 });
    const before = sim.stats.requests;
    // Header fields only: no by-key read per journal, so this measures the list calls.
    const rows = await readAll(source, 'gl_journal_entries', {
      fields: ['JournalEntry', 'TransactionDate', 'TransactionState', 'ModifiedDate'],
    });
    expect(rows).toHaveLength(journalTotals(sim).rows);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((row) => keyOf(row, ['JournalEntry', 'TransactionDate']))).size).toBe(2500);
    expectAscending(rows);
    // One capped answer at least was split: more than one list call.
    expect(sim.stats.requests - before).toBeGreaterThan(2);
  }, 60_000);

  it('makes the by-key reads on several signed-in connections at once, the rows the same as one at a time', async () => {
    const read = async (parallelReads: number) => {
      // Every answer 15 ms late, as a real GP's are (its web service works through eConnect on SQL Server).
      const sim = await startGpSimulator({ seed: 3, rows: 120, faults: 'slow:1@15ms' });
      sims.push(sim);
      const config = ledgerConfig(sim);
      const source = openGpSource({ ...config, webServices: { ...config.webServices!, parallelReads }, retry: false });
      sources.push(source);
      const rows = await readAll(source, 'gl_journal_lines');
      return { rows, sim };
    };
    const one = await read(1);
    const four = await read(4);
    expect(four.rows).toEqual(one.rows);
    expect(four.rows.length).toBeGreaterThan(120);
    // One connection lists; the by-key reads go one at a time on one more, or four at a time on four more.
    expect(one.sim.stats.ntlm.accepted).toBe(2);
    expect(one.sim.stats.mostAtOnce).toBe(1);
    expect(four.sim.stats.ntlm.accepted).toBe(5);
    expect(four.sim.stats.mostAtOnce).toBe(4);
  }, 60_000);

  it('reads accounts, journals and lines whole when the server caps lists at 30, lines equal to the control totals', async () => {
    // 30: above the simulator's payroll accounts, which share one ModifiedDate (stamped together at start).
    const { sim, source } = await rig({ rows: 150, listCap: 30 }, 30);
    const before = sim.stats.requests;
    const totals = sim.controlTotals() as Record<string, { rows: number; sums: Record<string, string> } | undefined>;
    const accounts = await readAll(source, 'gl_accounts');
    expect(accounts).toHaveLength(totals.gl_accounts?.rows ?? -1);
    expect(new Set(accounts.map((row) => row.AccountNumber)).size).toBe(accounts.length);
    expectAscending(accounts);
    const lines = await readAll(source, 'gl_journal_lines');
    expect(lines).toHaveLength(totals.gl_journal_lines?.rows ?? -1);
    const sum = (field: string) => lines.reduce((total, row) => total.add(row[field] as Decimal), Decimal.ZERO);
    expect(compareValues(sum('DebitAmount'), Decimal.parse(totals.gl_journal_lines?.sums.DebitAmount ?? '-1'))).toBe(0);
    expect(compareValues(sum('CreditAmount'), Decimal.parse(totals.gl_journal_lines?.sums.CreditAmount ?? '-1'))).toBe(
      0,
    );
    expect(new Set(lines.map((row) => keyOf(row, ['JournalEntry', 'TransactionDate', 'SequenceNumber']))).size).toBe(
      lines.length,
    );
    expectAscending(lines);
    // Far more list calls than one per stream: capped windows were split (lines add one by-key call per journal).
    expect(sim.stats.requests - before - (totals.gl_journal_entries?.rows ?? 0) - accounts.length).toBeGreaterThan(20);
  });

  it('loses no change made while a split read is under way: each journal is read now at its newest stamp, or from the watermark next run', async () => {
    const { sim, source } = await rig({ rows: 150, listCap: 8 }, 8);
    const seen = new Map<string, number>();
    let pages = 0;
    for await (const page of source.read({
      entity: 'gl_journal_entries',
      key: [],
      cursorField: 'ModifiedDate',
      pageSize: 4,
      fields: ['JournalEntry', 'TransactionDate', 'ModifiedDate'],
    })) {
      for (const row of page.records)
        seen.set(keyOf(row, ['JournalEntry', 'TransactionDate']), (row.ModifiedDate as Timestamp).toEpochMillis());
      if (++pages % 2 === 0) sim.advance(6);
    }
    expect(pages).toBeGreaterThan(20);
    const newest = Math.max(...seen.values());
    const next = await readAll(source, 'gl_journal_entries', { from: { cursor: Timestamp.fromEpochMillis(newest) } });
    const later = new Map(
      next.map((row) => [
        keyOf(row, ['JournalEntry', 'TransactionDate']),
        (row.ModifiedDate as Timestamp).toEpochMillis(),
      ]),
    );
    for (const record of sim.store.map('gl_journal_entries').values()) {
      const key = journalKey(record.fields).join('|');
      expect(seen.get(key) === record.modifiedMs || later.get(key) === record.modifiedMs, key).toBe(true);
    }
  });

  it('one instant holding the cap alone, even per state and date, stops the read with a plain error', async () => {
    // Seeded journals come five to a batch posting: one ModifiedDate, one date, one state.
    const { source } = await rig({ rows: 40, listCap: 5 }, 5);
    const error = await readAll(source, 'gl_journal_entries').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'GP_LIST_CAP' });
    expect((error as Error).message).toMatch(
      /^GP Web Services answer at most 5 items per list call, and the (Work|Open|History) GL journals of \d{4}-\d\d-\d\d modified at .+Z alone hold that many; the read stopped rather than load part of them$/,
    );
  });

  it('a journal posted, then closed into history between runs is read exactly once more each time, under its one key', async () => {
    const { sim, source } = await rig({ rows: 60 });
    const first = await readAll(source, 'gl_journal_entries');
    const merged = new Map(first.map((row) => [keyOf(row, ['JournalEntry', 'TransactionDate']), row]));
    const work = [...sim.store.map('gl_journal_entries').values()].filter(
      (record) => record.fields.TransactionState === 'Work',
    );
    const batch = String(work[0]?.fields.BatchId);
    const inBatch = work.filter((record) => String(record.fields.BatchId) === batch).map((r) => journalKey(r.fields));
    expect(inBatch.length).toBeGreaterThan(0);

    const watermark = (rows: readonly DataRow[]) =>
      rows.reduce<Value>(
        (newest, row) => (compareValues(row.ModifiedDate ?? null, newest) > 0 ? (row.ModifiedDate ?? null) : newest),
        null,
      );
    const runFrom = async (from: Value) => {
      const rows = (await readAll(source, 'gl_journal_entries', { from: { cursor: from } })).filter(
        // The engine's closed start reads the watermark's own records again and drops them as loaded.
        (row) => compareValues(row.ModifiedDate ?? null, from) > 0,
      );
      for (const row of rows) merged.set(keyOf(row, ['JournalEntry', 'TransactionDate']), row);
      return rows;
    };

    sim.store.postBatch('GL_Normal', batch);
    const posted = await runFrom(watermark(first));
    expect(posted.map((row) => [row.JournalEntry, String(row.TransactionDate)]).sort()).toEqual(
      inBatch.map(([journal, date]) => [journal, date]).sort(),
    );
    expect(posted.every((row) => row.TransactionState === 'Open')).toBe(true);
    expect(merged.size).toBe(first.length);

    const year = Number(String(posted[0]?.TransactionDate).slice(0, 4));
    sim.store.closeYear(year);
    const closed = await runFrom(watermark([...first, ...posted]));
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((row) => row.TransactionState === 'History')).toBe(true);
    expect(new Set(closed.map((row) => keyOf(row, ['JournalEntry', 'TransactionDate']))).size).toBe(closed.length);
    for (const [journal, date] of inBatch)
      expect(merged.get(`${journal}|${date}`)?.TransactionState, `${journal} of ${date}`).toBe('History');
    expect(merged.size).toBe(first.length);
  });

  it('filters journals by TransactionState as GP criterion', async () => {
    const { source } = await rig({ rows: 50 });
    const rows = await readAll(source, 'gl_journal_entries', { filters: { TransactionState: 'Work' } });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.TransactionState === 'Work')).toBe(true);
    await expect(readAll(source, 'gl_accounts', { filters: { TransactionState: 'Work' } })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FILTER',
    });
  });

  it('names the missing address part, and refuses Basic for the ledger, in one sentence', async () => {
    const sim = await startGpSimulator({ rows: 5 });
    sims.push(sim);
    const { domain, user, password } = sim.credentials;
    const auth = { method: 'ntlm' as const, domain, user, passwordSecret: 'p' };
    const resolveSecret = () => Promise.resolve(password);
    const sbaOnly = openGpSource({
      baseUrl: sim.url,
      company: sim.company,
      addressPath: 'connections.gp.address',
      auth,
      resolveSecret,
    });
    const ledgerOnly = openGpSource({ ...ledgerConfig(sim), addressPath: 'connections.gp.address' });
    const basic = openGpSource({
      ...ledgerConfig(sim, { method: 'basic' }),
      addressPath: 'connections.gp.address',
    });
    sources.push(sbaOnly, ledgerOnly, basic);
    await expect(readAll(sbaOnly, 'gl_journal_lines')).rejects.toThrow(
      /^connections\.gp\.address\.webServicesUrl: the gl_journal_lines stream comes through GP Web Services; give its address/,
    );
    await expect(readAll(ledgerOnly, 'vendors')).rejects.toThrow(
      /^connections\.gp\.address\.baseUrl: the vendors stream comes through GP's Service Based Architecture/,
    );
    await expect(readAll(basic, 'gl_accounts')).rejects.toThrow(
      /^connections\.gp\.auth\.method: the gl_accounts stream comes through GP Web Services, which sign in with ntlm or negotiate only, not basic$/,
    );
    // The SBA-only connection still reads SBA.
    expect((await readAll(sbaOnly, 'vendors')).length).toBe(5);
  });
});
