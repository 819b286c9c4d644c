/**
 * The webhook receiver over real HTTP, fed by the simulator's signed sender: good deliveries are taken,
 * bad signatures, replays and stale timestamps refused with a 4xx (never retried, §8), a failing handler
 * answers 500 and the sender retries on BambooHR's 5-minute schedule. Clocks are injected.
 */
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type BambooSimulator, WebhookSender, startBambooSimulator } from '../simulator/index.ts';
import { serveOverHttps } from '../test-support.ts';
import type { EmployeeWebhookEvent } from './events.ts';
import { parseWebhookPayload } from './events.ts';
import { createWebhookReceiver } from './receiver.ts';
import { computeSignature, verifySignature } from './signature.ts';

const KEY = 'whk-private-key-from-creation';
const clock = { ms: Date.UTC(2025, 0, 6, 12) };
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function rig(options: { readonly failFirst?: number; readonly receiverAheadMs?: number } = {}) {
  clock.ms = Date.UTC(2025, 0, 6, 12);
  const sim: BambooSimulator = await startBambooSimulator({ rows: 10, seed: 4 });
  const taken: EmployeeWebhookEvent[] = [];
  let failures = options.failFirst ?? 0;
  const receiver = createWebhookReceiver({
    privateKey: () => Promise.resolve(KEY),
    now: () => clock.ms + (options.receiverAheadMs ?? 0),
    onEvents: (events) => {
      if (failures-- > 0) throw new Error('the queue is down');
      taken.push(...events);
    },
  });
  const server = await serveOverHttps(receiver.listener);
  const url = `${server.url}/hooks/bamboohr`;
  closers.push(
    () => sim.close(),
    () => server.close(),
  );
  const sender = (privateKey = KEY) => new WebhookSender(sim.store, { url, privateKey, ca: server.ca }, () => clock.ms);
  return { sim, receiver, taken, url, ca: server.ca, sender };
}

describe('BambooHR webhook receiver', () => {
  it('takes correctly signed deliveries and hands on their employee events', async () => {
    const { sim, taken, sender } = await rig();
    const changes = sim.advance(3);
    const deliveries = await sender().flush();
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
    expect(new Set(taken.map((event) => event.employeeId))).toEqual(
      new Set(changes.map((change) => change.employeeId)),
    );
  });

  it('is delivered over HTTPS only: BambooHR refuses an http:// webhook URL, and a certificate it cannot trust gets nothing', async () => {
    const { sim, taken, url, ca } = await rig();
    expect(() => new WebhookSender(sim.store, { url: url.replace(/^https:/, 'http:'), privateKey: KEY, ca })).toThrow(
      'BambooHR refuses this webhook: its URL must begin with https:// (a webhook is delivered over HTTPS only), not http://127.0.0.1:',
    );
    sim.advance(1);
    const untrusting = new WebhookSender(sim.store, { url, privateKey: KEY }, () => clock.ms);
    expect(new Set((await untrusting.flush()).map((delivery) => delivery.status))).toEqual(new Set(['no-answer']));
    expect(taken).toEqual([]);
  });

  it('refuses a bad signature with 401, and the sender does not retry a 4xx', async () => {
    const { sim, taken, sender } = await rig();
    sim.advance(1);
    const forged = sender('not-the-key');
    const deliveries = await forged.flush();
    expect(deliveries.map((delivery) => delivery.status)).toEqual(deliveries.map(() => 401));
    expect(taken).toEqual([]);
    clock.ms += 3 * 3_600_000;
    expect(await forged.runDue()).toEqual([]);
    expect(forged.outbox).toBe(0);
  });

  it('refuses a replayed delivery with 409 and hands its events on once', async () => {
    const { sim, taken, sender, url, ca } = await rig();
    sim.advance(1);
    const [first] = await sender().flush();
    if (first === undefined) throw new Error('nothing delivered');
    const before = taken.length;
    const trusting = new Agent({ connect: { ca } });
    closers.push(() => trusting.close());
    const replay = await request(url, {
      dispatcher: trusting,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-bamboohr-timestamp': first.timestamp,
        'x-bamboohr-signature': computeSignature(Buffer.from(first.body), first.timestamp, KEY),
      },
      body: first.body,
    });
    await replay.body.dump();
    expect(replay.statusCode).toBe(409);
    expect(taken.length).toBe(before);
  });

  it('refuses a stale timestamp (and one from the future) with 401', async () => {
    const late = await rig({ receiverAheadMs: 301_000 });
    late.sim.advance(1);
    expect((await late.sender().flush()).map((delivery) => delivery.status)).toContain(401);
    expect(late.taken).toEqual([]);
    const early = await rig({ receiverAheadMs: -301_000 });
    early.sim.advance(1);
    expect((await early.sender().flush()).every((delivery) => delivery.status === 401)).toBe(true);
    const inTime = await rig({ receiverAheadMs: 299_000 });
    inTime.sim.advance(1);
    expect((await inTime.sender().flush()).every((delivery) => delivery.status === 200)).toBe(true);
  });

  it('answers 500 when its own handler fails, and takes the retry BambooHR sends 5 minutes later', async () => {
    const { sim, taken, sender } = await rig({ failFirst: 1 });
    sim.store.remove([...sim.store.employees.keys()][0] ?? '');
    const outbox = sender();
    expect((await outbox.flush()).map((delivery) => delivery.status)).toEqual([500]);
    clock.ms += 4 * 60_000;
    expect(await outbox.runDue()).toEqual([]);
    clock.ms += 60_000;
    expect((await outbox.runDue()).map((delivery) => [delivery.status, delivery.attempt])).toEqual([[200, 2]]);
    expect(taken.map((event) => event.action)).toEqual(['deleted']);
  });
});

describe('BambooHR webhook signatures and payloads', () => {
  const body = Buffer.from(
    '{"type":"employee.updated","timestamp":"2025-02-18T15:30:00Z","data":{"companyId":"12345","employeeId":"100","changedFields":["firstName"]}}',
  );
  const at = '1739892600';
  const verify = (signature: string, timestamp = at, nowMs = 1739892600_000) =>
    verifySignature({ rawBody: body, timestamp, signature, privateKey: KEY, nowMs, toleranceSeconds: 300 });

  it('is hex HMAC-SHA256 over the body bytes followed by the timestamp, not timestamp.body', () => {
    expect(verify(computeSignature(body, at, KEY))).toEqual({ ok: true, timestampSeconds: 1739892600 });
    expect(verify(computeSignature(body, at, KEY).toUpperCase())).toMatchObject({ ok: true });
    expect(verify(computeSignature(Buffer.from(`${at}.${body.toString()}`), '', KEY))).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(verify(computeSignature(body, at, KEY), '1739892601')).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verify('')).toMatchObject({ ok: false, reason: 'missing-signature' });
    expect(verify(computeSignature(body, 'soon', KEY), 'soon')).toMatchObject({ ok: false, reason: 'bad-timestamp' });
  });

  it('reads new-style and legacy payloads; company events carry no employee', () => {
    expect(parseWebhookPayload(JSON.parse(body.toString()))).toEqual([
      { employeeId: '100', action: 'updated', changedFields: ['firstName'], occurredAt: '2025-02-18T15:30:00Z' },
    ]);
    expect(
      parseWebhookPayload({
        employees: [{ id: '123', action: 'Deleted', changedFields: [], fields: {}, timestamp: 'x' }],
      }),
    ).toEqual([{ employeeId: '123', action: 'deleted', changedFields: [], occurredAt: 'x' }]);
    expect(parseWebhookPayload({ type: 'company.updated', data: { companyId: '1' } })).toEqual([]);
    expect(parseWebhookPayload({ hello: 'world' })).toBeUndefined();
  });
});
