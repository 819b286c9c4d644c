/**
 * The optional fiscal-period pre-check of the journal writer against the GP simulator with its company
 * database (real TDS on loopback, tedious as the client): a journal dated in a closed period, or in no
 * period, is held whole before anything reaches GP Web Services; GP's periods are read once per batch;
 * reopened in GP (the one store both surfaces serve), a replay creates it once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGpSimulator, type GpSimulator } from '../simulator/index.ts';
import { batchOf, destinationFor, journalTarget, payJournal } from './test-support.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

/** A destination whose connection names the simulator's company database and its SQL login. */
function withCompanyDb(sim: GpSimulator, sqlPassword?: string) {
  const db = sim.companyDb!;
  const { password } = sim.credentials;
  const destination = destinationFor(sim, {
    companyDb: {
      host: db.host,
      port: db.port,
      database: db.database,
      user: db.credentials.user,
      passwordSecret: 'gp-sql-password',
      encrypt: false,
    },
    resolveSecret: (name) =>
      name === 'gp-password'
        ? Promise.resolve(password)
        : name === 'gp-sql-password'
          ? Promise.resolve(sqlPassword ?? db.credentials.password)
          : Promise.reject(new Error(`no secret ${name}`)),
  });
  open.push(destination);
  return destination;
}

async function rig() {
  const sim = await startGpSimulator({ rows: 10, seed: 5, companyDb: true });
  open.push(sim);
  return { sim, destination: withCompanyDb(sim), batch: () => sim.controlTotals()['gl_journal_batch:PAYROLL'] };
}

function journalsIn(sim: GpSimulator, reference: string) {
  return [...sim.store.map('gl_journal_entries').values()].filter((record) => record.fields.Reference === reference);
}

describe('GP destination: fiscal periods checked in the company database before sending', () => {
  it('holds a journal in a closed period whole, with nothing sent to GP; reopened, a replay creates it once', async () => {
    const { sim, destination, batch } = await rig();
    sim.store.setPeriodClosed(2025, 2, true);
    const rows = payJournal('PR 2025-02-07', '2025-02-07', '10.00');
    const held = await destination.writeBatch(journalTarget(), batchOf(rows));
    expect(held).toEqual({
      inserted: 0,
      updated: 0,
      alreadyCommitted: 0,
      rejected: [0, 1].map((index) => ({
        index,
        code: 'GP_PERIOD_CLOSED',
        message:
          'journal "PR 2025-02-07" dated 2025-02-07: fiscal period 2 of 2025 (February) is closed for the Financial series in GP\'s Fiscal Periods Setup; nothing was sent to GP: reopen the period in GP (or date the journal in an open one), then replay',
      })),
    });
    // Nothing reached GP Web Services: no create, and so no refusal at create either.
    expect(sim.stats.writes).toMatchObject({ created: 0, refused: 0 });
    expect(journalsIn(sim, 'PR 2025-02-07')).toHaveLength(0);

    sim.store.setPeriodClosed(2025, 2, false);
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({ inserted: 2, rejected: [] });
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      inserted: 0,
      alreadyCommitted: 2,
    });
    expect(sim.stats.writes).toMatchObject({ created: 1, refused: 0 });
    expect(journalsIn(sim, 'PR 2025-02-07')).toHaveLength(1);
    expect(batch()).toMatchObject({ rows: 1, lines: 2, sums: { DebitAmount: '10.00', CreditAmount: '10.00' } });
  });

  it('reads the periods once per batch, holds a date in no period, and sends the rest', async () => {
    const { sim, destination } = await rig();
    sim.store.setPeriodClosed(2025, 2, true);
    const rows = [
      ...payJournal('JAN A', '2025-01-15', '1.00'),
      ...payJournal('FEB', '2025-02-28', '2.00'),
      ...payJournal('FAR', '2031-03-01', '3.00'),
      ...payJournal('JAN B', '2025-01-31', '4.00'),
    ];
    const result = await destination.writeBatch(journalTarget(), batchOf(rows));
    expect(result.inserted).toBe(4);
    expect(result.rejected?.map((row) => [row.index, row.code])).toEqual([
      [2, 'GP_PERIOD_CLOSED'],
      [3, 'GP_PERIOD_CLOSED'],
      [4, 'GP_NO_FISCAL_PERIOD'],
      [5, 'GP_NO_FISCAL_PERIOD'],
    ]);
    expect(result.rejected?.[2]?.message).toBe(
      'journal "FAR" dated 2031-03-01: no fiscal period in GP contains 2031-03-01; nothing was sent to GP: add the fiscal year in GP\'s Fiscal Periods Setup (or date the journal in it), then replay',
    );
    expect(sim.companyDb?.stats.queries).toBe(1);
    expect(sim.stats.writes).toMatchObject({ created: 2, refused: 0 });

    // A plan reads them too, and writes nothing.
    expect(await destination.plan(journalTarget(), rows)).toEqual({ inserts: 0, updates: 0, unchanged: 8 });
    expect(sim.companyDb?.stats.queries).toBe(2);
    expect(sim.stats.writes.created).toBe(2);
  });

  it('a journal GP already holds is not checked again, so a period closed since does not hide it', async () => {
    const { sim, destination } = await rig();
    const rows = payJournal('PR JAN', '2025-01-31', '5.00');
    await destination.writeBatch(journalTarget(), batchOf(rows));
    sim.store.setPeriodClosed(2025, 1, true);
    expect(await destination.writeBatch(journalTarget(), batchOf(rows))).toMatchObject({
      alreadyCommitted: 2,
      rejected: [],
    });
    expect(sim.companyDb?.stats.queries).toBe(1);
  });

  it('a wrong SQL password stops the batch with a plain error that does not carry it, before anything is sent', async () => {
    const sim = await startGpSimulator({ rows: 1, companyDb: true });
    open.push(sim);
    const wrong = 'Tr0ub4dor&3-sql';
    const error = await withCompanyDb(sim, wrong)
      .writeBatch(journalTarget(), batchOf(payJournal('A', '2025-01-31', '1.00')))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({ code: 'GP_COMPANY_DB_LOGIN' });
    expect((error as Error).message).toContain(`refused the SQL login "${sim.companyDb?.credentials.user}"`);
    expect(JSON.stringify({ message: (error as Error).message, error })).not.toContain(wrong);
    expect(sim.stats.writes).toMatchObject({ created: 0, refused: 0 });
  });

  it('without a company database the GP simulator serves no SQL and the writer leaves the period to GP', async () => {
    const sim = await startGpSimulator({ rows: 1 });
    open.push(sim);
    expect(sim.companyDb).toBeUndefined();
  });
});
