/**
 * The reverse sync end to end (issue 17), through the shipped examples: the forward sync
 * (`peoplesoft-to-databricks.json`, vendors) puts PeopleSoft's vendors in Databricks; an analyst changes one
 * vendor's classification in the governed table `main.finance.vendor_attributes`; the reverse sync
 * (`databricks-to-peoplesoft-vendors.json`) changes that vendor's VENDOR_CLASS in PeopleSoft exactly once,
 * with one CIRT update carrying only VENDOR_CLASS; the forward sync then reads the new class back into
 * PeopleSoft's copy (`main.finance.psft_vendors`), and no later reverse run sends anything.
 *
 * How the two examples relate, stated plainly: the forward sync writes `psft_vendors`, never the governed
 * table the reverse reads, so the forward write cannot be read back as a change by construction. What the
 * loop guard adds (by comparing values) is shown by full re-reads of the governed table: every vendor
 * PeopleSoft already holds with that class sends nothing, before and after the change.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDatabricksSimulator, type DatabricksSimulator } from '../connectors/databricks/simulator/server.ts';
import { connectDriver, type DriverSession } from '../connectors/databricks/simulator/test-support.ts';
import {
  DEMO_QUERIES,
  startPeopleSoftSimulator,
  type PeopleSoftSimulator,
} from '../connectors/peoplesoft/simulator/index.ts';
import * as registry from '../connectors/registry.ts';
import {
  DATABRICKS_TO_PEOPLESOFT_VENDORS,
  PEOPLESOFT_TO_DATABRICKS,
  prepareExampleWorkspace,
} from '../engine/cli/example-workspace.ts';
import { loadPipelineFile, runPipeline, type RunOutcome } from '../engine/runner/index.ts';

const VENDORS = 30;

let psft: PeopleSoftSimulator;
let databricks: DatabricksSimulator;
let driver: DriverSession;
let dir: string;
let secrets: Record<string, string>;

beforeAll(async () => {
  psft = await startPeopleSoftSimulator({ queries: DEMO_QUERIES, seed: 4, rows: 60 });
  databricks = await startDatabricksSimulator({ vendors: VENDORS });
  driver = await connectDriver(databricks);
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-dbx-psft-'));
  secrets = { psft_password: psft.users.sync.password, databricks_token: databricks.credentials.token };
});

afterAll(async () => {
  await driver?.close();
  await psft?.close();
  await databricks?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function run(
  example: string,
  options: { streams?: readonly string[]; fullRefresh?: boolean } = {},
): Promise<RunOutcome> {
  const workspace = prepareExampleWorkspace(
    dir,
    {
      peoplesoft: { url: psft.url, address: { baseUrl: psft.url, node: psft.node } },
      databricks: {
        url: databricks.baseUrl,
        address: { host: databricks.host, port: databricks.port, httpPath: databricks.httpPath },
        caCert: databricks.caCert,
      },
    },
    [example],
  );
  return runPipeline({
    connectors: registry,
    loaded: loadPipelineFile(workspace.files[example]!),
    stateDir: join(dir, 'state'),
    resolveSecret: (name) => {
      const value = secrets[name];
      return value === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(value);
    },
    secretValues: () => Object.values(secrets),
    retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    ...options,
  });
}

const forward = (fullRefresh = false) => run(PEOPLESOFT_TO_DATABRICKS, { streams: ['vendors'], fullRefresh });
const reverse = (fullRefresh = false) => run(DATABRICKS_TO_PEOPLESOFT_VENDORS, { fullRefresh });

async function warehouseClass(vendorId: string): Promise<unknown> {
  const rows = await driver.query(
    `SELECT vendor_class FROM main.finance.psft_vendors WHERE setid = 'SHARE' AND vendor_id = '${vendorId}'`,
  );
  return rows[0]?.vendor_class;
}

describe('Databricks -> PeopleSoft vendor classes (the reverse sync) beside the forward sync', () => {
  it("changes PeopleSoft's vendor once, with only its class, and nothing bounces", async () => {
    const first = await forward();
    expect(first.status).toBe('ok');
    expect(await warehouseClass('0000000007')).toBe('R');

    // Every governed vendor's class is one PeopleSoft already holds (tiers are outside parties, R): nothing sent.
    const initial = await reverse();
    expect(initial.streams.map((s) => [s.name, s.status, s.read, s.written, s.held])).toEqual([
      ['vendor_classes', 'ok', VENDORS, 0, 0],
    ]);
    expect(psft.cirt.counters.updates).toBe(0);

    // An analyst makes vendor V0007 an employee vendor in the governed table.
    await driver.query(
      "UPDATE main.finance.vendor_attributes SET classification = 'employee', changed_at = TIMESTAMP'2026-06-01 09:00:00' WHERE vendor_id = 'V0007'",
    );
    const changed = await reverse();
    // The cursor re-reads the row at the last watermark too (the destination finds it unchanged).
    expect(changed.streams[0]).toMatchObject({ status: 'ok', written: 1, held: 0 });
    expect(psft.cirt.counters.updates).toBe(1);
    expect(psft.cirt.sentUpdates).toEqual([{ key: 'SHARE/0000000007', fields: ['VENDOR_CLASS'] }]);
    expect(psft.fixture.vendors.find((v) => v.VENDOR_ID === '0000000007')?.VENDOR_CLASS).toBe('E');

    // A rerun, and a full re-read of the governed table: nothing differs, nothing is sent.
    expect((await reverse()).streams[0]).toMatchObject({ status: 'ok', written: 0 });
    expect((await reverse(true)).streams[0]).toMatchObject({ status: 'ok', read: VENDORS, written: 0 });
    expect(psft.cirt.counters.updates).toBe(1);

    // The forward sync's next incremental run reads the new class back into PeopleSoft's copy: the vendors
    // stream is read whole each run and passes on the one record whose content changed (a class change moves
    // no address effective date); the governed table is untouched.
    const back = await forward();
    expect(back.streams[0]).toMatchObject({ name: 'vendors', status: 'ok', written: 1 });
    expect(await warehouseClass('0000000007')).toBe('E');
    // And once only: the run after it finds no vendor changed.
    expect((await forward()).streams[0]).toMatchObject({ name: 'vendors', status: 'ok', written: 0 });
    const governed = await driver.query(
      "SELECT classification FROM main.finance.vendor_attributes WHERE vendor_id = 'V0007'",
    );
    expect(governed).toEqual([{ classification: 'employee' }]);

    // No bounce: the next reverse runs, incremental and full, send nothing further, and the forward sync
    // finds nothing new to carry back either.
    expect((await reverse()).streams[0]).toMatchObject({ status: 'ok', written: 0 });
    expect((await reverse(true)).streams[0]).toMatchObject({ status: 'ok', written: 0 });
    expect((await forward()).streams[0]).toMatchObject({ name: 'vendors', status: 'ok', written: 0 });
    expect((await reverse()).streams[0]).toMatchObject({ status: 'ok', written: 0 });
    expect(psft.cirt.counters.updates).toBe(1);
    expect(psft.cirt.counters.refusedUpdates).toBe(0);
  }, 120_000);
});
