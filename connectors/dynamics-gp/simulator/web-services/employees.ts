/**
 * The payroll employee master through the service (facts §4.2): GetEmployeeByKey, GetEmployeeList,
 * CreateEmployee and UpdateEmployee (named by the service's pattern; unconfirmed), over the same
 * `employees` records SBA's writes used. Field widths are UPR00100's (EMPLOYID 15, FRSTNAME 15, MIDLNAME
 * 15, LASTNAME 21, DEPRTMNT 6, JOBTITLE 6, DIVISIONCODE_I 6); the refusal texts are the simulator's.
 */
import { PlainDate } from '../../../../engine/model/values/index.ts';
import { child, el, textAt, type XmlElement, type XmlOut } from '../../../kit/soap/xml.ts';
import { GP_NS } from '../../web-services/wire.ts';
import { gpDate, type SimFields } from '../gp-values.ts';
import type { OperationContext } from './operation-context.ts';
import { dateTimeTest } from './criteria.ts';
import { notFoundFault, systemFault, validationFault, type ValidationItem } from './faults.ts';
import { capped } from './listing.ts';
import { employee, employeeSummary } from './serialize.ts';

const WIDTHS: Readonly<Record<string, readonly [string, number]>> = {
  EmployeeId: ['EmployeeKey.Id', 15],
  FirstName: ['Name.Given', 15],
  MiddleName: ['Name.Middle', 15],
  LastName: ['Name.Family', 21],
  Department: ['DepartmentKey.Id', 6],
  JobTitle: ['PositionKey.Id', 6],
  Division: ['DivisionKey.Id', 6],
};

export function getEmployeeByKey(context: OperationContext, request: XmlElement): XmlOut {
  const id = (textAt(request, 'key', 'Id') ?? '').trim();
  const record = context.store.map('employees').get(id);
  if (record === undefined) throw notFoundFault();
  return employee('GetEmployeeByKeyResult', record);
}

export function getEmployeeList(context: OperationContext, request: XmlElement): XmlOut {
  const modified = dateTimeTest(child(child(request, 'criteria'), 'ModifiedDate'));
  const records = capped(
    context.store.map('employees').values(),
    (record) => modified(record.modifiedMs),
    context.listCap,
  );
  return el(GP_NS, 'GetEmployeeListResult', records.map(employeeSummary));
}

export function createEmployee(context: OperationContext, request: XmlElement): undefined {
  const fields = readEmployee(request);
  if (context.store.map('employees').has(String(fields.EmployeeId)))
    throw validationFault([item('EmployeeKey.Id', `Employee ${String(fields.EmployeeId)} already exists.`)]);
  context.store.upsert('employees', String(fields.EmployeeId), fields);
  return undefined;
}

export function updateEmployee(context: OperationContext, request: XmlElement): undefined {
  const fields = readEmployee(request);
  if (!context.store.map('employees').has(String(fields.EmployeeId))) throw notFoundFault();
  context.store.upsert('employees', String(fields.EmployeeId), fields);
  return undefined;
}

function item(property: string, message: string): ValidationItem {
  return { objectType: 'Employee', propertyNames: [property], message };
}

function readEmployee(request: XmlElement): SimFields {
  const element = child(request, 'employee');
  if (element === undefined || element.nil) throw systemFault('no employee was given');
  const date = (name: string): SimFields[string] | undefined => {
    const text = textAt(element, name);
    if (text === undefined) return undefined;
    const day = PlainDate.tryParse(text.trim().slice(0, 10));
    if (day === undefined) throw systemFault(`${name} '${text.slice(0, 30)}' is not an xs:dateTime`);
    return gpDate(day.toEpochDay());
  };
  const active = textAt(element, 'IsActive');
  const candidate: Record<string, SimFields[string] | undefined> = {
    EmployeeId: textAt(element, 'EmployeeKey', 'Id')?.trim(),
    FirstName: textAt(element, 'Name', 'Given'),
    MiddleName: textAt(element, 'Name', 'Middle'),
    LastName: textAt(element, 'Name', 'Family'),
    Department: textAt(element, 'DepartmentKey', 'Id'),
    JobTitle: textAt(element, 'PositionKey', 'Id'),
    Division: textAt(element, 'DivisionKey', 'Id'),
    HireDate: date('EmploymentStartDate'),
    InactiveDate: date('EmployeeInactivatedDate'),
    IsActive: active === undefined ? undefined : /^(true|1)$/.test(active.trim()),
  };
  const problems: ValidationItem[] = [];
  if (candidate.EmployeeId === undefined || candidate.EmployeeId === '')
    problems.push(item('EmployeeKey.Id', 'The employee id is required.'));
  if ((candidate.LastName ?? '') === '') problems.push(item('Name.Family', 'The last name is required.'));
  for (const [field, [property, width]] of Object.entries(WIDTHS)) {
    const value = candidate[field];
    if (typeof value === 'string' && value.length > width)
      problems.push(item(property, `${property} is longer than ${width} characters.`));
  }
  if (problems.length > 0) throw validationFault(problems);
  return Object.fromEntries(Object.entries(candidate).filter(([, value]) => value !== undefined)) as SimFields;
}
