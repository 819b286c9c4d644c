/**
 * One custom document-based REST operation, as a site might build it (README "Custom document-based REST
 * operations"; the shapes are unconfirmed beyond peoplesoft.md §3's one capture): `GET
 * /PSIGW/RESTListeningConnector/<node>/MLC_VENDORS_DOC.v1/vendors?from=YYYY-MM-DD&to=YYYY-MM-DD&after=<VENDOR_ID>`
 * answers `{"MLC_VENDOR_DOC":{"vendors":[{"setid":…,"vendor_id":…,…}]}}`: the root named after the document,
 * field names in the document's own (lower) case, the vendors query's rows for the window (address
 * effective date within it), ordered by vendor id, after `after`, at most `pageRows` of them. The user needs
 * the operation's permission list; a missing or malformed day is a bare 500, as in Production mode.
 */
import type { ServerResponse } from 'node:http';
import type { SimRequest } from '../../kit/simulator/server.ts';
import { Amount, type Fixture, type Row } from './fixture.ts';
import { runQuery } from './queries.ts';
import type { SimUser } from './users.ts';

export const DOCUMENT_ALIAS = 'MLC_VENDORS_DOC.v1';
export const DOCUMENT_NAME = 'MLC_VENDOR_DOC';
export const DOCUMENT_PERMISSION_LIST = 'MLC_VNDR_DOC';
export const DOCUMENT_TEMPLATE = `${DOCUMENT_ALIAS}/vendors?from={FROM_DT}&to={TO_DT}&after={AFTER_KEY}`;

function answer(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

const documentRow = (row: Row): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(row).map(([name, value]) => [
      name.replace(/^[A-Z]\./, '').toLowerCase(),
      value instanceof Amount ? value.text : value,
    ]),
  );

/** True when the request is this operation's (whatever the answer). */
export function serveDocument(
  request: SimRequest,
  response: ServerResponse,
  node: string,
  pageRows: number,
  fixture: Fixture,
  user: SimUser,
): boolean {
  const parts = request.url.pathname.split('/').map(decodeURIComponent);
  if (parts[1] !== 'PSIGW' || parts[3] !== node || parts[4] !== DOCUMENT_ALIAS) return false;
  if (parts.length !== 6 || parts[5] !== 'vendors' || request.method !== 'GET') {
    answer(response, 404, '');
    return true;
  }
  const from = request.url.searchParams.get('from') ?? '';
  const to = request.url.searchParams.get('to') ?? '';
  const after = request.url.searchParams.get('after') ?? '';
  const day = /^\d{4}-\d\d-\d\d$/;
  if (!user.permissionLists.includes(DOCUMENT_PERMISSION_LIST) || !day.test(from) || !day.test(to)) {
    answer(response, 500, '');
    return true;
  }
  const rows = runQuery(fixture, 'vendors', from, to)
    .map(documentRow)
    .filter((row) => String(row.vendor_id) > after)
    .sort((a, b) => (String(a.vendor_id) < String(b.vendor_id) ? -1 : 1))
    .slice(0, pageRows);
  answer(response, 200, JSON.stringify({ [DOCUMENT_NAME]: { vendors: rows } }));
  return true;
}
