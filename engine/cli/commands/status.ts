/** `ml-connector status`: what a running `serve` reports on its status endpoint, as a table or JSON. */
import { flag, optionValue, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../errors.ts';
import { formatTable } from '../table.ts';
import type { ServeStatus } from '../../serve/serve-status.ts';

/** The address `serve` listens on by default (DEFAULT_STATUS_PORT): kept here so `status` loads no runner. */
const DEFAULT_URL = 'http://127.0.0.1:47080';

export const statusCommand: CommandSpec = {
  name: 'status',
  summary: "Show a running serve's pipelines: next and last runs, counts, held rows, failures.",
  usage: 'status [--url URL] [--token-secret NAME] [--json]',
  positionals: [],
  options: [
    {
      name: 'url',
      type: 'string',
      valueName: 'URL',
      description: `The service's status endpoint (default ${DEFAULT_URL}).`,
    },
    {
      name: 'token-secret',
      type: 'string',
      valueName: 'NAME',
      description: 'Secret holding the token the endpoint requires (serve --status-token-secret).',
    },
    JSON_OPTION,
  ],
  notes: [
    'Exit codes: 0 every pipeline is well; 1 a pipeline file is refused, or its last run failed or held rows; 2 the service cannot be reached or refused the token.',
  ],
  examples: [
    { command: 'status', description: 'The service on this machine.' },
    {
      command: 'status --url http://agent.local:47080 --token-secret STATUS_TOKEN --json',
      description: 'A service elsewhere, for a script.',
    },
  ],
  run: runStatus,
};

async function runStatus(args: ParsedArgs, context: CliContext): Promise<number> {
  const base = optionValue(args, 'url') ?? DEFAULT_URL;
  const tokenSecret = optionValue(args, 'token-secret');
  const token = tokenSecret === undefined ? undefined : await context.secrets.resolve(tokenSecret);
  const status = await fetchStatus(base, token);
  if (flag(args, 'json')) context.out.json(status);
  else printStatus(context, status);
  const unwell = status.pipelines.some((p) => p.refused !== undefined || (p.lastRun && p.lastRun.status !== 'ok'));
  return unwell ? EXIT_PROBLEMS : EXIT_OK;
}

async function fetchStatus(base: string, token: string | undefined): Promise<ServeStatus> {
  let response: Response;
  try {
    response = await fetch(new URL('/status', base), {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new StatusUnreachable(
      `no service answers at ${base} (${(error as Error).message}); is \`ml-connector serve\` running?`,
    );
  }
  if (response.status === 401)
    throw new StatusUnreachable(`the service at ${base} needs its token (--token-secret NAME).`);
  if (!response.ok) throw new StatusUnreachable(`the service at ${base} answered ${response.status}.`);
  return (await response.json()) as ServeStatus;
}

/** Exit 2, as for a wrong argument: the question could not be asked, which says nothing about the pipelines. */
const StatusUnreachable = UsageError;

function printStatus(context: CliContext, status: ServeStatus): void {
  context.out.line(`Service started ${status.startedAt}; missed runs: ${status.missedRuns}.`);
  const rows = status.pipelines.map((p) => [
    p.id ?? p.file,
    p.running ? 'running' : (p.nextRun ?? ''),
    p.lastRun ? `${p.lastRun.status} ${p.lastRun.finishedAt ?? p.lastRun.startedAt}` : '',
    String(p.runs),
    String(p.failures),
    String(p.heldRows),
    p.refused ?? p.lastRun?.error ?? '',
  ]);
  const columns = [
    { header: 'pipeline' },
    { header: 'next run' },
    { header: 'last run' },
    { header: 'runs', align: 'right' as const },
    { header: 'failures', align: 'right' as const },
    { header: 'held', align: 'right' as const },
    { header: 'problem', maxWidth: 80 },
  ];
  for (const line of formatTable(columns, rows)) context.out.line(line);
}
