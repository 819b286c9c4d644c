/**
 * The GP write path for journals against the simulator over NTLM: created unposted in the named batch,
 * validated per line before sending (what fails holds its whole journal and is never sent), idempotent
 * by reference (re-sent, timed out, replayed), posted journals never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/index.ts';
import { GpTargetError } from './tables.ts';
import { batchOf, destinationFor, employeeTarget, journalTarget, payJournal } from './test-support.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function rig(options: GpSimulatorOptions = {}) {
  const sim = await startGpSimulator({ rows: 10, seed: 5, ...options });
  const destination = destinationFor(sim);
  open.push(destination, sim);
  return { sim, destination, batch: () => sim.controlTotals()['gl_journal_batch:PAYROLL'] };
}

describe('GP destination: journals', () => {
  it('refuses targets GP does not take, in plain words', async () => {
    const { destination } = await rig();
    await expect(destination.ensureTable({ ...journalTarget(), table: 'gl_lines' })).rejects.toThrow(
      'Dynamics GP takes the tables gl_journals, employees, vendors, not "gl_lines"',
    );
    await expect(
      destination.ensureTable({
        ...journalTarget(),
        columns: journalTarget().columns.filter((c) => c.name !== 'credit'),
      }),
    ).rejects.toThrow('gl_journals: map the column credit');
    await expect(destination.ensureTable({ ...journalTarget(), writeMode: 'replace' })).rejects.toBeInstanceOf(
      GpTargetError,
    );
    await expect(destination.ensureTable(journalTarget('payroll run'))).rejects.toThrow(
      'options.batch must be a GP batch id',
    );
    await expect(destination.ensureTable({ ...employeeTarget(), writeMode: 'append' })).rejects.toThrow(
      'write with merge on employee_id',
    );
    expect(await destination.ensureTable(journalTarget())).toEqual([]);
  });

  it('creates balanced journals unposted in the named batch; GP totals equal the rows written', async () => {
    const { sim, destination, batch } = await rig();
    const rows = [
      ...payJournal('PR 2025-01-31 FIN', '2025-01-31', '4583.33'),
      ...payJournal('PR 2025-01-31 OPS', '2025-01-31', '1234.56', { costCenter: 'CC-OPS' }),
    ];
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toEqual({
      inserted: 4,
      updated: 0,
      alreadyCommitted: 0,
      rejected: [],
    });
    expect(batch()).toEqual({
      rows: 2,
      lines: 4,
      work: 2,
      posted: 0,
      sums: { DebitAmount: '5817.89', CreditAmount: '5817.89' },
    });
    // The same batch again (a retry, a resumed run): found by reference, nothing written twice.
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 4,
    });
    expect(sim.stats.writes).toMatchObject({ created: 2, updated: 0, refused: 0 });
  });

  it('holds a whole journal with the reason of the failing line, never sending it: unbalanced, inactive account, unknown cost center, closed period', async () => {
    const { sim, destination, batch } = await rig();
    sim.store.setPeriodClosed(2025, 2, true);
    const rows = [
      ...payJournal('UNBALANCED', '2025-01-31', '100.00', { credit: '99.99' }),
      ...payJournal('INACTIVE', '2025-01-31', '10.00', { account: '000-6190-00' }),
      ...payJournal('NO CC', '2025-01-31', '10.00', { costCenter: 'CC-LEGAL' }),
      ...payJournal('CLOSED', '2025-02-07', '10.00'),
      ...payJournal('GOOD', '2025-01-31', '77.70'),
    ];
    const result = await destination.writeBatch(journalTarget(), batchOf(rows));
    expect(result.inserted).toBe(2);
    expect(result.rejected?.map((row) => [row.index, row.code])).toEqual([
      [0, 'JOURNAL_UNBALANCED'],
      [1, 'JOURNAL_UNBALANCED'],
      [2, 'GP_ACCOUNT_INACTIVE'],
      [3, 'JOURNAL_HELD'],
      [4, 'GP_COST_CENTER_INVALID'],
      [5, 'JOURNAL_HELD'],
      [6, 'GP_PERIOD_CLOSED'],
      [7, 'GP_PERIOD_CLOSED'],
    ]);
    const byIndex = new Map(result.rejected?.map((row) => [row.index, row.message]));
    expect(byIndex.get(0)).toBe(
      'journal "UNBALANCED" does not balance: debits 100.00, credits 99.99 (difference 0.01)',
    );
    expect(byIndex.get(3)).toBe(
      'held with the rest of journal "INACTIVE", not posted in part: journal "INACTIVE", line on account 000-6190-00: GL account 000-6190-00 is inactive in GP',
    );
    expect(byIndex.get(4)).toBe(
      'journal "NO CC", line on account 000-6100-00: cost center CC-LEGAL is not a cost center in GP',
    );
    expect(byIndex.get(6)).toBe(
      'journal "CLOSED", line on account 000-6100-00: the fiscal period February 2025 of 2025-02-07 is closed in GP',
    );
    expect(sim.stats.writes).toMatchObject({ created: 1, refused: 0 });
    expect(batch()).toMatchObject({ rows: 1, sums: { DebitAmount: '77.70' } });

    // Fixed in GP (period reopened, cost center added) and replayed: the held journals post, once each.
    sim.store.setPeriodClosed(2025, 2, false);
    sim.store.upsert('cost_centers', 'CC-LEGAL', { CostCenter: 'CC-LEGAL', Description: 'Legal', IsActive: true });
    const replay = [...rows.slice(4, 8), ...rows.slice(8)];
    expect(await destination.writeBatch(journalTarget(), batchOf(replay))).toMatchObject({
      inserted: 4,
      alreadyCommitted: 2,
      rejected: [],
    });
    expect(await destination.writeBatch(journalTarget(), batchOf(replay))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 6,
    });
    expect(batch()).toMatchObject({ rows: 3, lines: 6, sums: { DebitAmount: '97.70', CreditAmount: '97.70' } });
  });

  it('a create whose answer is lost after GP saved it is found by reference, never sent twice', async () => {
    const { sim, destination, batch } = await rig({ dropAfterWrite: 1 });
    const result = await destination.writeBatch(
      journalTarget(),
      batchOf(payJournal('PR LOST', '2025-01-31', '500.00')),
    );
    expect(result).toMatchObject({ inserted: 0, alreadyCommitted: 2, rejected: [] });
    expect(sim.stats.writes.created).toBe(1);
    expect(batch()).toMatchObject({ rows: 1 });
  });

  it('changes a journal while it is Work; once posted it is never touched, and a different version is held with the reason', async () => {
    const { sim, destination } = await rig();
    await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1000.00')));
    expect(
      await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00'))),
    ).toMatchObject({ updated: 2 });
    await destination.client.action('PostingServices/System/Batches', 'GL_Normal;PAYROLL');
    const posted = [...sim.store.map('gl_journal_entries').values()].find(
      (record) => record.fields.Reference === 'PR 2025-01-15 FIN',
    );
    expect(posted?.fields.TransactionState).toBe('Open');
    const stamp = posted?.modifiedMs;
    sim.store.setPeriodClosed(2025, 1, true);
    expect(
      await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00'))),
    ).toMatchObject({ alreadyCommitted: 2, rejected: [] });
    const changed = await destination.writeBatch(
      journalTarget(),
      batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1200.00')),
    );
    expect(changed.rejected?.map((row) => row.code)).toEqual(['GP_JOURNAL_POSTED', 'GP_JOURNAL_POSTED']);
    expect(posted?.modifiedMs).toBe(stamp);
    expect(sim.stats.writes).toMatchObject({ created: 1, updated: 1, refused: 0 });
  });

  it('plans inserts, updates and unchanged lines without writing', async () => {
    const { sim, destination } = await rig();
    await destination.writeBatch(
      journalTarget(),
      batchOf([...payJournal('A', '2025-01-31', '1.00'), ...payJournal('B', '2025-01-31', '2.00')]),
    );
    const plan = await destination.plan(journalTarget(), [
      ...payJournal('A', '2025-01-31', '1.00'),
      ...payJournal('B', '2025-01-31', '3.00'),
      ...payJournal('C', '2025-01-31', '4.00'),
    ]);
    expect(plan).toEqual({ inserts: 2, updates: 2, unchanged: 2 });
    expect(sim.stats.writes.created).toBe(2);
  });

  it('keeps the password out of errors', async () => {
    const sim = await startGpSimulator({ rows: 1 });
    open.push(sim);
    const wrong = 'Tr0ub4dor&3-secret';
    const destination = destinationFor(sim, { resolveSecret: () => Promise.resolve(wrong), retry: false });
    open.push(destination);
    const error = await destination.writeBatch(journalTarget(), batchOf(payJournal('A', '2025-01-31', '1.00'))).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(JSON.stringify({ message: (error as Error).message, error })).not.toContain(wrong);
  });
});
