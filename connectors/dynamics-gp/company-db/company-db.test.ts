/**
 * The fiscal-period pre-check against the company-database simulator over real TDS on loopback, with
 * tedious as the client: open, closed and missing periods by GP's rule, one query for many dates, a
 * wrong password or a missing grant as plain errors without the password, and the simulator's refusal
 * of anything but the parameterized query (so a query with its dates in the text could not pass).
 */
import { Connection, Request } from 'tedious';
import { afterEach, describe, expect, it } from 'vitest';
import { GpStore } from '../simulator/store.ts';
import { startCompanyDbSimulator, type CompanyDbSimulator } from '../simulator/company-db/server.ts';
import { GpCompanyDb, type CompanyDbAddress } from './company-db.ts';
import { closedPeriodsFor, periodObjection } from './fiscal-periods.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

async function rig(options: { denySelect?: boolean } = {}) {
  const store = new GpStore(1, 2);
  const sim = await startCompanyDbSimulator({ store, ...options });
  open.push(sim);
  return { store, sim, db: dbFor(sim) };
}

function dbFor(sim: CompanyDbSimulator, password = sim.credentials.password, extra: Partial<CompanyDbAddress> = {}) {
  const address: CompanyDbAddress = {
    host: sim.host,
    port: sim.port,
    database: sim.database,
    user: sim.credentials.user,
    passwordSecret: 'gp-sql-password',
    encrypt: false,
    ...extra,
  };
  return new GpCompanyDb(address, (name) =>
    name === 'gp-sql-password' ? Promise.resolve(password) : Promise.reject(new Error(`no secret ${name}`)),
  );
}

describe("GP's company database: the fiscal-period pre-check", () => {
  it('says open, closed (with the period, year and name) or no period for each date, in one query', async () => {
    const { store, sim, db } = await rig();
    store.setPeriodClosed(2025, 2, true);
    const states = await closedPeriodsFor(db, ['2025-01-31', '2025-02-01', '2025-02-28', '2025-03-01', '2031-03-01']);
    expect(Object.fromEntries(states)).toEqual({
      '2025-01-31': { kind: 'open', year: 2025, period: 1, name: 'January' },
      '2025-02-01': { kind: 'closed', year: 2025, period: 2, name: 'February' },
      '2025-02-28': { kind: 'closed', year: 2025, period: 2, name: 'February' },
      '2025-03-01': { kind: 'open', year: 2025, period: 3, name: 'March' },
      '2031-03-01': { kind: 'none' },
    });
    expect(sim.stats.queries).toBe(1);
    expect(periodObjection('2025-02-01', states.get('2025-02-01'))).toBe(
      "fiscal period 2 of 2025 (February) is closed for the Financial series in GP's Fiscal Periods Setup",
    );
    expect(periodObjection('2031-03-01', states.get('2031-03-01'))).toBe('no fiscal period in GP contains 2031-03-01');
    expect(periodObjection('2025-01-31', states.get('2025-01-31'))).toBeUndefined();

    // Reopened in GP (the same store the GP simulator serves): read fresh, it is open.
    store.setPeriodClosed(2025, 2, false);
    expect((await closedPeriodsFor(db, ['2025-02-07'])).get('2025-02-07')).toMatchObject({ kind: 'open' });
  });

  it('a wrong SQL password is a plain error naming the database, without the password', async () => {
    const { sim } = await rig();
    const wrong = 'Tr0ub4dor&3-sql';
    const error = await closedPeriodsFor(dbFor(sim, wrong), ['2025-01-31']).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ name: 'MlcError', code: 'GP_COMPANY_DB_LOGIN' });
    expect((error as Error).message).toBe(
      `GP's company database TWO on SQL Server 127.0.0.1:${sim.port} refused the SQL login "mlc_reader" (Login failed for user 'mlc_reader'.); check address.sqlUser and the secret address.sqlPasswordSecret names, and that SQL Server accepts SQL logins (mixed mode)`,
    );
    expect(JSON.stringify({ message: (error as Error).message, error })).not.toContain(wrong);
    expect(sim.stats.queries).toBe(0);
  });

  it('another database and a login without SELECT on SY40100 say what to grant', async () => {
    const { sim } = await rig({ denySelect: true });
    const denied = await closedPeriodsFor(dbFor(sim), ['2025-01-31']).catch((caught: unknown) => caught);
    expect(denied).toMatchObject({ code: 'GP_COMPANY_DB_PERMISSION' });
    expect((denied as Error).message).toContain(
      "The SELECT permission was denied on the object 'SY40100', database 'TWO', schema 'dbo'. To check fiscal periods, grant the login \"mlc_reader\" db_datareader in TWO (or SELECT on dbo.SY40100, or GP's DYNGRP role there)",
    );
    const elsewhere = await closedPeriodsFor(dbFor(sim, undefined, { database: 'DYNAMICS' }), ['2025-01-31']).catch(
      (caught: unknown) => caught,
    );
    expect(elsewhere).toMatchObject({ code: 'GP_COMPANY_DB_LOGIN' });
    expect((elsewhere as Error).message).toContain('Cannot open database "DYNAMICS" requested by the login');
  });

  it('the simulator answers only the parameterized query: a plain SQL batch is refused', async () => {
    const { sim } = await rig();
    const connection = new Connection({
      server: sim.host,
      authentication: {
        type: 'default',
        options: { userName: sim.credentials.user, password: sim.credentials.password },
      },
      options: { port: sim.port, database: sim.database, encrypt: false },
    });
    await new Promise<void>((resolve, reject) => connection.connect((error) => (error ? reject(error) : resolve())));
    try {
      const run = (send: (request: Request) => void, sql: string) =>
        new Promise<unknown>((resolve) => send(new Request(sql, (error) => resolve(error))));
      const inline =
        "SELECT YEAR1, PERIODID, PERNAME, PERIODDT, PERDENDT, CLOSED FROM SY40100 WHERE SERIES = 2 AND PERIODID <> 0 AND PERIODDT <= '2025-02-07' AND PERDENDT >= '2025-02-07' ORDER BY YEAR1, PERIODID";
      const batch = await run((request) => connection.execSqlBatch(request), inline);
      expect(batch).toMatchObject({ message: expect.stringContaining('does not support a plain SQL batch') });
      // The same text through sp_executesql, its dates written into it: not the statement served either.
      const concatenated = await run((request) => connection.execSql(request), inline);
      expect(concatenated).toMatchObject({ message: expect.stringContaining('does not support the statement') });
      expect(sim.stats).toMatchObject({ queries: 0, refused: 2 });
    } finally {
      connection.close();
    }
  });
});
