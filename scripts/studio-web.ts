/**
 * `npm run studio:web` (and `npm start` where Electron is absent): the studio served on loopback.
 * This is where the studio API contract (renderer/api) meets the engine's host services
 * (engine/host): the engine may not import the renderer's folder, so the two are joined here, and
 * the assignment to ChannelMap below is what checks that the services implement the contract.
 *
 * Options: --port N (default: a free port), --state DIR (one run store for every pipeline, as the
 * CLI's --state; default: each pipeline's own, beside its file), --no-open.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chosenStateDir, resolveStateDir } from '../engine/store/state-folder.ts';
import {
  createStudioServices,
  startBridge,
  type Bridge,
  type HostSecrets,
  type Validation,
} from '../engine/host/index.ts';
import { defaultSecretResolver, secretRegistry, type SecretRegistry } from '../engine/secrets/index.ts';
import { validateRequest, type ChannelMap } from '../renderer/api/contract.ts';

export interface StudioWebOptions {
  readonly cwd?: string;
  readonly stateDir?: string;
  readonly port?: number;
  readonly secrets?: HostSecrets;
  readonly registry?: SecretRegistry;
  readonly staticDir?: string;
  /** Where the sign-ins' redirect certificate is kept (default: the user's own folder, see engine/host). */
  readonly signInCertificateDir?: string;
  readonly log?: (line: string) => void;
}

/** Where the renderer's build will put the studio. */
export const RENDERER_BUILD = fileURLToPath(new URL('../dist/renderer', import.meta.url));

export const validatePayload: (domain: string, method: string, payload: unknown) => Validation = validateRequest;

export async function startStudioWeb(options: StudioWebOptions = {}): Promise<Bridge> {
  const cwd = options.cwd ?? process.cwd();
  const registry = options.registry ?? secretRegistry;
  const stateDir = options.stateDir ?? chosenStateDir(undefined, process.env, cwd);
  let bridge: Bridge | undefined;
  const host = createStudioServices({
    cwd,
    // Without --state or $ML_CONNECTOR_STATE, each pipeline uses its own state folder, as the CLI does.
    ...(stateDir === undefined ? {} : { stateDir }),
    secrets: options.secrets ?? defaultSecretResolver(),
    registry,
    ...(options.signInCertificateDir === undefined ? {} : { signInCertificateDir: options.signInCertificateDir }),
    publish: (event) => bridge?.publish(event),
  });
  const services: ChannelMap = host;
  bridge = await startBridge({
    validate: validatePayload,
    services,
    registry,
    ...(options.port !== undefined ? { port: options.port } : {}),
    staticDir: options.staticDir ?? RENDERER_BUILD,
    ...(options.log ? { log: options.log } : {}),
  });
  const served = bridge;
  // Webhook listeners and sign-ins waiting for a browser hold ports: they end with the host.
  return {
    ...served,
    publish: (event) => served.publish(event),
    close: async () => (await host.close(), await served.close()),
  };
}

/** Opens the address in the desktop's browser, where there is a desktop; says nothing when there is not. */
export function openBrowser(url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.CI === 'true') return false;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false;
  try {
    const child = spawn(command, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, state: { type: 'string' }, 'no-open': { type: 'boolean' } },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port takes a whole number from 0 to 65535, not ${values.port}`);
  const bridge = await startStudioWeb({
    port,
    ...(values.state ? { stateDir: resolveStateDir(values.state, process.env, process.cwd()) } : {}),
  });
  const built = existsSync(`${RENDERER_BUILD}/index.html`);
  console.log(
    `Studio web host: ${bridge.url}${built ? '' : '  (the studio is not built yet: this shows a placeholder page)'}`,
  );
  if (!values['no-open']) openBrowser(bridge.url);
  const stop = () => void bridge.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(`The studio web host did not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
