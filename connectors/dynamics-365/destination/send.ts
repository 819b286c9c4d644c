/**
 * Sends writes as `$batch` requests of at most `batchSize` requests each (a change set counts all of
 * its requests, and goes whole into one batch, alone if it is larger), with
 * `Prefer: odata.continue-on-error`, and reads each write's answer back to it. Where Dataverse stops a
 * batch at its first failure anyway (outer 400 holding that part only), the failed write takes its error
 * and the writes after it are sent again in a new batch, so the good ones still land.
 */
import { randomUUID } from 'node:crypto';
import type { BatchItem, BatchResult, DataverseError } from '../batch/batch.ts';
import type { DynamicsClient } from '../client.ts';
import { KitError } from '../../kit/errors.ts';

export interface Write {
  readonly item: BatchItem;
}

export type WriteAnswer =
  | { readonly ok: true; readonly results: readonly BatchResult[] }
  | { readonly ok: false; readonly status: number; readonly error: DataverseError };

function requestsOf(item: BatchItem): number {
  return item.kind === 'request' ? 1 : item.requests.length;
}

function chunks<T extends Write>(writes: readonly T[], batchSize: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const write of writes) {
    const n = requestsOf(write.item);
    if (current.length > 0 && size + n > batchSize) {
      out.push(current);
      current = [];
      size = 0;
    }
    current.push(write);
    size += n;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function failure(result: BatchResult): WriteAnswer {
  return {
    ok: false,
    status: result.status,
    error: result.error ?? { code: '', message: `Dynamics 365 answered ${result.status}` },
  };
}

/** Matches a batch's results to its writes; writes after a stop are left out of the map. */
function assign<T extends Write>(
  writes: readonly T[],
  results: readonly BatchResult[],
  answers: Map<T, WriteAnswer>,
): void {
  let at = 0;
  for (const write of writes) {
    const first = results[at];
    if (first === undefined) return;
    if (write.item.kind === 'request') {
      answers.set(write, first.status < 400 ? { ok: true, results: [first] } : failure(first));
      at += 1;
    } else if (first.changeset !== undefined && first.status < 400) {
      const own = results.slice(at, at + write.item.requests.length);
      at += own.length;
      answers.set(write, { ok: true, results: own });
    } else {
      // A failed change set answers with its failing part alone (Dataverse rolled the rest back).
      answers.set(write, failure(first));
      at += 1;
    }
  }
}

export async function sendWrites<T extends Write>(
  client: DynamicsClient,
  writes: readonly T[],
  batchSize: number,
): Promise<Map<T, WriteAnswer>> {
  const answers = new Map<T, WriteAnswer>();
  for (const chunk of chunks(writes, batchSize)) {
    let pending = chunk;
    while (pending.length > 0) {
      const { results } = await client.batch(
        pending.map((write) => write.item),
        { batch: randomUUID(), changeset: () => randomUUID() },
        { continueOnError: true },
      );
      assign(pending, results, answers);
      const unanswered = pending.filter((write) => !answers.has(write));
      if (unanswered.length === pending.length)
        throw new KitError('RESPONSE_INVALID', 'Dynamics 365 answered a $batch without a result for its first request');
      pending = unanswered;
    }
  }
  return answers;
}
