/**
 * Employees through GP Web Services (the payroll module's Employee object, web-services §4.2):
 * `GetEmployeeByKey` per key of the batch, then `CreateEmployee` for a new one or `UpdateEmployee`
 * for one whose properties differ (the name follows the service's naming pattern; unconfirmed, §4.2);
 * an employee GP holds unchanged is not written. A validation fault for one employee holds that row
 * with GP's own words.
 */
import { errorCode } from '../../../engine/model/errors.ts';
import type { Value } from '../../../engine/model/values/index.ts';
import type { GpWebServicesClient } from '../web-services/client.ts';
import type { GpEmployee } from '../web-services/types.ts';
import { wireValue, type GpProperties, type GpValue, type MasterRecords } from './master-writer.ts';

/** The employees table's GP properties (tables.ts) -> the client's Employee fields. */
const FIELDS = {
  EmployeeId: 'employeeId',
  FirstName: 'firstName',
  MiddleName: 'middleName',
  LastName: 'lastName',
  Department: 'department',
  Position: 'position',
  Division: 'division',
  HireDate: 'hireDate',
  InactiveDate: 'inactivatedDate',
  IsActive: 'isActive',
} as const satisfies Record<string, keyof GpEmployee>;

/** Reads in flight at once: one GetEmployeeByKey per employee, as the service has no "where key in" list. */
const PARALLEL_READS = 4;

function asProperties(employee: GpEmployee): GpProperties {
  const properties: Record<string, GpValue> = {};
  for (const [property, field] of Object.entries(FIELDS)) {
    const value = employee[field] as unknown;
    properties[property] = typeof value === 'string' || typeof value === 'boolean' ? value : null;
  }
  return properties;
}

/**
 * The Employee to send: GP's record as read (none for a new one) with the changed properties on top.
 * The service's Employee carries the whole record (first and last name are required), so an update
 * sends GP's own values for what did not change; only a record that differs is sent at all.
 */
function asEmployee(key: string, before: GpProperties, changed: Readonly<Record<string, Value>>): GpEmployee {
  const employee: Record<string, string | boolean> = { employeeId: key, firstName: '', lastName: '' };
  const merged: Record<string, GpValue> = { ...before };
  for (const [property, value] of Object.entries(changed)) merged[property] = wireValue(value);
  for (const [property, field] of Object.entries(FIELDS)) {
    const value = merged[property];
    if (value !== null && value !== undefined && field !== 'employeeId') employee[field] = value;
  }
  return employee as unknown as GpEmployee;
}

/** GP's words of a validation fault, resolved by the client from its log id. */
function validationWords(error: unknown): string | undefined {
  if (errorCode(error) !== 'GP_VALIDATION') return undefined;
  const messages = (error as { readonly messages?: unknown }).messages;
  if (Array.isArray(messages) && messages.length > 0) return messages.map(String).join('; ');
  return error instanceof Error ? error.message : undefined;
}

export function wsEmployeeRecords(client: GpWebServicesClient): MasterRecords {
  return {
    async read(keys) {
      const found = new Map<string, GpProperties>();
      for (let at = 0; at < keys.length; at += PARALLEL_READS) {
        const slice = keys.slice(at, at + PARALLEL_READS);
        const employees = await Promise.all(slice.map((key) => client.getEmployeeByKey(key)));
        employees.forEach((employee, index) => {
          if (employee !== undefined) found.set(slice[index]!, asProperties(employee));
        });
      }
      return found;
    },
    async create(key, properties) {
      await client.createEmployee(asEmployee(key, {}, properties));
    },
    async update(key, properties, before) {
      await client.updateEmployee(asEmployee(key, before, properties));
    },
    refusal: validationWords,
  };
}
