/**
 * The MIME layer of OData `$batch` (OData v4.01 part 1 §11.7; Dataverse's execute-batch-operations page):
 * a multipart/mixed body whose parts are either an HTTP message (`Content-Type: application/http`) or a
 * nested multipart/mixed change set. Lines end in CRLF; the CRLF before a delimiter belongs to the
 * delimiter (RFC 2046 §5.1.1), so a part's body is exactly what sits between its headers and that CRLF.
 * Used by the client (write requests, read responses) and by the simulator (the other way round).
 */

export type HeaderList = readonly (readonly [name: string, value: string])[];

/** One HTTP request or response inside a part: `POST accounts HTTP/1.1` or `HTTP/1.1 204 No Content`. */
export interface HttpMessage {
  readonly startLine: string;
  readonly headers: HeaderList;
  readonly body: string;
}

export interface MimePart {
  /** The part's own headers (`Content-Type`, `Content-Transfer-Encoding`, `Content-ID`). */
  readonly headers: HeaderList;
  readonly content: HttpMessage | Multipart;
}

export interface Multipart {
  readonly boundary: string;
  readonly parts: readonly MimePart[];
}

export class MultipartError extends Error {}

const CRLF = '\r\n';

export function isMultipart(content: HttpMessage | Multipart): content is Multipart {
  return 'boundary' in content;
}

export function header(headers: HeaderList, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return headers.find(([key]) => key.toLowerCase() === wanted)?.[1];
}

/** The boundary of a `multipart/mixed; boundary=...` content type (quoted or not). */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !/^\s*multipart\/mixed\s*;/i.test(contentType)) return undefined;
  return /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i
    .exec(contentType)
    ?.slice(1)
    .find((value) => value !== undefined);
}

function writeHeaders(headers: HeaderList): string {
  return headers
    .map(([name, value]) => {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n]/.test(value))
        throw new MultipartError(`header ${JSON.stringify(name)} cannot be written on one line`);
      return `${name}: ${value}${CRLF}`;
    })
    .join('');
}

export function writeMultipart(multipart: Multipart): string {
  const delimiter = `--${multipart.boundary}`;
  let text = '';
  for (const part of multipart.parts) {
    const content = part.content;
    let inner: string;
    if (isMultipart(content)) {
      inner = writeMultipart(content);
    } else {
      if (/[\r\n]/.test(content.startLine)) throw new MultipartError('a start line cannot hold a line break');
      inner = `${content.startLine}${CRLF}${writeHeaders(content.headers)}${CRLF}${content.body}`;
    }
    if (inner.includes(`${CRLF}${delimiter}`) || inner.startsWith(delimiter))
      throw new MultipartError(`a part holds its own boundary ${multipart.boundary}`);
    text += `${delimiter}${CRLF}${writeHeaders(part.headers)}${CRLF}${inner}${CRLF}`;
  }
  return `${text}${delimiter}--${CRLF}`;
}

function splitHeaders(text: string): { headers: [string, string][]; rest: string } {
  const headers: [string, string][] = [];
  let at = 0;
  for (;;) {
    const end = text.indexOf(CRLF, at);
    if (end === -1) throw new MultipartError('headers not ended by an empty line');
    const line = text.slice(at, end);
    at = end + CRLF.length;
    if (line === '') return { headers, rest: text.slice(at) };
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError(`not a header line: ${JSON.stringify(line.slice(0, 80))}`);
    headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
}

function readHttpMessage(text: string): HttpMessage {
  const end = text.indexOf(CRLF);
  if (end === -1) throw new MultipartError('an HTTP part without a start line');
  const { headers, rest } = splitHeaders(text.slice(end + CRLF.length));
  return { startLine: text.slice(0, end), headers, body: rest };
}

/** Reads a multipart/mixed body. Preamble and epilogue are ignored; a missing close delimiter is an error. */
export function readMultipart(body: string, boundary: string): Multipart {
  const delimiter = `--${boundary}`;
  const first = body.startsWith(delimiter) ? 0 : body.indexOf(`${CRLF}${delimiter}`);
  if (first === -1) throw new MultipartError(`no part starts with boundary ${boundary}`);
  let at = first === 0 ? 0 : first + CRLF.length;
  const parts: MimePart[] = [];
  for (;;) {
    at += delimiter.length;
    if (body.startsWith('--', at)) return { boundary, parts };
    const lineEnd = body.indexOf(CRLF, at);
    if (lineEnd === -1 || body.slice(at, lineEnd).trim() !== '')
      throw new MultipartError(`boundary ${boundary} not followed by a line end`);
    const next = body.indexOf(`${CRLF}${delimiter}`, lineEnd);
    if (next === -1) throw new MultipartError(`the body ends before the closing boundary ${boundary}--`);
    const { headers, rest } = splitHeaders(body.slice(lineEnd + CRLF.length, next + CRLF.length));
    const content = rest.endsWith(CRLF) ? rest.slice(0, -CRLF.length) : rest;
    const nested = boundaryOf(header(headers, 'Content-Type'));
    parts.push({
      headers,
      content: nested === undefined ? readHttpMessage(content) : readMultipart(content, nested),
    });
    at = next + CRLF.length;
  }
}
