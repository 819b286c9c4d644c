/**
 * The one connection an NTLM client signs in, as undici's Agent (and the Agent inside a ProxyAgent) gets
 * it from the dispatcher's `factory`: one `Client` per origin, no pipelining, kept for the life of the
 * dispatcher. The Client opens its next connection itself when one drops.
 *
 * Why the Agent is not told of disconnects: when an origin's last connection drops, the Agent closes that
 * origin's dispatcher and makes a new one for the next request. A request that went to the old one just
 * before (a retry sent the moment an aborted request failed, before the socket's close was reported)
 * still runs there on a fresh connection, and when that connection ends its 'disconnect' is counted
 * against the new dispatcher (the Agent matches by origin only), which the Agent closes in turn, and so on:
 * from then on every request goes out on a new connection. NTLM's answer (Type 3) then never shares the
 * connection that got the challenge, and every sign-in fails. So the Agent sees only 'drain', never a
 * connect, disconnect or connection error, and never replaces the Client.
 */
import { TLSSocket } from 'node:tls';
import { buildConnector, Client, Dispatcher } from 'undici';

/** What an auth part that signs in a connection (NTLM) hears about its one connection. */
export interface ConnectionEvents {
  readonly onConnect?: () => void;
  readonly onDisconnect?: () => void;
  /**
   * Each new connection's server certificate (DER), before any request goes out on it; undefined on plain
   * HTTP. Through a CONNECT proxy it is the server's (TLS runs end to end inside the tunnel). NTLM's
   * channel binding (Extended Protection) is computed from it.
   */
  readonly onPeerCertificate?: (certificateDer: Buffer | undefined) => void;
}

class KeptClient extends Dispatcher {
  constructor(private readonly client: Client) {
    super();
    // undici passes the targets with 'drain' (the Agent spreads them) though its types leave them out.
    const emit = this.emit.bind(this) as (event: 'drain', origin: URL, targets: readonly Dispatcher[]) => boolean;
    client.on('drain', (origin) => emit('drain', origin, [this]));
  }

  override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    return this.client.dispatch(options, handler);
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const closed = this.client.close();
    if (callback === undefined) return closed;
    void closed.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    const destroyed = this.client.destroy(err);
    if (done === undefined) return destroyed;
    void destroyed.then(done, done);
  }
}

/** The Agent's `factory` for a pinned connection; `events` hears every connect and disconnect of it. */
export function pinnedConnectionFactory(
  events: ConnectionEvents,
): (origin: string | URL, options: object) => Dispatcher {
  return (origin, options) => {
    const clientOptions = options as Client.Options;
    const report = events.onPeerCertificate;
    const connect = report === undefined ? clientOptions.connect : reportingPeer(clientOptions.connect, report);
    const client = new Client(origin, {
      ...clientOptions,
      ...(connect === undefined ? {} : { connect }),
      pipelining: 1,
    });
    if (events.onConnect !== undefined) client.on('connect', events.onConnect);
    if (events.onDisconnect !== undefined) client.on('disconnect', events.onDisconnect);
    return new KeptClient(client);
  };
}

/**
 * The connector undici would use (a proxy's tunnelling function, or one built from the TLS options as
 * `Client` builds it), wrapped to report each new socket's peer certificate before handing it over.
 */
function reportingPeer(
  connect: Client.Options['connect'],
  report: (certificateDer: Buffer | undefined) => void,
): buildConnector.connector {
  const connector = typeof connect === 'function' ? connect : buildConnector({ ...connect });
  return (options, callback) =>
    connector(options, (...result) => {
      const [error, socket] = result;
      if (error === null) report(socket instanceof TLSSocket ? socket.getPeerCertificate().raw : undefined);
      callback(...result);
    });
}
