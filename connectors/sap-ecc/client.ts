/**
 * The SAP HTTP client: Basic auth, `sap-client`/`sap-language` on every request, the security session's
 * cookies kept, SOAP faults mapped to SAP's exception names before the kit's status errors see a 500, and
 * an inactive `/sap/bc/soap/rfc` (403/404 with an HTML page) said in an SAP administrator's words. RFC
 * calls are reads here, so they are marked safe to resend (COMMUNICATION_FAILURE, 5xx and resets retried).
 */
import { basicAuth } from '../kit/auth/basic.ts';
import type { RememberSecret, ResolveSecret } from '../kit/auth/secrets.ts';
import { createHttpClient, type HttpClient } from '../kit/http/client.ts';
import type { ClientCertificate, ProxySettings, TimeoutOptions } from '../kit/http/network.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { Interceptor, Scrub } from '../kit/http/types.ts';
import { readSoapEnvelope, SOAP11_CONTENT_TYPE, SoapFaultError } from '../kit/soap/envelope.ts';
import { RFC_SERVICE_PATH, SapRfcError, rfcFaultError, rfcServiceInactiveError } from './rfc-errors.ts';
import { buildRfcEnvelope, readRfcAnswer, type RfcAnswer, type RfcCall } from './rfc-xml.ts';
import { sapClientQuery, sapSessionCookies, type SapSessionJar } from './session.ts';

export interface SapClientOptions {
  /** `https://host:port` of the SAP system's ICM (or Web Dispatcher). */
  readonly baseUrl: string;
  /** The three-digit SAP client (`sap-client`). */
  readonly client: string;
  readonly language?: string;
  readonly user: string;
  readonly passwordSecret: string;
  readonly resolveSecret: ResolveSecret;
  readonly remember?: RememberSecret;
  readonly caCert?: string;
  readonly scrub?: Scrub;
  readonly retry?: RetryOptions | false;
  /** Default: the environment's proxy variables. */
  readonly proxy?: ProxySettings;
  readonly timeouts?: TimeoutOptions;
  /** Mutual TLS: the certificate (and key) the ICM asks of clients, its passphrase already resolved. */
  readonly clientCertificate?: ClientCertificate;
  /** SAP's session cookies shared with another client of the same connection (`session.ts`). */
  readonly sessionJar?: SapSessionJar;
}

export interface SapRfcClient {
  /** Calls one function module over SOAP; `table` names the table of an RFC_READ_TABLE call for messages. */
  call(call: RfcCall, context?: { readonly table?: string }): Promise<RfcAnswer>;
  close(): Promise<void>;
}

/**
 * An HTTP client to the SAP system as one user of one SAP client: Basic, `sap-client`/`sap-language`, the
 * security session's cookies, then `answers` (what the surface makes of SAP's refusals). The RFC and the
 * Gateway clients are both this, so they sign in, trust and reach the ICM alike.
 */
export function sapHttpClient(options: SapClientOptions, answers: readonly Interceptor[]): HttpClient {
  return createHttpClient({
    baseUrl: options.baseUrl,
    auth: basicAuth({
      user: options.user,
      passwordSecret: options.passwordSecret,
      resolveSecret: options.resolveSecret,
      ...(options.remember === undefined ? {} : { remember: options.remember }),
    }),
    interceptors: [sapClientQuery(options.client, options.language), sapSessionCookies(options.sessionJar), ...answers],
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
    ...(options.scrub === undefined ? {} : { scrub: options.scrub }),
    ...(options.proxy === undefined ? {} : { proxy: options.proxy }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.clientCertificate === undefined ? {} : { clientCertificate: options.clientCertificate }),
  });
}

export function createSapRfcClient(options: SapClientOptions): SapRfcClient {
  const http = sapHttpClient(options, [sapAnswers()]);
  return {
    async call(call, context = {}) {
      try {
        const response = await http.send({
          method: 'POST',
          path: RFC_SERVICE_PATH,
          headers: { 'content-type': SOAP11_CONTENT_TYPE, soapaction: '""' },
          body: buildRfcEnvelope(call),
          idempotent: true,
        });
        return readRfcAnswer(response.body.toString('utf8'), call.functionName);
      } catch (error) {
        // The fault was mapped (and retried when transient) below; here it gains the call's own words.
        if (error instanceof SapRfcError || error instanceof SoapFaultError)
          throw rfcFaultError(error.fault, { functionName: call.functionName, ...context });
        throw error;
      }
    },
    close: () => http.close(),
  };
}

/**
 * Runs inside the kit's status errors (which would make every 500 an HTTP_500): a SOAP fault becomes SAP's
 * exception (only COMMUNICATION_FAILURE transient, so the kit's retry resends just that), and a 403/404 page
 * that is not XML is the inactive ICF service.
 */
function sapAnswers(): Interceptor {
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status < 400) return response;
    const xml = /xml/i.test(response.headers['content-type'] ?? '');
    if (!xml && (response.status === 403 || response.status === 404)) throw rfcServiceInactiveError(response.status);
    if (!xml) return response;
    let message;
    try {
      message = readSoapEnvelope(response.body.toString('utf8'));
    } catch {
      return response;
    }
    if (message.kind !== 'fault') return response;
    throw rfcFaultError(message.fault, { functionName: 'the RFC call' });
  };
}
