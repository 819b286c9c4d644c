/**
 * The QAS poll variant for long queries (README "The poll variant"): QAS_EXECUTEQRYPOLL_REST_GET starts the
 * saved query in the Process Scheduler (application engine QASEXEQRY, through Integration Broker's Pub/Sub)
 * and answers a query instance id; QueryStatus.v1/getstatus is polled until `success` (queued, running,
 * posting and last mean "not yet"; killed, error and idNotFound end the read); QueryResults.v1/getresults
 * then hands the rows over block by block, from block 1, until the block whose status is
 * `finalBlockRetrieved` (a `queued` block is asked again). TotalBlocks is documented as always 0 and is not
 * read. The JSON shapes of these answers are unconfirmed, so the id and the statuses are looked for by
 * their element names at any depth. Waiting uses an injected clock and sleeper, bounded in total.
 */
import { MlcError } from '../../engine/model/errors.ts';
import { realSleep, type Sleep } from '../kit/http/retry-policy.ts';
import type { HttpClient } from '../kit/http/client.ts';
import { KitError } from '../kit/errors.ts';
import { JsonNumber, type JsonTree, parseJsonExact } from '../kit/json-exact.ts';
import type { Json } from '../kit/rest/values.ts';
import { readEnvelope, type QueryAnswer } from './answer.ts';

export const POLL_OPERATION = 'QAS_EXECUTEQRYPOLL_REST_GET';
const NOT_YET = new Set(['queued', 'running', 'posting', 'last']);
const FAILED = new Set(['killed', 'error', 'idNotFound']);

export interface PollSettings {
  /** Path of the node (`/PSIGW/RESTListeningConnector/<node>`). */
  readonly nodePath: string;
  readonly statusAlias: string;
  readonly resultsAlias: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly now: () => number;
  readonly sleep?: Sleep;
}

/** Every string under a key named like `name`, at any depth, deepest first. */
function stringsNamed(tree: JsonTree, name: RegExp): string[] {
  const found: [depth: number, value: string][] = [];
  const walk = (node: JsonTree, depth: number): void => {
    if (Array.isArray(node)) for (const item of node as JsonTree[]) walk(item, depth + 1);
    else if (node !== null && typeof node === 'object' && !(node instanceof JsonNumber))
      for (const [key, value] of Object.entries(node as Record<string, JsonTree>)) {
        if (name.test(key) && typeof value === 'string') found.push([depth, value]);
        else walk(value, depth + 1);
      }
  };
  walk(tree, 0);
  return found.sort((a, b) => b[0] - a[0]).map(([, value]) => value);
}

function parse(query: string, text: string): JsonTree {
  try {
    return parseJsonExact(text);
  } catch (error) {
    throw new KitError(
      'RESPONSE_INVALID',
      `PeopleSoft answered the poll of query ${query} with text that is not JSON`,
      {
        cause: error,
      },
    );
  }
}

/** The instance id out of the poll operation's answer (QueryInstance / InstanceID, any depth). */
export function readInstanceId(query: string, text: string): string {
  const id = stringsNamed(parse(query, text), /^(queryinstance|queryinstanceid|instanceid)$/i)[0]?.trim();
  if (id === undefined || id === '')
    throw new KitError(
      'RESPONSE_INVALID',
      `PeopleSoft answered the poll of query ${query} without a query instance id`,
    );
  return id;
}

/** The QAS status out of getstatus's answer: the deepest `Status` that is one of the documented values. */
export function readQueryStatus(query: string, text: string): string {
  const known = stringsNamed(parse(query, text), /^status$/i).find(
    (value) => NOT_YET.has(value) || FAILED.has(value) || value === 'success',
  );
  if (known === undefined)
    throw new KitError('RESPONSE_INVALID', `PeopleSoft answered the status of query ${query} without a known status`);
  return known;
}

/** A block's own status: queued, blockRetrieved or finalBlockRetrieved. */
export function readBlockStatus(query: string, text: string): string {
  const found = stringsNamed(parse(query, text), /^status$/i).find((value) =>
    ['queued', 'blockRetrieved', 'finalBlockRetrieved'].includes(value),
  );
  if (found === undefined)
    throw new KitError(
      'RESPONSE_INVALID',
      `PeopleSoft answered a result block of query ${query} without a block status`,
    );
  return found;
}

/**
 * Waits for the instance and reads its blocks. `start` sends the poll operation (the caller's path and
 * prompts); the answer is every row of every block, as one QueryAnswer.
 */
export async function runPolled(
  http: HttpClient,
  settings: PollSettings,
  query: string,
  start: () => Promise<string>,
  signal?: AbortSignal,
): Promise<QueryAnswer> {
  const sleep = settings.sleep ?? realSleep;
  const began = settings.now();
  const instance = readInstanceId(query, await start());
  const get = async (alias: string, operation: string, parameters: Record<string, string | number>) =>
    (
      await http.send({
        method: 'GET',
        path: `${settings.nodePath}/${alias}/${operation}`,
        query: { ...parameters, instanceid: instance, json_resp: 'true' },
        headers: { accept: 'application/json' },
        ...(signal === undefined ? {} : { signal }),
      })
    ).body.toString('utf8');
  const waitOrGiveUp = async (what: string) => {
    const waited = settings.now() - began;
    if (waited + settings.intervalMs > settings.timeoutMs)
      throw new MlcError(
        'POLL_TIMEOUT',
        `query ${query} (instance ${instance}) is still ${what} after ${Math.round(waited / 1000)} s`,
        {
          help: 'The poll variant runs the query in the Process Scheduler through Integration Broker Pub/Sub: check that both are running, that the user’s process profile allows application engine QASEXEQRY, and the process in Process Monitor; or raise pollTimeoutSeconds.',
        },
      );
    await sleep(settings.intervalMs, signal);
  };
  for (;;) {
    const status = readQueryStatus(query, await get(settings.statusAlias, 'getstatus', {}));
    if (status === 'success') break;
    if (FAILED.has(status))
      throw new MlcError(
        'QUERY_FAILED',
        status === 'idNotFound'
          ? `PeopleSoft no longer knows query instance ${instance} of query ${query} (idNotFound)`
          : `PeopleSoft's run of query ${query} (instance ${instance}) ended ${status}`,
        {
          help: 'See the QASEXEQRY process of this instance in Process Monitor (PeopleTools > Process Scheduler) for the reason.',
        },
      );
    await waitOrGiveUp(status);
  }
  const rows: Json[] = [];
  for (let block = 1; ;) {
    const text = await get(settings.resultsAlias, 'getresults', { blocknumber: block });
    const status = readBlockStatus(query, text);
    if (status === 'queued') {
      await waitOrGiveUp(`queued at result block ${block}`);
      continue;
    }
    rows.push(...readEnvelope(query, text).rows);
    if (status === 'finalBlockRetrieved') return { numrows: rows.length, rows };
    block += 1;
  }
}
