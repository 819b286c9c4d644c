/** `ml-connector connect`: the one-time OAuth sign-in of a connection, storing its refresh token in the keychain. */
import { integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { PIPELINE_ARGUMENT, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors } from '../engine.ts';
import { CancelledError, EXIT_OK, UsageError } from '../errors.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { ownEntry } from '../../model/own-names.ts';
import { rememberSecret } from '../../secrets/index.ts';
import { loadPipeline } from '../pipeline.ts';
import { rotatedSecretStore } from '../secrets.ts';

export const connectCommand: CommandSpec = {
  name: 'connect',
  summary: 'Sign in to a system with OAuth in the browser and store the refresh token in the keychain.',
  usage: 'connect PIPELINE.json [--connection NAME] [--port N]',
  positionals: [PIPELINE_ARGUMENT],
  options: [
    { name: 'connection', type: 'string', valueName: 'NAME', description: 'The connection to sign in (default: the only one with auth method oauth2-refresh-token).' },
    { name: 'port', type: 'string', valueName: 'N', description: 'Loopback port of the redirect, http://127.0.0.1:N/callback (default: a free one). Use the port of the redirect URI registered for the app.' },
  ],
  notes: [
    'Prints an address to open in a browser; after you sign in and allow access, the browser comes back to',
    'this command on 127.0.0.1, which exchanges the code and stores the refresh token under the connection\'s',
    'refreshTokenSecret (runs then renew it, and save each rotated token there). The token is never printed.',
    'The client secret is read like any secret (keychain, else ML_CONNECTOR_SECRET_<NAME>).',
    'Exit codes: 0 signed in and stored; 1 refused or failed; 2 invalid pipeline or arguments; 130 cancelled.',
  ],
  examples: [
    { command: 'connect assets/examples/bamboohr-to-gp.json --connection bamboohr', description: 'Sign in to BambooHR (its connection must use oauth2-refresh-token).' },
  ],
  run: runConnect,
};

async function runConnect(args: ParsedArgs, context: CliContext): Promise<number> {
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const connections = loaded.pipeline.connections;
  const oauth = Object.keys(connections).filter((name) => connections[name]!.auth.method === 'oauth2-refresh-token');
  const name = optionValue(args, 'connection') ?? (oauth.length === 1 ? oauth[0] : undefined);
  if (name === undefined) {
    throw new UsageError(oauth.length === 0 ? 'no connection in this pipeline signs in with oauth2-refresh-token; there is nothing to connect.' : `name the connection with --connection (one of ${oauth.join(', ')}).`);
  }
  const connection = ownEntry(connections, name);
  if (connection === undefined) throw new UsageError(`the pipeline has no connection "${name}" (connections: ${Object.keys(connections).join(', ')}).`);
  const port = integerOption(args, 'port', 0);
  const { connectOAuth } = await loadConnectors();
  const interrupt = cancelOnInterrupt((line) => context.err.line(line));
  try {
    const result = await connectOAuth(
      {
        name,
        connection,
        pipeline: loaded.pipeline,
        pipelineDir: loaded.dir,
        resolveSecret: (secret) => context.secrets.resolve(secret),
        storeSecret: rotatedSecretStore(context.secrets),
        remember: rememberSecret,
      },
      {
        ...(port === undefined ? {} : { port }),
        signal: interrupt.signal,
        onAuthorizeUrl: (url) => {
          context.out.line(`Open this address in a browser to sign in (${connection.system}, connection "${name}"):`);
          context.out.line(`  ${url}`);
          context.out.line('Waiting for the browser to come back... (Ctrl-C to cancel)');
        },
      },
    );
    context.out.line(`Signed in. The refresh token is stored in the keychain as "${result.storedAs}".`);
    return EXIT_OK;
  } catch (error) {
    if (interrupt.signal.aborted) throw new CancelledError('cancelled before the browser came back; nothing was stored.');
    throw error;
  } finally {
    interrupt.dispose();
  }
}
