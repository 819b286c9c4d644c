/**
 * Dataverse `$batch` as the connector speaks it (README "Facts", execute-batch-operations-using-web-api):
 * requests and atomic change sets in, per-request results out, in request order. Each change-set part
 * gets a `Content-ID` (Dataverse refuses a part without one, 0x80060888) and every body its
 * `Content-Length` (without it Dataverse fails the part with 0x80048d19). More than 1,000 requests in one
 * batch is Dataverse's refusal, so it is ours before anything is sent.
 */
import { writeExactJson } from '../exact-json.ts';
import {
  boundaryOf,
  header,
  type HttpMessage,
  isMultipart,
  type MimePart,
  readMultipart,
  writeMultipart,
} from './multipart.ts';

export const MAX_BATCH_REQUESTS = 1000;

export interface BatchRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the API root, e.g. `accounts(accountnumber='V1')` or `$1` inside a change set. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as JSON (`Content-Type: application/json; type=entry`). */
  readonly body?: unknown;
  /** Content-ID inside a change set; defaults to the request's 1-based place in the batch. */
  readonly contentId?: string;
}

export type BatchItem =
  | { readonly kind: 'request'; readonly request: BatchRequest }
  | { readonly kind: 'changeset'; readonly requests: readonly BatchRequest[] };

export interface WrittenBatch {
  readonly contentType: string;
  readonly body: string;
  /** How many requests the batch holds (the count Dataverse limits to 1,000). */
  readonly requests: number;
}

export class BatchTooLargeError extends Error {
  constructor(readonly requests: number) {
    super(
      `a Dataverse batch holds at most ${MAX_BATCH_REQUESTS} requests; this one has ${requests} (split it before sending)`,
    );
  }
}

export interface BatchIds {
  readonly batch: string;
  /** Called once per change set, in order. */
  readonly changeset: (index: number) => string;
}

/** `apiPath` is the API root's path, e.g. `/api/data/v9.2/` (Dataverse accepts it relative to the host). */
export function writeBatch(items: readonly BatchItem[], ids: BatchIds, apiPath: string): WrittenBatch {
  const root = apiPath.endsWith('/') ? apiPath : `${apiPath}/`;
  const count = items.reduce((sum, item) => sum + (item.kind === 'request' ? 1 : item.requests.length), 0);
  if (count > MAX_BATCH_REQUESTS) throw new BatchTooLargeError(count);
  let place = 0;
  const requestPart = (request: BatchRequest, inChangeset: boolean): MimePart => {
    place += 1;
    const url = request.url.startsWith('$') ? request.url : `${root}${request.url.replace(/^\//, '')}`;
    const body = request.body === undefined ? '' : writeExactJson(request.body);
    const headers: [string, string][] = Object.entries(request.headers ?? {});
    if (request.body !== undefined)
      headers.push(
        ['Content-Type', 'application/json; type=entry'],
        ['Content-Length', String(Buffer.byteLength(body))],
      );
    const partHeaders: [string, string][] = [
      ['Content-Type', 'application/http'],
      ['Content-Transfer-Encoding', 'binary'],
    ];
    if (inChangeset) partHeaders.push(['Content-ID', request.contentId ?? String(place)]);
    return { headers: partHeaders, content: { startLine: `${request.method} ${url} HTTP/1.1`, headers, body } };
  };
  let changesets = 0;
  const parts = items.map((item): MimePart => {
    if (item.kind === 'request') return requestPart(item.request, false);
    if (item.requests.some((request) => request.method === 'GET'))
      throw new Error('a change set cannot hold a GET (Dataverse refuses it)');
    const boundary = `changeset_${ids.changeset(changesets++)}`;
    return {
      headers: [['Content-Type', `multipart/mixed; boundary=${boundary}`]],
      content: { boundary, parts: item.requests.map((request) => requestPart(request, true)) },
    };
  });
  const boundary = `batch_${ids.batch}`;
  return {
    contentType: `multipart/mixed; boundary="${boundary}"`,
    body: writeMultipart({ boundary, parts }),
    requests: count,
  };
}

export interface DataverseError {
  readonly code: string;
  readonly message: string;
}

export interface BatchResult {
  readonly status: number;
  readonly contentId?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, when there is one. */
  readonly body?: unknown;
  /** Dataverse's `{"error":{"code","message"}}`, in its own words, when the part failed. */
  readonly error?: DataverseError;
  /** Set for the parts of a change set: its 0-based place among the batch's change sets. */
  readonly changeset?: number;
}

function readResult(message: HttpMessage, contentId: string | undefined, changeset: number | undefined): BatchResult {
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(message.startLine)?.[1];
  if (status === undefined)
    throw new Error(`not an HTTP status line in a batch response: ${message.startLine.slice(0, 80)}`);
  const headers = Object.fromEntries(message.headers.map(([name, value]) => [name.toLowerCase(), value]));
  let body: unknown;
  const text = message.body.trim();
  if (text !== '') {
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
  }
  const error = errorOf(body);
  return {
    status: Number(status),
    headers,
    ...(contentId === undefined ? {} : { contentId }),
    ...(body === undefined ? {} : { body }),
    ...(error === undefined || Number(status) < 400 ? {} : { error }),
    ...(changeset === undefined ? {} : { changeset }),
  };
}

export function errorOf(body: unknown): DataverseError | undefined {
  if (typeof body === 'string' && body !== '') return { code: '', message: body };
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  if (error === undefined || error === null || typeof error !== 'object') return undefined;
  return {
    code: typeof error.code === 'string' ? error.code : '',
    message: typeof error.message === 'string' ? error.message : JSON.stringify(error),
  };
}

/**
 * Reads a `$batch` response (200 multipart, or Dataverse's outer 400 multipart holding only the failing
 * part when the batch stopped at its first error). Results come back in request order; a response that
 * is not multipart is refused, since no per-request result could be read from it.
 */
export function readBatchResponse(contentType: string | undefined, body: string): BatchResult[] {
  const boundary = boundaryOf(contentType);
  if (boundary === undefined)
    throw new Error(`a $batch response must be multipart/mixed, got ${contentType ?? 'no content type'}`);
  const results: BatchResult[] = [];
  let changesets = 0;
  for (const part of readMultipart(body, boundary).parts) {
    if (isMultipart(part.content)) {
      const index = changesets++;
      for (const inner of part.content.parts) {
        if (isMultipart(inner.content)) throw new Error('a change set cannot be nested in a $batch response');
        results.push(readResult(inner.content, header(inner.headers, 'Content-ID'), index));
      }
    } else results.push(readResult(part.content, header(part.headers, 'Content-ID'), undefined));
  }
  return results;
}
