/** Employees into GP's employee master by natural key: create with POST, change with PATCH, the same change twice written once. */
import { afterEach, expect, it } from 'vitest';
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

it('creates, changes only what differs, and does not write a change it already holds', async () => {
  const sim = await startGpSimulator({ rows: 2 });
  const destination = destinationFor(sim);
  open.push(destination, sim);
  const ben = { ...ava, employee_id: '00102', first_name: 'Ben' };
  expect(await destination.writeBatch(employeeTarget(), batchOf([ava, ben]))).toEqual({
    inserted: 2,
    updated: 0,
    alreadyCommitted: 0,
    rejected: [],
  });
  expect(sim.store.map('employees').get('00101')?.fields).toMatchObject({
    EmployeeId: '00101',
    FirstName: 'Ava',
    LastName: "O'Neill",
    IsActive: true,
  });

  const moved = { ...ava, department: 'OPS' };
  expect(await destination.plan(employeeTarget(), [moved, ben])).toEqual({ inserts: 0, updates: 1, unchanged: 1 });
  expect(await destination.writeBatch(employeeTarget(), batchOf([moved, ben]))).toMatchObject({
    inserted: 0,
    updated: 1,
    alreadyCommitted: 1,
  });
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
  expect(sim.store.map('employees').get('00102')?.fields).toMatchObject({ FirstName: 'Ben', IsActive: false });
});

it("holds a record GP refuses with GP's words and writes the others", async () => {
  const sim = await startGpSimulator({ rows: 2 });
  const destination = destinationFor(sim);
  open.push(destination, sim);
  const tooLong = { ...ava, employee_id: '00103', department: 'ENGINEERING' };
  const result = await destination.writeBatch(employeeTarget(), batchOf([ava, tooLong]));
  expect(result.inserted).toBe(1);
  expect(result.rejected).toEqual([
    {
      index: 1,
      code: 'GP_REFUSED',
      message: expect.stringContaining('GP refused employees 00103: Employee.Department is longer than 6 characters.'),
    },
  ]);
});
