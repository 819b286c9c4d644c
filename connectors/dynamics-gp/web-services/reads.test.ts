/** The GP Web Services client's reads against the simulator's SOAP endpoint (real HTTP, NTLM, no mocks). */
import { afterEach, describe, expect, it } from 'vitest';
import { GpDateTime, Money, type SimFields } from '../simulator/gp-values.ts';
import { startRig, type Rig } from './test-support.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('GP Web Services reads', () => {
  it('lists GL accounts as summaries, filters IsActive and ModifiedDate in UTC', async () => {
    rig = await startRig({ rows: 30 });
    const { sim, client } = rig;
    const all = await client.getGLAccountList({});
    expect(all).toHaveLength(sim.store.map('gl_accounts').size);
    const first = all.find((account) => account.accountNumber === '000-6190-00');
    expect(first).toMatchObject({ isActive: false, accountType: 'Posting', description: 'Payroll Clearing (retired)' });
    expect(first?.modifiedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const active = await client.getGLAccountList({ isActive: true });
    expect(active.every((account) => account.isActive)).toBe(true);
    expect(active.length).toBe(
      [...sim.store.map('gl_accounts').values()].filter((r) => r.fields.IsActive === true).length,
    );

    const stamps = [...sim.store.map('gl_accounts').values()].map((r) => r.modifiedMs).sort((a, b) => a - b);
    const pivot = stamps[10] ?? 0;
    const after = await client.getGLAccountList({ modified: { after: new Date(pivot).toISOString() } });
    expect(after.length).toBe(stamps.filter((ms) => ms > pivot).length);
    const from = await client.getGLAccountList({ modified: { from: new Date(pivot).toISOString() } });
    expect(from.length).toBe(stamps.filter((ms) => ms >= pivot).length);
    const upTo = await client.getGLAccountList({ modified: { to: new Date(pivot).toISOString(), before: undefined } });
    expect(upTo.length).toBe(stamps.filter((ms) => ms <= pivot).length);
  });

  it('reads criteria instants in UTC: with Z, with an offset, without a zone (UTC) and a date alone (midnight UTC)', async () => {
    rig = await startRig({ rows: 30 });
    const { sim, client } = rig;
    // Three accounts last changed late on New Year's Eve (UTC), just before the simulator's first day.
    const records = [...sim.store.map('gl_accounts').values()];
    for (const record of records.slice(0, 3)) record.modifiedMs = Date.UTC(2023, 11, 31, 23, 30);
    const stamps = records.map((r) => r.modifiedMs);
    const midnight = Date.UTC(2024, 0, 1);
    const expected = stamps.filter((ms) => ms > midnight).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(stamps.length);
    for (const after of ['2024-01-01T00:00:00Z', '2024-01-01T02:00:00+02:00', '2024-01-01T00:00:00', '2024-01-01'])
      expect(await client.getGLAccountList({ modified: { after } }), after).toHaveLength(expected);
  });

  it('reads one account by key, and an unknown key as undefined', async () => {
    rig = await startRig();
    const account = await rig.client.getGLAccountByKey('000-2110-00');
    expect(account).toMatchObject({
      accountNumber: '000-2110-00',
      description: 'Accrued Payroll',
      isActive: true,
      postingType: 'BalanceSheet',
      typicalBalance: 'Credit',
      accountType: 'Posting',
    });
    expect(await rig.client.getGLAccountByKey('999-9999-99')).toBeUndefined();
  });

  it('lists journals of every state without amounts, then reads each with exact lines', async () => {
    rig = await startRig({ rows: 20 });
    const { sim, client } = rig;
    const summaries = await client.getGLTransactionList({});
    expect(summaries).toHaveLength(sim.store.map('gl_journal_entries').size);
    expect(new Set(summaries.map((s) => s.state))).toEqual(new Set(['Work', 'Open', 'History']));
    for (const summary of summaries) expect(Object.keys(summary)).not.toContain('lines');

    const totals = sim.controlTotals();
    for (const state of ['Work', 'Open', 'History'] as const) {
      const ofState = summaries.filter((s) => s.state === state);
      let lines = 0;
      for (const summary of ofState) {
        const journal = await client.getGLTransaction(summary);
        expect(journal).toMatchObject({ journalId: summary.journalId, state, batchId: summary.batchId });
        lines += journal?.lines.length ?? 0;
        const record = sim.store.map('gl_journal_entries').get(summary.journalId);
        const first = ((record?.fields.Lines ?? []) as SimFields[])[0];
        expect(journal?.lines[0]?.debit).toBe((first?.DebitAmount as Money).value.rescale(2).toString());
      }
      expect({ rows: ofState.length, lines }).toEqual({
        rows: (totals[`gl_journal_state:${state}`] as { rows: number }).rows,
        lines: (totals[`gl_journal_state:${state}`] as { lines: number }).lines,
      });
    }
  });

  it('restricts journals by TransactionState, BatchId and document date', async () => {
    rig = await startRig({ rows: 30 });
    const { sim, client } = rig;
    const work = await client.getGLTransactionList({ states: ['Work'] });
    expect(work.length).toBeGreaterThan(0);
    expect(work.every((s) => s.state === 'Work')).toBe(true);
    const posted = await client.getGLTransactionList({ states: ['Open', 'History'] });
    expect(work.length + posted.length).toBe(sim.store.map('gl_journal_entries').size);
    const batch = work[0]?.batchId ?? '';
    const inBatch = await client.getGLTransactionList({ batchId: batch.toLowerCase() });
    expect(inBatch.length).toBeGreaterThan(0);
    expect(inBatch.every((s) => s.batchId === batch)).toBe(true);
    const day = work[0]?.date ?? '';
    const onDay = await client.getGLTransactionList({ date: { from: day, to: day } });
    expect(onDay.every((s) => s.date === day)).toBe(true);
    const expected = [...sim.store.map('gl_journal_entries').values()].filter(
      (r) => new Date((r.fields.TransactionDate as GpDateTime).ms).toISOString().slice(0, 10) === day,
    );
    expect(onDay).toHaveLength(expected.length);
  });

  it('answers undefined for a journal that is not there, or asked in the wrong state', async () => {
    rig = await startRig();
    const { client } = rig;
    const [open] = await client.getGLTransactionList({ states: ['Open'] });
    if (open === undefined) throw new Error('the simulator has no Open journal');
    expect(await client.getGLTransaction({ ...open, journalId: 999_999 })).toBeUndefined();
    expect(await client.getGLTransaction({ ...open, state: 'Work' })).toBeUndefined();
    expect(await client.getGLTransaction({ ...open, date: '2020-01-01' })).toBeUndefined();
  });
});
