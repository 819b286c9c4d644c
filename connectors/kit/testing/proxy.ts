/**
 * A real forward proxy for tests, as a corporate one works for HTTPS: a node:http server on a free
 * loopback port that answers `CONNECT host:port` by opening a TCP connection there and piping bytes both
 * ways (a tunnel), so TLS and NTLM run end to end through it. It counts the tunnels it opened, with their
 * targets and the Proxy-Authorization each carried; with `credentials` it refuses a tunnel without them
 * (407, as squid does). Plain requests with an absolute URL (the non-tunnelled form) are refused with 501
 * and counted, so a test sees if a client ever sends one.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TunnelSeen {
  /** `host:port` from the CONNECT line. */
  readonly target: string;
  readonly proxyAuthorization: string | undefined;
  readonly accepted: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>` (no credentials). */
  readonly url: string;
  readonly port: number;
  readonly tunnels: readonly TunnelSeen[];
  /** Tunnels still open (a kept-alive connection keeps its tunnel). */
  readonly openTunnels: number;
  /** Plain (non-CONNECT) requests: a client that should tunnel never sends these. */
  readonly plainRequests: number;
  /** The proxy URL with `user:password@` (percent-encoded) for clients that must sign in to it. */
  urlWith(user: string, password: string): string;
  close(): Promise<void>;
}

export interface TestProxyOptions {
  /** When given, a tunnel needs `Proxy-Authorization: Basic base64(user:password)`. */
  readonly credentials?: { readonly user: string; readonly password: string };
}

export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const tunnels: TunnelSeen[] = [];
  const sockets = new Set<Socket>();
  let open = 0;
  let plain = 0;
  const expected =
    options.credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${options.credentials.user}:${options.credentials.password}`).toString('base64')}`;

  const server = createServer((request, response) => {
    plain += 1;
    request.resume();
    response.writeHead(501, { 'content-type': 'text/plain', connection: 'close' });
    response.end('this test proxy only tunnels (CONNECT)');
  });
  server.on('connect', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const target = request.url ?? '';
    const proxyAuthorization = request.headers['proxy-authorization'];
    const accepted = expected === undefined || proxyAuthorization === expected;
    tunnels.push({ target, proxyAuthorization, accepted });
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (!accepted) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n',
      );
      return;
    }
    const [host = '', port = ''] = splitTarget(target);
    let established = false;
    let finished = false;
    const upstream = connect(Number(port), host, () => {
      established = true;
      open += 1;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    const finish = () => {
      if (finished) return;
      finished = true;
      if (established) open -= 1;
      upstream.destroy();
      client.destroy();
    };
    upstream.on('close', () => {
      sockets.delete(upstream);
      finish();
    });
    client.on('close', finish);
    upstream.on('error', () => {
      if (!established && !client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    tunnels,
    get openTunnels() {
      return open;
    },
    get plainRequests() {
      return plain;
    },
    urlWith: (user, password) => `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `host:port` or `[v6]:port`. */
function splitTarget(target: string): [string, string] {
  const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  return match === null ? [target, '443'] : [match[1] ?? '', match[2] ?? ''];
}
