/** Volumes, the staging PUT and COPY INTO, driven by the real `@databricks/sql` driver and plain HTTPS calls. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from './server.ts';
import { connectDriver, type DriverSession } from './test-support.ts';

let sim: DatabricksSimulator;
let db: DriverSession;
let local: string;
const VOLUME = '/Volumes/main/erp/staging';

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  db = await connectDriver(sim);
  local = mkdtempSync(join(tmpdir(), 'dbx-volume-test-'));
  await db.query('CREATE SCHEMA IF NOT EXISTS main.erp');
  await db.query('CREATE VOLUME IF NOT EXISTS main.erp.staging');
  await db.query('CREATE VOLUME IF NOT EXISTS main.erp.staging');
  await db.query('CREATE TABLE main.erp.lines (id STRING, amount DECIMAL(38,2), posted DATE)');
});

afterAll(async () => {
  await db?.close();
  await sim?.close();
  if (local) rmSync(local, { recursive: true, force: true });
});

/** A Parquet file written by DuckDB, as the destination writes its batches. */
async function parquet(name: string, rows: readonly [string, string, string][]): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const file = join(local, name);
  const values = rows
    .map(([id, amount, posted]) => `('${id}', CAST('${amount}' AS DECIMAL(38,2)), DATE '${posted}')`)
    .join(', ');
  await connection.run(
    `COPY (SELECT * FROM (VALUES ${values}) AS v(id, amount, posted)) TO '${file}' (FORMAT parquet)`,
  );
  connection.closeSync();
  instance.closeSync();
  return file;
}

async function put(localFile: string, target: string): Promise<void> {
  const operation = await db.session.executeStatement(`PUT '${localFile}' INTO '${target}' OVERWRITE`, {
    stagingAllowedLocalPath: [local],
  });
  await operation.close();
}

async function filesApi(
  method: 'PUT' | 'GET' | 'DELETE',
  path: string,
  body?: Buffer,
): Promise<{ status: number; body: Buffer }> {
  const dispatcher = new Agent({ connect: { ca: sim.caCert } });
  try {
    const response = await request(
      `${sim.baseUrl}/api/2.0/fs/files${path}${method === 'PUT' ? '?overwrite=true' : ''}`,
      {
        method,
        dispatcher,
        headers: { authorization: `Bearer ${sim.credentials.token}` },
        body: body ?? null,
      },
    );
    return { status: response.statusCode, body: Buffer.from(await response.body.arrayBuffer()) };
  } finally {
    await dispatcher.close();
  }
}

describe('Volumes and COPY INTO', () => {
  it('takes a file through the driver staging PUT (presigned URL, then an HTTP PUT) and loads it with COPY INTO once', async () => {
    const file = await parquet('a.parquet', [
      ['1', '123456789012345678.91', '1999-12-31'],
      ['2', '-0.01', '2024-02-29'],
    ]);
    await put(file, `${VOLUME}/lines/a.parquet`);
    expect(sim.counters.volumes.stagingPuts).toBe(1);
    expect(sim.counters.volumes.presignedUploads).toBe(1);
    expect((await filesApi('GET', `${VOLUME}/lines/a.parquet`)).body.equals(readFileSync(file))).toBe(true);

    const copy = `COPY INTO main.erp.lines FROM '${VOLUME}/lines' FILEFORMAT = PARQUET FILES = ('a.parquet')`;
    expect(await db.query(copy)).toEqual([
      { num_affected_rows: 2, num_inserted_rows: 2, num_skipped_corrupt_files: 0 },
    ]);
    expect(
      await db.query(
        `SELECT id, CAST(amount AS STRING) AS amount, CAST(posted AS STRING) AS posted FROM main.erp.lines ORDER BY id`,
      ),
    ).toEqual([
      { id: '1', amount: '123456789012345678.91', posted: '1999-12-31' },
      { id: '2', amount: '-0.01', posted: '2024-02-29' },
    ]);

    // The same name again, with other content: COPY INTO skips it, as Databricks does, unless forced.
    await put(await parquet('a.parquet', [['3', '1.00', '2020-01-01']]), `${VOLUME}/lines/a.parquet`);
    expect(await db.query(copy)).toEqual([
      { num_affected_rows: 0, num_inserted_rows: 0, num_skipped_corrupt_files: 0 },
    ]);
    expect(sim.counters.copy.filesSkipped).toBe(1);
    expect(await db.query(`${copy} COPY_OPTIONS ('force' = 'true')`)).toEqual([
      { num_affected_rows: 1, num_inserted_rows: 1, num_skipped_corrupt_files: 0 },
    ]);
  });

  it('refuses the staging PUT where presigned URLs are not enabled; the Files API still takes the file', async () => {
    sim.volumes.presignedUrls = false;
    try {
      const file = await parquet('b.parquet', [['4', '4.00', '2021-06-30']]);
      await expect(put(file, `${VOLUME}/lines/b.parquet`)).rejects.toThrow(
        'PERMISSION_DENIED: Presigned URLs API is not enabled',
      );
      expect((await filesApi('PUT', `${VOLUME}/lines/b.parquet`, readFileSync(file))).status).toBe(204);
      expect(
        await db.query(`COPY INTO main.erp.lines FROM '${VOLUME}/lines' FILEFORMAT = PARQUET FILES = ('b.parquet')`),
      ).toEqual([{ num_affected_rows: 1, num_inserted_rows: 1, num_skipped_corrupt_files: 0 }]);
      expect((await filesApi('DELETE', `${VOLUME}/lines/b.parquet`)).status).toBe(204);
      expect((await filesApi('DELETE', `${VOLUME}/lines/b.parquet`)).status).toBe(404);
    } finally {
      sim.volumes.presignedUrls = true;
    }
  });

  it('refuses a PUT into a volume that does not exist and COPY INTO of a file that is not there', async () => {
    await expect(
      put(await parquet('c.parquet', [['5', '5.00', '2021-06-30']]), '/Volumes/main/erp/missing/c.parquet'),
    ).rejects.toThrow(/does not exist/);
    await expect(
      db.query(`COPY INTO main.erp.lines FROM '${VOLUME}/lines' FILEFORMAT = PARQUET FILES = ('nothing.parquet')`),
    ).rejects.toThrow(/PATH_NOT_FOUND/);
  });
});
