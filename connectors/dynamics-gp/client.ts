/**
 * A GP connection's settings for both of GP's surfaces, and the GP SBA client: the kit's HTTP client with
 * Windows sign-in (NTLM, Negotiate-over-NTLM or Basic `DOMAIN\user`; dynamics-gp.md §2, confirmed), JSON
 * by the `.json` suffix, responses parsed with every amount's digits kept (JSON.parse would round them
 * through a float). The general ledger is not in SBA (dynamics-gp-web-services.md §0, §1.2): it is read
 * through GP Web Services (`web-services/client.ts`), whose address is `webServices` here.
 */
import { basicAuth } from '../kit/auth/basic.ts';
import { ntlmAuth } from '../kit/auth/ntlm.ts';
import type { ResolveSecret } from '../kit/auth/secrets.ts';
import { KitError } from '../kit/errors.ts';
import { UnsupportedConnectionError } from '../kit/module/connection-parts.ts';
import { createHttpClient, type HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import type { Scrub } from '../kit/http/types.ts';
import { parseJsonExact, type JsonTree } from '../kit/json-exact.ts';
import type { CompanyDbAddress } from './company-db/company-db.ts';
import { guardNtlmHandshake } from './ntlm-guard.ts';
import { gpResourcePath } from './paths.ts';

/** GP Web Services (the legacy SOAP endpoint) as a connection reaches it (dynamics-gp-web-services.md §1.1, §2). */
export interface GpWebServicesAddress {
  /** The full legacy endpoint, e.g. https://gp.example.com:48620/DynamicsGPWebServices/DynamicsGPService.asmx. */
  readonly url: string;
  /** GP's numeric company id (CMPANYID; -1 is the sample company), sent as the Context's CompanyKey (§8.2). */
  readonly companyKey: number;
  readonly currencyType: 'Transactional' | 'Local';
  /**
   * How many by-key reads a ledger read makes at once, each on its own signed-in connection (default 4):
   * GP Web Services list journals without amounts, so a read makes one call per journal (§5).
   */
  readonly parallelReads?: number;
}

export interface GpConnectionConfig {
  /** Scheme, host and port of the SBA service, e.g. https://gp.example.com (default port 443, §1). SBA streams and the vendors target only. */
  readonly baseUrl?: string;
  /** `DefaultTenant` for a single-tenant install (§1, confirmed). */
  readonly tenant?: string;
  /** The company name, not its database id (§1). With baseUrl. */
  readonly company?: string;
  /** GP Web Services: the ledger streams and the journal and employee targets. */
  readonly webServices?: GpWebServicesAddress;
  /** Where the address parts sit in the pipeline file (`connections.<name>.address`), so a missing one is named. */
  readonly addressPath?: string;
  readonly auth: {
    readonly method: 'ntlm' | 'negotiate' | 'basic';
    readonly domain: string;
    readonly user: string;
    readonly passwordSecret: string;
  };
  readonly resolveSecret: ResolveSecret;
  readonly scrub?: Scrub;
  readonly retry?: RetryOptions | false;
  /** Per-attempt deadline and connection timeouts (the kit's defaults when left out). */
  readonly timeouts?: TimeoutOptions;
  /** PEM of the CA that signed the server's certificate when it is not a public one (address.caCertFile). */
  readonly caCert?: string;
  /** GP's company database, when the customer grants read access: journal dates checked against SY40100 first. */
  readonly companyDb?: CompanyDbAddress;
}

export type GpRecord = { readonly [key: string]: JsonTree };

/** What SBA needs of a connection, or one sentence naming the part that is missing. */
export function requireSba(config: GpConnectionConfig, use: string): { baseUrl: string; company: string } {
  const where = config.addressPath ?? 'address';
  if (config.baseUrl === undefined)
    throw new UnsupportedConnectionError(
      `${where}.baseUrl: ${use} comes through GP's Service Based Architecture; give its address (e.g. https://gp.example.com)`,
    );
  if (config.company === undefined)
    throw new UnsupportedConnectionError(`${where}.company: ${use} needs the company name as GP shows it`);
  return { baseUrl: config.baseUrl, company: config.company };
}

/**
 * What GP Web Services need of a connection, or one sentence naming the missing part. The service takes
 * Windows sign-in only (§2): Basic is refused here, not after a round trip.
 */
export function requireWebServices(config: GpConnectionConfig, use: string): GpWebServicesAddress {
  const where = config.addressPath ?? 'address';
  if (config.webServices === undefined)
    throw new UnsupportedConnectionError(
      `${where}.webServicesUrl: ${use} comes through GP Web Services; give its address (e.g. https://gp.example.com:48620/DynamicsGPWebServices/DynamicsGPService.asmx) and address.companyKey`,
    );
  if (config.auth.method === 'basic')
    throw new UnsupportedConnectionError(
      `${where.replace(/\.address$/, '')}.auth.method: ${use} comes through GP Web Services, which sign in with ntlm or negotiate only, not basic`,
    );
  return config.webServices;
}

export class GpClient {
  private readonly http: HttpClient;
  private readonly tenant: string;

  private readonly company: string;

  constructor(config: GpConnectionConfig, use = 'this stream') {
    const { baseUrl, company } = requireSba(config, use);
    this.company = company;
    this.tenant = config.tenant ?? 'DefaultTenant';
    const { auth } = config;
    const signIn =
      auth.method === 'basic'
        ? {
            auth: basicAuth({
              user: `${auth.domain}\\${auth.user}`,
              passwordSecret: auth.passwordSecret,
              resolveSecret: config.resolveSecret,
            }),
          }
        : guardNtlmHandshake(
            ntlmAuth({
              user: auth.user,
              domain: auth.domain,
              passwordSecret: auth.passwordSecret,
              resolveSecret: config.resolveSecret,
              scheme: auth.method,
            }),
          );
    this.http = createHttpClient({
      baseUrl,
      auth: signIn.auth,
      ...('interceptor' in signIn ? { interceptors: [signIn.interceptor] } : {}),
      ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.retry === undefined ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
  }

  /** One page of a resource's list: `{"Payload": [...]}` (§3: the GET envelope is unconfirmed; a bare array is taken too). */
  async list(
    resource: string,
    query: Readonly<Record<string, string | number | undefined>>,
    signal?: AbortSignal,
  ): Promise<readonly GpRecord[]> {
    const path = gpResourcePath(this.tenant, this.company, resource);
    const response = await this.http.send({
      method: 'GET',
      path,
      query,
      headers: { accept: 'application/json' },
      ...(signal === undefined ? {} : { signal }),
    });
    let tree: JsonTree;
    try {
      tree = parseJsonExact(response.body.toString('utf8'));
    } catch (error) {
      throw new KitError('RESPONSE_INVALID', `GP answered ${resource} with text that is not JSON`, { cause: error });
    }
    const payload = Array.isArray(tree) ? tree : (tree as { readonly Payload?: JsonTree } | null)?.Payload;
    if (!Array.isArray(payload))
      throw new KitError('RESPONSE_INVALID', `GP answered ${resource} without a Payload list`);
    return payload as readonly GpRecord[];
  }

  /**
   * A create (POST to the collection) or an update (PATCH on `Resource(<key>)`), the body wrapped in
   * `{"Payload": ...}` (§3, confirmed). `payloadJson` is JSON text already, so amounts keep their digits.
   * Neither is resent by the kit after a reset or a timeout (GP may have saved it): the caller checks.
   */
  async write(
    method: 'POST' | 'PATCH',
    resource: string,
    key: string | undefined,
    payloadJson: string,
  ): Promise<GpRecord | undefined> {
    const keyed = key === undefined ? resource : `${resource}(${encodeGpKey(key)})`;
    const response = await this.http.send({
      method,
      path: gpResourcePath(this.tenant, this.company, keyed),
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: `{"Payload":${payloadJson}}`,
      idempotent: false,
    });
    const text = response.body.toString('utf8').trim();
    if (text === '') return undefined;
    const tree = parseJsonExact(text) as { readonly Payload?: JsonTree } | null;
    const payload = tree?.Payload;
    return payload !== undefined && payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as GpRecord)
      : undefined;
  }

  /**
   * A page of the SBA service outside the company, as text: its discovery pages
   * (`/GPService/Tenants(<Tenant>)/help`, HTML, §1). `path` is absolute on the service's host.
   */
  async page(path: string, signal?: AbortSignal): Promise<string> {
    const response = await this.http.send({
      method: 'GET',
      path,
      headers: { accept: 'text/html, application/xhtml+xml' },
      ...(signal === undefined ? {} : { signal }),
    });
    return response.body.toString('utf8');
  }

  /** A custom action (§3: `GP-Custom-Action: POST`, empty body), e.g. posting a batch. */
  async action(resource: string, key: string): Promise<void> {
    await this.http.send({
      method: 'POST',
      path: gpResourcePath(this.tenant, this.company, `${resource}(${encodeGpKey(key)})`).replace(/\.json$/, ''),
      headers: { 'gp-custom-action': 'POST', 'content-length': '0' },
      idempotent: false,
    });
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** A key inside `Resource(...)`: composite parts keep their `;` (§1), the rest is percent-encoded. */
function encodeGpKey(key: string): string {
  return key
    .split(';')
    .map((part) => encodeURIComponent(part).replace(/\(/g, '%28').replace(/\)/g, '%29'))
    .join(';');
}
