/** Run events over SSE: numbered, and what a reconnecting page missed is sent again. */
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from './events.ts';

let server: Server | undefined;
let hub: EventHub | undefined;
afterEach(async () => {
  hub?.close();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
});

async function startHub(): Promise<number> {
  hub = new EventHub((event) => JSON.stringify(event));
  server = createServer((request, response) =>
    hub!.attach(response, request.headers['last-event-id'] as string | undefined),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return (server!.address() as AddressInfo).port;
}

/** Connects; `connected` once the hub has the page, `events` once `count` events arrived. */
function receive(
  port: number,
  count: number,
  lastEventId?: string,
): { connected: Promise<void>; events: Promise<string[]> } {
  let markConnected: () => void = () => {};
  const connected = new Promise<void>((resolve) => (markConnected = resolve));
  const events = new Promise<string[]>((resolve, reject) => {
    const request = get(
      { port, host: '127.0.0.1', path: '/', headers: lastEventId ? { 'last-event-id': lastEventId } : {} },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(': connected')) markConnected();
          const events = text.split('\n\n').filter((block) => block.includes('data: '));
          if (events.length >= count) {
            request.destroy();
            resolve(events);
          }
        });
      },
    );
    request.on('error', reject);
  });
  return { connected, events };
}

describe('event hub', () => {
  it('numbers events and sends a reconnecting page the ones after its Last-Event-ID', async () => {
    const port = await startHub();
    const live = receive(port, 3);
    await live.connected;
    for (const n of [1, 2, 3]) hub!.publish({ n });
    expect(await live.events).toEqual(['id: 1\ndata: {"n":1}', 'id: 2\ndata: {"n":2}', 'id: 3\ndata: {"n":3}']);
    expect(await receive(port, 2, '1').events).toEqual(['id: 2\ndata: {"n":2}', 'id: 3\ndata: {"n":3}']);
  });

  it('sends nothing old to a page connecting for the first time', async () => {
    const port = await startHub();
    hub!.publish({ n: 1 });
    const fresh = receive(port, 1);
    await fresh.connected;
    hub!.publish({ n: 2 });
    expect(await fresh.events).toEqual(['id: 2\ndata: {"n":2}']);
  });
});
