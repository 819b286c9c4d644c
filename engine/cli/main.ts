/**
 * The `ml-connector` command line: finds the command, parses its arguments, runs it, and turns
 * any error into one scrubbed line on stderr and an exit code scripts can branch on.
 */
import { systemRules } from '../../connectors/registry.ts';
import { closestName } from '../mapping/type-rules.ts';
import { installSystemRules } from '../model/index.ts';
import { parseArgs, wantsHelp } from './args.ts';
import { COMMON_OPTIONS } from './command.ts';
import { COMMANDS, NOT_YET } from './commands/index.ts';
import { scrubbedOutput, type CliContext } from './context.ts';
import { EXIT_OK, UsageError, errorReport, exitCodeFor } from './errors.ts';
import { commandHelp, TOOL, toolHelp } from './help.ts';
import { defaultCliSecrets } from './secrets.ts';

export async function main(argv: string[]): Promise<number> {
  // A reader that goes away (`ml-connector audit | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  });
  const secrets = defaultCliSecrets();
  const scrub = (text: string) => secrets.scrub(text);
  const context: CliContext = {
    out: scrubbedOutput(process.stdout, scrub),
    err: scrubbedOutput(process.stderr, scrub),
    env: process.env,
    cwd: process.cwd(),
    stdin: process.stdin,
    stderr: process.stderr,
    secrets,
  };
  return runCli(argv, context);
}

export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  // Every pipeline a command loads is checked against the systems the connector list knows (descriptors only: no connector code loads).
  installSystemRules(systemRules());
  const debug = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--debug');
  try {
    // Options for the tool as a whole may come before the command (`ml-connector --debug run ...`).
    const start = argv.findIndex((token) => token !== '--debug');
    const name = start < 0 ? undefined : argv[start];
    const rest = start < 0 ? [] : argv.slice(start + 1);
    if (name === undefined) {
      throw new UsageError(`give a command: ${COMMANDS.map((c) => c.name).join(', ')} (see ${TOOL} --help).`);
    }
    if (name === '--help' || name === '-h' || name === 'help') return showHelp(rest, context);
    if (name.startsWith('-'))
      throw new UsageError(
        `unknown option ${name}; the command comes first, e.g. ${TOOL} run PIPELINE.json (see ${TOOL} --help).`,
      );

    const command = COMMANDS.find((c) => c.name === name);
    if (!command) throw unknownCommand(name);
    if (wantsHelp(rest)) {
      context.out.line(commandHelp(command));
      return EXIT_OK;
    }
    const args = parseArgs(
      rest,
      [...command.options, ...COMMON_OPTIONS],
      command.positionals,
      command.name,
      command.moreArguments,
    );
    return await command.run(args, context);
  } catch (error) {
    for (const line of errorReport(error, debug)) context.err.line(line);
    return exitCodeFor(error);
  }
}

function showHelp(rest: readonly string[], context: CliContext): number {
  const topic = rest.find((token) => !token.startsWith('-'));
  if (topic === undefined) {
    context.out.line(toolHelp(COMMANDS, NOT_YET));
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === topic);
  if (!command) throw unknownCommand(topic);
  context.out.line(commandHelp(command));
  return EXIT_OK;
}

function unknownCommand(name: string): UsageError {
  if (NOT_YET.includes(name)) {
    return new UsageError(
      `"${name}" is not available in this version of ${TOOL} yet (planned: ${NOT_YET.join(', ')}); see ${TOOL} --help for what is.`,
    );
  }
  const suggestion = closestName(name, [...COMMANDS.map((c) => c.name), ...NOT_YET]);
  const hint = suggestion ? `did you mean "${suggestion}"?` : `commands: ${COMMANDS.map((c) => c.name).join(', ')}.`;
  return new UsageError(`unknown command "${name}"; ${hint}`);
}
