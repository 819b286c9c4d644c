/**
 * A warehouse refusal over HTTP is shown in the warehouse's words: the driver's own error only says "bad HTTP
 * status code: 400", and the words travel in the x-thriftserver-error-message header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify } from './errors.ts';
import { startDatabricksSimulator, type DatabricksSimulator } from './simulator/server.ts';
import { connectDriver, type DriverSession } from './simulator/test-support.ts';

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

describe('a refusal over HTTP', () => {
  it("is classified with the warehouse's words and status, not the driver's", async () => {
    const values = Array.from({ length: 300 }, (_, i) => String(i));
    const error = await db
      .query(`SELECT * FROM VALUES ${values.map(() => '(?)').join(', ')} AS v(x)`, values)
      .catch((e: unknown) => e);
    const classified = classify(error);
    expect(classified.message).toBe(
      'BAD_REQUEST: Parameterized query has too many parameters: 300 parameters were given but the limit is 256.',
    );
    expect(classified.httpStatus).toBe(400);
    expect(classified.transient).toBe(false);
  });
});
