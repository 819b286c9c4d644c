/** The host context the services' tests run in: a folder of their own, no keychain, events kept or dropped. */
import { join } from 'node:path';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostContext, HostSecrets } from './context.ts';

/** A keychain that has nothing: a test that reaches for a secret fails saying which. */
export const NO_SECRETS: HostSecrets = {
  resolve: async (name) => Promise.reject(new Error(`no secret ${name}`)),
  lookup: async () => undefined,
  set: async () => {},
  delete: async () => false,
  describe: () => 'none',
};

/** Requests resolve in `dir`, the run store lives in `dir`/state. */
export function testHostContext(dir: string, publish: (event: unknown) => void = () => {}): HostContext {
  return { cwd: dir, stateDir: join(dir, 'state'), secrets: NO_SECRETS, registry: new SecretRegistry(), publish };
}
