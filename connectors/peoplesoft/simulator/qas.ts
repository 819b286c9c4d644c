/**
 * `GET /PSIGW/RESTListeningConnector/<node>/<alias>/{OwnerType}/{QueryName}/{OutResultType}/{OutResultFormat}`
 * as Query Access Services answers it (peoplesoft.md §0 §1, §8): only the configured node and alias exist
 * (no `/psft/api/…`, no offset or page parameter); parameter names are case-insensitive, prompt names and
 * values are not; prompts are parallel comma lists; `maxrows` is required and truncates silently; JSON only
 * with `json_resp=true`, XMLP otherwise. A refusal in Production mode is a bare 500; in Development mode an
 * `IBResponse` says why (the wording of QAS's own refusals is unconfirmed, README).
 */
import type { ServerResponse } from 'node:http';
import type { SimRequest } from '../../kit/simulator/server.ts';
import { ibResponse, qasJson, qasXml } from './envelope.ts';
import type { Fixture, Row } from './fixture.ts';
import { runQuery, type StreamName } from './queries.ts';
import { QAS_PERMISSION_LIST, type SimUser } from './users.ts';
import { POLL_OPERATION, type PollInstances, type PollSettings, servePollAnswer, startInstance } from './poll.ts';

export const QAS_OPERATION = 'QAS_EXECUTEQRY_REST_GET';

export interface QasSettings {
  readonly node: string;
  readonly alias: string;
  /** The poll variant's aliases and behaviour (poll.ts). */
  readonly poll: PollSettings;
  /** Query name -> the stream whose saved query it is. */
  readonly queries: ReadonlyMap<string, StreamName>;
  readonly serviceStatus: 'production' | 'development';
  readonly queryNameKey: string;
  /** The name of the saved queries' key-paging prompt (`<page key> >= :PROMPT`, ordered by it), when they have one. */
  readonly keyPrompt: string | undefined;
}

/** The column each saved query orders by and compares with the key-paging prompt. */
const PAGE_KEYS: Readonly<Record<StreamName, string>> = {
  journal_lines: 'JOURNAL_ID',
  vendors: 'VENDOR_ID',
  customers: 'CUST_ID',
  purchase_order_lines: 'PO_ID',
  vouchers: 'VOUCHER_ID',
  payroll_cost: 'EMPLID',
  purchase_orders: 'PO_ID',
  purchase_order_schedules: 'PO_ID',
  purchase_order_distributions: 'PO_ID',
  vendor_addresses: 'VENDOR_ID',
};

const columnValue = (row: Row, column: string): string =>
  String(Object.entries(row).find(([name]) => name.replace(/^[A-Z]\./, '') === column)?.[1] ?? '');

export function send(response: ServerResponse, status: number, body: string, type: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** A framework or QAS error: bare in Production, an IBResponse in Development. */
function refuse(response: ServerResponse, settings: QasSettings, message: string): void {
  if (settings.serviceStatus === 'production') return send(response, 500, '', 'text/plain');
  send(response, 500, ibResponse(10000, message), 'text/xml; charset=UTF-8');
}

/** True when the path is a QAS call this simulator owns (whatever the answer). */
export function serveQas(
  request: SimRequest,
  response: ServerResponse,
  settings: QasSettings,
  fixture: Fixture,
  user: SimUser,
  instances: PollInstances,
): boolean {
  const parts = request.url.pathname.split('/').map(decodeURIComponent);
  // ['', 'PSIGW', 'RESTListeningConnector', node, alias, owner, query, type, format]
  if (parts[1] !== 'PSIGW' || parts[2] !== 'RESTListeningConnector') return false;
  const alias = parts[4];
  if (parts[3] === settings.node && request.method === 'GET' && parts.length === 6)
    if (servePollAnswer(request, response, settings.poll, alias ?? '', parts[5] ?? '', user, instances)) return true;
  const polled = alias === settings.poll.alias;
  if (
    parts[3] !== settings.node ||
    (alias !== settings.alias && !polled) ||
    parts.length !== 9 ||
    request.method !== 'GET'
  ) {
    send(response, 404, 'Not Found', 'text/plain');
    return true;
  }
  const operation = polled ? POLL_OPERATION : QAS_OPERATION;
  if (!user.permissionLists.includes(QAS_PERMISSION_LIST)) {
    const message = `User ${user.oprid} not authorized to invoke Service Operation ${operation}.`;
    send(response, 403, ibResponse(536, message, [user.oprid, operation]), 'text/xml; charset=UTF-8');
    return true;
  }
  const answer = runSavedQuery(request, response, settings, fixture, user, parts);
  if (answer === undefined) return true;
  if (polled) {
    startInstance(response, settings.poll, instances, user, answer.queryName, answer.rows, settings.queryNameKey);
    return true;
  }
  if (answer.json)
    send(
      response,
      200,
      qasJson(answer.queryName, answer.rows, settings.queryNameKey),
      'application/json; charset=UTF-8',
    );
  else send(response, 200, qasXml(answer.queryName, answer.rows), 'text/xml; charset=UTF-8');
  return true;
}

/** The saved query's rows as QAS would return them (cut at maxrows), or undefined when it was refused. */
function runSavedQuery(
  request: SimRequest,
  response: ServerResponse,
  settings: QasSettings,
  fixture: Fixture,
  user: SimUser,
  parts: readonly string[],
): { queryName: string; rows: Row[]; json: boolean } | undefined {
  const [, , , , , owner = '', queryName = '', type = '', format = ''] = parts;
  const params = new Map<string, string>();
  for (const [name, value] of request.url.searchParams) params.set(name.toLowerCase(), value);
  const stream = settings.queries.get(queryName);
  if (owner.toLowerCase() !== 'public' || stream === undefined) {
    refuse(response, settings, `Query ${queryName} does not exist or is not a public query.`);
    return undefined;
  }
  const maxRows = Number(params.get('maxrows'));
  if (
    !/^(JSON|XMLP|WEBROWSET)$/i.test(type) ||
    format.toUpperCase() !== 'NONFILE' ||
    !Number.isInteger(maxRows) ||
    maxRows < 0
  ) {
    refuse(response, settings, 'Invalid OutResultType, OutResultFormat or MaxRow.');
    return undefined;
  }
  const names = (params.get('prompt_uniquepromptname') ?? '').split(',');
  const values = (params.get('prompt_fieldvalue') ?? '').split(',');
  const prompt = (name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? undefined : values[index];
  };
  const from = prompt('FROM_DT');
  const to = prompt('TO_DT');
  const isDay = (value: string | undefined): value is string => value !== undefined && /^\d{4}-\d\d-\d\d$/.test(value);
  const known = new Set(['FROM_DT', 'TO_DT', ...(settings.keyPrompt === undefined ? [] : [settings.keyPrompt])]);
  if (names.length !== values.length || !isDay(from) || !isDay(to) || names.some((name) => !known.has(name))) {
    refuse(response, settings, `Query ${queryName}: prompts FROM_DT and TO_DT need a date each.`);
    return undefined;
  }
  const units = user.businessUnits;
  const after = settings.keyPrompt === undefined ? undefined : prompt(settings.keyPrompt);
  const pageKey = PAGE_KEYS[stream];
  const queried = runQuery(fixture, stream, from, to);
  // A query with the paging prompt orders by its page key and keeps the keys at or after the prompt's value.
  const paged =
    after === undefined
      ? queried
      : queried
          .filter((row) => columnValue(row, pageKey) >= after)
          .sort((a, b) =>
            columnValue(a, pageKey) < columnValue(b, pageKey)
              ? -1
              : columnValue(a, pageKey) > columnValue(b, pageKey)
                ? 1
                : 0,
          );
  const rows = paged.filter((row) => {
    // Row-level security on business unit: rows of units the user's security records do not grant are not there.
    const unit = Object.entries(row).find(([name]) => name.replace(/^[A-Z]\./, '') === 'BUSINESS_UNIT')?.[1];
    return units === undefined || unit === undefined || units.includes(String(unit));
  });
  // maxrows truncates without a word: numrows counts what is sent, and nothing says more exist. The poll
  // variant is assumed to take MaxRow alike (README: no source says it does not).
  const sent = maxRows === 0 ? rows : rows.slice(0, maxRows);
  return { queryName, rows: sent, json: params.get('json_resp')?.toLowerCase() === 'true' };
}
