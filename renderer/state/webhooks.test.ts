/**
 * The webhooks slice over a fake host: start with the options chosen, the log from the host's events
 * (each entry once, also when it overtakes the answer to start or arrives again in `status`), poll,
 * stop, and a start the host refuses kept beside the connection in the host's words.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, type Pipeline } from '../../engine/model/index.ts';
import { ApiCallError } from '../api/client.ts';
import type { WebhookListenerInfo, WebhookLogEntry } from '../api/wire.ts';
import { mergeLog } from './webhooks.ts';
import { openedStore, type Answers } from './testing.ts';

const PIPELINE: Pipeline = {
  version: CURRENT_VERSION,
  name: 'HR',
  connections: {
    hr: { system: 'bamboohr', address: { companyDomain: 'acme' }, auth: { method: 'api-key', secret: 'hr_key' } },
  },
  streams: {},
};
const OPTIONS = { stream: 'employees', keySecret: 'hr_hook_key', port: 0, pollEverySeconds: 900 };
const INFO: WebhookListenerInfo = {
  listener: 'l-1',
  pipelinePath: '/home/analyst/hr.json',
  connection: 'hr',
  stream: 'employees',
  url: 'http://127.0.0.1:5000/hooks/bamboohr',
  keySecret: 'hr_hook_key',
  pollEverySeconds: 900,
  startedAt: '2026-01-02T03:04:05.000Z',
  log: [],
};
const entry = (seq: number, event: WebhookLogEntry['event']): WebhookLogEntry => ({
  seq,
  at: '2026-01-02T03:04:05.000Z',
  event,
});
const ACCEPTED = entry(1, { type: 'delivery', status: 200, outcome: 'accepted', employees: ['7'] });
const REFUSED = entry(2, { type: 'delivery', status: 401, outcome: 'bad-signature', employees: [] });

function fakeHost(answers: Answers) {
  return openedStore(answers, 'hr.json', PIPELINE);
}

describe('webhooks slice', () => {
  it('starts with the options chosen, logs each entry once whichever way it came, polls and stops', async () => {
    let emitEarly: (() => void) | undefined;
    const { store, calls, emit } = fakeHost({
      'webhooks.start': () => {
        emitEarly!();
        return INFO;
      },
      'webhooks.status': () => [{ ...INFO, log: [ACCEPTED, REFUSED] }],
      'webhooks.poll': () => ({ ok: true }),
      'webhooks.stop': () => ({ stopped: true }),
    });
    emitEarly = () => emit({ type: 'webhook-log', listener: 'l-1', entry: ACCEPTED });
    await store.getState().startListening('hr', OPTIONS);
    expect(calls[0]).toMatchObject({
      channel: 'webhooks.start',
      payload: { ...OPTIONS, pipeline: { path: 'hr.json' } },
    });
    expect(store.getState().webhookListeners.map((listener) => listener.log)).toEqual([[ACCEPTED]]);
    emit({ type: 'webhook-log', listener: 'l-1', entry: REFUSED });
    emit({ type: 'webhook-log', listener: 'someone-else', entry: entry(3, { type: 'poll-failed', message: 'x' }) });
    await store.getState().loadWebhookListeners();
    expect(calls.at(-1)).toEqual({ channel: 'webhooks.status', payload: { pipeline: { path: 'hr.json' } } });
    expect(store.getState().webhookListeners[0]?.log).toEqual([ACCEPTED, REFUSED]);

    await store.getState().pollNow('hr');
    expect(calls.at(-1)).toEqual({ channel: 'webhooks.poll', payload: { listener: 'l-1' } });
    expect(store.getState().webhookActions).toEqual({});
    const stopping = store.getState().stopListening('hr');
    expect(store.getState().webhookActions).toEqual({ hr: 'stopping' });
    await stopping;
    expect(store.getState().webhookListeners).toEqual([]);
  });

  it("keeps the host's reason when it cannot listen, and drops a listener the host says stopped", async () => {
    const { store, emit } = fakeHost({
      'webhooks.start': () => {
        throw new ApiCallError({ code: 'PORT_IN_USE', message: 'Port 47012 is already in use.' });
      },
      'webhooks.status': () => [INFO],
    });
    await store.getState().startListening('hr', OPTIONS);
    expect(store.getState().webhookErrors).toEqual({ hr: 'Listening did not start: Port 47012 is already in use.' });
    await store.getState().loadWebhookListeners();
    expect(store.getState().webhookListeners).toHaveLength(1);
    emit({ type: 'webhook-stopped', listener: 'l-1' });
    expect(store.getState().webhookListeners).toEqual([]);
  });

  it('merges logs by sequence number and keeps the newest 200', () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      entry(i + 1, { type: 'nothing-new', via: 'poll', alreadyApplied: 0 }),
    );
    const merged = mergeLog(many.slice(0, 120), many.slice(100));
    expect(merged).toHaveLength(200);
    expect(merged[0]?.seq).toBe(51);
    expect(merged.at(-1)?.seq).toBe(250);
  });
});
