/**
 * Integration 2 end to end: the shipped example `bamboohr-to-gp.json` against the BambooHR and GP
 * simulators (GP resetting or throttling some requests), journals and employees through GP Web
 * Services. One pay run where the warehouse, paid weekly, has a pay period ending in February, which
 * GP has closed, and one employee moved to Legal, which the department lookup maps to a cost-center
 * segment GP has no accounts for. The Legal journal is held whole before anything is sent (its account
 * does not exist); GP refuses the February journals at create (GP has no method to read periods), and
 * they are held whole with GP's words. The rest are created unposted. After the lookup is fixed and
 * February reopened, replay creates exactly the held journals, once, and GP's batch totals equal the
 * payroll totals.
 */
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBambooSimulator, type BambooSimulator } from '../connectors/bamboohr/simulator/index.ts';
import { createBambooSource } from '../connectors/bamboohr/source.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import type { DataRow } from '../engine/model/io.ts';
import { Decimal } from '../engine/model/values/index.ts';
import { loadPipelineFile, replay, runPipeline } from '../engine/runner/index.ts';
import { openRunStore } from '../engine/store/index.ts';
import * as connectors from '../connectors/registry.ts';

const GP_FAULTS = '429:0.03,503:0.03,reset:0.02';
const WINDOW = {
  payPeriodsEndingFrom: '2025-01-16',
  payPeriodsEndingThrough: '2025-02-07',
  standardHoursPerYear: 2080,
};

let bamboo: BambooSimulator;
let gp: GpSimulator;
let dir: string;
let secrets: Record<string, string>;

beforeAll(async () => {
  bamboo = await startBambooSimulator({ rows: 60, seed: 21 });
  gp = await startGpSimulator({ rows: 20, seed: 7, faults: GP_FAULTS, retryAfterSeconds: 0 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-bhr-gp-'));
  secrets = { bamboohr_api_key: bamboo.credentials.apiKey, gp_password: gp.credentials.password };
});

afterAll(async () => {
  await bamboo?.close();
  await gp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const resolveSecret = (name: string) =>
  secrets[name] === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(secrets[name]!);
const retry = { attempts: 8, baseDelayMs: 0, maxDelayMs: 0 };

/** What BambooHR's payroll register says for the window, read straight from the source. */
async function payrollRegister(): Promise<DataRow[]> {
  const source = createBambooSource(
    {
      companyDomain: bamboo.companyDomain,
      apiBase: bamboo.apiBase,
      auth: { method: 'api-key', apiKeySecret: 'bamboohr_api_key' },
      resolveSecret,
    },
    { payroll: WINDOW },
  );
  const lines: DataRow[] = [];
  try {
    for await (const page of source.read({
      entity: 'payroll',
      key: ['employeeId', 'payPeriodEnd', 'payItem'],
      pageSize: 500,
    }))
      lines.push(...page.records);
  } finally {
    await source.close();
  }
  return lines;
}

const total = (lines: readonly DataRow[]) =>
  lines
    .filter((line) => line.side === 'debit')
    .reduce((sum, line) => sum.add(line.amount as Decimal), Decimal.ZERO.rescale(2));
const journalsOf = (lines: readonly DataRow[]) =>
  new Set(
    lines.map(
      (line) =>
        `${String(line.payPeriodEnd)}|${String(line.department).slice(0, 4)}|${String(line.location).slice(0, 3)}`,
    ),
  );

/** GP's control totals of its unposted (Work) journals: journals, lines, exact debit and credit sums. */
const workTotals = () =>
  gp.controlTotals()['gl_journal_state:Work'] as { rows: number; lines: number; sums: Record<string, string> };
/** Work totals after `lines` were added as their journals. */
const plus = (before: ReturnType<typeof workTotals>, lines: readonly DataRow[]) => ({
  rows: before.rows + journalsOf(lines).size,
  lines: before.lines + lines.length,
  sums: {
    DebitAmount: Decimal.parse(before.sums.DebitAmount!).add(total(lines)).toString(),
    CreditAmount: Decimal.parse(before.sums.CreditAmount!).add(total(lines)).toString(),
  },
});

describe('BambooHR -> Dynamics GP, the shipped example', () => {
  it('holds the journals of an account GP does not have (before sending) and of a closed period (GP refuses it) whole, creates the rest unposted, and replay creates exactly the held ones', async () => {
    const moved = [...bamboo.store.employees.values()].find((employee) => employee.fields.department !== 'Warehouse')!;
    bamboo.store.transfer(moved.id, { department: 'Legal' }, '2025-01-01');
    gp.store.setPeriodClosed(2025, 2, true);
    const workspace = prepareExampleWorkspace(
      dir,
      {
        gp,
        bamboohr: {
          address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl },
        },
      },
      [BAMBOOHR_TO_GP],
    );
    const costCenters = join(workspace.dir, 'lookups', 'bamboohr-cost-centers.csv');
    appendFileSync(costCenters, 'Legal,700\n');
    const file = workspace.files[BAMBOOHR_TO_GP]!;
    const stateDir = join(dir, 'state');

    const register = await payrollRegister();
    const warehouseFeb = register.filter(
      (line) => line.department === 'Warehouse' && String(line.payPeriodEnd) === '2025-02-07',
    );
    const legal = register.filter((line) => line.employeeId === moved.id);
    expect(warehouseFeb.length).toBeGreaterThan(0);
    expect(legal).toHaveLength(2);

    // GP's unposted (Work) journals before the pay run: the run must add exactly the payroll to them.
    const workBefore = workTotals();
    const first = await runPipeline({ connectors, loaded: loadPipelineFile(file), stateDir, resolveSecret, retry });
    expect(first.streams.map((stream) => [stream.name, stream.status])).toEqual([
      ['employees', 'ok'],
      ['payroll', 'held'],
    ]);
    const payroll = first.streams.find((stream) => stream.name === 'payroll')!;
    expect(payroll.read).toBe(register.length);
    expect(payroll.held).toBe(warehouseFeb.length + legal.length);
    expect(payroll.written).toBe(register.length - payroll.held);
    expect(gp.store.map('employees').size).toBe(bamboo.store.employees.size);

    // Each held line says why: its own failing check, or which journal it was held with.
    const store = openRunStore(stateDir);
    const holds = store.listHolds({ stream: 'payroll', status: 'open' });
    store.close();
    const codes = (lines: readonly DataRow[]) =>
      new Set(
        holds
          .filter((hold) =>
            lines.some(
              (line) =>
                line.employeeId === hold.sourceRecord.employeeId &&
                String(line.payPeriodEnd) === String(hold.sourceRecord.payPeriodEnd),
            ),
          )
          .flatMap((hold) => hold.reasons.map((reason) => reason.code)),
      );
    expect(codes(warehouseFeb)).toEqual(new Set(['GP_VALIDATION']));
    expect(holds.find((hold) => hold.reasons[0]?.code === 'GP_VALIDATION')?.reasons[0]?.message).toMatch(
      /^GP refused journal "PR 2025-02-07 WARE-[^"]*": .*closed/,
    );
    expect(codes(legal)).toEqual(new Set(['GP_ACCOUNT_UNKNOWN', 'JOURNAL_HELD']));
    expect(holds.find((hold) => hold.reasons[0]?.code === 'GP_ACCOUNT_UNKNOWN')?.reasons[0]?.message).toMatch(
      /GL account 700-61[0-2]0-00 \(account 000-61[0-2]0-00 with cost center 700\) does not exist in GP$/,
    );

    // The unknown account was caught before sending; GP refused only the February journals, and holds exactly the rest.
    const posted = register.filter((line) => !warehouseFeb.includes(line) && !legal.includes(line));
    expect(gp.stats.writes.refused).toBe(journalsOf(warehouseFeb).size);
    expect(gp.controlTotals()['gl_journal_batch:PAYROLL']).toMatchObject({
      rows: journalsOf(posted).size,
      lines: posted.length,
      work: journalsOf(posted).size,
      posted: 0,
      sums: { DebitAmount: total(posted).toString(), CreditAmount: total(posted).toString() },
    });
    expect(gp.stats.faults['429'] + gp.stats.faults['503'] + gp.stats.faults.reset).toBeGreaterThan(0);
    expect(workTotals()).toEqual(plus(workBefore, posted));

    // FP&A fixes the lookup and GP opens February; replay posts the held journals, once.
    writeFileSync(costCenters, readFileSync(costCenters, 'utf8').replace('Legal,700', 'Legal,000'));
    gp.store.setPeriodClosed(2025, 2, false);
    const created = gp.stats.writes.created;
    const replayed = await replay(loadPipelineFile(file), { connectors, stateDir, id: first.runId, resolveSecret });
    expect(replayed).toMatchObject({ status: 'ok', replayed: payroll.held, resolved: payroll.held, stillHeld: 0 });
    expect(gp.stats.writes.created - created).toBe(journalsOf([...warehouseFeb, ...legal]).size);
    expect(gp.controlTotals()['gl_journal_batch:PAYROLL']).toMatchObject({
      rows: journalsOf(register).size,
      lines: register.length,
      sums: { DebitAmount: total(register).toString(), CreditAmount: total(register).toString() },
    });

    expect(workTotals()).toEqual(plus(workBefore, register));

    // Replayed again, or the whole pay run read again: nothing new reaches GP.
    expect(
      await replay(loadPipelineFile(file), { connectors, stateDir, id: first.runId, resolveSecret }),
    ).toMatchObject({ replayed: 0 });
    const again = await runPipeline({
      connectors,
      loaded: loadPipelineFile(file),
      stateDir,
      resolveSecret,
      retry,
      streams: ['payroll'],
    });
    expect(again.status).toBe('ok');
    expect(gp.controlTotals()['gl_journal_batch:PAYROLL']).toMatchObject({
      rows: journalsOf(register).size,
      lines: register.length,
      sums: { DebitAmount: total(register).toString() },
    });
    expect(gp.stats.writes.refused).toBe(journalsOf(warehouseFeb).size);

    // The audit trail and the replay payloads carry no secret, in any spelling the run saw.
    // Every file, those in sub-folders (the run locks) included.
    const files = readdirSync(stateDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const name = join(file.parentPath, file.name);
      const bytes = readFileSync(name).toString('latin1');
      for (const secret of Object.values(secrets)) expect(bytes.includes(secret), `${name} holds a secret`).toBe(false);
    }
  }, 60_000);
});

describe("BambooHR -> Dynamics GP, December's pay run", () => {
  it("posts the final pay of the employees who left: BambooHR's directory lists Active employees only, the run reads everyone", async () => {
    const hr = await startBambooSimulator({ rows: 30, seed: 22 });
    const ledger = await startGpSimulator({ rows: 20, seed: 7 });
    const own: Record<string, string> = {
      bamboohr_api_key: hr.credentials.apiKey,
      gp_password: ledger.credentials.password,
    };
    try {
      const workspace = prepareExampleWorkspace(
        join(dir, 'december'),
        {
          gp: ledger,
          bamboohr: { address: { companyDomain: hr.companyDomain, apiBase: hr.apiBase, tokenUrl: hr.tokenUrl } },
        },
        [BAMBOOHR_TO_GP],
      );
      const file = workspace.files[BAMBOOHR_TO_GP]!;
      const pipeline = JSON.parse(readFileSync(file, 'utf8')) as {
        streams: { payroll: { source: { options: Record<string, unknown> } } };
      };
      // December's pay runs: the seed's leavers left then (the 10th, the 20th and the 30th).
      pipeline.streams.payroll.source.options = {
        ...WINDOW,
        payPeriodsEndingFrom: '2024-12-01',
        payPeriodsEndingThrough: '2025-01-03',
      };
      writeFileSync(file, JSON.stringify(pipeline));
      const leavers = [...hr.store.employees.values()].filter((employee) => employee.fields.status === 'Inactive');
      expect(leavers).toHaveLength(3);

      const result = await runPipeline({
        connectors,
        loaded: loadPipelineFile(file),
        stateDir: join(dir, 'december-state'),
        resolveSecret: (name) => Promise.resolve(own[name]!),
        retry,
      });
      expect(result.streams.map((stream) => [stream.name, stream.status])).toEqual([
        ['employees', 'ok'],
        ['payroll', 'ok'],
      ]);

      const journals = [...ledger.store.map('gl_journal_entries').values()].filter(
        (journal) => journal.fields.BatchId === 'PAYROLL',
      );
      for (const leaver of leavers) {
        // The journal dates of the leaver's earnings lines: the last is the period their last day falls in.
        const paidOn = journals.flatMap((journal) =>
          (journal.fields.Lines as readonly Record<string, unknown>[])
            .filter(
              (line) =>
                String(line.Description).startsWith(`Salary ${leaver.id} `) ||
                String(line.Description).startsWith(`Hourly ${leaver.id} `),
            )
            .map(() => String(journal.fields.TransactionDate).slice(0, 10)),
        );
        expect(
          paidOn.some((date) => date >= leaver.fields.terminationDate!),
          `leaver ${leaver.id} left ${leaver.fields.terminationDate}, paid ${paidOn.join(', ')}`,
        ).toBe(true);
      }
      // Leavers are in GP's employee master too (the example maps them inactive).
      expect(ledger.store.map('employees').size).toBe(hr.store.employees.size);
    } finally {
      await hr.close();
      await ledger.close();
    }
  }, 60_000);
});
