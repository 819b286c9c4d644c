/**
 * Webhooks and polling together against the simulator over loopback: a change taken by webhook is not
 * applied again by the next poll, a change the webhooks missed is found by the poll, a deletion is
 * applied once. "Applied" = committed, as a destination would after its transaction.
 */
import { afterEach, expect, it } from 'vitest';
import { BambooChangeFeed, type FeedBatch } from './change-feed.ts';
import { BambooClient } from './client.ts';
import { type BambooSimulator, WebhookSender, startBambooSimulator } from './simulator/index.ts';
import { isoStamp } from './simulator/store.ts';
import { configFor, secretsFor, serveOverHttps } from './test-support.ts';
import { createWebhookReceiver } from './webhooks/receiver.ts';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

it('webhooks and polling never apply one change twice, and polling catches what webhooks missed', async () => {
  const sim: BambooSimulator = await startBambooSimulator({ rows: 20, seed: 9 });
  const client = new BambooClient(configFor(sim, 'api-key', secretsFor(sim), { retry: false }));
  const feed = new BambooChangeFeed(client, { since: isoStamp(sim.store.now), applied: {} });
  const applied: string[] = [];
  const apply = (batch: FeedBatch) => {
    applied.push(...batch.rows.map((row) => `${String(row.id)}${row.deleted === true ? ' deleted' : ''}`));
    batch.commit();
  };
  const receiver = createWebhookReceiver({
    privateKey: () => Promise.resolve('k'),
    onEvents: async (events) => apply(await feed.fromWebhook(events)),
  });
  const server = await serveOverHttps(receiver.listener);
  closers.push(
    () => client.close(),
    () => sim.close(),
    () => server.close(),
  );
  const sender = new WebhookSender(sim.store, { url: `${server.url}/`, privateKey: 'k', ca: server.ca });

  // 1. Changes arrive by webhook (a hire fires created then updated: fetched once, applied once).
  const first = sim
    .advance(4)
    .map((change) => change.employeeId)
    .sort();
  await sender.flush();
  expect([...applied].sort()).toEqual(first);

  // 2. The fallback poll sees the same changes and applies none of them again.
  const poll = await feed.poll();
  expect(poll.rows).toEqual([]);
  expect(poll.alreadyApplied).toBe(first.length);
  poll.commit();

  // 3. Webhooks lost (the receiver was down): the poll applies them, once.
  const missed = sim
    .advance(3)
    .map((change) => change.employeeId)
    .sort();
  sim.store.events.splice(0);
  applied.length = 0;
  apply(await feed.poll());
  expect([...applied].sort()).toEqual(missed);
  applied.length = 0;
  apply(await feed.poll());
  expect(applied).toEqual([]);
  // The next poll asks from the newest change seen; an answer with nobody in it (latest null) keeps it.
  expect(feed.state.since).toBe(isoStamp(sim.store.now));

  // 4. A deletion by webhook is not applied again by the poll.
  const gone = missed[0] ?? '';
  sim.store.remove(gone);
  await sender.flush();
  expect(applied).toEqual([`${gone} deleted`]);
  const after = await feed.poll();
  expect(after.rows).toEqual([]);
  expect(feed.state.applied[gone]).toBe('deleted');
});
