/**
 * The Dataverse client: the kit's HTTP client signed in by OAuth2 client credentials against Microsoft
 * Entra ID (scope `<environment url>/.default`); the kit renews the token 60 s before `expires_in` ends
 * and once on a 401. A 403 `0x80072560` (no application user in the environment) is a configuration
 * error said plainly and never retried: a new token cannot fix it. Writes go by alternate key
 * (`alternate-key.ts`), or by id after a `$filter` look-up when the key cannot ride in a URL.
 * Every API request passes the pacer (`pacing.ts`: requests in flight and the request budget) on the
 * kit's dispatcher (proxy, the connection's own CA). Reads parse numbers exactly (`exact-json.ts`).
 */
import { oauth2ClientCredentials } from '../kit/auth/oauth2.ts';
import type { ResolveSecret } from '../kit/auth/secrets.ts';
import { KitError } from '../kit/errors.ts';
import { createHttpClient, type HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { Interceptor, Scrub } from '../kit/http/types.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import { type KeyPart, recordAddress, recordById } from './alternate-key.ts';
import { type BatchIds, type BatchItem, type BatchResult, readBatchResponse, writeBatch } from './batch/batch.ts';
import { type ExactJson, parseExactJson } from './exact-json.ts';
import type { Pacer } from './pacing.ts';

export const API_PATH = '/api/data/v9.2/';
const BATCH_STATUS_HEADER = 'x-mlc-batch-status';

export interface DynamicsClientConfig {
  /** `https://<org>.api.crm.dynamics.com` (no path). */
  readonly environmentUrl: string;
  /** `https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token`. */
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecretSecret: string;
  readonly resolveSecret: ResolveSecret;
  readonly scrub?: Scrub;
  readonly now?: () => number;
  readonly retry?: RetryOptions | false;
  readonly caCert?: string;
  readonly timeouts?: TimeoutOptions;
  /** Paces every API request (not the token's); left out, requests go as they come. */
  readonly pacer?: Pacer;
}

export type DataverseRow = Record<string, ExactJson>;

export interface KeyRequirement {
  /** Table logical name, e.g. `account`. */
  readonly logicalName: string;
  readonly columns: readonly string[];
}

const ODATA_HEADERS = { accept: 'application/json', 'odata-maxversion': '4.0', 'odata-version': '4.0' };

/** 403 0x80072560: the app has a token but no application user in this environment. */
function noApplicationUser(config: DynamicsClientConfig): Interceptor {
  return (next) => async (request) => {
    const response = await next(request);
    if (response.status !== 403 || !response.body.toString('utf8').includes('0x80072560')) return response;
    throw new KitError(
      'AUTH_FAILED',
      `Dynamics 365 signed in app ${config.clientId}, but it is not a user of the environment ${config.environmentUrl} (Dataverse 403 0x80072560: "The user is not a member of the organization.")`,
      {
        status: 403,
        vendorMessage: 'The user is not a member of the organization.',
        help: 'In the Power Platform admin center, open the environment > Settings > Users + permissions > Application users, add the app by its client id, and give it a security role that may write accounts and sales orders.',
      },
    );
  };
}

/**
 * A `$batch` answered as multipart holds per-request results even when its outer status is 400 (the
 * batch stopped at its first failure); the outer status moves to a header so the kit's status check
 * leaves the parts to be read.
 */
const keepBatchParts: Interceptor = (next) => async (request) => {
  const response = await next(request);
  if (!request.path.endsWith('$batch') || response.status !== 400) return response;
  if (!/^multipart\/mixed/i.test(response.headers['content-type'] ?? '')) return response;
  return { ...response, status: 200, headers: { ...response.headers, [BATCH_STATUS_HEADER]: '400' } };
};

export class DynamicsClient {
  readonly #http: HttpClient;
  readonly apiUrl: string;
  /** How long the last `$batch` took on the wire (its last attempt; no pacing or retry waits). */
  #lastBatchMs = 0;

  constructor(readonly config: DynamicsClientConfig) {
    const environment = config.environmentUrl.replace(/\/+$/, '');
    this.apiUrl = `${environment}${API_PATH}`;
    const auth = oauth2ClientCredentials({
      tokenUrl: config.tokenUrl,
      clientId: config.clientId,
      clientSecretSecret: config.clientSecretSecret,
      scope: `${environment}/.default`,
      resolveSecret: config.resolveSecret,
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.now === undefined ? {} : { now: config.now }),
      ...(config.retry === undefined || config.retry === false ? {} : { retry: config.retry }),
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    });
    this.#http = createHttpClient({
      baseUrl: this.apiUrl,
      auth,
      interceptors: [
        noApplicationUser(config),
        keepBatchParts,
        ...(config.pacer === undefined ? [] : [config.pacer.interceptor]),
        // innermost: the time Dataverse took, for sizing the next batch
        (next) => async (request) => {
          const started = (config.now ?? Date.now)();
          const response = await next(request);
          if (request.path === '$batch') this.#lastBatchMs = (config.now ?? Date.now)() - started;
          return response;
        },
      ],
      ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
      ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
      ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
      ...(config.retry === undefined ? {} : { retry: config.retry }),
    });
  }

  /**
   * Refuses to start unless the table has an alternate key over exactly these columns and its index is
   * Active, naming the key to create: without it an upsert by key is refused, and a create could not be
   * found again after a retry.
   */
  async requireActiveKey(requirement: KeyRequirement): Promise<string> {
    const body = await this.#http.getJson<{
      value?: { SchemaName?: string; KeyAttributes?: string[]; EntityKeyIndexStatus?: string }[];
    }>(
      `EntityDefinitions(LogicalName='${requirement.logicalName}')/Keys`,
      { $select: 'SchemaName,KeyAttributes,EntityKeyIndexStatus' },
      ODATA_HEADERS,
    );
    const wanted = [...requirement.columns].sort().join(',');
    const key = (body.value ?? []).find(
      (candidate) => [...(candidate.KeyAttributes ?? [])].sort().join(',') === wanted,
    );
    const columns = requirement.columns.join(', ');
    if (key === undefined)
      throw new KitError(
        'CONFIG_INVALID',
        `Dynamics 365 has no alternate key on ${requirement.logicalName} over ${columns}, so records cannot be written by it without risking a duplicate after a retry`,
        {
          help: `In Power Apps, open Tables > ${requirement.logicalName} > Keys, create a key over ${columns}, and wait until its status is Active.`,
        },
      );
    if (key.EntityKeyIndexStatus !== 'Active')
      throw new KitError(
        'CONFIG_INVALID',
        `the Dynamics 365 alternate key ${key.SchemaName ?? '?'} on ${requirement.logicalName} (${columns}) is ${key.EntityKeyIndexStatus ?? 'in an unknown state'}, not Active`,
        {
          help:
            key.EntityKeyIndexStatus === 'Failed'
              ? 'Its index could not be built (often duplicate values): remove the duplicates, then reactivate the key in Power Apps > Tables > Keys.'
              : 'Dataverse builds the key index in the background; start again once the key shows Active.',
        },
      );
    return key.SchemaName ?? '';
  }

  /** Creates or updates the record with these key values; never creates a second one on a retry. */
  async upsert(
    entitySet: string,
    primaryKey: string,
    key: readonly KeyPart[],
    values: Record<string, unknown>,
  ): Promise<void> {
    const address = recordAddress(entitySet, key);
    if (address.kind === 'refused') throw new KitError('CONFIG_INVALID', address.reason);
    let path: string;
    let body = values;
    if (address.kind === 'key') path = address.path;
    else {
      const found = await this.#http.getJson<{ value?: Record<string, unknown>[] }>(
        entitySet,
        { $select: primaryKey, $filter: address.filter },
        ODATA_HEADERS,
      );
      const rows = found.value ?? [];
      if (rows.length > 1)
        throw new KitError(
          'RESPONSE_INVALID',
          `${rows.length} ${entitySet} records match ${address.filter}; expected one at most`,
        );
      const id = rows[0]?.[primaryKey];
      if (typeof id === 'string') path = recordById(entitySet, id);
      else {
        // A create by POST: the key columns travel in the body, as the URL cannot carry them.
        path = entitySet;
        body = { ...Object.fromEntries(key.map((part) => [part.column, part.value])), ...values };
        await this.#http.send({
          method: 'POST',
          path,
          headers: { ...ODATA_HEADERS, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return;
      }
    }
    await this.#http.send({
      method: 'PATCH',
      path,
      headers: { ...ODATA_HEADERS, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // an upsert by key or id writes the same record however often it is sent
      idempotent: true,
    });
  }

  /** The signed-in application user (`WhoAmI`): proves the token and the application user. */
  async whoAmI(): Promise<{ UserId: string; OrganizationId: string }> {
    return this.#http.getJson('WhoAmI', undefined, ODATA_HEADERS);
  }

  /**
   * Refuses to start when the table lacks a column the pipeline maps (a customization not made yet),
   * with Dataverse's words: better before the first batch than as every row held.
   */
  async requireColumns(entitySet: string, columns: readonly string[]): Promise<void> {
    try {
      await this.#http.getJson(entitySet, { $select: columns.join(','), $top: 1 }, ODATA_HEADERS);
    } catch (error) {
      const vendor = error instanceof KitError ? error.vendorMessage : undefined;
      if (!(error instanceof KitError) || error.code !== 'HTTP_400' || vendor === undefined) throw error;
      throw new KitError(
        'CONFIG_INVALID',
        `Dynamics 365 ${entitySet} cannot take the columns this pipeline maps: ${vendor}`,
        {
          vendorMessage: vendor,
          help: 'Create the column in Power Apps > Tables (README "Customizations"), or map the stream to a column the table has.',
        },
      );
    }
  }

  /** Every row of a query, page after page by `@odata.nextLink` (followed as given), numbers exact. */
  async readAll(path: string, query: Readonly<Record<string, string>>): Promise<DataverseRow[]> {
    const rows: DataverseRow[] = [];
    let next: string | undefined = path;
    let first = true;
    while (next !== undefined) {
      const response = await this.#http.send({
        method: 'GET',
        path: next,
        ...(first ? { query } : {}),
        headers: { ...ODATA_HEADERS, prefer: 'odata.maxpagesize=5000' },
      });
      first = false;
      const body = parseExactJson(response.body.toString('utf8')) as {
        value?: DataverseRow[];
        '@odata.nextLink'?: string;
      };
      if (!Array.isArray(body.value))
        throw new KitError('RESPONSE_INVALID', `Dynamics 365 answered ${path} without a "value" list`);
      rows.push(...body.value);
      next = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
    }
    return rows;
  }

  /**
   * Sends one `$batch`; results in request order. `stopped` says Dataverse stopped at the first failure
   * (outer 400). A batch is sent once: a 429 (nothing ran) is retried by the kit, a lost answer is not.
   */
  async batch(
    items: readonly BatchItem[],
    ids: BatchIds,
    options: { readonly continueOnError?: boolean } = {},
  ): Promise<{ results: BatchResult[]; stopped: boolean; elapsedMs: number }> {
    const written = writeBatch(items, ids, API_PATH);
    const response = await this.#http.send({
      method: 'POST',
      path: '$batch',
      headers: {
        ...ODATA_HEADERS,
        'content-type': written.contentType,
        ...(options.continueOnError === true ? { prefer: 'odata.continue-on-error' } : {}),
      },
      body: written.body,
    });
    return {
      results: readBatchResponse(response.headers['content-type'], response.body.toString('utf8')),
      stopped: response.headers[BATCH_STATUS_HEADER] === '400',
      elapsedMs: this.#lastBatchMs,
    };
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
