/**
 * Run progress to the browser as Server-Sent Events. Progress only flows from host to studio (every
 * request goes over POST), so one-way SSE is enough: it is plain HTTP on node:http, carries the same
 * cookie and Origin checks as every request, and EventSource reconnects by itself. A WebSocket would
 * add a dependency for a direction we never use.
 *
 * Each event has an id, and the last ones are kept: when the page's connection drops and EventSource
 * reconnects with `Last-Event-ID`, what it missed is sent again, so a run's last events are not lost.
 */
import type { ServerResponse } from 'node:http';

/** A comment line every so often keeps proxies and idle timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Enough for any reconnect gap of a run's progress (events come a few per second at most). */
const KEPT_EVENTS = 1000;

export class EventHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;
  readonly #kept: { readonly id: number; readonly text: string }[] = [];
  #lastId = 0;

  constructor(private readonly prepare: (event: unknown) => string) {
    this.#heartbeat = setInterval(() => this.#write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  /** `lastEventId`: the Last-Event-ID header of a reconnecting EventSource; later events are sent again. */
  attach(response: ServerResponse, lastEventId?: string): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    const since = lastEventId === undefined ? undefined : Number(lastEventId);
    if (since !== undefined && Number.isInteger(since)) {
      for (const kept of this.#kept) if (kept.id > since) response.write(kept.text);
    }
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  publish(event: unknown): void {
    const id = ++this.#lastId;
    const text = `id: ${id}\ndata: ${this.prepare(event)}\n\n`;
    this.#kept.push({ id, text });
    if (this.#kept.length > KEPT_EVENTS) this.#kept.shift();
    this.#write(text);
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const client of this.#clients) client.end();
    this.#clients.clear();
  }

  #write(text: string): void {
    for (const client of this.#clients) client.write(text);
  }
}
