/**
 * The studio host's webhook listener (the `webhooks` domain) on the BambooHR -> GP example against both
 * simulators: a delivery signed with the webhook's key is applied to GP and logged as such, a forged one
 * is refused and logged with its reason, the polling fallback runs on the injected schedule and on
 * demand, Stop frees the port; the key never appears in an answer or an event.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../connectors/registry.ts';
import { BAMBOOHR_TO_GP, prepareExampleWorkspace } from '../../cli/example-workspace.ts';
import { SecretRegistry } from '../../secrets/index.ts';
import type { HostSecrets } from './context.ts';
import { createWebhooks, type WebhookEvent } from './webhooks.ts';

const KEY = 'whk-studio-private-key-5150';
let bamboo: SimulatorHandle;
let gp: SimulatorHandle;
let dir: string;

beforeAll(async () => {
  bamboo = await startSimulator('bamboohr', { port: 0, rows: 4, seed: 7 });
  gp = await startSimulator('gp', { port: 0, rows: 2 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-host-webhooks-'));
  prepareExampleWorkspace(dir, { gp, bamboohr: bamboo }, [BAMBOOHR_TO_GP]);
});
afterAll(async () => {
  await bamboo?.close();
  await gp?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** bamboohr.md §8: lowercase hex HMAC-SHA256 of the raw body immediately followed by the timestamp. */
async function deliver(url: string, employeeId: string, key: string): Promise<number> {
  const body = JSON.stringify({
    type: 'employee.updated',
    timestamp: new Date().toISOString(),
    data: { companyId: '1', employeeId, changedFields: ['department'] },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', key)
    .update(body + timestamp)
    .digest('hex');
  const answer = await request(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-bamboohr-timestamp': timestamp,
      'x-bamboohr-signature': signature,
    },
  });
  await answer.body.dump();
  return answer.statusCode;
}

async function someEmployee(): Promise<string> {
  const answer = await request(`${bamboo.address.apiBase}/employees/directory`, {
    headers: {
      accept: 'application/json',
      authorization: `Basic ${Buffer.from(`${bamboo.secrets.bamboohr_api_key}:x`).toString('base64')}`,
    },
  });
  const directory = (await answer.body.json()) as { employees: { id: string }[] };
  return directory.employees[0]!.id;
}

describe('webhooks', () => {
  it('listens, applies a signed delivery to GP, refuses a forged one with its reason, polls as the fallback, and stops', async () => {
    const values = new Map([
      ['bamboohr_api_key', bamboo.secrets.bamboohr_api_key!],
      ['gp_password', gp.secrets.gp_password!],
    ]);
    const secrets: HostSecrets = {
      resolve: async (name) =>
        values.get(name) ??
        Promise.reject(Object.assign(new Error(`No secret named "${name}".`), { code: 'SECRET_MISSING' })),
      lookup: async (name) => (values.has(name) ? { source: 'keychain' } : undefined),
      set: async (name, value) => void values.set(name, value),
      delete: async (name) => values.delete(name),
      describe: () => 'memory',
    };
    const events: WebhookEvent[] = [];
    const waiters: (() => void)[] = [];
    const logged = async (count: number) => {
      while (events.filter((event) => event.type === 'webhook-log').length < count)
        await new Promise<void>((resolve) => waiters.push(resolve));
    };
    const schedule: { run: () => void; ms: number }[] = [];
    const { service: webhooks, close } = createWebhooks(
      {
        cwd: dir,
        stateDir: join(dir, 'state'),
        secrets,
        registry: new SecretRegistry(),
        publish: (event) => {
          events.push(event as WebhookEvent);
          for (const wake of waiters.splice(0)) wake();
        },
      },
      {
        every: (run, ms) => (schedule.push({ run, ms }), () => schedule.splice(0)),
        now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
      },
    );
    const pipeline = { path: BAMBOOHR_TO_GP };

    await expect(webhooks.start({ pipeline, stream: 'employees', port: 0 })).rejects.toThrow(
      `Store the webhook's private key first, as the secret "bamboohr_webhook_key"`,
    );
    await expect(webhooks.start({ pipeline, stream: 'payroll', port: 0 })).rejects.toThrow(
      'Webhooks keep a BambooHR employees stream current; "payroll" reads payroll from bamboohr.',
    );
    values.set('studio_hook_key', KEY);
    const started = await webhooks.start({
      pipeline,
      stream: 'employees',
      port: 0,
      keySecret: 'studio_hook_key',
      pollEverySeconds: 60,
    });
    expect(started).toMatchObject({
      connection: 'bamboohr',
      stream: 'employees',
      keySecret: 'studio_hook_key',
      pollEverySeconds: 60,
      startedAt: '2026-01-02T03:04:05.000Z',
      log: [],
    });
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr$/);
    expect(schedule.map((entry) => entry.ms)).toEqual([60_000]);
    await expect(
      webhooks.start({ pipeline, stream: 'employees', port: 0, keySecret: 'studio_hook_key' }),
    ).rejects.toThrow(`Already listening for changes to employees at ${started.url}.`);

    const employee = await someEmployee();
    expect(await deliver(started.url, employee, KEY)).toBe(200);
    expect(await deliver(started.url, employee, 'not-the-key')).toBe(401);
    await logged(3);
    const activity = () => events.flatMap((event) => (event.type === 'webhook-log' ? [event.entry.event] : []));
    expect(activity()).toEqual([
      {
        type: 'applied',
        via: 'webhook',
        runId: expect.any(String),
        status: 'ok',
        read: 1,
        written: 1,
        held: 0,
        alreadyApplied: 0,
      },
      { type: 'delivery', status: 200, outcome: 'accepted', employees: [employee] },
      { type: 'delivery', status: 401, outcome: 'bad-signature', employees: [] },
    ]);
    expect(await gp.controlTotals()).toMatchObject({ employees: { rows: 1 } });

    // The schedule's poll and one asked for: the feed starts at the listener's start, after the simulator's data.
    schedule[0]!.run();
    expect(await webhooks.poll({ listener: started.listener })).toEqual({ ok: true });
    await logged(5);
    expect(activity().slice(3)).toEqual([
      { type: 'nothing-new', via: 'poll', alreadyApplied: 0 },
      { type: 'nothing-new', via: 'poll', alreadyApplied: 0 },
    ]);

    const [status] = await webhooks.status({ pipeline });
    expect(await webhooks.status({ pipeline: { path: 'another.json' } })).toEqual([]);
    expect(status?.log.map((entry) => entry.event)).toEqual(activity());
    expect(status?.log.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.stringify([events, status])).not.toContain(KEY);

    expect(await webhooks.stop({ listener: started.listener })).toEqual({ stopped: true });
    expect(events.at(-1)).toEqual({ type: 'webhook-stopped', listener: started.listener });
    expect(schedule).toEqual([]);
    await expect(request(started.url, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(await webhooks.status({})).toEqual([]);
    await expect(webhooks.poll({ listener: started.listener })).rejects.toThrow(
      'That listener is not running any more.',
    );
    await close();
  });
});
