/** `ml-connector connect`: the one-time OAuth sign-in of a connection, storing its refresh token in the keychain. */
import { integerOption, optionValue, type ParsedArgs } from '../args.ts';
import { PIPELINE_ARGUMENT, type CommandSpec } from '../command.ts';
import type { CliContext } from '../context.ts';
import { loadConnectors } from '../engine.ts';
import { CancelledError, EXIT_OK, UsageError } from '../errors.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { connectionContext } from '../../model/connection-context.ts';
import { ownEntry } from '../../model/own-names.ts';
import { tlsFileOptions } from '../tls-files.ts';
import { loadPipeline } from '../pipeline.ts';
import { cliSecretAccess } from '../secrets.ts';

export const connectCommand: CommandSpec = {
  name: 'connect',
  summary: 'Sign in to a system with OAuth in the browser and store the refresh token in the keychain.',
  usage: 'connect PIPELINE.json [--connection NAME] --tls-cert FILE --tls-key FILE [--port N]',
  positionals: [PIPELINE_ARGUMENT],
  options: [
    {
      name: 'connection',
      type: 'string',
      valueName: 'NAME',
      description: 'The connection to sign in (default: the only one with auth method oauth2-refresh-token).',
    },
    {
      name: 'tls-cert',
      type: 'string',
      valueName: 'FILE',
      description:
        'PEM certificate for 127.0.0.1 that your browser trusts (e.g. made with mkcert): the redirect is served over HTTPS.',
    },
    { name: 'tls-key', type: 'string', valueName: 'FILE', description: 'PEM private key of that certificate.' },
    {
      name: 'port',
      type: 'string',
      valueName: 'N',
      description:
        'Loopback port of the redirect, https://127.0.0.1:N/callback (default 47011). The redirect URI registered for the app must name it.',
    },
  ],
  notes: [
    'Prints an address to open in a browser; after you sign in and allow access, the browser comes back to',
    'this command on https://127.0.0.1:47011/callback, which exchanges the code and stores the refresh token',
    "under the connection's refreshTokenSecret (runs then renew it, and save each rotated token there).",
    'The token is never printed. BambooHR redirects only to a registered HTTPS address, matched exactly:',
    "register https://127.0.0.1:47011/callback for the app in BambooHR's developer portal once, and give this",
    'command a certificate for 127.0.0.1 that your browser trusts and its key (mkcert 127.0.0.1 makes both).',
    'The client secret is read like any secret (keychain, else ML_CONNECTOR_SECRET_<NAME>).',
    'Exit codes: 0 signed in and stored; 1 refused or failed; 2 invalid pipeline or arguments (no certificate, a',
    'port in use); 130 cancelled.',
  ],
  examples: [
    {
      command: 'connect assets/examples/bamboohr-to-gp.json --tls-cert 127.0.0.1.pem --tls-key 127.0.0.1-key.pem',
      description:
        'Sign in to BambooHR (its connection must use oauth2-refresh-token) on https://127.0.0.1:47011/callback.',
    },
  ],
  run: runConnect,
};

async function runConnect(args: ParsedArgs, context: CliContext): Promise<number> {
  const loaded = loadPipeline(args.positionals[0]!, context.err);
  const connections = loaded.pipeline.connections;
  const oauth = Object.keys(connections).filter((name) => connections[name]!.auth.method === 'oauth2-refresh-token');
  const name = optionValue(args, 'connection') ?? (oauth.length === 1 ? oauth[0] : undefined);
  if (name === undefined) {
    throw new UsageError(
      oauth.length === 0
        ? 'no connection in this pipeline signs in with oauth2-refresh-token; there is nothing to connect.'
        : `name the connection with --connection (one of ${oauth.join(', ')}).`,
    );
  }
  const connection = ownEntry(connections, name);
  if (connection === undefined)
    throw new UsageError(
      `the pipeline has no connection "${name}" (connections: ${Object.keys(connections).join(', ')}).`,
    );
  const port = integerOption(args, 'port', 0);
  const tlsFiles = tlsFileOptions(args, context.cwd, "the sign-in's HTTPS redirect");
  const { connectOAuth } = await loadConnectors();
  const interrupt = cancelOnInterrupt((line) => context.err.line(line));
  try {
    const result = await connectOAuth(connectionContext(loaded, name, cliSecretAccess(context.secrets), connection), {
      ...(port === undefined ? {} : { port }),
      ...(tlsFiles === undefined ? {} : { tlsFiles }),
      signal: interrupt.signal,
      onAuthorizeUrl: (url) => {
        context.out.line(`Open this address in a browser to sign in (${connection.system}, connection "${name}"):`);
        context.out.line(`  ${url}`);
        context.out.line('Waiting for the browser to come back... (Ctrl-C to cancel)');
      },
    });
    context.out.line(`Signed in. The refresh token is stored in the keychain as "${result.storedAs}".`);
    return EXIT_OK;
  } catch (error) {
    if (interrupt.signal.aborted)
      throw new CancelledError('cancelled before the browser came back; nothing was stored.');
    // Nothing listened yet: no certificate, an unreadable one, or a port in use, each said with its fix.
    const code = (error as { code?: unknown }).code;
    if (code === 'CONFIG_INVALID' || code === 'EADDRINUSE') throw new UsageError(`${(error as Error).message}.`);
    throw error;
  } finally {
    interrupt.dispose();
  }
}
