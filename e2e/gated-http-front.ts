/**
 * A loopback HTTP front for a simulator that holds the requests a test names until it opens the gate:
 * a run reaches that request and stays there, mid-way and deterministically, for as long as the test
 * needs (to start other runs beside it, or to kill it). Everything else is forwarded unchanged.
 */
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatedFront {
  readonly url: string;
  /** Resolves when the first held request has arrived. */
  readonly held: Promise<void>;
  /** Forwards what is held (from clients still there) and everything after. */
  open(): void;
  close(): Promise<void>;
}

export async function startGatedFront(target: string, holds: (path: string) => boolean): Promise<GatedFront> {
  const to = new URL(target);
  let gateOpen = false;
  let arrived: () => void = () => {};
  const held = new Promise<void>((resolve) => (arrived = resolve));
  const waiting: (() => void)[] = [];
  const pass = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = forward(
      {
        host: to.hostname,
        port: to.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: to.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };
  const server = createServer((incoming, outgoing) => {
    if (gateOpen || !holds(incoming.url ?? '')) return pass(incoming, outgoing);
    // Paused until the gate opens; a client killed meanwhile is not forwarded.
    incoming.pause();
    waiting.push(() => {
      if (!incoming.socket.destroyed) pass(incoming, outgoing);
    });
    arrived();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    open() {
      gateOpen = true;
      for (const release of waiting.splice(0)) release();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
