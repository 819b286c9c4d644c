/** The payroll employee master through GP Web Services, over the same company database as SBA. */
import { afterEach, describe, expect, it } from 'vitest';
import { GpWebServicesError } from './errors.ts';
import { startRig, type Rig } from './test-support.ts';
import type { GpEmployee } from './types.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const ada: GpEmployee = {
  employeeId: 'EMP-0042',
  firstName: 'Åda',
  middleName: "O'Neil",
  lastName: 'Lovelace & Byron',
  department: 'ENG',
  position: 'DEV2',
  division: 'HQ',
  hireDate: '2024-02-01',
  isActive: true,
};

describe('GP Web Services employees', () => {
  it('creates, reads, updates and lists an employee', async () => {
    rig = await startRig();
    const { client } = rig;
    expect(await client.getEmployeeByKey(ada.employeeId)).toBeUndefined();
    await client.createEmployee(ada);
    expect(await client.getEmployeeByKey(ada.employeeId)).toMatchObject({ ...ada });
    await client.updateEmployee({ ...ada, department: 'FIN', isActive: false, inactivatedDate: '2025-06-30' });
    const changed = await client.getEmployeeByKey(ada.employeeId);
    expect(changed).toMatchObject({
      department: 'FIN',
      isActive: false,
      inactivatedDate: '2025-06-30',
      lastName: ada.lastName,
    });
    const listed = await client.getEmployeeList({ modified: { after: '2020-01-01T00:00:00Z' } });
    expect(listed.map((employee) => employee.employeeId)).toContain(ada.employeeId);
  });

  it('refuses a duplicate and a value wider than GP keeps, and an update of someone GP does not have', async () => {
    rig = await startRig();
    const { client } = rig;
    await client.createEmployee(ada);
    await expect(client.createEmployee(ada)).rejects.toMatchObject({
      code: 'GP_VALIDATION',
      messages: ['Employee EMP-0042 already exists.'],
    });
    await expect(
      client.createEmployee({ ...ada, employeeId: 'EMP-2', department: 'ENGINEERING' }),
    ).rejects.toMatchObject({ code: 'GP_VALIDATION', messages: ['DepartmentKey.Id is longer than 6 characters.'] });
    const missing = await client.updateEmployee({ ...ada, employeeId: 'NOBODY' }).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(GpWebServicesError);
    expect(missing).toMatchObject({ code: 'GP_NOT_FOUND', operation: 'UpdateEmployee' });
  });
});
