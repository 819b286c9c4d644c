/**
 * Alerts against a real local HTTP receiver: a run that holds rows sends one alert, retried while the
 * receiver fails and delivered once it recovers; the run never waits for it; the address stays out of the log.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as connectors from '../../connectors/registry.ts';
import { payloadFor, WebhookAlerts, type Alert } from './alerts.ts';
import { createServeLog } from './serve-log.ts';
import { FakeClock, GatedRuns, serveFixture, workspace, type Workspace } from './testing/serve-fixture.ts';
import { scrub } from '../secrets/index.ts';

interface Receiver {
  readonly url: string;
  readonly bodies: unknown[];
  /** Status to answer with, request by request; 200 once the list is used up. */
  readonly answers: number[];
  attempts: number;
  /** While set, a request waits for it (a slow receiver). */
  hold?: Promise<void>;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const state = {
    bodies: [] as unknown[],
    answers: [] as number[],
    attempts: 0,
    hold: undefined as Promise<void> | undefined,
  };
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    let text = '';
    for await (const chunk of request) text += String(chunk);
    state.attempts++;
    if (state.hold) await state.hold;
    const status = state.answers.shift() ?? 200;
    if (status === 200) state.bodies.push(JSON.parse(text));
    response.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks/T000-secret-path`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

let space: Workspace;
let hook: Receiver | undefined;
afterEach(async () => {
  space?.remove();
  await hook?.close();
});

describe('alerts by outgoing webhook', () => {
  it('rows held -> one alert, retried while the receiver fails, delivered when it recovers', async () => {
    hook = await receiver();
    hook.answers.push(503, 500);
    space = workspace();
    space.pipeline('ledger', '*/5 * * * *', 'UTC', (pipeline: any) => {
      pipeline.schedule.alerts = { secret: 'LEDGER_HOOK', style: 'slack' };
    });
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const lines: string[] = [];
    const log = createServeLog({ write: (line) => lines.push(line), scrub, now: clock.now });
    const waits: number[] = [];
    const url = hook.url;
    const alerts = new WebhookAlerts({
      resolveSecret: async (name) => (name === 'LEDGER_HOOK' ? url : Promise.reject(new Error(`no ${name}`))),
      log,
      sleep: async (ms) => void waits.push(ms),
    });
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs, alerts });
    service.reload();
    clock.set('2026-01-10T00:05:00Z');
    service.tick();
    await service.idle();
    await alerts.drain();

    expect(runs.outcomes[0]?.status).toBe('held');
    expect(hook.attempts).toBe(3);
    expect(waits).toEqual([1000, 2000]);
    expect(hook.bodies).toEqual([
      { text: expect.stringMatching(/^ml-connector: ledger: run \S+ held 1 row\(s\) for review$/) },
    ]);
    const sent = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((e) => e.event === 'alert-sent');
    expect(sent).toEqual([expect.objectContaining({ kind: 'rows-held', attempt: 3 })]);
    expect([...lines, ...events().map((e) => JSON.stringify(e))].join('')).not.toContain('T000-secret-path');
  });

  it('never holds up the run: the run has finished while the receiver is still answering', async () => {
    hook = await receiver();
    let answer!: () => void;
    hook.hold = new Promise((resolve) => (answer = resolve));
    space = workspace();
    space.pipeline('ledger', '*/5 * * * *');
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const lines: string[] = [];
    const log = createServeLog({ write: (line) => lines.push(line), scrub, now: clock.now });
    const alerts = new WebhookAlerts({
      serviceTarget: { url: hook.url, style: 'json' },
      resolveSecret: () => Promise.reject(new Error('none')),
      log,
    });
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs, alerts });
    service.reload();
    clock.set('2026-01-10T00:05:00Z');
    service.tick();
    await service.idle();
    expect(events('run-finished')).toHaveLength(1);
    expect(hook.bodies).toEqual([]);
    answer();
    await alerts.drain();
    expect(hook.bodies).toEqual([
      expect.objectContaining({ source: 'ml-connector', kind: 'rows-held', pipeline: 'ledger' }),
    ]);
  });

  it('control totals that differ with no held row behind them -> an alert naming stream, measure and both figures', async () => {
    hook = await receiver();
    space = workspace();
    // A real mapping that loses the cents of every debit: the destination's debit totals fall short of
    // the source's. Every account has a cost center here, so no row is held to explain the difference.
    space.pipeline('ledger', '*/5 * * * *', 'UTC', (pipeline: any) => {
      const mappings = pipeline.streams.gl_lines.mappings;
      mappings.debit.expression = 'ROUND(DEBITAMT, 0)';
      mappings.cost_center.expression = 'LOOKUP(cost_centers, ACTNUMST, "CC-UNASSIGNED")';
      pipeline.schedule.alerts = { secret: 'LEDGER_HOOK', style: 'json' };
    });
    const clock = new FakeClock(Date.parse('2026-01-10T00:01:00Z'));
    const lines: string[] = [];
    const log = createServeLog({ write: (line) => lines.push(line), scrub, now: clock.now });
    const url = hook.url;
    const alerts = new WebhookAlerts({
      resolveSecret: async (name) => (name === 'LEDGER_HOOK' ? url : Promise.reject(new Error(`no ${name}`))),
      log,
    });
    const runs = new GatedRuns(connectors);
    const { service, events } = serveFixture({ targets: [space.dir], dir: space.dir, clock, runs, alerts });
    service.reload();
    clock.set('2026-01-10T00:05:00Z');
    service.tick();
    await service.idle();
    await alerts.drain();

    expect(runs.outcomes[0]).toMatchObject({ status: 'ok' });
    expect(runs.outcomes[0]!.streams[0]).toMatchObject({ read: 8, written: 8, held: 0 });
    const debit = {
      stream: 'gl_lines',
      measure: 'debit',
      period: '2024-01',
      source: '2602.54',
      destination: '2602.00',
      difference: '0.54',
    };
    expect(hook.bodies).toEqual([
      {
        source: 'ml-connector',
        kind: 'control-totals-differ',
        file: join(space.dir, 'ledger.json'),
        pipeline: 'ledger',
        runId: runs.outcomes[0]!.runId,
        summary: expect.stringContaining(
          'control totals differ, source vs destination: gl_lines 2024-01 debit: source 2602.54, destination 2602.00 (difference 0.54)',
        ),
        // The period's amount (debit minus credit) is short by the same cents.
        differences: [debit, { ...debit, measure: 'amount', source: '0.00', destination: '-0.54' }],
      },
    ]);
    // Credits went through untouched: only what differs is named.
    expect(JSON.stringify(hook.bodies)).not.toContain('"credit"');
    expect(events('control-totals-differ')).toEqual([
      expect.objectContaining({ pipeline: 'ledger', differences: expect.arrayContaining([debit]) }),
    ]);
    expect(lines.join('')).not.toContain('T000-secret-path');
  });

  it('speaks Slack and Teams', () => {
    const alert: Alert = {
      kind: 'run-failed',
      file: 'gl.json',
      pipeline: 'gl',
      runId: 'r1',
      summary: 'gl: run r1 failed (gl_lines)',
    };
    expect(payloadFor(alert, 'slack')).toEqual({ text: 'ml-connector: gl: run r1 failed (gl_lines)' });
    expect(payloadFor(alert, 'teams')).toMatchObject({
      '@type': 'MessageCard',
      title: 'ml-connector: run-failed',
      text: alert.summary,
    });
  });
});
