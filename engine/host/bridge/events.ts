/**
 * Run progress to the browser as Server-Sent Events. Progress only flows from host to studio (every
 * request goes over POST), so one-way SSE is enough: it is plain HTTP on node:http, carries the same
 * cookie and Origin checks as every request, and EventSource reconnects by itself. A WebSocket would
 * add a dependency for a direction we never use.
 */
import type { ServerResponse } from 'node:http';

/** A comment line every so often keeps proxies and idle timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export class EventHub {
  readonly #clients = new Set<ServerResponse>();
  readonly #heartbeat: NodeJS.Timeout;

  constructor(private readonly prepare: (event: unknown) => string) {
    this.#heartbeat = setInterval(() => this.#write(': heartbeat\n\n'), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      connection: 'keep-alive',
    });
    response.write(': connected\n\n');
    this.#clients.add(response);
    response.on('close', () => this.#clients.delete(response));
  }

  publish(event: unknown): void {
    this.#write(`data: ${this.prepare(event)}\n\n`);
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
