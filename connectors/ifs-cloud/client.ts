/**
 * The IFS Cloud client: the kit's HTTP client signed in by OAuth2 client credentials against the tenant's
 * IFS IAM (Keycloak) token endpoint, the secret in the form body (ifs-cloud.md §2). Tokens live
 * `expires_in` seconds (180 by default, per IAM client otherwise): the kit renews them 60 s before expiry
 * and once on a 401 mid-sync. A token endpoint that refuses the client is one AUTH_FAILED naming the
 * client and realm, never retried. IFS's error bodies keep the useful text in `details` ("Malformed
 * Request." says little; the detail names the property), so the detail is folded into the message.
 */
import { oauth2ClientCredentials } from '../kit/auth/oauth2.ts';
import { KitError, isKitError } from '../kit/errors.ts';
import { createHttpClient, type HttpClient } from '../kit/http/client.ts';
import type { HttpRequest, Interceptor } from '../kit/http/types.ts';
import { JsonNumber, parseJsonExact, type JsonTree } from '../kit/json-exact.ts';
import type { Json } from '../kit/rest/values.ts';
import { type IfsConnectionConfig, tokenUrlOf } from './config.ts';

/** §2: the scope the live recordings send. */
export const IFS_SCOPE = 'openid microprofile-jwt';

export interface IfsPage {
  readonly rows: readonly Json[];
  readonly nextLink: string | undefined;
  /** `@odata.count`, when asked with `$count=true` and given. */
  readonly count: number | undefined;
}

/** `{"error":{"message":"Malformed Request.","details":[{"message":"The property 'X'..."}]}}` -> one message. */
const foldDetails: Interceptor = (next) => async (request) => {
  const response = await next(request);
  if (response.status < 400 || response.body.length === 0) return response;
  try {
    const body = JSON.parse(response.body.toString('utf8')) as {
      error?: { code?: unknown; message?: unknown; details?: unknown };
    };
    const error = body.error;
    if (typeof error !== 'object' || error === null || !Array.isArray(error.details)) return response;
    const details = (error.details as { message?: unknown }[])
      .map((detail) => (typeof detail.message === 'string' ? detail.message : ''))
      .filter((message) => message !== '');
    if (details.length === 0) return response;
    const message = [typeof error.message === 'string' ? error.message : '', ...details].filter(Boolean).join(' ');
    return { ...response, body: Buffer.from(JSON.stringify({ error: { code: error.code, message } })) };
  } catch {
    return response;
  }
};

function signInHelp(config: IfsConnectionConfig): string {
  return `Check the IAM client "${config.clientId}" in realm "${config.realm}" and its stored secret "${config.clientSecretSecret}" (IFS Cloud: Solution Manager > Users and Permissions > IAM Client Registration).`;
}

/** An AUTH_FAILED from inside the OAuth part is the token endpoint refusing the client: say so in IFS's terms. */
function refusedClient(config: IfsConnectionConfig): Interceptor {
  return (next) => async (request) => {
    try {
      return await next(request);
    } catch (error) {
      if (!isKitError(error) || error.code !== 'AUTH_FAILED') throw error;
      const said = error.vendorMessage === undefined ? '' : ` (IFS IAM said: ${error.vendorMessage})`;
      throw new KitError('AUTH_FAILED', `IFS Cloud refused the sign-in of IAM client "${config.clientId}"${said}`, {
        cause: error,
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.vendorMessage === undefined ? {} : { vendorMessage: error.vendorMessage }),
        help: signInHelp(config),
      });
    }
  };
}

export class IfsClient {
  private readonly http: HttpClient;

  constructor(readonly config: IfsConnectionConfig) {
    const auth = oauth2ClientCredentials({
      tokenUrl: tokenUrlOf(config),
      clientId: config.clientId,
      clientSecretSecret: config.clientSecretSecret,
      scope: IFS_SCOPE,
      resolveSecret: config.resolveSecret,
      ...(config.remember === undefined ? {} : { remember: config.remember }),
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.now === undefined ? {} : { now: config.now }),
      ...(config.retry === undefined || config.retry === false ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
    this.http = createHttpClient({
      baseUrl: config.systemUrl,
      auth: { ...auth, interceptor: (next) => refusedClient(config)(auth.interceptor(next)) },
      interceptors: [foldDetails],
      ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.retry === undefined ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
  }

  /** One GET of a collection (absolute URL), `value` read with every number's digits kept. */
  async page(
    url: string,
    query: HttpRequest['query'],
    signal?: AbortSignal,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<IfsPage> {
    const response = await this.http.send({
      method: 'GET',
      path: url,
      ...(query === undefined ? {} : { query }),
      headers: { accept: 'application/json', ...headers },
      ...(signal === undefined ? {} : { signal }),
    });
    let body: JsonTree;
    try {
      body = parseJsonExact(response.body.toString('utf8'));
    } catch (error) {
      throw new KitError('RESPONSE_INVALID', `IFS answered ${url.split('?')[0] ?? ''} with text that is not JSON`, {
        cause: error,
      });
    }
    const object = body as Json | null;
    const value = object === null || typeof object !== 'object' ? undefined : object.value;
    if (!Array.isArray(value))
      throw new KitError('RESPONSE_INVALID', `IFS answered ${url.split('?')[0] ?? ''} without a "value" array`);
    const next = object?.['@odata.nextLink'];
    const count = object?.['@odata.count'];
    return {
      rows: value as Json[],
      nextLink: typeof next === 'string' ? new URL(next, url).toString() : undefined,
      count: count instanceof JsonNumber ? Number(count.text) : undefined,
    };
  }

  /** A raw request (the destination's GET-by-key and PATCH). */
  send(request: HttpRequest) {
    return this.http.send(request);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
