/**
 * Component Interface REST (CIRT) operations as a site generates them (peoplesoft.md §0 §3 CIRT): only the
 * operations listed in the simulator's configuration exist, each under its external alias
 * (`/PSIGW/RESTListeningConnector/<NODE>/<ALIAS>/<SETID>/<ID>`), each guarded by the CI's permission list.
 * Sign-in (Basic with an OPRID, or a bearer token mapped to one) is checked by the simulator that mounts
 * this handler; it passes the verified OPRID in the context.
 *
 * Answers (shapes unconfirmed; README "Destination" says which words are PeopleSoft's own):
 * - get: 200 with the CI buffer under the CI's name; find: 200 with the key collection under the CI's name;
 * - update (PUT): 200 with the notification, `True`, or `False` and the CI's error details (a value not in
 *   the field's prompt table is refused in the component processor's words, nothing saved);
 * - a refusal outside the CI's own messages (no permission, no row for the keys) is an HTTP 500: with the
 *   words in `development` mode, bare in `production` mode (Production status hides error detail, §7).
 */
import type { ServerResponse } from 'node:http';
import type { SimRequest } from '../../../kit/simulator/server.ts';
import { sendJson } from '../../../kit/simulator/server.ts';
import {
  type CirtRecord,
  type CirtStore,
  type CirtTable,
  ID_FIELD,
  LAST_UPDATE_DTTM,
  LAST_UPDATE_OPRID,
} from './store.ts';

export type CirtOperationKind = 'get' | 'find' | 'update';

/** One generated service operation, as the site's administrator named it. */
export interface CirtOperation {
  readonly kind: CirtOperationKind;
  readonly table: CirtTable;
  /** The routing's external alias with its version, e.g. `VNDR_ID_G.v1` (site-generated: configuration). */
  readonly alias: string;
  /** e.g. `CIRT_VNDR_ID_G_GET` (≤ 30 characters), named in refusals. */
  readonly serviceOperation: string;
  /** The Component Interface, e.g. `VNDR_ID`: the root of the answers. */
  readonly ci: string;
  /** The permission list that grants the operation (the CI's). */
  readonly permissionList: string;
}

export interface CirtContext {
  /** `/PSIGW/RESTListeningConnector/<node>`: the site's default local node. */
  readonly node: string;
  readonly operations: readonly CirtOperation[];
  readonly store: CirtStore;
  /** The OPRID the mounting simulator verified (Basic user, or the bearer token's mapped user). */
  readonly oprid: string;
  /** The permission lists the OPRID's roles grant. */
  readonly permissionLists: ReadonlySet<string>;
  /** Development shows error text; Production answers framework errors with a bare 500. */
  readonly errorDetail: 'development' | 'production';
  /** The clock stamping LASTUPDDTTM (injected in tests). */
  readonly now: () => Date;
}

function refuse(response: ServerResponse, context: CirtContext, words: string): void {
  if (context.errorDetail === 'production') {
    response.writeHead(500, { 'content-length': '0' });
    response.end();
    return;
  }
  response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(words) });
  response.end(words);
}

function buffer(table: CirtTable, record: CirtRecord): Record<string, string> {
  return {
    SETID: record.setid,
    [ID_FIELD[table]]: record.id,
    ...record.attributes,
    [LAST_UPDATE_OPRID]: record.lastUpdateOprid,
    [LAST_UPDATE_DTTM]: record.lastUpdateDttm,
  };
}

/** The request's fields: a flat object, or one root object (the CI's name) holding them. */
function fieldsOf(body: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const entries = Object.entries(parsed as Record<string, unknown>);
    const only = entries.length === 1 ? entries[0]![1] : undefined;
    if (typeof only === 'object' && only !== null && !Array.isArray(only)) return only as Record<string, unknown>;
    return parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function update(
  response: ServerResponse,
  context: CirtContext,
  operation: CirtOperation,
  record: CirtRecord,
  body: string,
): void {
  const fields = fieldsOf(body);
  const notify = (errors: readonly string[]) => {
    if (errors.length > 0) context.store.counters.refusedUpdates += 1;
    sendJson(response, 200, {
      notification: errors.length === 0 ? 'True' : 'False',
      ...(errors.length === 0 ? {} : { errors: errors.map((text) => ({ text })) }),
    });
  };
  if (fields === undefined) return notify([`${operation.ci}: the request is not a JSON object of CI properties.`]);
  const keyFields = ['SETID', ID_FIELD[operation.table]];
  context.store.sentUpdates.push({
    key: `${record.setid}/${record.id}`,
    fields: Object.keys(fields).filter((name) => !keyFields.includes(name)),
  });
  const changes: [string, string][] = [];
  const errors: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (keyFields.includes(name)) continue;
    const text = value === null ? ' ' : String(value);
    if (!(name in record.attributes)) errors.push(`${operation.ci}: property ${name} is not part of the interface.`);
    else if (context.store.invalidValue(operation.table, name, text))
      // The component processor's prompt-table edit; the field is named as the CI's error details name it.
      errors.push(
        `Invalid value -- press the prompt button or hyperlink for a list of valid values (15,11) ${operation.ci}.${name}: ${text}`,
      );
    else changes.push([name, text]);
  }
  if (errors.length > 0) return notify(errors);
  if (changes.some(([name, text]) => record.attributes[name] !== text)) {
    for (const [name, text] of changes) record.attributes[name] = text;
    record.lastUpdateOprid = context.oprid;
    record.lastUpdateDttm = context
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }
  context.store.counters.updates += 1;
  notify([]);
}

/**
 * Answers a request for one of the configured CIRT operations and says true, or says false (not a CIRT
 * path of this site: the mounting simulator answers it, e.g. with QAS or a 404).
 */
export function handleCirt(request: SimRequest, response: ServerResponse, context: CirtContext): boolean {
  const prefix = `/PSIGW/RESTListeningConnector/${context.node}/`;
  if (!request.url.pathname.startsWith(prefix)) return false;
  const [alias, ...keys] = request.url.pathname.slice(prefix.length).split('/').map(decodeURIComponent);
  const operation = context.operations.find((candidate) => candidate.alias === alias);
  if (operation === undefined) return false;
  const method = operation.kind === 'update' ? 'PUT' : 'GET';
  if (request.method !== method) {
    response.writeHead(405, { allow: method, 'content-length': '0' });
    response.end();
    return true;
  }
  const counters = context.store.counters;
  if (!context.permissionLists.has(operation.permissionList)) {
    if (operation.kind === 'update') counters.refusedUpdates += 1;
    refuse(
      response,
      context,
      `User ${context.oprid} is not authorized to invoke service operation ${operation.serviceOperation}.`,
    );
    return true;
  }
  const [setid = '', id = ''] = keys;
  if (operation.kind === 'find') {
    counters.finds += 1;
    const found = context.store.find(operation.table, setid, id);
    sendJson(response, 200, {
      [operation.ci]: found.map((record) => ({ SETID: record.setid, [ID_FIELD[operation.table]]: record.id })),
    });
    return true;
  }
  const record = context.store.get(operation.table, setid, id);
  if (operation.kind === 'get') counters.gets += 1;
  if (record === undefined) {
    if (operation.kind === 'update') counters.refusedUpdates += 1;
    refuse(
      response,
      context,
      `No rows exist for the specified keys. {${operation.ci}.${operation.kind === 'get' ? 'Get' : 'Save'}}`,
    );
    return true;
  }
  if (operation.kind === 'get') sendJson(response, 200, { [operation.ci]: buffer(operation.table, record) });
  else update(response, context, operation, record, request.body);
  return true;
}
