/**
 * The GP write path for journals through GP Web Services against the simulator over NTLM: created
 * unposted in the named batch and found by reference (GP numbers them and answers nothing), accounts
 * validated before sending (what fails holds its whole journal and is never sent), a closed period
 * held with GP's own words, idempotent by reference (re-sent, answer lost, replayed), and a different
 * version of a journal GP already has held, since GP Web Services cannot change one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { StateTotals } from '../simulator/journal-totals.ts';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/index.ts';
import { GpTargetError } from './tables.ts';
import { batchOf, destinationFor, employeeTarget, gpConfig, journalTarget, payJournal } from './test-support.ts';
import { openGpDestination } from './destination.ts';

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

/** The journals the simulated GP holds with this reference. */
function journalsIn(sim: GpSimulator, reference: string) {
  return [...sim.store.map('gl_journal_entries').values()].filter((record) => record.fields.Reference === reference);
}

describe('GP destination: journals through GP Web Services', () => {
  it('refuses targets GP does not take, in plain words', async () => {
    const { sim, destination } = await rig();
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
    await expect(destination.ensureTable(journalTarget('PAYROLL', { costCenterSegment: 0 }))).rejects.toThrow(
      'options.costCenterSegment is the account segment a cost center fills',
    );
    await expect(destination.ensureTable({ ...employeeTarget(), writeMode: 'append' })).rejects.toThrow(
      'write with merge on employee_id',
    );
    expect(await destination.ensureTable(journalTarget())).toEqual([]);
    // A connection with only SBA's address cannot write journals: said before the first batch, naming the part.
    const sbaOnly = openGpDestination({
      ...gpConfig(sim),
      webServices: undefined,
      addressPath: 'connections.gp.address',
    });
    open.push(sbaOnly);
    await expect(sbaOnly.ensureTable(journalTarget())).rejects.toThrow('connections.gp.address.webServicesUrl');
  });

  it('creates balanced journals unposted in the named batch, the cost center in the account, found by reference; sent again, nothing is written twice', async () => {
    const { sim, destination, batch } = await rig();
    const rows = [
      ...payJournal('PR 2025-01-31 FIN', '2025-01-31', '4583.33'),
      ...payJournal('PR 2025-01-31 OPS', '2025-01-31', '1234.56', { costCenter: '200' }),
    ];
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toEqual({
      inserted: 4,
      updated: 0,
      alreadyCommitted: 0,
      rejected: [],
    });
    const [fin] = journalsIn(sim, 'PR 2025-01-31 FIN');
    expect(fin?.fields).toMatchObject({ BatchId: 'PAYROLL', TransactionState: 'Work' });
    const accounts = (fin?.fields.Lines as readonly { AccountNumber: unknown }[]).map((line) => line.AccountNumber);
    expect(accounts).toEqual(['100-6100-00', '000-2110-00']);
    expect(journalsIn(sim, 'PR 2025-01-31 OPS')).toHaveLength(1);
    // GP numbered them; listed by batch, date and Work state, they are found by their reference.
    const listed = await destination
      .ledger('a test')
      .getGLTransactionList({ batchId: 'PAYROLL', date: { from: '2025-01-31', to: '2025-01-31' }, states: ['Work'] });
    expect(listed.map((summary) => summary.reference.trim()).sort()).toEqual([
      'PR 2025-01-31 FIN',
      'PR 2025-01-31 OPS',
    ]);
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
    expect(sim.stats.writes).toMatchObject({ created: 2, refused: 0 });
  });

  it('holds a whole journal before sending it: unbalanced, inactive account, account GP does not have, cost center that is no segment', async () => {
    const { sim, destination, batch } = await rig();
    const rows = [
      ...payJournal('UNBALANCED', '2025-01-31', '100.00', { credit: '99.99' }),
      ...payJournal('INACTIVE', '2025-01-31', '10.00', { account: '000-6190-00', costCenter: null }),
      ...payJournal('NO ACCOUNT', '2025-01-31', '10.00', { costCenter: '700' }),
      ...payJournal('LONG CC', '2025-01-31', '10.00', { costCenter: '1000' }),
      ...payJournal('GOOD', '2025-01-31', '77.70'),
    ];
    const result = await destination.writeBatch(journalTarget(), batchOf(rows));
    expect(result.inserted).toBe(2);
    expect(result.rejected?.map((row) => [row.index, row.code])).toEqual([
      [0, 'JOURNAL_UNBALANCED'],
      [1, 'JOURNAL_UNBALANCED'],
      [2, 'GP_ACCOUNT_INACTIVE'],
      [3, 'JOURNAL_HELD'],
      [4, 'GP_ACCOUNT_UNKNOWN'],
      [5, 'JOURNAL_HELD'],
      [6, 'COST_CENTER_NOT_A_SEGMENT'],
      [7, 'JOURNAL_HELD'],
    ]);
    const byIndex = new Map(result.rejected?.map((row) => [row.index, row.message]));
    expect(byIndex.get(0)).toBe(
      'journal "UNBALANCED" does not balance: debits 100.00, credits 99.99 (difference 0.01)',
    );
    expect(byIndex.get(3)).toBe(
      'held with the rest of journal "INACTIVE", not posted in part: journal "INACTIVE", line on account 000-6190-00: GL account 000-6190-00 is inactive in GP',
    );
    expect(byIndex.get(4)).toBe(
      'journal "NO ACCOUNT", line on account 700-6100-00: GL account 700-6100-00 (account 000-6100-00 with cost center 700) does not exist in GP',
    );
    expect(byIndex.get(6)).toBe(
      'journal "LONG CC", line on account 1000-6100-00: cost center "1000" is not a 3-character code for segment 1 of account 000-6100-00',
    );
    // Nothing of the held journals reached GP: one create, nothing refused.
    expect(sim.stats.writes).toMatchObject({ created: 1, refused: 0 });
    expect(batch()).toMatchObject({ rows: 1, sums: { DebitAmount: '77.70' } });
  });

  it('the cost center fills the segment the target names', async () => {
    const { sim, destination } = await rig();
    const rows = payJournal('SEGMENT 3', '2025-01-31', '5.00', { account: '100-6100-99', costCenter: '00' });
    expect(
      await destination.writeBatch(journalTarget('PAYROLL', { costCenterSegment: 3 }), batchOf(rows)),
    ).toMatchObject({ inserted: 2, rejected: [] });
    const [journal] = journalsIn(sim, 'SEGMENT 3');
    expect((journal?.fields.Lines as readonly { AccountNumber: unknown }[])[0]?.AccountNumber).toBe('100-6100-00');
  });

  it("holds a journal GP refuses for its closed period whole, with GP's words; after the period reopens it is created once", async () => {
    const { sim, destination, batch } = await rig();
    sim.store.setPeriodClosed(2025, 2, true);
    const rows = [...payJournal('FEB', '2025-02-07', '10.00'), ...payJournal('JAN', '2025-01-31', '20.00')];
    const result = await destination.writeBatch(journalTarget(), batchOf(rows));
    expect(result.inserted).toBe(2);
    expect(result.rejected?.map((row) => [row.index, row.code])).toEqual([
      [0, 'GP_VALIDATION'],
      [1, 'GP_VALIDATION'],
    ]);
    expect(result.rejected?.[0]?.message).toMatch(/^GP refused journal "FEB": .*closed/);
    expect(sim.stats.writes).toMatchObject({ created: 1, refused: 1 });

    sim.store.setPeriodClosed(2025, 2, false);
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 2,
      alreadyCommitted: 2,
      rejected: [],
    });
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 4,
    });
    expect(journalsIn(sim, 'FEB')).toHaveLength(1);
    expect(batch()).toMatchObject({ rows: 2, lines: 4, sums: { DebitAmount: '30.00', CreditAmount: '30.00' } });
  });

  it('a create whose answer is lost after GP saved it is found by reference, never sent twice', async () => {
    const { sim, destination, batch } = await rig({ dropAfterWrite: 1 });
    const rows = payJournal('PR LOST', '2025-01-31', '500.00');
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 2,
      rejected: [],
    });
    // The batch replayed later: still the one journal.
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({ alreadyCommitted: 2 });
    expect(sim.stats.writes.created).toBe(1);
    expect(journalsIn(sim, 'PR LOST')).toHaveLength(1);
    expect(batch()).toMatchObject({ rows: 1 });
  });

  it('a create GP answers 503 to is confirmed absent, then sent again: every journal once', async () => {
    const { sim, destination, batch } = await rig({ faults: '503:0.1', retryAfterSeconds: 0 });
    const rows = Array.from({ length: 12 }, (_, index) =>
      payJournal(`PR 503 ${index}`, '2025-01-31', `${index + 1}.00`),
    ).flat();
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 24,
      rejected: [],
    });
    expect(sim.stats.faults['503']).toBeGreaterThan(0);
    expect(sim.stats.writes.created).toBe(12);
    for (let index = 0; index < 12; index += 1) expect(journalsIn(sim, `PR 503 ${index}`)).toHaveLength(1);
    expect(batch()).toMatchObject({ rows: 12, sums: { DebitAmount: '78.00', CreditAmount: '78.00' } });
  });

  it('another version of a journal GP holds is held whole with what to do: delete the unposted one in GP and replay; a posted one is never touched', async () => {
    const { sim, destination } = await rig();
    await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1000.00')));
    const [work] = journalsIn(sim, 'PR 2025-01-15 FIN');
    const changed = await destination.writeBatch(
      journalTarget(),
      batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00')),
    );
    expect(changed.rejected?.map((row) => row.code)).toEqual(['GP_JOURNAL_DIFFERS', 'GP_JOURNAL_DIFFERS']);
    expect(changed.rejected?.[0]?.message).toBe(
      `journal "PR 2025-01-15 FIN" is already in GP's batch PAYROLL (journal entry ${String(work?.key)}, unposted) with other amounts or lines; GP Web Services cannot change or delete a GL transaction, so delete journal entry ${String(work?.key)} in GP, then replay`,
    );
    expect(sim.stats.writes.created).toBe(1);

    // The user deletes the unposted journal in GP and replays: the new version is created.
    sim.store.map('gl_journal_entries').delete(work!.key);
    expect(
      await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00'))),
    ).toMatchObject({ inserted: 2, rejected: [] });

    // Posted in GP (Work -> Open, then History at year-end): the same content is still found, nothing sent;
    // another version is held. GP's totals per state move with the journal, exactly.
    const state = (name: 'Work' | 'Open' | 'History') => sim.controlTotals()[`gl_journal_state:${name}`] as StateTotals;
    const workBefore = state('Work');
    expect(sim.store.postBatch('GL_Normal', 'PAYROLL')).toBe(1);
    expect(state('Work')).toMatchObject({ rows: workBefore.rows - 1, lines: workBefore.lines - 2 });
    sim.store.setPeriodClosed(2025, 1, true);
    expect(
      await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00'))),
    ).toMatchObject({ alreadyCommitted: 2, rejected: [] });
    const openBefore = state('Open');
    const historyBefore = state('History');
    sim.store.closeYear(2025);
    expect(state('History')).toMatchObject({ rows: historyBefore.rows + 1, lines: historyBefore.lines + 2 });
    expect(state('Open')).toMatchObject({ rows: openBefore.rows - 1, lines: openBefore.lines - 2 });
    expect(
      await destination.writeBatch(journalTarget(), batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1100.00'))),
    ).toMatchObject({ alreadyCommitted: 2, rejected: [] });
    const again = await destination.writeBatch(
      journalTarget(),
      batchOf(payJournal('PR 2025-01-15 FIN', '2025-01-15', '1200.00')),
    );
    expect(again.rejected?.map((row) => row.code)).toEqual(['GP_JOURNAL_POSTED', 'GP_JOURNAL_POSTED']);
    expect(again.rejected?.[0]?.message).toContain('is already posted in GP (History');
    expect(sim.stats.writes).toMatchObject({ created: 2, refused: 0 });
  });

  it('plans inserts and unchanged lines without writing', async () => {
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
    expect(plan).toEqual({ inserts: 2, updates: 0, unchanged: 4 });
    expect(sim.stats.writes.created).toBe(2);
  });

  it('keeps the password out of errors and held reasons', async () => {
    const sim = await startGpSimulator({ rows: 1 });
    open.push(sim);
    const password = sim.credentials.password;
    const wrong = 'Tr0ub4dor&3-secret';
    const refused = destinationFor(sim, { resolveSecret: () => Promise.resolve(wrong), retry: false });
    open.push(refused);
    const error = await refused.writeBatch(journalTarget(), batchOf(payJournal('A', '2025-01-31', '1.00'))).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(JSON.stringify({ message: (error as Error).message, error })).not.toContain(wrong);

    // Signed in, with journals held by the checks and by GP: no reason carries the password.
    sim.store.setPeriodClosed(2025, 2, true);
    const destination = destinationFor(sim);
    open.push(destination);
    const result = await destination.writeBatch(
      journalTarget(),
      batchOf([
        ...payJournal('CLOSED', '2025-02-07', '1.00'),
        ...payJournal('NO ACCOUNT', '2025-01-31', '1.00', { costCenter: '700' }),
      ]),
    );
    expect(result.rejected).toHaveLength(4);
    expect(JSON.stringify(result)).not.toContain(password);
  });
});
