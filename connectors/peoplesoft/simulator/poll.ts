/**
 * The QAS poll variant as the simulator serves it (peoplesoft.md §0 §1; Oracle's qas-executeqrypoll-rest-get,
 * qas-querystatus-rest-get, qas-getqueryresults-rest-get): the poll alias runs the saved query "in the
 * Process Scheduler" and answers a query instance id; `QueryStatus.v1/getstatus?instanceid=` answers
 * queued, then running, then the outcome (success, or killed or error when told to) over successive polls;
 * `QueryResults.v1/getresults?blocknumber=n&instanceid=` answers the rows in blocks of `blockRows`, each with
 * its own numrows and block status (blockRetrieved, finalBlockRetrieved on the last; queued while the
 * query has not succeeded). With the Process Scheduler (or Pub/Sub) down every instance stays queued; a
 * user whose process profile lacks QASEXEQRY gets `error`. An unknown instance is `idNotFound`. The JSON
 * shapes follow the documented XML element names (QAS_QUERYSTATUS_RESP/PTQASSTATWRK/Status,
 * QAS_QUERYRESULTS_STATUS_RESP/status) and are unconfirmed (README); TotalBlocks is 0, as documented.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SimRequest } from '../../kit/simulator/server.ts';
import { qasJson } from './envelope.ts';
import type { Row } from './fixture.ts';
import { QAS_PERMISSION_LIST, type SimUser } from './users.ts';

export const POLL_OPERATION = 'QAS_EXECUTEQRYPOLL_REST_GET';
/** The application engine program the poll variant schedules; the user's process profile must allow it. */
export const QAS_PROCESS = 'QASEXEQRY';

export interface PollSettings {
  readonly alias: string;
  readonly statusAlias: string;
  readonly resultsAlias: string;
  readonly blockRows: number;
  /** Status polls an instance takes: queued on the first, running until the last, then its outcome. */
  readonly pollsUntilDone: number;
  readonly outcome: 'success' | 'killed' | 'error';
  /** `down`: the Process Scheduler or Pub/Sub is not running, so every instance stays queued. */
  readonly processScheduler: 'up' | 'down';
}

interface Instance {
  readonly oprid: string;
  readonly queryName: string;
  readonly rows: readonly Row[];
  readonly nameKey: string;
  readonly canRun: boolean;
  polls: number;
}

/** The instances started, and counters tests read (status polls answered, result blocks served). */
export interface PollInstances {
  readonly byId: Map<string, Instance>;
  statusPolls: number;
  blocksServed: number;
}

export const newPollInstances = (): PollInstances => ({ byId: new Map(), statusPolls: 0, blocksServed: 0 });

function sendText(response: ServerResponse, status: number, body: string, type: string): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export function startInstance(
  response: ServerResponse,
  _settings: PollSettings,
  instances: PollInstances,
  user: SimUser,
  queryName: string,
  rows: readonly Row[],
  nameKey: string,
): void {
  const id = randomUUID();
  const canRun = (user.processProfile ?? []).includes(QAS_PROCESS);
  instances.byId.set(id, { oprid: user.oprid, queryName, rows, nameKey, canRun, polls: 0 });
  sendText(response, 200, JSON.stringify({ status: 'success', data: { QueryInstance: id } }), 'application/json');
}

function statusOf(settings: PollSettings, instance: Instance): string {
  if (settings.processScheduler === 'down') return 'queued';
  if (instance.polls <= 1) return 'queued';
  if (!instance.canRun) return 'error';
  if (instance.polls < settings.pollsUntilDone) return 'running';
  return settings.outcome;
}

/** True when this is a getstatus or getresults call (whatever the answer). */
export function servePollAnswer(
  request: SimRequest,
  response: ServerResponse,
  settings: PollSettings,
  alias: string,
  operation: string,
  user: SimUser,
  instances: PollInstances,
): boolean {
  const isStatus = alias === settings.statusAlias && operation === 'getstatus';
  const isResults = alias === settings.resultsAlias && operation === 'getresults';
  if (!isStatus && !isResults) return false;
  if (!user.permissionLists.includes(QAS_PERMISSION_LIST)) {
    // Production mode: a framework error without detail.
    sendText(response, 500, '', 'text/plain');
    return true;
  }
  const params = new Map<string, string>();
  for (const [name, value] of request.url.searchParams) params.set(name.toLowerCase(), value);
  const found = instances.byId.get(params.get('instanceid') ?? '');
  const instance = found?.oprid === user.oprid ? found : undefined;
  if (isStatus) {
    instances.statusPolls += 1;
    if (instance !== undefined) instance.polls += 1;
    const status = instance === undefined ? 'idNotFound' : statusOf(settings, instance);
    const totalRows = instance?.rows.length ?? 0;
    const work = {
      Status: status,
      NumColumns: Object.keys(instance?.rows[0] ?? {}).length,
      TotalRows: totalRows,
      TotalBlocks: 0,
      TotalBytes: 0,
    };
    sendText(response, 200, JSON.stringify({ QAS_QUERYSTATUS_RESP: { PTQASSTATWRK: work } }), 'application/json');
    return true;
  }
  const block = Number(params.get('blocknumber'));
  const blocks = Math.max(1, Math.ceil((instance?.rows.length ?? 0) / settings.blockRows));
  if (instance === undefined || !Number.isInteger(block) || block < 1 || block > blocks) {
    sendText(response, 500, '', 'text/plain');
    return true;
  }
  instances.blocksServed += 1;
  const ready = statusOf(settings, instance) === 'success';
  const rows = ready ? instance.rows.slice((block - 1) * settings.blockRows, block * settings.blockRows) : [];
  const blockStatus = !ready ? 'queued' : block === blocks ? 'finalBlockRetrieved' : 'blockRetrieved';
  const envelope = qasJson(instance.queryName, rows, instance.nameKey);
  const body = `${envelope.slice(0, -1)},"QAS_QUERYRESULTS_STATUS_RESP":{"status":"${blockStatus}"}}`;
  sendText(response, 200, body, 'application/json');
  return true;
}
