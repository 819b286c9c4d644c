/**
 * Connection failures an analyst can fix, in words: a certificate this computer does not trust (an
 * internal CA: name it in `caCertFile`), one that has expired or names another host, and a proxy that
 * refuses the tunnel. Everything else stays a network code (ECONNRESET...) for the retry to judge.
 * Shared by the kit's transport and connectors whose driver makes its own connections (Databricks).
 */
import { describeProxy } from './network.ts';

export type ConnectionProblemCode = 'TLS_UNTRUSTED' | 'TLS_CERT_EXPIRED' | 'TLS_NAME_MISMATCH' | 'PROXY_REFUSED';

export interface ConnectionProblem {
  readonly code: ConnectionProblemCode;
  readonly message: string;
  readonly help: string;
}

export interface ProblemContext {
  /** The address the request went to. */
  readonly url: URL;
  /** The proxy it went through, if any. */
  readonly proxy?: URL | undefined;
  /** The connection names its own CA certificate (caCertFile). */
  readonly ownCa?: boolean;
}

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);
const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);

const CA_HELP =
  "Save the CA certificate that signed the server's certificate (PEM, from your IT department) and name it in the connection's caCertFile address part (CA certificate file); certificate checks stay on.";

export function connectionProblem(error: unknown, context: ProblemContext): ConnectionProblem | undefined {
  const { code, message } = innermost(error);
  const where = context.url.host;
  const host = context.url.hostname;
  if (code !== undefined && UNTRUSTED.has(code)) {
    const inspecting =
      context.proxy === undefined
        ? ''
        : ` If the proxy ${describeProxy(context.proxy)} inspects HTTPS, it re-signs certificates with its own CA: name that CA's certificate instead.`;
    const lead = context.ownCa
      ? `the certificate of ${where} is not signed by the CA certificate in caCertFile, nor by one this computer trusts (${message}). Check that caCertFile names the CA that signed ${host}'s certificate.`
      : `the certificate of ${where} is not signed by a certificate authority this computer trusts (${message}). If ${host} uses your organisation's own CA (on-premises servers often do), name that CA's certificate in the connection's caCertFile address part.`;
    return { code: 'TLS_UNTRUSTED', message: `${lead}${inspecting}`, help: CA_HELP };
  }
  if (code !== undefined && EXPIRED.has(code)) {
    return {
      code: 'TLS_CERT_EXPIRED',
      message: `the certificate of ${where} is not valid now (${message}); the server's administrator must renew it, or this computer's clock is wrong`,
      help: 'A certificate outside its validity dates is refused; trusting another CA does not change that.',
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      code: 'TLS_NAME_MISMATCH',
      message: `the certificate of ${where} was issued for another name (${message}); use the host name the certificate names in the connection's address`,
      help: 'The address must use a name the certificate lists (its subject alternative names).',
    };
  }
  // undici's words when a proxy answers CONNECT with anything but 200.
  const refused = /Proxy response \((\d{3})\)/.exec(message);
  return refused === null ? undefined : proxyRefusal(Number(refused[1]), context);
}

/** A proxy that answered the tunnel request with `status` instead of 200. */
export function proxyRefusal(status: number, context: ProblemContext): ConnectionProblem {
  const where = context.url.host;
  const proxy = context.proxy === undefined ? 'the proxy' : `the proxy ${describeProxy(context.proxy)}`;
  const why =
    status === 407
      ? 'it wants a sign-in: give the proxy as http://user:password@host:port in HTTPS_PROXY (or ask for this address to be allowed without one)'
      : status === 403
        ? `it does not allow connections to ${where}: ask for the address to be allowed, or list ${context.url.hostname} in NO_PROXY if it is reachable directly`
        : `it could not reach ${where}`;
  return {
    code: 'PROXY_REFUSED',
    message: `${proxy} refused the connection to ${where} with HTTP ${status}: ${why}`,
    help: 'The proxy comes from the HTTPS_PROXY / HTTP_PROXY environment variables; NO_PROXY lists hosts reached directly.',
  };
}

/** The deepest error with a code (undici and node-fetch wrap the socket's error in `cause`). */
function innermost(error: unknown): { code: string | undefined; message: string } {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | null | undefined;
  let found: { code: string | undefined; message: string } = { code: undefined, message: messageOf(current) };
  for (let depth = 0; current !== null && current !== undefined && depth < 5; depth += 1) {
    if (
      typeof current.code === 'string' &&
      (UNTRUSTED.has(current.code) || EXPIRED.has(current.code) || current.code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    ) {
      return { code: current.code, message: messageOf(current) };
    }
    if (found.code === undefined && typeof current.code === 'string')
      found = { code: current.code, message: messageOf(current) };
    current = current.cause as typeof current;
  }
  return { code: found.code, message: messageOf(error) };
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  // node-fetch (the Databricks driver's) leads with the whole URL: the reason is what matters here.
  return typeof message === 'string' ? message.replace(/^request to \S+ failed, reason: /, '') : String(error);
}
