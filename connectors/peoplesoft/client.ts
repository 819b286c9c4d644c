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
import { JsonNumber, parseJsonExact } from '../kit/json-exact.ts';
import type { Json } from '../kit/rest/values.ts';
import type { PsftConnectionConfig } from './config.ts';

export const QAS_OPERATION = 'QAS_EXECUTEQRY_REST_GET';

export interface QueryAnswer {
  readonly numrows: number;
  readonly rows: readonly Json[];
}

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
      `PeopleSoft refused the service operation ${QAS_OPERATION} (${said}): the user holds no permission list that grants it`,
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

  /** The path of a saved query's ExecuteQuery call (JSON, not a file). */
  queryPath(queryName: string): string {
    const segment = (value: string) => encodeURIComponent(value);
    return `/PSIGW/RESTListeningConnector/${segment(this.config.node)}/${this.config.executeQueryAlias
      .split('/')
      .map(segment)
      .join('/')}/public/${segment(queryName)}/JSON/NONFILE`;
  }

  /** One ExecuteQuery; prompts as PeopleSoft's parallel comma lists (values must not hold a comma). */
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
    const response = await this.http.send({
      method: 'GET',
      path: this.queryPath(queryName),
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
    });
    return readEnvelope(queryName, response.body.toString('utf8'));
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** `status`, `data.query.numrows` and `data.query.rows`: nothing else of the envelope is read. */
export function readEnvelope(queryName: string, text: string): QueryAnswer {
  const invalid = (why: string) => new KitError('RESPONSE_INVALID', `PeopleSoft answered query ${queryName} ${why}`);
  let body: unknown;
  try {
    body = parseJsonExact(text);
  } catch (error) {
    throw new KitError('RESPONSE_INVALID', `PeopleSoft answered query ${queryName} with text that is not JSON`, {
      cause: error,
    });
  }
  const object = body as { status?: unknown; data?: { query?: { numrows?: unknown; rows?: unknown } } } | null;
  if (object?.status !== 'success') throw invalid(`with status ${JSON.stringify(object?.status ?? null)}`);
  const query = object.data?.query;
  const numrows = query?.numrows instanceof JsonNumber ? Number(query.numrows.text) : Number.NaN;
  // An empty answer's rows may be left out (the empty form is unconfirmed, README).
  const rows = numrows === 0 && query?.rows === undefined ? [] : query?.rows;
  if (!Array.isArray(rows) || !Number.isInteger(numrows)) throw invalid('without data.query.numrows and rows');
  if (numrows !== rows.length) throw invalid(`with numrows ${numrows} but ${rows.length} rows`);
  return { numrows, rows: rows as Json[] };
}
