/**
 * Sends writes as `$batch` requests of the size the sizer says (`batch-sizer.ts`: measured, at most
 * `batchSize`; a change set counts all of its requests, and goes whole into one batch, alone if it is
 * larger), with
 * `Prefer: odata.continue-on-error`, and reads each write's answer back to it. Where Dataverse stops a
 * batch at its first failure anyway (outer 400 holding that part only), the failed write takes its error
 * and the writes after it are sent again in a new batch, so the good ones still land.
 */
import { randomUUID } from 'node:crypto';
import type { BatchItem, BatchResult, DataverseError } from '../batch/batch.ts';
import type { DynamicsClient } from '../client.ts';
import { KitError } from '../../kit/errors.ts';
import type { BatchSizer } from './batch-sizer.ts';

export interface Write {
  readonly item: BatchItem;
}

export type WriteAnswer =
  | { readonly ok: true; readonly results: readonly BatchResult[] }
  | { readonly ok: false; readonly status: number; readonly error: DataverseError };

function requestsOf(item: BatchItem): number {
  return item.kind === 'request' ? 1 : item.requests.length;
}

/** The writes from `from` that fit in one batch of `size` requests (at least one write). */
function nextChunk<T extends Write>(writes: readonly T[], from: number, size: number): T[] {
  const chunk: T[] = [];
  let requests = 0;
  for (let at = from; at < writes.length; at += 1) {
    const n = requestsOf(writes[at]!.item);
    if (chunk.length > 0 && requests + n > size) break;
    chunk.push(writes[at]!);
    requests += n;
  }
  return chunk;
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
  sizer: BatchSizer,
): Promise<Map<T, WriteAnswer>> {
  const answers = new Map<T, WriteAnswer>();
  for (let from = 0; from < writes.length;) {
    const chunk = nextChunk(writes, from, sizer.size());
    from += chunk.length;
    let pending = chunk;
    while (pending.length > 0) {
      const { results, elapsedMs } = await client.batch(
        pending.map((write) => write.item),
        { batch: randomUUID(), changeset: () => randomUUID() },
        { continueOnError: true },
      );
      sizer.record(
        pending.reduce((sum, write) => sum + requestsOf(write.item), 0),
        elapsedMs,
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
