/** CreateGLTransaction through the client against the simulator: numbering, the named batch, GP's refusals. */
import { afterEach, describe, expect, it } from 'vitest';
import { GpWebServicesError } from './errors.ts';
import { startRig, type Rig } from './test-support.ts';
import type { NewGlTransaction } from './types.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const payroll = (overrides: Partial<NewGlTransaction> = {}): NewGlTransaction => ({
  batchId: 'PAYROLL-2025-03',
  date: '2025-03-31',
  reference: 'Payroll March 2025',
  lines: [
    { accountNumber: '000-6100-00', debit: '12345678901234.56', credit: '0.00', description: 'Salaries' },
    { accountNumber: '000-2110-00', debit: '0.00', credit: '12345678901234.56', description: 'Accrued payroll' },
  ],
  ...overrides,
});

async function refusal(promise: Promise<unknown>): Promise<GpWebServicesError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof GpWebServicesError)) throw new Error(`expected a GpWebServicesError, got ${String(error)}`);
  return error;
}

describe('CreateGLTransaction', () => {
  it('creates the journal unposted in a new batch, numbered by GP, findable by BatchId and Reference, amounts exact', async () => {
    rig = await startRig();
    const { sim, client } = rig;
    const before = sim.store.nextJournalEntry();
    await expect(client.createGLTransaction(payroll())).resolves.toBeUndefined();

    const inBatch = await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' });
    const found = inBatch.filter((summary) => summary.reference === 'Payroll March 2025');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ journalId: before, state: 'Work', date: '2025-03-31', batchSource: 'GL_Normal' });
    const journal = await client.getGLTransaction(found[0] ?? { journalId: 0, date: '', state: 'Work' });
    expect(journal?.lines.map((line) => [line.accountNumber, line.debit, line.credit])).toEqual([
      ['000-6100-00', '12345678901234.56', '0.00'],
      ['000-2110-00', '0.00', '12345678901234.56'],
    ]);
    expect(sim.controlTotals()['gl_journal_batch:PAYROLL-2025-03']).toMatchObject({
      rows: 1,
      work: 1,
      sums: { DebitAmount: '12345678901234.56', CreditAmount: '12345678901234.56' },
    });
  });

  it('round-trips hostile text in Reference and Description', async () => {
    rig = await startRig();
    const { client } = rig;
    const reference = `<b>&amp; ]]> "q" 'a' é 💥`;
    const description = `Müller & Söhne </Description>`;
    await client.createGLTransaction(
      payroll({
        reference,
        lines: [
          { accountNumber: '000-6100-00', debit: '10.00', credit: '0.00', description },
          { accountNumber: '000-2110-00', debit: '0.00', credit: '10.00', description: 'x\r\ny' },
        ],
      }),
    );
    const [summary] = (await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' })).filter(
      (s) => s.reference === reference,
    );
    expect(summary?.reference).toBe(reference);
    const journal = await client.getGLTransaction(summary ?? { journalId: 0, date: '', state: 'Work' });
    expect(journal?.lines.map((line) => line.description)).toEqual([description, 'x\r\ny']);
  });

  it("refuses an unbalanced journal, a line with both or neither amount, unknown and inactive accounts, in GP's words via the log id", async () => {
    rig = await startRig();
    const { sim, client } = rig;
    const created = sim.store.map('gl_journal_entries').size;
    const error = await refusal(
      client.createGLTransaction(
        payroll({
          lines: [
            { accountNumber: '000-6190-00', debit: '100.00', credit: '0.00' },
            { accountNumber: '999-0000-00', debit: '5.00', credit: '5.00' },
            { accountNumber: '000-2110-00', debit: '0.00', credit: '0.00' },
          ],
        }),
      ),
    );
    expect(error.code).toBe('GP_VALIDATION');
    expect(error.transient).toBe(false);
    expect(error.logId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.messages).toEqual([
      'Account is inactive; please activate or change the account.',
      'Line 2: enter either a debit or a credit amount.',
      'Line 2: account 999-0000-00 does not exist.',
      'Line 3: enter either a debit or a credit amount.',
    ]);
    expect(error.message).toContain('GP refused CreateGLTransaction: Account is inactive; please activate');

    const unbalanced = await refusal(
      client.createGLTransaction(
        payroll({
          lines: [
            { accountNumber: '000-6100-00', debit: '10.00', credit: '0.00' },
            { accountNumber: '000-2110-00', debit: '0.00', credit: '9.99' },
          ],
        }),
      ),
    );
    expect(unbalanced.messages).toEqual(['The journal entry is not balanced: debits 10.00, credits 9.99.']);
    expect(sim.store.map('gl_journal_entries').size).toBe(created);
  });

  it('refuses a date in a closed fiscal period and one outside any fiscal year, and takes it once the period reopens', async () => {
    rig = await startRig();
    const { sim, client } = rig;
    sim.store.setPeriodClosed(2025, 3, true);
    const closed = await refusal(client.createGLTransaction(payroll()));
    expect(closed.code).toBe('GP_VALIDATION');
    expect(closed.messages).toEqual(['The fiscal period March 2025 is closed for the Financial series.']);
    const outside = await refusal(client.createGLTransaction(payroll({ date: '2031-01-15' })));
    expect(outside.messages).toEqual(['No fiscal period is set up for 2031-01-15.']);
    sim.store.setPeriodClosed(2025, 3, false);
    await client.createGLTransaction(payroll());
    expect(await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' })).toHaveLength(1);
  });

  it('counts saved and refused writes; an answer lost after GP saved the journal is not resent', async () => {
    rig = await startRig({ dropAfterWrite: 1 }, { retry: { sleep: () => Promise.resolve() } });
    const { sim, client } = rig;
    const lost = await client.createGLTransaction(payroll()).catch((caught: unknown) => caught);
    expect(lost).toMatchObject({ transient: true });
    expect(await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' })).toHaveLength(1);
    await client.createGLTransaction(payroll({ date: '2031-01-01' })).catch(() => undefined);
    expect(sim.stats.writes).toMatchObject({
      created: 1,
      refused: 1,
      refusals: ['No fiscal period is set up for 2031-01-01.'],
    });
  });

  it('says which operation a role is not granted, and still reads what it is granted', async () => {
    rig = await startRig({ deniedOperations: ['CreateGLTransaction'] });
    const error = await refusal(rig.client.createGLTransaction(payroll()));
    expect(error.code).toBe('GP_NOT_AUTHORIZED');
    expect(error.operation).toBe('CreateGLTransaction');
    expect(error.message).toContain('not granted the operation CreateGLTransaction');
    expect(error.options.help).toContain('Dynamics Security Service');
    expect((await rig.client.getGLAccountList({ isActive: true })).length).toBeGreaterThan(0);
  });
});

describe('journals between states', () => {
  it('a posted batch moves to Open with a new ModifiedDate, a closed year to History, each read by its posted key', async () => {
    rig = await startRig();
    const { sim, client } = rig;
    await client.createGLTransaction(payroll());
    const [work] = await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' });
    if (work === undefined) throw new Error('the journal was not created');
    expect(sim.store.postBatch('GL_Normal', 'PAYROLL-2025-03')).toBe(1);
    const [open] = await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03', states: ['Open'] });
    expect(open).toMatchObject({ journalId: work.journalId, state: 'Open' });
    expect(Date.parse(open?.modifiedDate ?? '')).toBeGreaterThan(Date.parse(work.modifiedDate));
    expect(await client.getGLTransaction(work)).toBeUndefined();
    expect(await client.getGLTransaction(open ?? work)).toMatchObject({ state: 'Open', fiscalYear: 2025 });

    expect(sim.store.closeYear(2025)).toBeGreaterThan(0);
    const [history] = await client.getGLTransactionList({ batchId: 'PAYROLL-2025-03' });
    expect(history).toMatchObject({ journalId: work.journalId, state: 'History' });
    const journal = await client.getGLTransaction(history ?? work);
    expect(journal?.lines[0]?.debit).toBe('12345678901234.56');
    const totals = sim.controlTotals()['gl_journal_state:History'] as { rows: number; sums: { DebitAmount: string } };
    expect(totals.rows).toBe((await client.getGLTransactionList({ states: ['History'] })).length);
  });
});
