/**
 * How a connection reaches its server, decided in one place for every HTTP connector:
 *
 * - **Proxy**: the environment's `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` (lower case first), read the way
 *   undici's `EnvHttpProxyAgent` reads them, which is also curl's way: `https:` addresses go through
 *   HTTPS_PROXY (else HTTP_PROXY), `http:` ones through HTTP_PROXY; NO_PROXY lists hosts (`example.com`
 *   also covers its subdomains; `.example.com` and `*.example.com` mean the same; `host:port` limits it to a
 *   port; `*` alone turns the proxy off). Loopback addresses are not exempt by themselves (neither curl nor
 *   undici exempts them): add `127.0.0.1,localhost` to NO_PROXY to reach a local server directly. Every
 *   request goes through a CONNECT tunnel, `http:` ones too, so NTLM's one signed-in connection stays one
 *   tunnel kept alive.
 * - **Trust**: the system's CAs (Node's bundled roots, plus `NODE_EXTRA_CA_CERTS`), and for one connection
 *   the CA certificate its `caCertFile` names (on-premises servers signed by an internal CA, or a proxy that
 *   re-signs TLS). Certificate checks always stay on.
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { KitError } from '../errors.ts';
import { pinnedConnectionFactory, type ConnectionEvents } from './pinned-connection.ts';

export interface ProxySettings {
  /** Proxy for `http:` addresses (and `https:` ones when `httpsProxy` is not set). */
  readonly httpProxy?: string;
  readonly httpsProxy?: string;
  /** Comma- or space-separated hosts reached directly. */
  readonly noProxy?: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** The proxy variables of an environment, lower case before upper case (undici and curl read them so). */
export function proxySettingsFromEnv(env: Environment = process.env): ProxySettings {
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  const noProxy = env.no_proxy ?? env.NO_PROXY;
  return {
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
}

/** The proxy a request to `url` goes through, or undefined for a direct connection. */
export function proxyFor(url: URL | string, settings: ProxySettings): URL | undefined {
  const target = typeof url === 'string' ? new URL(url) : url;
  const proxy = target.protocol === 'https:' ? settings.httpsProxy || settings.httpProxy : settings.httpProxy;
  if (!proxy) return undefined;
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  // `host` keeps the brackets of an IPv6 address, as NO_PROXY entries are written.
  const host = target.host.replace(/:\d*$/, '').toLowerCase();
  return bypasses(host, port, settings.noProxy ?? '') ? undefined : proxyUrl(proxy);
}

/** The proxy as it may be shown: scheme, host and port, never a user or password. */
export function describeProxy(proxy: URL): string {
  return `${proxy.protocol}//${proxy.host}`;
}

/**
 * A proxy variable's value as a URL. A bare `host:port` means `http://host:port`, as curl reads it;
 * anything but an http or https proxy is refused in words (the variable's value is never repeated:
 * it may carry a password).
 */
export function proxyUrl(value: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new KitError(
      'CONFIG_INVALID',
      'the proxy named by HTTPS_PROXY / HTTP_PROXY is not an address; write it as http://host:port (or http://user:password@host:port)',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new KitError(
      'CONFIG_INVALID',
      `the proxy named by HTTPS_PROXY / HTTP_PROXY uses ${url.protocol.replace(/:$/, '')}; only http:// and https:// proxies are supported`,
    );
  }
  return url;
}

/** undici's NO_PROXY rules (EnvHttpProxyAgent), so what this module says is what undici does. */
function bypasses(host: string, port: number, noProxy: string): boolean {
  if (noProxy === '*') return true;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (entry === '') continue;
    const withPort = /^(.+):(\d+)$/.exec(entry);
    const name = (withPort?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    if (withPort?.[2] !== undefined && Number(withPort[2]) !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The CAs a connection with its own CA certificate trusts: Node's `ca` option replaces the default roots,
 * so they are listed again with `NODE_EXTRA_CA_CERTS` (which Node applies only when `ca` is not given).
 */
export function trustedCertificates(caCert: string): string[] {
  return [...rootCertificates, ...extraCaCertificates(), caCert];
}

function extraCaCertificates(): string[] {
  const path = process.env.NODE_EXTRA_CA_CERTS;
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return []; // Node itself ignores an unreadable NODE_EXTRA_CA_CERTS (with a warning at start)
  }
}

export interface TimeoutOptions {
  /** Time to open a connection. */
  readonly connectMs?: number;
  /** Time from sending the request to the response headers (covers a server that never answers). */
  readonly headersMs?: number;
  /** Longest silence while reading the body. */
  readonly bodyMs?: number;
  /**
   * Deadline for one whole attempt, enforced by the kit: undici's own header/body timeouts tick on a
   * coarse (about one second) timer, too blunt for short deadlines. Raised as ETIMEDOUT (transient).
   */
  readonly requestMs?: number;
  /** Idle keep-alive sockets are closed after this. */
  readonly keepAliveMs?: number;
}

/** What an auth part that signs in a connection (NTLM) hears (defined with the factory that reports it). */
export type { ConnectionEvents } from './pinned-connection.ts';

export interface DispatcherOptions {
  readonly timeouts?: TimeoutOptions;
  /** Connections per origin (default 8). */
  readonly connections?: number;
  /** PEM of a CA trusted for this connection besides the system's. */
  readonly caCert?: string;
  /** A client certificate this connection shows the server (mutual TLS). */
  readonly clientCertificate?: ClientCertificate;
  /** Default: the environment's, read now. */
  readonly proxy?: ProxySettings;
  /** One connection, one request at a time, its events reported (NTLM signs in a connection). */
  readonly pinned?: ConnectionEvents;
}

/**
 * A client certificate and its private key (PEM), for servers that sign clients in by certificate (mutual
 * TLS; SAP's ICM with `icm/HTTPS/verify_client`). The key's passphrase is a secret: it is passed to TLS
 * and never shown.
 */
export interface ClientCertificate {
  readonly cert: string;
  readonly key: string;
  readonly passphrase?: string;
}

/** The undici dispatcher of one client: keep-alive pools per origin, the proxy and trust above. */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const timeouts = options.timeouts ?? {};
  const proxy = options.proxy ?? proxySettingsFromEnv();
  const ca = options.caCert === undefined ? {} : { ca: trustedCertificates(options.caCert) };
  const connectTimeout = timeouts.connectMs ?? 15_000;
  const pinned = options.pinned;
  // A pinned (NTLM) connection never resumes a TLS session: Node shows no peer certificate on a resumed
  // one, and NTLM's channel binding is computed from the certificate of the very connection it signs in.
  const client = options.clientCertificate;
  const tls = {
    timeout: connectTimeout,
    ...ca,
    ...(client === undefined
      ? {}
      : {
          cert: client.cert,
          key: client.key,
          ...(client.passphrase === undefined ? {} : { passphrase: client.passphrase }),
        }),
    ...(pinned === undefined ? {} : { maxCachedSessions: 0 }),
  };
  return new EnvHttpProxyAgent({
    // Explicit values ('' for none) so undici never reads the environment behind the settings' back.
    httpProxy: proxy.httpProxy === undefined ? '' : proxyUrl(proxy.httpProxy).href,
    httpsProxy: proxy.httpsProxy === undefined ? '' : proxyUrl(proxy.httpsProxy).href,
    noProxy: proxy.noProxy ?? '',
    connections: pinned === undefined ? (options.connections ?? 8) : 1,
    keepAliveTimeout: timeouts.keepAliveMs ?? 30_000,
    headersTimeout: timeouts.headersMs ?? 60_000,
    bodyTimeout: timeouts.bodyMs ?? 120_000,
    connect: tls,
    // TLS to the server inside a proxy's tunnel.
    requestTls: tls,
    ...(pinned === undefined ? {} : { factory: pinnedConnectionFactory(pinned) }),
  });
}
