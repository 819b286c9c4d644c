/**
 * IFS as a destination for supplier attributes and code part value descriptions, against the simulator: the record read for its ETag, a
 * PATCH with If-Match and a JSON body; a record changed in IFS between the read and the PATCH read again
 * and retried once; changed again, the row held with IFS's words; never `If-Match: *`.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { DataRow, TargetTable, WriteBatch } from '../../../engine/model/io.ts';
import { DEMO_SETS, type IfsSimulator, startIfsSimulator } from '../simulator/index.ts';
import { configFor } from '../test-support.ts';
import { IfsDestination } from './destination.ts';

const started: IfsSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.close()));
});

const TARGET: TargetTable = {
  table: 'suppliers',
  columns: [
    { name: 'SupplierId', type: { kind: 'string' }, required: true },
    { name: 'Name', type: { kind: 'string' }, required: false },
  ] as unknown as TargetTable['columns'],
  writeMode: 'merge',
  mergeKey: ['SupplierId'],
  allowDestructiveChanges: false,
};

function batch(rows: readonly DataRow[]): WriteBatch {
  return {
    lineage: { runId: 'run-1', batchId: 'run-1.suppliers.000001', syncedAt: '2026-01-05T08:00:00Z' },
    rows,
    sourceModified: rows.map(() => null),
  };
}

async function setUp() {
  const sim = await startIfsSimulator({ rows: 20, seed: 4, sets: DEMO_SETS });
  started.push(sim);
  const destination = new IfsDestination(configFor(sim, { retry: false }));
  const supplier = sim.store.suppliers[0]!;
  return { sim, destination, supplier, id: String(supplier.values.SupplierId) };
}

/** A PATCH whose Content-Type is not JSON, with the record's current ETag: IFS answers 400. */
async function expectNonJsonPatchRefused(sim: IfsSimulator, path: string): Promise<void> {
  const token = await request(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=client_credentials&client_id=${sim.credentials.clientId}&client_secret=${sim.credentials.clientSecret}`,
  });
  const { access_token } = (await token.body.json()) as { access_token: string };
  const read = await request(`${sim.url}${path}`, { headers: { authorization: `Bearer ${access_token}` } });
  await read.body.dump();
  expect(read.statusCode).toBe(200);
  const patch = await request(`${sim.url}${path}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${access_token}`,
      'content-type': 'text/plain',
      'if-match': String(read.headers.etag),
    },
    body: '{"Description":"x"}',
  });
  expect(patch.statusCode).toBe(400);
  expect(await patch.body.json()).toEqual({
    error: { code: 'ODP_DESERIALIZATION_ERROR', message: 'Error while de-serializing contents.' },
  });
}

const patches = (sim: IfsSimulator) => sim.stats.seen.filter((seen) => seen.method === 'PATCH');

describe('IFS Cloud destination: supplier attributes', () => {
  it('reads the ETag, PATCHes the changed column with If-Match and JSON, and a re-sent batch changes nothing', async () => {
    const { sim, destination, supplier, id } = await setUp();
    const before = supplier.changedAt.getTime();
    const rows = [{ SupplierId: id, Name: 'Renamed Supplier AB' }];
    expect(await destination.writeBatch(TARGET, batch(rows))).toMatchObject({ updated: 1, unchanged: 0 });
    expect(supplier.values.Name).toBe('Renamed Supplier AB');
    expect(supplier.changedAt.getTime()).toBeGreaterThan(before);
    expect(await destination.writeBatch(TARGET, batch(rows))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(patches(sim)).toHaveLength(1);
    expect(patches(sim)[0]).toMatchObject({
      status: 200,
      contentType: 'application/json',
      ifMatch: expect.stringMatching(/^W\/"/),
    });
    await destination.close();
  });

  it('reads again and retries once when the record changed between read and PATCH', async () => {
    const { sim, destination, supplier, id } = await setUp();
    sim.options.editAfterRead = 1;
    const result = await destination.writeBatch(TARGET, batch([{ SupplierId: id, Name: 'Ours' }]));
    expect(result).toMatchObject({ updated: 1 });
    expect(result.rejected).toBeUndefined();
    expect(supplier.values.Name).toBe('Ours');
    expect(patches(sim).map((seen) => seen.status)).toEqual([412, 200]);
    const [stale, fresh] = patches(sim);
    expect(stale?.ifMatch).not.toBe(fresh?.ifMatch);
    await destination.close();
  });

  it("holds the row with IFS's words when the record changed again, never overwriting with If-Match: *", async () => {
    const { sim, destination, supplier, id } = await setUp();
    sim.options.editAfterRead = 2;
    const result = await destination.writeBatch(TARGET, batch([{ SupplierId: id, Name: 'Ours' }]));
    expect(result).toMatchObject({ updated: 0 });
    expect(result.rejected).toEqual([
      {
        index: 0,
        code: 'IFS_REFUSED',
        message: expect.stringContaining(
          'The SupplierInfoGeneral record has already been changed. Please refresh the record and reenter your changes.',
        ),
      },
    ]);
    expect(supplier.values.Name).not.toBe('Ours');
    expect(patches(sim).map((seen) => seen.status)).toEqual([412, 412]);
    expect(sim.stats.seen.some((seen) => seen.ifMatch === '*')).toBe(false);
    await destination.close();
  });

  it('holds a supplier IFS does not have, and IFS refuses a PATCH that is not JSON', async () => {
    const { sim, destination } = await setUp();
    const result = await destination.writeBatch(TARGET, batch([{ SupplierId: 'NO-SUCH', Name: 'x' }]));
    expect(result.rejected?.[0]?.message).toContain('IFS has no supplier NO-SUCH');
    await destination.close();

    const supplier = sim.store.suppliers[1]!;
    await expectNonJsonPatchRefused(
      sim,
      `/main/ifsapplications/projection/v1/SuppliersHandling.svc/SupplierInfoGeneralSet('${String(supplier.values.SupplierId)}')`,
    );
  });

  it('refuses a target IFS does not take, or a mode other than merge', async () => {
    const { destination } = await setUp();
    await expect(destination.ensureTable({ ...TARGET, table: 'voucher_rows' })).rejects.toThrow(
      'IFS Cloud takes reference data into suppliers',
    );
    await expect(destination.ensureTable({ ...TARGET, writeMode: 'append' })).rejects.toThrow(
      'writeMode must be merge',
    );
    await destination.close();
  });
});

const CODE_PART_TARGET: TargetTable = {
  table: 'code_part_values',
  columns: [
    { name: 'Company', type: { kind: 'string' }, required: true },
    { name: 'CodePart', type: { kind: 'string' }, required: true },
    { name: 'CodePartValue', type: { kind: 'string' }, required: true },
    { name: 'Description', type: { kind: 'string' }, required: false },
  ] as unknown as TargetTable['columns'],
  writeMode: 'merge',
  mergeKey: ['Company', 'CodePart', 'CodePartValue'],
  allowDestructiveChanges: false,
};

async function codePartSetUp() {
  const sim = await startIfsSimulator({ rows: 20, seed: 4, sets: DEMO_SETS });
  started.push(sim);
  const destination = new IfsDestination(configFor(sim, { retry: false }));
  const value = sim.store.codePartValues.find((row) => row.values.CodePart === 'C')!;
  const row = {
    Company: String(value.values.Company),
    CodePart: 'C',
    CodePartValue: String(value.values.CodePartValue),
    Description: 'Cost centre north',
  };
  return { sim, destination, value, row };
}

describe('IFS Cloud destination: code part value descriptions', () => {
  it("PATCHes the description in the code part's own projection with If-Match and JSON; the read set shows it with a new ETag", async () => {
    const { sim, destination, value, row } = await codePartSetUp();
    const before = value.changedAt.getTime();
    expect(await destination.writeBatch(CODE_PART_TARGET, batch([row]))).toMatchObject({ updated: 1, unchanged: 0 });
    expect(value.values.Description).toBe('Cost centre north');
    expect(value.changedAt.getTime()).toBeGreaterThan(before);
    expect(patches(sim)).toEqual([
      expect.objectContaining({
        path: `/main/ifsapplications/projection/v1/CodeCHandling.svc/CodeCSet(Company='10',CodeC='${row.CodePartValue}')`,
        status: 200,
        contentType: 'application/json',
        ifMatch: expect.stringMatching(/^W\/"/),
      }),
    ]);
    expect(await destination.writeBatch(CODE_PART_TARGET, batch([row]))).toMatchObject({ updated: 0, unchanged: 1 });
    expect(patches(sim)).toHaveLength(1);
    await destination.close();
  });

  it('reads again and retries once when the value changed in IFS between read and PATCH', async () => {
    const { sim, destination, value, row } = await codePartSetUp();
    sim.options.editAfterRead = 1;
    const result = await destination.writeBatch(CODE_PART_TARGET, batch([row]));
    expect(result).toMatchObject({ updated: 1 });
    expect(result.rejected).toBeUndefined();
    expect(value.values.Description).toBe('Cost centre north');
    expect(patches(sim).map((seen) => seen.status)).toEqual([412, 200]);
    expect(sim.stats.seen.some((seen) => seen.ifMatch === '*')).toBe(false);
    await destination.close();
  });

  it("holds the row with IFS's FND_MODIFIED words when it changed again, never sending If-Match: *", async () => {
    const { sim, destination, value, row } = await codePartSetUp();
    sim.options.editAfterRead = 2;
    const result = await destination.writeBatch(CODE_PART_TARGET, batch([row]));
    expect(result).toMatchObject({ updated: 0 });
    expect(result.rejected).toEqual([
      {
        index: 0,
        code: 'IFS_REFUSED',
        message: expect.stringContaining(
          'The CodeC record has already been changed. Please refresh the record and reenter your changes.',
        ),
      },
    ]);
    expect(value.values.Description).toContain('(edited in IFS)');
    expect(patches(sim).map((seen) => seen.status)).toEqual([412, 412]);
    expect(sim.stats.seen.filter((seen) => seen.ifMatch !== undefined).every((seen) => seen.ifMatch !== '*')).toBe(
      true,
    );
    await destination.close();
  });

  it('holds a value of a code part without its own projection, and IFS refuses a PATCH that is not JSON', async () => {
    const { sim, destination, row } = await codePartSetUp();
    const result = await destination.writeBatch(CODE_PART_TARGET, batch([{ ...row, CodePart: 'A' }]));
    expect(result.rejected?.[0]?.message).toContain("code part 'A' has none this destination writes");
    expect(patches(sim)).toHaveLength(0);
    await destination.close();
    await expectNonJsonPatchRefused(
      sim,
      `/main/ifsapplications/projection/v1/CodeCHandling.svc/CodeCSet(Company='10',CodeC='${row.CodePartValue}')`,
    );
  });
});
