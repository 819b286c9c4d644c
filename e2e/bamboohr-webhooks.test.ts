/**
 * Webhooks and polling into GP through the shipped BambooHR -> GP example: signed deliveries from the
 * simulator's sender become follow-up fetches and GP employee writes; forged, stale and replayed ones
 * are refused; a poll after the webhooks applies nothing again; a poll finds what the webhooks missed;
 * the polling watermark of scheduled runs is untouched. Clocks are injected; nothing waits.
 * BambooHR delivers to https:// addresses only, so the receiver serves HTTPS with a certificate from a
 * test CA, which the simulator's sender trusts (as BambooHR trusts a public CA's).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBambooSimulator, WebhookSender, type BambooSimulator } from '../connectors/bamboohr/simulator/index.ts';
import { computeSignature } from '../connectors/bamboohr/webhooks/signature.ts';
import { startGpSimulator, type GpSimulator } from '../connectors/dynamics-gp/simulator/index.ts';
import { makeSimulatorTls } from '../connectors/kit/simulator/certificate.ts';
import { loadPipelineFile } from '../engine/runner/index.ts';
import { openRunStore } from '../engine/store/index.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import {
  startWebhookService,
  type WebhookService,
  type WebhookServiceEvent,
} from '../engine/webhooks/webhook-service.ts';
import * as connectors from '../connectors/registry.ts';

const KEY = 'whk-private-key-0123456789';
/** The receiver's clock; set to the simulator's, whose data clock starts the feed's first `since`. */
const clock = { ms: 0 };
let bamboo: BambooSimulator;
let gp: GpSimulator;
let dir: string;
let service: WebhookService;
const events: WebhookServiceEvent[] = [];
const tls = makeSimulatorTls('webhook receiver');

beforeAll(async () => {
  bamboo = await startBambooSimulator({ rows: 12, seed: 31 });
  clock.ms = bamboo.store.now;
  gp = await startGpSimulator({ rows: 3, seed: 2 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-webhooks-'));
  const workspace = prepareExampleWorkspace(
    dir,
    {
      gp,
      bamboohr: {
        address: { companyDomain: bamboo.companyDomain, apiBase: bamboo.apiBase, tokenUrl: bamboo.tokenUrl },
      },
    },
    [BAMBOOHR_TO_GP],
  );
  writeFileSync(join(dir, 'hooks.pem'), tls.cert);
  writeFileSync(join(dir, 'hooks-key.pem'), tls.key);
  const secrets: Record<string, string> = {
    bamboohr_api_key: bamboo.credentials.apiKey,
    gp_password: gp.credentials.password,
    bamboohr_webhook_key: KEY,
  };
  service = await startWebhookService({
    connectors,
    loaded: loadPipelineFile(workspace.files[BAMBOOHR_TO_GP]!),
    stream: 'employees',
    stateDir: join(dir, 'state'),
    tlsFiles: { cert: join(dir, 'hooks.pem'), key: join(dir, 'hooks-key.pem') },
    keySecret: 'bamboohr_webhook_key',
    resolveSecret: (name) =>
      secrets[name] === undefined ? Promise.reject(new Error(`no secret ${name}`)) : Promise.resolve(secrets[name]!),
    onEvent: (event) => events.push(event),
    now: () => clock.ms,
    retry: { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
  });
});

afterAll(async () => {
  await service?.close();
  await bamboo?.close();
  await gp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sender = (privateKey = KEY) =>
  new WebhookSender(bamboo.store, { url: service.url, privateKey, ca: tls.caCert }, () => clock.ms);
const applied = () => events.filter((event) => event.type === 'applied');

describe('webhooks serve', () => {
  it('applies signed deliveries to GP, refuses forged, stale and replayed ones, and polling never applies a change twice', async () => {
    expect(service.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr$/);
    expect(service.deliveryUrl).toBe(service.url);
    const hired = bamboo
      .advance(3)
      .map((change) => change.employeeId)
      .sort();
    const deliveries = await sender().flush();
    expect(deliveries.every((delivery) => delivery.status === 200)).toBe(true);
    expect([...gp.store.map('employees').keys()].sort()).toEqual(hired);
    expect(applied().reduce((sum, event) => sum + (event.type === 'applied' ? event.written : 0), 0)).toBe(
      hired.length,
    );

    // The fallback poll sees the same changes and applies none of them again.
    const writes = { ...gp.stats.writes };
    await service.poll();
    expect(events.at(-1)).toMatchObject({ type: 'nothing-new', via: 'poll', alreadyApplied: hired.length });
    expect(gp.stats.writes).toMatchObject({ created: writes.created, updated: writes.updated });

    // Forged, stale and replayed deliveries change nothing.
    bamboo.advance(1);
    const forged = await sender('not-the-key').flush();
    expect(forged.map((delivery) => delivery.status)).toEqual(forged.map(() => 401));
    const [first] = deliveries;
    const attacker = new Agent({ connect: { ca: tls.caCert } });
    const replayed = await request(service.url, {
      dispatcher: attacker,
      method: 'POST',
      body: first!.body,
      headers: {
        'content-type': 'application/json',
        'x-bamboohr-timestamp': first!.timestamp,
        'x-bamboohr-signature': computeSignature(Buffer.from(first!.body), first!.timestamp, KEY),
      },
    });
    await replayed.body.dump();
    await attacker.close();
    expect(replayed.statusCode).toBe(409);
    clock.ms += 10 * 60_000;
    const stale = new WebhookSender(
      bamboo.store,
      { url: service.url, privateKey: KEY, ca: tls.caCert },
      () => clock.ms - 10 * 60_000,
    );
    bamboo.advance(1);
    expect((await stale.flush()).every((delivery) => delivery.status === 401)).toBe(true);
    expect(gp.stats.writes).toMatchObject({ created: writes.created, updated: writes.updated });

    // Those two changes never arrived by webhook: the poll applies them, once.
    await service.poll();
    expect(events.at(-1)).toMatchObject({ type: 'applied', via: 'poll', read: 2 });
    await service.poll();
    expect(events.at(-1)).toMatchObject({ type: 'nothing-new' });

    // Scheduled runs keep their own watermark: the webhook runs left it alone.
    const store = openRunStore(join(dir, 'state'));
    expect(store.getStreamState(loadPipelineFile(join(dir, BAMBOOHR_TO_GP)).id, 'employees')).toBeUndefined();
    expect(store.listRuns({ limit: 50 }).length).toBeGreaterThan(2);
    store.close();
  });
});
