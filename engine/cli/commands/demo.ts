/**
 * `ml-connector demo`: the first integration in one command. Starts the GP and Databricks simulators,
 * copies the GP example pipelines into a demo folder pointed at them, and runs them into Databricks
 * (simulated) and into the local DuckDB warehouse, then compares what landed with GP's control totals.
 */
import { resolve } from 'node:path';
import type { SimulatorHandle } from '../../../connectors/registry.ts';
import { environmentVariableFor } from '../../secrets/index.ts';
import { integerOption, optionValue, type ParsedArgs } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors, loadRunner } from '../engine.ts';
import { EXIT_OK, EXIT_PROBLEMS } from '../errors.ts';
import { demoSecretVariables, GP_TO_DATABRICKS, GP_TO_DUCKDB, prepareExampleWorkspace } from '../example-workspace.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { printStreamTable } from '../run-report.ts';

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'Start the GP and Databricks simulators and run the example pipelines into Databricks and DuckDB.',
  usage: 'demo [--dir DIR] [--rows N]',
  positionals: [],
  options: [
    { name: 'dir', type: 'string', valueName: 'DIR', description: 'Folder for the demo pipelines, the DuckDB warehouse and the run store (default ./ml-connector-demo).' },
    { name: 'rows', type: 'string', valueName: 'N', description: 'Records per GP entity (default 1000).' },
  ],
  notes: [
    'Simulators use their default ports (gp 47001, databricks 47007), or free ports when those are taken.',
    'The demo passwords are set as ML_CONNECTOR_SECRET_* for this process only; nothing is stored.',
    'Run it again: the Databricks simulator starts empty each time, so that pipeline reloads in full; the DuckDB one reads only what changed.',
  ],
  examples: [{ command: 'demo', description: 'GP -> Databricks (simulated) and GP -> ./ml-connector-demo/gp-warehouse.duckdb, with a summary.' }],
  run: runDemo,
};

async function runDemo(args: ParsedArgs, context: CliContext): Promise<number> {
  const dir = resolve(context.cwd, optionValue(args, 'dir') ?? 'ml-connector-demo');
  const rows = integerOption(args, 'rows', 1);
  const { startSimulator, SIMULATED_SYSTEMS } = await loadConnectors();
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
    const databricks = await start('databricks', {});
    context.out.line(`Dynamics GP simulator at ${gp.url}; Databricks simulator at ${databricks.url}.`);
    // For this process only: the child environment of the shell that started it is not touched.
    Object.assign(process.env, demoSecretVariables(started, environmentVariableFor));
    const workspace = prepareExampleWorkspace(dir, { gp, databricks });
    context.out.line(`Demo pipelines in ${dir}.`);
    const { loadPipelineFile, runPipeline } = await loadRunner();
    const interrupt = cancelOnInterrupt((line) => context.err.line(line));
    let allOk = true;
    try {
      for (const [file, label] of [[GP_TO_DATABRICKS, 'Databricks (simulated)'], [GP_TO_DUCKDB, 'the local DuckDB warehouse']] as const) {
        context.out.line('');
        context.out.line(`GP -> ${label}: ${file}`);
        const outcome = await runPipeline({
          loaded: loadPipelineFile(workspace.files[file]!),
          stateDir: resolve(dir, '.ml-connector'),
          // The simulated workspace starts empty at every demo, so its watermarks from a previous demo do not hold.
          fullRefresh: file === GP_TO_DATABRICKS,
          signal: interrupt.signal,
          resolveSecret: (name) => context.secrets.resolve(name),
          storeSecret: (name, value) => context.secrets.keychain.set(name, value),
          secretValues: () => context.secrets.values(),
        });
        printStreamTable(context.out, outcome.streams);
        context.out.line(`Run ${outcome.runId}: ${outcome.status}.`);
        if (outcome.status !== 'ok') allOk = false;
      }
    } finally {
      interrupt.dispose();
    }
    context.out.line('');
    context.out.line(...reconciliation(await gp.controlTotals(), await databricks.controlTotals()));
    context.out.line(`Warehouse file: ${resolve(dir, 'gp-warehouse.duckdb')}; audit: ml-connector audit --state ${resolve(dir, '.ml-connector')}`);
    return allOk ? EXIT_OK : EXIT_PROBLEMS;
  } finally {
    await Promise.allSettled(started.map((simulator) => simulator.close()));
  }
}

type Totals = Record<string, { rows: number; sums: Record<string, string> } | undefined>;

/** GP's GL line totals against the Databricks table's: the reconciliation an auditor asks for first. */
function reconciliation(source: unknown, target: unknown): [string] {
  const gp = (source as Totals).gl_journal_lines;
  const dbx = (target as Totals)['main.finance.gl_journal_lines'];
  if (gp === undefined || dbx === undefined) return ['GL journal lines: no totals to compare.'];
  const same = gp.rows === dbx.rows && gp.sums.DebitAmount === dbx.sums.debit && gp.sums.CreditAmount === dbx.sums.credit;
  return [
    `GL journal lines: GP ${gp.rows} lines, debit ${gp.sums.DebitAmount}, credit ${gp.sums.CreditAmount}; ` +
      `Databricks ${dbx.rows} lines, debit ${dbx.sums.debit}, credit ${dbx.sums.credit}: ${same ? 'reconciled' : 'DIFFERENT'}.`,
  ];
}
