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
import { Client, Dispatcher } from 'undici';

/** What an auth part that signs in a connection (NTLM) hears about its one connection. */
export interface ConnectionEvents {
  readonly onConnect?: () => void;
  readonly onDisconnect?: () => void;
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
    const client = new Client(origin, { ...(options as Client.Options), pipelining: 1 });
    if (events.onConnect !== undefined) client.on('connect', events.onConnect);
    if (events.onDisconnect !== undefined) client.on('disconnect', events.onDisconnect);
    return new KeptClient(client);
  };
}
