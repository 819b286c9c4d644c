/**
 * Webhooks and polling behind one door, for `ml-connector webhooks serve` and the studio: the receiver
 * (signature, timestamp, replay checks) turns a delivery's lightweight events into a follow-up fetch
 * of those employees through the change feed; `poll()` is the fallback. Both hand rows to `apply`,
 * one batch at a time (deliveries can overlap; the batches must not), and the feed's ledger moves only
 * after `apply` returns, so a change is applied once whichever path brings it first. If `apply` fails,
 * the delivery answers 500 and BambooHR sends it again later (§8).
 */
import type { RequestListener } from 'node:http';
import type { DataRow } from '../../../engine/model/io.ts';
import { Timestamp } from '../../../engine/model/values/index.ts';
import { BambooChangeFeed, type AppliedState } from '../change-feed.ts';
import { BambooClient, type BambooConnectionConfig } from '../client.ts';
import { createWebhookReceiver, type ReceiveResult } from './receiver.ts';

export interface IntakeBatch {
  readonly via: 'webhook' | 'poll';
  readonly rows: readonly DataRow[];
  /** Rows dropped before `apply` because that change was applied already. */
  readonly alreadyApplied: number;
}

export interface WebhookIntakeOptions {
  readonly config: BambooConnectionConfig;
  readonly privateKey: () => Promise<string>;
  /** The employee fields the mapping reads; the follow-up fetch asks for these (default: all). */
  readonly fields?: readonly string[];
  /** The feed's saved state; left out, polling starts from now. */
  readonly state?: AppliedState;
  /** Writes the rows; resolves once they are committed downstream. */
  readonly apply: (batch: IntakeBatch) => Promise<void>;
  /** Told after each batch was applied, with the state to persist. */
  readonly onState?: (state: AppliedState) => void;
  /** Told of every delivery's outcome (for the log). */
  readonly onDelivery?: (result: ReceiveResult) => void;
  readonly now?: () => number;
}

export interface WebhookIntake {
  readonly listener: RequestListener;
  /** The fallback: everything changed since the last committed poll. */
  poll(): Promise<IntakeBatch>;
  readonly state: () => AppliedState;
  close(): Promise<void>;
}

export function createWebhookIntake(options: WebhookIntakeOptions): WebhookIntake {
  const now = options.now ?? Date.now;
  const client = new BambooClient(options.config);
  const start = Timestamp.fromEpochMillis(Math.floor(now() / 1000) * 1000)
    .toString()
    .replace(/Z$/, '+00:00');
  const feed = new BambooChangeFeed(client, options.state ?? { since: start, applied: {} }, options.fields);
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const run = (via: IntakeBatch['via'], fetch: () => ReturnType<BambooChangeFeed['poll']>) =>
    serial(async () => {
      const batch = await fetch();
      const taken = { via, rows: batch.rows, alreadyApplied: batch.alreadyApplied };
      if (batch.rows.length > 0) await options.apply(taken);
      batch.commit();
      options.onState?.(feed.state);
      return taken;
    });
  const receiver = createWebhookReceiver({
    privateKey: options.privateKey,
    now,
    onEvents: async (events) => {
      if (events.length > 0) await run('webhook', () => feed.fromWebhook(events));
    },
  });
  const listener: RequestListener = (request, response) => {
    if (options.onDelivery === undefined) return receiver.listener(request, response);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const done = (status: number) => {
        response.writeHead(status, { 'content-length': 0 });
        response.end();
      };
      if (request.method !== 'POST') return done(405);
      receiver.receive(request.headers, Buffer.concat(chunks)).then(
        (result) => {
          options.onDelivery?.(result);
          done(result.status);
        },
        () => done(500),
      );
    });
  };
  return { listener, poll: () => run('poll', () => feed.poll()), state: () => feed.state, close: () => client.close() };
}
