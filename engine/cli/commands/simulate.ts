/** `ml-connector simulate SYSTEM`: a local sandbox of a system's API, until Ctrl-C. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { flag, integerOption, optionValue, type ParsedArgs } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { SIMULATED_SYSTEMS, simulatedModule, simulatorCaFile } from '../../../connectors/registry.ts';
import { loadConnectors } from '../engine.ts';
import { EXIT_OK, UsageError } from '../errors.ts';

/** From the connector list's descriptors (no connector code loads): a typo is answered at once. */
const SYSTEMS = Object.keys(SIMULATED_SYSTEMS);
const DEFAULT_PORTS = Object.entries(SIMULATED_SYSTEMS)
  .map(([name, port]) => `${name} ${port}`)
  .join(', ');

export const simulateCommand: CommandSpec = {
  name: 'simulate',
  summary: `Run a local sandbox of a system's API (${SYSTEMS.join(', ')}) until Ctrl-C.`,
  usage: 'simulate SYSTEM [--port N] [--seed N] [--rows N] [--faults SPEC] [--tls] [--ca-file FILE]',
  positionals: [{ name: 'SYSTEM', required: true, description: `the system: ${SYSTEMS.join(', ')}` }],
  options: [
    {
      name: 'port',
      type: 'string',
      valueName: 'N',
      description: `Port to listen on (loopback). Default: ${DEFAULT_PORTS}.`,
    },
    {
      name: 'seed',
      type: 'string',
      valueName: 'N',
      description: 'Seed of the generated data and of the faults (default 1): the same seed gives the same run.',
    },
    {
      name: 'rows',
      type: 'string',
      valueName: 'N',
      description: 'Records per entity for source systems (default 1000).',
    },
    {
      name: 'faults',
      type: 'string',
      valueName: 'SPEC',
      description:
        'Share of requests that fail, e.g. 429:0.05,503:0.05,reset:0.02 (kinds 429, 500, 503, reset, slow, expire).',
    },
    {
      name: 'tls',
      type: 'boolean',
      description:
        'gp, bamboohr: serve HTTPS with a certificate signed by a CA made at start, as an on-premises server behind an internal CA (databricks always does).',
    },
    {
      name: 'ca-file',
      type: 'string',
      valueName: 'FILE',
      description: `Where to write the CA certificate of an HTTPS simulator (default ${SYSTEMS.map((name) => `./${simulatorCaFile(name)}`).join(', ')}); beside the pipeline file that names it, e.g. assets/examples/${simulatorCaFile('databricks')} for the shipped examples.`,
    },
  ],
  notes: [
    'Prints the address and the demo credentials it accepts; every simulator serves GET /__sim/control-totals.',
    'The Databricks simulator speaks HTTPS (gp and bamboohr with --tls), its certificate signed by a CA made at',
    `start: a pipeline trusts it by naming the CA file it writes in the connection's address.caCertFile (certificate checks stay on).`,
    'With HTTPS_PROXY or HTTP_PROXY set, clients reach a simulator through that proxy unless NO_PROXY lists 127.0.0.1 (as curl does).',
  ],
  examples: [
    ...SYSTEMS.map((name) => {
      const { label, simulator } = simulatedModule(name)!.descriptor;
      return {
        command: `simulate ${name}`,
        description: `${label} on port ${simulator!.defaultPort}; ${simulator!.example}`,
      };
    }),
    {
      command: `simulate ${SYSTEMS[0]} --faults 503:0.1`,
      description: 'One request in ten answers 503 (Service Unavailable).',
    },
    {
      command: `simulate ${SYSTEMS[0]} --tls`,
      description: `HTTPS; its CA certificate written to ./${simulatorCaFile(SYSTEMS[0]!)}.`,
    },
  ],
  run: runSimulate,
};

async function runSimulate(args: ParsedArgs, context: CliContext): Promise<number> {
  const system = args.positionals[0]!;
  if (!SYSTEMS.includes(system))
    throw new UsageError(
      `there is no simulator for "${system}"; available: ${SYSTEMS.join(', ')} (the other systems come later).`,
    );
  const port = integerOption(args, 'port', 0);
  const seed = integerOption(args, 'seed', 0);
  const rows = integerOption(args, 'rows', 1);
  const faults = optionValue(args, 'faults');
  const tls = flag(args, 'tls');
  const { startSimulator } = await loadConnectors();
  const simulator = await startOrExplain(
    () =>
      startSimulator(system, {
        ...(port === undefined ? {} : { port }),
        ...(seed === undefined ? {} : { seed }),
        ...(rows === undefined ? {} : { rows }),
        ...(faults === undefined ? {} : { faults }),
        ...(tls ? { tls } : {}),
      }),
    port ?? SIMULATED_SYSTEMS[system] ?? 0,
  );
  // Listen for Ctrl-C before saying it can be pressed.
  const stopped = new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  for (const line of simulator.banner) context.out.line(line);
  if (simulator.caCert !== undefined) {
    const file = resolve(context.cwd, optionValue(args, 'ca-file') ?? simulatorCaFile(system));
    writeFileSync(file, simulator.caCert);
    // caCertFile is read from the pipeline file's folder: say so, since this folder may not be that one.
    context.out.line(
      `  CA certificate written to ${file} (name it in the connection's address.caCertFile; a relative path there is read from the pipeline file's folder, so write it beside the pipeline with --ca-file)`,
    );
  }
  context.out.line('Press Ctrl-C to stop.');
  await stopped;
  await simulator.close();
  context.err.line(`${system} simulator stopped.`);
  return EXIT_OK;
}

/** A port in use or a bad faults spec is a one-line usage error, not a stack trace. */
export async function startOrExplain<T>(start: () => Promise<T>, port: number): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE')
      throw new UsageError(`port ${port} is already in use; choose another with --port N (0 picks a free one).`);
    if (code === 'FAULT_SPEC_INVALID' || code === 'CONFIG_INVALID') throw new UsageError((error as Error).message);
    throw error;
  }
}
