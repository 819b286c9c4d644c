/**
 * The PeopleSoft client: the kit's HTTP client to the REST listening connector, signed in with HTTP Basic
 * (an OPRID) or with a bearer token from the customer's identity provider (client credentials, renewed
 * before expiry by the kit; PeopleSoft only checks it). `executeQuery` runs one saved query through QAS
 * and reads only `status`, `data.query.numrows` and `data.query.rows` (README). PeopleSoft's refusal of a
 * service operation (IBResponse message 158,536) is a permanent error naming the operation and the
 * permission list; another IBResponse error is permanent too, with PeopleSoft's words.
 */
import { MlcError } from '../../engine/model/errors.ts';
import { basicAuth } from '../kit/auth/basic.ts';
import { oauth2ClientCredentials } from '../kit/auth/oauth2.ts';
import { KitError } from '../kit/errors.ts';
import { createHttpClient, type AuthPart, type HttpClient } from '../kit/http/client.ts';
import type { Interceptor } from '../kit/http/types.ts';
import type { PsftConnectionConfig } from './config.ts';
import { readEnvelope, type QueryAnswer } from './answer.ts';
import { type DocumentOperation, readDocumentPage } from './document.ts';
import { POLL_OPERATION, runPolled } from './poll.ts';
import type { Json } from '../kit/rest/values.ts';

export { readEnvelope, type QueryAnswer } from './answer.ts';

export const QAS_OPERATION = 'QAS_EXECUTEQRY_REST_GET';

/** `<IBResponse type="error">…<MessageID>536</MessageID><DefaultMessage>…</DefaultMessage>` -> an error. */
const ibErrors: Interceptor = (next) => async (request) => {
  const response = await next(request);
  if (response.status < 400) return response;
  const body = response.body.toString('utf8');
  if (!body.includes('<IBResponse')) return response;
  const messageId = /<MessageID>(\d+)<\/MessageID>/.exec(body)?.[1];
  const said = (/<DefaultMessage>([^<]*)<\/DefaultMessage>/.exec(body)?.[1] ?? '').replace(/&amp;/g, '&').trim();
  if (messageId === '536')
    throw new MlcError(
      'PERMISSION_MISSING',
      `PeopleSoft refused the service operation ${said.includes(POLL_OPERATION) ? POLL_OPERATION : QAS_OPERATION} (${said}): the user holds no permission list that grants it`,
      {
        help: 'Give the user a role with permission list PTPT2200 (delivered role QAS Admin), or add the operation to one of its permission lists (PeopleTools > Security > Permissions & Roles > Permission Lists > Web Services).',
      },
    );
  throw new MlcError('QUERY_REFUSED', `PeopleSoft refused the request: ${said || `HTTP ${response.status}`}`);
};

function authPart(config: PsftConnectionConfig): AuthPart {
  const { auth } = config;
  if (auth.kind === 'basic')
    return basicAuth({
      user: auth.oprid,
      passwordSecret: auth.passwordSecret,
      resolveSecret: config.resolveSecret,
      ...(config.remember === undefined ? {} : { remember: config.remember }),
    });
  return oauth2ClientCredentials({
    tokenUrl: auth.tokenUrl,
    clientId: auth.clientId,
    clientSecretSecret: auth.clientSecretSecret,
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
    resolveSecret: config.resolveSecret,
    ...(config.remember === undefined ? {} : { remember: config.remember }),
    ...(config.now === undefined ? {} : { now: config.now }),
    ...(config.retry === undefined || config.retry === false ? {} : { retry: config.retry }),
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
  });
}

/**
 * The one way this connector builds its HTTP client, so the source (QAS) and the destination (CIRT) sign
 * in alike: same auth part, CA, retry and timeouts; each brings its own interceptors.
 */
export function psftHttpClient(
  config: PsftConnectionConfig,
  baseUrl: string,
  interceptors: readonly Interceptor[],
): HttpClient {
  return createHttpClient({
    baseUrl,
    auth: authPart(config),
    interceptors: [...interceptors],
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
    ...(config.retry === undefined ? {} : { retry: config.retry }),
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
  });
}

export class PsftClient {
  private readonly http: HttpClient;

  constructor(readonly config: PsftConnectionConfig) {
    this.http = psftHttpClient(config, config.baseUrl, [ibErrors]);
  }

  /** The path of the node on the REST listening connector. */
  nodePath(): string {
    return `/PSIGW/RESTListeningConnector/${encodeURIComponent(this.config.node)}`;
  }

  /** The path of a saved query's ExecuteQuery (or poll) call (JSON, not a file). */
  queryPath(queryName: string, alias = this.config.executeQueryAlias): string {
    const segment = (value: string) => encodeURIComponent(value);
    return `${this.nodePath()}/${alias.split('/').map(segment).join('/')}/public/${segment(queryName)}/JSON/NONFILE`;
  }

  /**
   * One saved query run: ExecuteQuery, or with `queryMode: poll` the poll variant (poll.ts); prompts as
   * PeopleSoft's parallel comma lists (values must not hold a comma).
   */
  async executeQuery(
    queryName: string,
    prompts: readonly (readonly [name: string, value: string])[],
    maxRows: number,
    signal?: AbortSignal,
  ): Promise<QueryAnswer> {
    for (const [name, value] of prompts)
      if (value.includes(',') || value !== value.trim())
        throw new KitError(
          'CONFIG_INVALID',
          `prompt ${name} of query ${queryName}: a value with a comma or blanks at its ends cannot be sent`,
        );
    const send = async (alias: string) =>
      (
        await this.http.send({
          method: 'GET',
          path: this.queryPath(queryName, alias),
          query: {
            isconnectedquery: 'N',
            maxrows: maxRows,
            prompt_psqueryname: '',
            prompt_uniquepromptname: prompts.map(([name]) => name).join(','),
            prompt_fieldvalue: prompts.map(([, value]) => value).join(','),
            json_resp: 'true',
          },
          headers: { accept: 'application/json' },
          ...(signal === undefined ? {} : { signal }),
        })
      ).body.toString('utf8');
    if (this.config.queryMode === 'poll')
      return runPolled(
        this.http,
        {
          nodePath: this.nodePath(),
          statusAlias: this.config.queryStatusAlias,
          resultsAlias: this.config.queryResultsAlias,
          intervalMs: this.config.pollIntervalSeconds * 1000,
          timeoutMs: this.config.pollTimeoutSeconds * 1000,
          now: this.config.now ?? Date.now,
          ...(this.config.sleep === undefined ? {} : { sleep: this.config.sleep }),
        },
        queryName,
        () => send(this.config.pollAlias),
        signal,
      );
    return readEnvelope(queryName, await send(this.config.executeQueryAlias));
  }

  /** One page of a custom document-based REST operation (document.ts). */
  documentPage(
    operation: DocumentOperation,
    columns: readonly string[],
    values: Parameters<typeof readDocumentPage>[4],
    signal?: AbortSignal,
  ): Promise<Json[]> {
    return readDocumentPage(this.http, this.nodePath(), operation, columns, values, signal);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
