/** The real `@databricks/sql` driver, unmodified, against the simulator over HTTPS. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DBSQLClient, DBSQLLogger, LogLevel } from '@databricks/sql';
import { startDatabricksSimulator, type DatabricksSimulator } from './server.ts';
import { callSimulator, connectDriver, type DriverSession } from './test-support.ts';

let sim: DatabricksSimulator;
let db: DriverSession;
const TABLE = 'main.erp.`gl-balances`';

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  db = await connectDriver(sim);
  await db.query('CREATE SCHEMA IF NOT EXISTS main.erp');
  await db.query(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (account_id STRING NOT NULL COMMENT 'GP ACTINDX', balance DECIMAL(38,2), posted TIMESTAMP) USING DELTA TBLPROPERTIES ('delta.appendOnly' = 'false')`,
  );
});

afterAll(async () => {
  await db?.close();
  await sim?.close();
});

describe('Databricks simulator with the real driver', () => {
  it('inserts with named parameters, merges with positional ones, and reads exact decimals back as strings', async () => {
    const inserted = await db.query(`INSERT INTO ${TABLE} VALUES (:id, CAST(:amt AS DECIMAL(38,2)), :at)`, {
      id: '1000-00',
      amt: '99999999999999999999999999999999.99',
      at: '2024-03-31T23:59:59.123456+02:00',
    });
    expect(inserted).toEqual([{ num_affected_rows: 1, num_inserted_rows: 1 }]);
    const merged = await db.query(
      `MERGE INTO ${TABLE} AS t USING (SELECT * FROM VALUES (?, ?), (?, ?) AS v(account_id, balance)) AS s ON t.account_id = s.account_id
       WHEN MATCHED THEN UPDATE SET balance = CAST(s.balance AS DECIMAL(38,2)) WHEN NOT MATCHED THEN INSERT (account_id, balance) VALUES (s.account_id, CAST(s.balance AS DECIMAL(38,2)))`,
      ['1000-00', '-0.01', '2000-00', '12345678901234567890.125'],
    );
    expect(merged).toEqual([{ num_affected_rows: 2, num_updated_rows: 1, num_deleted_rows: 0, num_inserted_rows: 1 }]);
    const rows = await db.query(
      `SELECT account_id, CAST(balance AS STRING) AS balance, balance AS lossy, posted FROM ${TABLE} ORDER BY account_id`,
    );
    expect(rows).toEqual([
      { account_id: '1000-00', balance: '-0.01', lossy: -0.01, posted: '2024-03-31 21:59:59.123456' },
      // Half-up rounding to the column's scale; without the CAST the driver turns DECIMAL into a float.
      { account_id: '2000-00', balance: '12345678901234567890.13', lossy: 12345678901234567000, posted: null },
    ]);
  });

  it('refuses a MERGE whose source holds one key twice, as Delta does, and leaves the table as it was', async () => {
    const before = await db.query(`SELECT account_id, CAST(balance AS STRING) AS b FROM ${TABLE} ORDER BY account_id`);
    const error = await db
      .query(
        `MERGE INTO ${TABLE} t USING (SELECT * FROM VALUES ('1000-00', 1), ('1000-00', 2) AS v(account_id, balance)) s ON t.account_id = s.account_id WHEN MATCHED THEN UPDATE SET *`,
      )
      .catch((e: unknown) => e as { message: string; response?: { sqlState?: string } });
    expect(error).toMatchObject({ response: { sqlState: '21506' } });
    expect((error as { message: string }).message).toMatch(
      /^\[DELTA_MULTIPLE_SOURCE_ROW_MATCHING_TARGET_ROW_IN_MERGE\] .* SQLSTATE: 21506$/,
    );
    expect(await db.query(`SELECT account_id, CAST(balance AS STRING) AS b FROM ${TABLE} ORDER BY account_id`)).toEqual(
      before,
    );
  });

  it('reports analysis errors in the Databricks form, with the SQLSTATE only in the text', async () => {
    await expect(db.query('SELECT * FROM main.erp.missing')).rejects.toThrow(
      /^\[TABLE_OR_VIEW_NOT_FOUND\] .* SQLSTATE: 42P01$/,
    );
    await expect(
      db.query('MERGE INTO main.erp.`gl-balances` USING (VALUES (1)) AS s(a) ON true WHEN MATCHED THEN DELETE'),
    ).rejects.toThrow(/PARSE_SYNTAX_ERROR/);
  });

  it('describes a table with Spark type names', async () => {
    expect(await db.query(`DESCRIBE TABLE ${TABLE}`)).toEqual([
      { col_name: 'account_id', data_type: 'string', comment: null },
      { col_name: 'balance', data_type: 'decimal(38,2)', comment: null },
      { col_name: 'posted', data_type: 'timestamp', comment: null },
    ]);
  });

  it('pages a large result through FetchResults', async () => {
    const operation = await db.session.executeStatement('SELECT range AS n FROM range(2500)', { maxRows: 1000 });
    const rows = (await operation.fetchAll()) as { n: number }[];
    await operation.close();
    expect(rows).toHaveLength(2500);
    expect(rows.at(-1)).toEqual({ n: 2499 });
    expect(sim.rpcLog.filter((m) => m === 'FetchResults').length).toBeGreaterThanOrEqual(2);
  });

  it('serves control totals: rows and exact decimal sums per table', async () => {
    const reply = await callSimulator(sim, 'GET', '/__sim/control-totals');
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ 'main.erp.gl-balances': { rows: 2, sums: { balance: '12345678901234567890.12' } } });
  });

  it('answers a token it does not know as a workspace does: 403 "Invalid access token." (body and reason header); no token 401', async () => {
    const error = await connectDriver(sim, { token: 'dapi-not-a-real-token' }).catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toMatch(/403/);
    const wrong = await callSimulator(sim, 'POST', sim.httpPath, {
      headers: { authorization: 'Bearer dapi-not-a-real-token' },
    });
    expect([wrong.status, wrong.headers['x-databricks-reason-phrase'], wrong.json]).toEqual([
      403,
      'Invalid access token.',
      { error_code: 403, message: 'Invalid access token.' },
    ]);
    expect((await callSimulator(sim, 'POST', sim.httpPath)).status).toBe(401);
  });

  it('serves HTTPS only, with a certificate signed by its own CA: a client that does not trust the CA is refused', async () => {
    const client = new DBSQLClient({ logger: new DBSQLLogger({ level: LogLevel.error }) });
    await client.connect({
      host: sim.host,
      port: sim.port,
      path: sim.httpPath,
      token: sim.credentials.token,
      telemetryEnabled: false,
    });
    await expect(client.openSession()).rejects.toThrow(/unable to verify the first certificate/);
    await client.close();
  });

  it('injects a cold start: 503 TEMPORARILY_UNAVAILABLE, which the driver does not retry on OpenSession', async () => {
    sim.faults.coldStartRpcs = 1;
    await expect(connectDriver(sim)).rejects.toThrow(/503/);
    expect(sim.faults.coldStartRpcs).toBe(0);
    const again = await connectDriver(sim);
    expect(await again.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await again.close();
  });

  it('injects a concurrent-write conflict on the next MERGE (SQLSTATE 2D521)', async () => {
    sim.faults.mergeConflicts = 1;
    const merge = `MERGE INTO ${TABLE} t USING (SELECT '3000-00' AS account_id, 5.00 AS balance) s ON t.account_id = s.account_id WHEN NOT MATCHED THEN INSERT (account_id, balance) VALUES (s.account_id, s.balance)`;
    await expect(db.query(merge)).rejects.toMatchObject({ response: { sqlState: '2D521' } });
    expect(await db.query(merge)).toEqual([
      { num_affected_rows: 1, num_updated_rows: 0, num_deleted_rows: 0, num_inserted_rows: 1 },
    ]);
  });
});
