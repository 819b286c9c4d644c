/**
 * `ml-connector demo`: the example integrations in one command. Starts the GP, Databricks, BambooHR,
 * IFS Cloud, SAP ECC, Dynamics 365 and PeopleSoft simulators, copies the example pipelines into a demo folder
 * pointed at them, runs GP into Databricks (simulated) and into the local DuckDB warehouse and compares what
 * landed with GP's control totals, runs IFS Cloud into Databricks and compares its voucher rows the same way,
 * runs PeopleSoft into Databricks and compares its posted journal lines' signed sum, sends the vendor classes
 * governed in Databricks back to PeopleSoft (only those that differ), runs SAP ECC into Dynamics 365 and compares accounts, orders and their line values with SAP's, then runs
 * BambooHR payroll into GP, where the journals GP would refuse are held for review.
 */
import { resolve } from 'node:path';
import type { Pipeline } from '../../model/index.ts';
import { Decimal } from '../../model/values/index.ts';
import { SIMULATED_SYSTEMS, type SimulatorHandle } from '../../../connectors/registry.ts';
import { environmentVariableFor } from '../../secrets/index.ts';
import { integerOption, optionValue, type ParsedArgs } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_OK, EXIT_PROBLEMS } from '../errors.ts';
import {
  BAMBOOHR_TO_GP,
  demoSecretVariables,
  GP_TO_DATABRICKS,
  GP_TO_DUCKDB,
  IFS_TO_DATABRICKS,
  PEOPLESOFT_TO_DATABRICKS,
  DATABRICKS_TO_PEOPLESOFT_VENDORS,
  prepareExampleWorkspace,
  SAP_ECC_TO_DYNAMICS365,
} from '../example-workspace.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { printStreamTable } from '../run-report.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary:
    'Start the simulators and run the example pipelines: GP into Databricks and DuckDB, IFS Cloud and PeopleSoft into Databricks, SAP ECC into Dynamics 365, BambooHR payroll into GP.',
  usage: 'demo [--dir DIR] [--rows N]',
  positionals: [],
  options: [
    {
      name: 'dir',
      type: 'string',
      valueName: 'DIR',
      description:
        'Folder for the demo pipelines, the DuckDB warehouse and the run store (default ./ml-connector-demo).',
    },
    { name: 'rows', type: 'string', valueName: 'N', description: 'Records per GP entity (default 1000).' },
  ],
  notes: [
    `Simulators use their default ports (${Object.entries(SIMULATED_SYSTEMS)
      .map(([name, port]) => `${name} ${port}`)
      .join(', ')}), or free ports when those are taken.`,
    'BambooHR -> GP holds a journal whole when a line fails: an account GP does not have or has inactive (checked before sending), or a closed period GP refuses at create; `holds` says why, and `replay` creates it once fixed.',
    'The demo passwords are set as ML_CONNECTOR_SECRET_* for this process only; nothing is stored.',
    'Run it again: the Databricks simulator starts empty each time, so that pipeline reloads in full; the DuckDB one reads only what changed.',
  ],
  examples: [
    {
      command: 'demo',
      description: 'GP -> Databricks (simulated) and GP -> ./ml-connector-demo/gp-warehouse.duckdb, with a summary.',
    },
  ],
  run: runDemo,
};

async function runDemo(args: ParsedArgs, context: CliContext): Promise<number> {
  const dir = resolve(context.cwd, optionValue(args, 'dir') ?? 'ml-connector-demo');
  const rows = integerOption(args, 'rows', 1);
  const { startSimulator, reachLoopbackDirectly } = await loadConnectors();
  const started: SimulatorHandle[] = [];
  const start = async (system: string, options: { rows?: number }): Promise<SimulatorHandle> => {
    const port = SIMULATED_SYSTEMS[system] ?? 0;
    let handle: SimulatorHandle;
    try {
      handle = await startSimulator(system, { port, ...options });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
      handle = await startSimulator(system, { port: 0, ...options });
      context.err.line(`Port ${port} is taken; the ${system} simulator listens on ${handle.port} instead.`);
    }
    started.push(handle);
    return handle;
  };
  try {
    const gp = await start('gp', rows === undefined ? {} : { rows });
    // The governed vendor table the reverse sync reads (main.finance.vendor_attributes), DEMO_VENDORS rows.
    const databricks = await start('databricks', { rows: DEMO_VENDORS });
    const bamboohr = await start('bamboohr', {});
    const ifs = await start('ifs', {});
    const sap = await start('sap-ecc', {});
    const crm = await start('dynamics365', {});
    const psft = await start('peoplesoft', {});
    context.out.line(
      `Dynamics GP simulator at ${gp.url}; Databricks simulator at ${databricks.url}; BambooHR simulator at ${bamboohr.url}; IFS Cloud simulator at ${ifs.url}; SAP ECC simulator at ${sap.url}; Dynamics 365 simulator at ${crm.url}; PeopleSoft simulator at ${psft.url}.`,
    );
    // For this process only: the child environment of the shell that started it is not touched.
    Object.assign(process.env, demoSecretVariables(started, environmentVariableFor));
    // The simulators are on this machine: a corporate proxy in the environment could not reach them.
    reachLoopbackDirectly();
    const workspace = prepareExampleWorkspace(
      dir,
      { gp, databricks, bamboohr, ifs, 'sap-ecc': sap, dynamics365: crm, peoplesoft: psft },
      [
        GP_TO_DATABRICKS,
        GP_TO_DUCKDB,
        IFS_TO_DATABRICKS,
        PEOPLESOFT_TO_DATABRICKS,
        DATABRICKS_TO_PEOPLESOFT_VENDORS,
        SAP_ECC_TO_DYNAMICS365,
        BAMBOOHR_TO_GP,
      ],
    );
    context.out.line(`Demo pipelines in ${dir}.`);
    const { loadPipelineFile, runPipeline } = await loadRunner();
    const interrupt = cancelOnInterrupt((line) => context.err.line(line));
    let allOk = true;
    let ledger: [string] = ['GL journal lines: no totals to compare.'];
    try {
      const runs = [
        [GP_TO_DATABRICKS, 'GP -> Databricks (simulated)'],
        [GP_TO_DUCKDB, 'GP -> the local DuckDB warehouse'],
        [IFS_TO_DATABRICKS, 'IFS Cloud -> Databricks (simulated)'],
        [PEOPLESOFT_TO_DATABRICKS, 'PeopleSoft Financials -> Databricks (simulated)'],
        [
          DATABRICKS_TO_PEOPLESOFT_VENDORS,
          'Vendor classes governed in Databricks -> PeopleSoft (values compared: a class PeopleSoft holds sends nothing)',
        ],
        [
          SAP_ECC_TO_DYNAMICS365,
          'SAP ECC -> Dynamics 365 Sales (simulated): vendors and customers as accounts, POs as orders',
        ],
        [BAMBOOHR_TO_GP, 'BambooHR payroll and employees -> GP (journals created unposted)'],
      ] as const;
      for (const [file, label] of runs) {
        // GP's ledger as Databricks copied it, before the payroll run adds journals to GP.
        if (file === BAMBOOHR_TO_GP)
          ledger = reconciliation(await gp.controlTotals(), await databricks.controlTotals());
        context.out.line('');
        context.out.line(`${label}: ${file}`);
        const outcome = await runPipeline({
          loaded: loadPipelineFile(workspace.files[file]!),
          stateDir: resolve(dir, '.ml-connector'),
          fullRefresh: FULL_REFRESH.includes(file),
          signal: interrupt.signal,
          connectors: await loadConnectors(),
          resolveSecret: (name) => context.secrets.resolve(name),
          storeSecret: rotatedSecretStore(context.secrets),
          secretValues: () => context.secrets.values(),
        });
        printStreamTable(context.out, outcome.streams);
        context.out.line(`Run ${outcome.runId}: ${outcome.status}.`);
        if (file === GP_TO_DATABRICKS) context.out.line(warehouseLine(databricks.stats()));
        // Payroll journals GP refuses are held on purpose in this demo; anything else not ok is a problem.
        if (file === BAMBOOHR_TO_GP && outcome.status === 'held') {
          context.out.line(
            `Journals GP refused or would refuse were held whole, none of them in GP in part: ml-connector holds --state ${resolve(dir, '.ml-connector')}`,
          );
        } else if (outcome.status !== 'ok') allOk = false;
      }
    } finally {
      interrupt.dispose();
    }
    context.out.line('');
    context.out.line(...ledger);
    context.out.line(ifsReconciliation(await ifs.controlTotals(), await databricks.controlTotals()));
    context.out.line(psftReconciliation(await psft.controlTotals(), await databricks.controlTotals()));
    context.out.line(sapReconciliation(await sap.controlTotals(), await crm.controlTotals()));
    context.out.line(
      payrollBatches(
        await gp.controlTotals(),
        journalBatchesOf(loadPipelineFile(workspace.files[BAMBOOHR_TO_GP]!).pipeline),
      ),
    );
    context.out.line(
      `Warehouse file: ${resolve(dir, 'gp-warehouse.duckdb')}; audit: ml-connector audit --state ${resolve(dir, '.ml-connector')}`,
    );
    return allOk ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    await Promise.allSettled(started.map((simulator) => simulator.close()));
  }
}

/** The examples into the simulated workspace and CRM, which start empty at every demo: a previous demo's watermarks do not hold. */
const FULL_REFRESH: readonly string[] = [
  GP_TO_DATABRICKS,
  IFS_TO_DATABRICKS,
  PEOPLESOFT_TO_DATABRICKS,
  DATABRICKS_TO_PEOPLESOFT_VENDORS,
  SAP_ECC_TO_DYNAMICS365,
];

/** Vendors in the simulated governed table; their classes are the ones PeopleSoft's simulator holds. */
const DEMO_VENDORS = 30;

type Totals = Record<string, { rows: number; sums: Record<string, string> } | undefined>;

/** How the rows reached the simulated warehouse: staged Parquet files and COPY INTO, as on a real one. */
function warehouseLine(stats: ReturnType<SimulatorHandle['stats']>): string {
  return (
    `Databricks: ${stats.stagedFilesLoaded ?? 0} staged Parquet files loaded by COPY INTO, ${stats.sqlStatements ?? 0} SQL statements, ` +
    `at most ${stats.maxParameters ?? 0} parameters in one (a warehouse takes 256).`
  );
}

/** The GP journal batches a pipeline writes into (`target.options.batch`). */
function journalBatchesOf(pipeline: Pipeline): string[] {
  return Object.values(pipeline.streams).flatMap((stream) =>
    typeof stream.target.options?.batch === 'string' ? [stream.target.options.batch] : [],
  );
}

/** What the payroll run left in GP: its unposted journal batches, as GP counts them. */
function payrollBatches(totals: unknown, batches: readonly string[]): string {
  return batches
    .map((name) => {
      const batch = (totals as Totals)[`gl_journal_batch:${name}`];
      if (batch === undefined) return `Payroll batch ${name}: nothing in GP.`;
      const sums = Object.entries(batch.sums)
        .map(([field, sum]) => `${field} ${sum}`)
        .join(', ');
      return `Payroll batch ${name} in GP (unposted): ${batch.rows} journal lines, ${sums}.`;
    })
    .join('\n');
}

/** GP's GL line totals against the Databricks table's: the reconciliation an auditor asks for first. */
/** IFS's voucher rows (both sets: not yet and already updated to GL) beside what Databricks holds. */
function ifsReconciliation(source: unknown, target: unknown): string {
  const ifs = (source as Totals).voucher_rows;
  const dbx = (target as Totals)['main.finance.ifs_voucher_rows'];
  if (ifs === undefined || dbx === undefined) return 'IFS voucher rows: no totals to compare.';
  const same =
    ifs.rows === dbx.rows && ifs.sums.DebetAmount === dbx.sums.debit && ifs.sums.CreditAmount === dbx.sums.credit;
  return (
    `IFS voucher rows: IFS ${ifs.rows} rows, debit ${ifs.sums.DebetAmount}, credit ${ifs.sums.CreditAmount}; ` +
    `Databricks ${dbx.rows} rows, debit ${dbx.sums.debit}, credit ${dbx.sums.credit}: ${same ? 'reconciled' : 'DIFFERENT'}.`
  );
}

/** PeopleSoft's posted journal lines (signed: debits positive, credits negative) beside what Databricks holds. */
function psftReconciliation(source: unknown, target: unknown): string {
  const psft = (source as Totals).journal_lines;
  const dbx = (target as Totals)['main.finance.psft_journal_lines'];
  if (psft === undefined || dbx === undefined) return 'PeopleSoft journal lines: no totals to compare.';
  const sum = psft.sums.MONETARY_AMOUNT ?? '0';
  const held = dbx.sums.amount ?? '0';
  const same = psft.rows === dbx.rows && Decimal.parse(sum).equals(Decimal.parse(held));
  return (
    `PeopleSoft journal lines: PeopleSoft ${psft.rows} lines, signed sum ${sum}; ` +
    `Databricks ${dbx.rows} lines, signed sum ${held}: ${same ? 'reconciled' : 'DIFFERENT'}.`
  );
}

function reconciliation(source: unknown, target: unknown): [string] {
  const gp = (source as Totals).gl_journal_lines;
  const dbx = (target as Totals)['main.finance.gl_journal_lines'];
  if (gp === undefined || dbx === undefined) return ['GL journal lines: no totals to compare.'];
  const same =
    gp.rows === dbx.rows && gp.sums.DebitAmount === dbx.sums.debit && gp.sums.CreditAmount === dbx.sums.credit;
  return [
    `GL journal lines: GP ${gp.rows} lines, debit ${gp.sums.DebitAmount}, credit ${gp.sums.CreditAmount}; ` +
      `Databricks ${dbx.rows} lines, debit ${dbx.sums.debit}, credit ${dbx.sums.credit}: ${same ? 'reconciled' : 'DIFFERENT'}.`,
  ];
}

/** SAP's purchase orders beside the sales orders Dynamics 365 holds: count, lines and value. */
function sapReconciliation(source: unknown, target: unknown): string {
  const sap = source as Totals;
  const orders = (target as Record<string, { rows: number; lines?: number; sums: Record<string, string> }>).salesorders;
  const accounts = (target as Record<string, { rows: number } | undefined>).accounts;
  const pos = sap.purchase_orders;
  const items = sap.purchase_order_items;
  if (pos === undefined || items === undefined || orders === undefined || accounts === undefined)
    return 'SAP purchase orders: no totals to compare.';
  const value = orders.sums.lineValue ?? '0';
  const same =
    pos.rows === orders.rows &&
    items.rows === orders.lines &&
    Decimal.parse(items.sums.NETWR ?? '0').equals(Decimal.parse(value));
  return (
    `SAP ECC: ${sap.vendors?.rows ?? 0} vendors, ${sap.customers?.rows ?? 0} customers, ${pos.rows} POs with ${items.rows} items worth ${items.sums.NETWR}; ` +
    `Dynamics 365: ${accounts.rows} accounts, ${orders.rows} orders with ${orders.lines} lines worth ${same ? items.sums.NETWR : value}: ${same ? 'reconciled' : 'DIFFERENT'}.`
  );
}
