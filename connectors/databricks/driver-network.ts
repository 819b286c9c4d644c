/**
 * The driver makes its own connections (Thrift over HTTPS on node-fetch and an https.Agent), so the
 * kit's dispatcher does not reach them; this gives the driver the same proxy and trust:
 *
 * - the proxy the environment names for `https://host:port` (the kit's reading of HTTPS_PROXY / NO_PROXY),
 *   as the driver's `proxy` option;
 * - through that proxy, the connection's own CA as well: driver 2.1.0 builds its proxy agent without the
 *   `ca` it computes from `customCaCert` (a tunnelled connection then trusts the system CAs only and
 *   refuses the certificate), so the options of the agent it builds get that `ca` added.
 * - a certificate it does not trust, or a proxy's refusal, said in the kit's words.
 */
import type { DBSQLClient } from '@databricks/sql';
import type { ProxyOptions } from '@databricks/sql/dist/connection/contracts/IConnectionOptions';
import { connectionProblem, proxyRefusal } from '../kit/http/connection-problems.ts';
import { proxyFor, proxySettingsFromEnv, type ProxySettings } from '../kit/http/network.ts';
import { DatabricksDestinationError } from './errors.ts';

export interface DriverNetwork {
  /** The proxy `https://host:port` goes through, if any. */
  readonly proxy: URL | undefined;
  /** The driver's `proxy` connect option. */
  readonly option: { readonly proxy?: ProxyOptions };
}

export function driverNetwork(
  host: string,
  port: number,
  settings: ProxySettings = proxySettingsFromEnv(),
): DriverNetwork {
  const proxy = proxyFor(`https://${host}:${port}`, settings);
  if (proxy === undefined) return { proxy, option: {} };
  const protocol = proxy.protocol === 'https:' ? 'https' : 'http';
  // The driver pastes user and password into a URL as they are: give them still percent-encoded.
  const auth = proxy.username === '' ? {} : { auth: { username: proxy.username, password: proxy.password } };
  return {
    proxy,
    option: {
      proxy: { protocol, host: proxy.hostname, port: Number(proxy.port) || (protocol === 'https' ? 443 : 80), ...auth },
    },
  };
}

interface ConnectionProvider {
  readonly options: { readonly ca?: unknown };
  getAgentDefaultOptions(): Record<string, unknown>;
}

/** Through a proxy, the driver's tunnelled TLS trusts the `ca` (system roots + customCaCert) it computed. */
export function trustOwnCaThroughProxy(client: DBSQLClient): void {
  const patched = client as unknown as { createConnectionProvider(options: unknown): ConnectionProvider };
  const create = patched.createConnectionProvider.bind(client);
  patched.createConnectionProvider = (options) => {
    const provider = create(options);
    const defaults = provider.getAgentDefaultOptions.bind(provider);
    provider.getAgentDefaultOptions = () => ({
      ...defaults(),
      ...(provider.options.ca === undefined ? {} : { ca: provider.options.ca }),
    });
    return provider;
  };
}

/** An untrusted certificate or a proxy's refusal, as an error in words; undefined for anything else. */
export function driverConnectionProblem(
  error: unknown,
  where: { host: string; port: number; proxy: URL | undefined; ownCa: boolean },
): DatabricksDestinationError | undefined {
  const context = { url: new URL(`https://${where.host}:${where.port}`), proxy: where.proxy, ownCa: where.ownCa };
  // The driver's proxy agent hands the proxy's answer on as the response: a 407 can only be the proxy's.
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  const problem =
    where.proxy !== undefined && status === 407 ? proxyRefusal(407, context) : connectionProblem(error, context);
  return problem === undefined
    ? undefined
    : new DatabricksDestinationError(problem.code, `Databricks: ${problem.message}`);
}
