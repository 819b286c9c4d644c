/**
 * The kit's destination conformance run against the GP simulator for the employees target (GP Web
 * Services, NTLM): check, wrong password, unknown column, full write equal to what GP holds, nothing
 * written twice, only changes sent (GP's create and update operations counted), 10% faults (429 and 503
 * with Retry-After, resets, NTLM sign-ins forgotten as an application pool recycle does), and plan.
 */
import type { DataRow } from '../../engine/model/io.ts';
import { PlainDate } from '../../engine/model/values/index.ts';
import { type DestinationUnderTest, describeDestinationConformance } from '../kit/testing/destination-conformance.ts';
import { employeeTarget, gpConfig } from './destination/test-support.ts';
import { openGpDestination } from './destination/destination.ts';
import { gpModule } from './module.ts';
import { type GpSimulator, startGpSimulator } from './simulator/index.ts';

/** The suite's employees have ids of their own, apart from the simulator's seeded ones. */
const PREFIX = 'T';

async function startRig(faults: string | undefined): Promise<DestinationUnderTest> {
  const sim = await startGpSimulator({ rows: 2, seed: 4, ...(faults === undefined ? {} : { faults }) });
  const secretOf = (secret: string | undefined) => ({
    resolveSecret: () => Promise.resolve(secret ?? sim.credentials.password),
  });
  return {
    descriptor: gpModule.descriptor,
    secret: sim.credentials.password,
    open: ({ secret, retry }) => openGpDestination(gpConfig(sim, { ...secretOf(secret), retry })),
    check: (options) => gpModule.testConnection(gpConfig(sim, secretOf(options?.secret))),
    totals: () => Promise.resolve(employeeTotals(sim)),
    writeRequests: () => sim.stats.writes.created + sim.stats.writes.updated,
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

/** The suite's employees GP holds: how many, how many per department, how many active. */
function employeeTotals(sim: GpSimulator) {
  const held = [...sim.store.map('employees').values()]
    .map((record) => record.fields)
    .filter((fields) => String(fields.EmployeeId).startsWith(PREFIX));
  return countsOf(held.map((fields) => ({ department: fields.Department, active: fields.IsActive === true })));
}

function countsOf(rows: readonly { department: unknown; active: boolean }[]) {
  const sums: Record<string, string> = { active: String(rows.filter((row) => row.active).length) };
  for (const row of rows)
    sums[`department=${String(row.department)}`] = String(
      Number(sums[`department=${String(row.department)}`] ?? 0) + 1,
    );
  return { rows: rows.length, sums };
}

const DEPARTMENTS = ['FIN', 'OPS', 'SALES'];

function employees(n: number, first = 0): DataRow[] {
  return Array.from({ length: n }, (_, at) => {
    const i = first + at;
    return {
      employee_id: `${PREFIX}${String(100 + i)}`,
      first_name: `Ann${i}`,
      last_name: i === 3 ? "O'Neill" : `Smith${i}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length]!,
      hire_date: PlainDate.parse(`2021-03-${String(1 + (i % 28)).padStart(2, '0')}`),
      is_active: i % 4 !== 0,
    };
  });
}

describeDestinationConformance({
  name: 'Dynamics GP',
  start: ({ faults }) => startRig(faults),
  rowsPerBatch: 10,
  targets: [
    {
      name: 'employees',
      target: employeeTarget(),
      rows: employees(30),
      fresh: employees(2, 30),
      change: (rows) =>
        rows
          .filter((_, i) => i % 5 === 2)
          .map((row) => ({ ...row, department: row.department === 'OPS' ? 'FIN' : 'OPS', is_active: !row.is_active })),
      totalsOf: (rows) => countsOf(rows.map((row) => ({ department: row.department, active: row.is_active === true }))),
    },
  ],
});
