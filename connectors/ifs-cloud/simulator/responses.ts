/**
 * How the simulator writes IFS's answers: collections and entities with `@odata.context`, a weak
 * `@odata.etag` on every row (list rows too, with or without `$select`: the live recording), `luname`,
 * `keyref` and `Objgrants` when no `$select` narrows the row, Edm.Decimal values as JSON numbers written
 * from their exact digits, and IFS's error envelope.
 */
import type { ServerResponse } from 'node:http';
import { makeEtag } from '../etag.ts';
import { keyrefOf, type SimEntitySet } from './entities.ts';
import type { SimRow } from './store.ts';

export function etagOf(row: SimRow): string {
  return makeEtag(row.objid, row.changedAt);
}

/** One row as JSON text: numbers from their digits, never through a float. */
export function rowJson(set: SimEntitySet, row: SimRow, select: readonly string[] | undefined): string {
  const parts = [`"@odata.etag":${JSON.stringify(etagOf(row))}`];
  if (select === undefined) {
    parts.push(
      `"luname":${JSON.stringify(set.luname)}`,
      `"keyref":${JSON.stringify(keyrefOf(set, row))}`,
      `"Objgrants":null`,
    );
  }
  const names = select ?? [
    ...Object.keys(set.properties),
    ...(set.stateEnum !== undefined && !('Objstate' in set.properties) ? ['Objstate'] : []),
  ];
  for (const name of names) {
    const value = row.values[name] ?? null;
    const type = set.properties[name];
    const text = value === null ? 'null' : type === 'number' ? String(value) : JSON.stringify(String(value));
    parts.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json;odata.metadata=minimal',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendIfsError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendText(response, status, JSON.stringify({ error: { code, message } }), {
    ...headers,
    'content-type': 'application/json',
  });
}
