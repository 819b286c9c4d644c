/** The 256-parameter limit, as the real `@databricks/sql` driver meets it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from './server.ts';
import { connectDriver, type DriverSession } from './test-support.ts';

let sim: DatabricksSimulator;
let db: DriverSession;

beforeAll(async () => {
  sim = await startDatabricksSimulator();
  db = await connectDriver(sim);
});

afterAll(async () => {
  await db?.close();
  await sim?.close();
});

function valuesOf(count: number): { sql: string; parameters: Record<string, string> } {
  const names = Array.from({ length: count }, (_, i) => `p${i}`);
  return {
    sql: `SELECT count(*) AS n, max(CAST(x AS BIGINT)) AS top FROM VALUES ${names.map((name) => `(:${name})`).join(', ')} AS v(x)`,
    parameters: Object.fromEntries(names.map((name, i) => [name, String(i)])),
  };
}

describe('the warehouse parameter limit', () => {
  it('runs a statement with 256 parameters', async () => {
    const { sql, parameters } = valuesOf(256);
    expect(await db.query(sql, parameters)).toEqual([{ n: 256, top: 255 }]);
  });

  it("refuses 257 with HTTP 400 and Databricks' words, before the statement runs", async () => {
    const before = sim.counters.refusedForParameters;
    const { sql, parameters } = valuesOf(257);
    const error = (await db.query(sql, parameters).catch((e: unknown) => e)) as {
      statusCode?: number;
      response?: { headers: { get(name: string): string | null } };
    };
    expect(error).toBeInstanceOf(Error);
    expect(error.statusCode).toBe(400);
    expect(error.response?.headers.get('x-thriftserver-error-message')).toBe(
      'BAD_REQUEST: Parameterized query has too many parameters: 257 parameters were given but the limit is 256.',
    );
    expect(sim.counters.refusedForParameters).toBe(before + 1);
    expect(sim.counters.maxParameters).toBe(257);
  });

  it('counts positional parameters the same way', async () => {
    const values = Array.from({ length: 300 }, (_, i) => String(i));
    await expect(
      db.query(`SELECT * FROM VALUES ${values.map(() => '(?)').join(', ')} AS v(x)`, values),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
