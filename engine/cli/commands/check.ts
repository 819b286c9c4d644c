/** `ml-connector check`: ping every connection of a pipeline, as an analyst does before handing it to IT. */
import { flag, type ParsedArgs } from '../args.ts';
import { JSON_OPTION, PIPELINE_ARGUMENT, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors } from '../engine.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_PROBLEMS, isInvalidInputCode } from '../errors.ts';
import { loadPipeline } from '../pipeline.ts';
import { connectionContext } from '../../model/connection-context.ts';
import { cliSecretAccess } from '../secrets.ts';

export const checkCommand: CommandSpec = {
  name: 'check',
  summary: 'Test every connection of a pipeline: sign in and read or run one small thing each.',
  usage: 'check PIPELINE.json [--json]',
  positionals: [PIPELINE_ARGUMENT],
  options: [JSON_OPTION],
  notes: [
    'Each connection gets one line: ok or failed, what was tried, and the answer in plain words.',
    'Secrets are resolved as a run resolves them (OS keychain, else ML_CONNECTOR_SECRET_<NAME>).',
    'Exit codes: 0 every connection answered; 1 some did not; 2 invalid pipeline or arguments, or a connection',
    'that cannot sign in here at all (a single-use refresh token with no keychain to keep the next one).',
  ],
  examples: [
    {
      command: 'check assets/examples/gp-to-databricks.json',
      description: 'Ping GP and Databricks (start `ml-connector simulate gp` and `simulate databricks` first).',
    },
  ],
  run: runCheck,
};

async function runCheck(args: ParsedArgs, context: CliContext): Promise<number> {
  const json = flag(args, 'json');
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const { pingConnection } = await loadConnectors();
  const names = Object.keys(loaded.pipeline.connections);
  const answers = await Promise.all(
    // Signing in may rotate a refresh token (BambooHR OAuth): the new one replaces the old in the keychain,
    // and every token obtained is masked, as the studio's Test does.
    names.map((name) => pingConnection(connectionContext(loaded, name, cliSecretAccess(context.secrets)))),
  );
  let failed = 0;
  for (const [index, answer] of answers.entries()) {
    const name = names[index]!;
    const system = loaded.pipeline.connections[name]!.system;
    if (!answer.ok) failed++;
    if (json) context.out.json({ type: 'connection', name, system, ...answer });
    else
      context.out.line(
        `${name} (${system}): ${answer.ok ? 'ok' : 'FAILED'} - ${answer.test}: ${answer.message}${answer.code === undefined ? '' : ` [${answer.code}]`}`,
      );
  }
  if (json) context.out.json({ type: 'summary', ok: failed === 0, connections: names.length, failed });
  else
    context.out.line(
      failed === 0 ? `All ${names.length} connections answered.` : `${failed} of ${names.length} connections failed.`,
    );
  // A connection refused before any request (nothing to fix at the other end) is a setup problem, like an invalid pipeline.
  if (answers.some((answer) => answer.code !== undefined && isInvalidInputCode(answer.code))) return EXIT_INVALID;
  return failed === 0 ? EXIT_OK : EXIT_PROBLEMS;
}
