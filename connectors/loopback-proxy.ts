/**
 * Like curl and undici, the kit sends requests for 127.0.0.1 through HTTPS_PROXY / HTTP_PROXY unless
 * NO_PROXY lists it, and a corporate proxy cannot reach this machine's loopback. A process that talks
 * only to simulators on this machine (`demo`) lists the loopback names in its own NO_PROXY first.
 */
export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

/** Adds the loopback names to `no_proxy` and `NO_PROXY` of `env` (this process's by default), keeping what they list. */
export function reachLoopbackDirectly(env: Record<string, string | undefined> = process.env): void {
  const current = env.no_proxy ?? env.NO_PROXY ?? '';
  if (current.trim() === '*') return; // nothing is proxied already
  const entries = current.split(/[,\s]/).filter((entry) => entry !== '');
  const value = [...entries, ...LOOPBACK_HOSTS.filter((host) => !entries.includes(host))].join(',');
  env.no_proxy = value;
  env.NO_PROXY = value;
}
