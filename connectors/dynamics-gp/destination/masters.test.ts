/**
 * Employees into GP's employee master through GP Web Services by natural key: GetEmployeeByKey, then
 * CreateEmployee or UpdateEmployee with only what differs; the same change twice written once; an empty
 * column leaves GP's value; a validation fault holds that row with GP's words.
 */
import { afterEach, expect, it } from 'vitest';
import type { TargetTable } from '../../../engine/model/io.ts';
import { PlainDate } from '../../../engine/model/values/index.ts';
import { startGpSimulator } from '../simulator/index.ts';
import { batchOf, destinationFor, employeeTarget } from './test-support.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((item) => item.close()));
});

const ava = {
  employee_id: '00101',
  first_name: 'Ava',
  last_name: "O'Neill",
  department: 'FIN',
  hire_date: PlainDate.parse('2021-03-01'),
  is_active: true,
};

async function rig() {
  const sim = await startGpSimulator({ rows: 2 });
  const destination = destinationFor(sim);
  open.push(destination, sim);
  const employee = (id: string) => destination.ledger('a test').getEmployeeByKey(id);
  return { sim, destination, employee };
}

it('creates, changes only what differs, and does not write a change it already holds', async () => {
  const { sim, destination, employee } = await rig();
  const ben = { ...ava, employee_id: '00102', first_name: 'Ben' };
  expect(await destination.writeBatch(employeeTarget(), batchOf([ava, ben]))).toEqual({
    inserted: 2,
    updated: 0,
    alreadyCommitted: 0,
    rejected: [],
  });
  expect(await employee('00101')).toMatchObject({
    employeeId: '00101',
    firstName: 'Ava',
    lastName: "O'Neill",
    isActive: true,
  });

  const moved = { ...ava, department: 'OPS' };
  expect(await destination.plan(employeeTarget(), [moved, ben])).toEqual({ inserts: 0, updates: 1, unchanged: 1 });
  expect(await destination.writeBatch(employeeTarget(), batchOf([moved, ben]))).toMatchObject({
    inserted: 0,
    updated: 1,
    alreadyCommitted: 1,
  });
  expect(await employee('00101')).toMatchObject({ department: 'OPS', firstName: 'Ava' });
  // The same change again, as when a webhook and the next poll both bring it: nothing is written.
  const before = sim.stats.writes.updated;
  expect(await destination.writeBatch(employeeTarget(), batchOf([moved]))).toMatchObject({
    updated: 0,
    alreadyCommitted: 1,
  });
  expect(sim.stats.writes.updated).toBe(before);
  expect(sim.stats.writes).toMatchObject({ created: 2, updated: 1 });
  // Deleted in BambooHR: only inactive, the rest empty; GP keeps the name and marks the employee inactive.
  const deleted = {
    employee_id: '00102',
    first_name: null,
    last_name: null,
    department: null,
    hire_date: null,
    is_active: false,
  };
  expect(await destination.writeBatch(employeeTarget(), batchOf([deleted]))).toMatchObject({ updated: 1 });
  expect(await employee('00102')).toMatchObject({ firstName: 'Ben', isActive: false });
});

it('an employee write whose answer is lost is settled by reading it again: applied once, not refused as already there', async () => {
  const sim = await startGpSimulator({ rows: 2, dropAfterWrite: 2 });
  const destination = destinationFor(sim);
  open.push(destination, sim);
  const ben = { ...ava, employee_id: '00102', first_name: 'Ben' };
  expect(await destination.writeBatch(employeeTarget(), batchOf([ava, ben]))).toEqual({
    inserted: 2,
    updated: 0,
    alreadyCommitted: 0,
    rejected: [],
  });
  expect(sim.stats.writes).toMatchObject({ created: 2, refused: 0 });
  expect(await destination.ledger('a test').getEmployeeByKey('00102')).toMatchObject({ firstName: 'Ben' });
});

it("holds an employee GP refuses with GP's words and writes the others", async () => {
  const { destination } = await rig();
  const tooLong = { ...ava, employee_id: '00103', department: 'ENGINEERING' };
  const result = await destination.writeBatch(employeeTarget(), batchOf([ava, tooLong]));
  expect(result.inserted).toBe(1);
  expect(result.rejected).toEqual([
    { index: 1, code: 'GP_REFUSED', message: expect.stringMatching(/^GP refused employees 00103: .*Department/) },
  ]);
});

const TEXT = { kind: 'string' } as const;
const vendorTarget: TargetTable = {
  table: 'vendors',
  columns: [
    { name: 'vendor_id', type: TEXT, required: true },
    { name: 'name', type: TEXT, required: false },
    { name: 'short_name', type: TEXT, required: false },
  ],
  writeMode: 'merge',
  mergeKey: ['vendor_id'],
  allowDestructiveChanges: false,
};

it("vendors stay on SBA's Purchasing/Vendors: created, changed, left alone, a refusal held with GP's words", async () => {
  const { sim, destination } = await rig();
  const acme = { vendor_id: 'VACME', name: 'Acme Supplies', short_name: 'ACME' };
  const long = { vendor_id: 'VLONG', name: 'Long', short_name: 'A SHORT NAME TOO LONG' };
  const first = await destination.writeBatch(vendorTarget, batchOf([acme, long]));
  expect(first).toMatchObject({ inserted: 1, rejected: [{ index: 1, code: 'GP_REFUSED' }] });
  expect(first.rejected?.[0]?.message).toMatch(/^GP refused vendors VLONG: .*ShortName/);
  expect(await destination.writeBatch(vendorTarget, batchOf([{ ...acme, name: 'Acme Supplies Ltd' }]))).toMatchObject({
    updated: 1,
  });
  expect(await destination.writeBatch(vendorTarget, batchOf([{ ...acme, name: 'Acme Supplies Ltd' }]))).toMatchObject({
    updated: 0,
    alreadyCommitted: 1,
  });
  expect(sim.store.map('vendors').get('VACME')?.fields).toMatchObject({ Name: 'Acme Supplies Ltd', ShortName: 'ACME' });
});
