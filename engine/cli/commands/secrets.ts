/** `ml-connector secrets set|delete|list`: the credentials a pipeline refers to by name, kept in the OS keychain. */
import { closestName } from '../../mapping/type-rules.ts';
import { KEYCHAIN_SERVICE, assertSecretName, environmentVariableFor, isSecretError } from '../../secrets/index.ts';
import { flag, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, EXIT_PROBLEMS, UsageError } from '../errors.ts';
import { readSecretValue } from '../read-secret.ts';
import { formatTable } from '../table.ts';

const ACTIONS = ['set', 'delete', 'list'] as const;
type Action = (typeof ACTIONS)[number];

export const secretsCommand: CommandSpec = {
  name: 'secrets',
  summary: 'Store, delete or list the secrets pipelines refer to (OS keychain, service "ml-connector").',
  usage: 'secrets set NAME | secrets delete NAME | secrets list [--json]',
  positionals: [
    { name: 'ACTION', required: true, description: 'set, delete or list' },
    { name: 'NAME', required: false, description: 'the name a pipeline file uses to refer to the secret' },
  ],
  options: [JSON_OPTION],
  moreArguments: true,
  notes: [
    '`set` reads the value from standard input: typed without echo on a terminal, or piped in. It never takes the',
    'value as an argument, which would land in the shell history and the process list.',
    'Headless machines without a keychain use environment variables instead: ML_CONNECTOR_SECRET_<NAME>',
    '(upper case, every other character as _). `list` shows both, names only, never values.',
  ],
  examples: [
    {
      command: 'secrets set gp_password',
      description: 'Type the GP password (hidden) and store it in the OS keychain.',
    },
    { command: 'secrets list', description: 'List the names of stored secrets and where each is kept.' },
  ],
  run: runSecrets,
};

async function runSecrets(args: ParsedArgs, context: CliContext): Promise<number> {
  const [actionText, name] = args.positionals;
  const action = ACTIONS.find((a) => a === actionText);
  if (!action) {
    const suggestion = closestName(actionText!, ACTIONS);
    throw new UsageError(
      `unknown secrets action "${actionText}"; ${suggestion ? `did you mean "${suggestion}"?` : 'use set, delete or list.'}`,
    );
  }
  if (args.positionals.length > expectedArguments(action)) {
    // The surplus is not repeated: it is most likely the secret itself.
    throw new UsageError(
      action === 'set'
        ? 'secrets set takes the NAME only; it reads the value from standard input, never from an argument (it would land in the shell history).'
        : `secrets ${action} takes ${action === 'list' ? 'no NAME' : 'the NAME only'}.`,
    );
  }
  if (action === 'list') return listSecrets(args, context);
  if (name === undefined)
    throw new UsageError(
      `secrets ${action} needs the NAME of the secret, e.g. ml-connector secrets ${action} gp_password.`,
    );
  assertSecretName(name);
  return action === 'set' ? setSecret(name, context) : deleteSecret(name, context);
}

function expectedArguments(action: Action): number {
  return action === 'list' ? 1 : 2;
}

async function setSecret(name: string, context: CliContext): Promise<number> {
  const value = await readSecretValue(context.stdin, (text) => context.stderr.write(text), name);
  await context.secrets.keychain.set(name, value);
  context.out.line(`Stored "${name}" in the OS keychain (service "${KEYCHAIN_SERVICE}").`);
  return EXIT_OK;
}

async function deleteSecret(name: string, context: CliContext): Promise<number> {
  const deleted = await context.secrets.keychain.delete(name);
  const variable = environmentVariableFor(name);
  if (deleted) context.out.line(`Deleted "${name}" from the OS keychain.`);
  else context.err.line(`There is no secret "${name}" in the OS keychain; nothing was deleted.`);
  // Otherwise the next run still finds the secret and the user wonders why the delete did nothing.
  if (context.env[variable])
    context.err.line(`Note: ${variable} is set in this environment, so runs here still find "${name}".`);
  return deleted ? EXIT_OK : EXIT_PROBLEMS;
}

async function listSecrets(args: ParsedArgs, context: CliContext): Promise<number> {
  const entries: { name: string; source: 'keychain' | 'environment'; where: string }[] = [];
  try {
    for (const name of await context.secrets.keychain.list())
      entries.push({ name, source: 'keychain', where: 'OS keychain' });
  } catch (error) {
    if (!isSecretError(error, 'KEYCHAIN_UNAVAILABLE')) throw error;
    context.err.line(`note: ${error.message}`);
  }
  for (const name of await context.secrets.environment.list()) {
    entries.push({ name, source: 'environment', where: `environment (${environmentVariableFor(name)})` });
  }
  if (flag(args, 'json')) {
    for (const { name, source } of entries) context.out.json({ type: 'secret', name, source });
    return EXIT_OK;
  }
  if (entries.length === 0) {
    context.out.line('No secrets stored.');
    return EXIT_OK;
  }
  for (const line of formatTable(
    [{ header: 'NAME' }, { header: 'STORED IN' }],
    entries.map((e) => [e.name, e.where]),
  ))
    context.out.line(line);
  return EXIT_OK;
}
