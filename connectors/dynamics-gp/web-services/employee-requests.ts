/**
 * The payroll Employee object for CreateEmployee / UpdateEmployee and the GetEmployeeList criteria.
 * Property names are those of a real client's classmap of the service's WSDL (facts S31: EmployeeKey,
 * Name{Given, Middle, Family}, DepartmentKey, DivisionKey, PositionKey, EmploymentStartDate, IsActive,
 * EmployeeInactivatedDate); that classmap lists them alphabetically, so the order here is theirs and the
 * legacy endpoint's own order is unconfirmed. EmployeeCriteria's ModifiedDate restriction is assumed
 * by analogy with the GL criteria (unconfirmed).
 */
import { el, type XmlOut } from '../../kit/soap/xml.ts';
import { dateTimeBetween, gpDateTime } from './requests.ts';
import type { GpEmployee, UtcRange } from './types.ts';
import { GP_NS } from './wire.ts';

const gp = (name: string, content?: string | readonly (XmlOut | undefined)[]): XmlOut => el(GP_NS, name, content);
const keyed = (name: string, id: string | undefined): XmlOut | undefined =>
  id === undefined ? undefined : gp(name, [gp('Id', id)]);

export function employeeElement(employee: GpEmployee): XmlOut {
  return gp('employee', [
    keyed('DepartmentKey', employee.department),
    keyed('DivisionKey', employee.division),
    employee.inactivatedDate === undefined
      ? undefined
      : gp('EmployeeInactivatedDate', gpDateTime(employee.inactivatedDate)),
    gp('EmployeeKey', [gp('Id', employee.employeeId)]),
    employee.hireDate === undefined ? undefined : gp('EmploymentStartDate', gpDateTime(employee.hireDate)),
    employee.isActive === undefined ? undefined : gp('IsActive', String(employee.isActive)),
    gp('Name', [
      gp('Family', employee.lastName),
      gp('Given', employee.firstName),
      employee.middleName === undefined ? undefined : gp('Middle', employee.middleName),
    ]),
    keyed('PositionKey', employee.position),
  ]);
}

export function employeeListCriteria(modified: UtcRange | undefined): XmlOut {
  return gp('criteria', [dateTimeBetween('ModifiedDate', modified)]);
}
