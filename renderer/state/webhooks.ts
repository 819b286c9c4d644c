/**
 * Listening for webhooks from the studio: the host runs the listener (`ml-connector webhooks serve`'s)
 * and pushes what it does as `webhook-log` events; this slice keeps the open pipeline's listeners with
 * their logs, merged by sequence number so an entry that arrives both in `webhooks.status` and as an
 * event is shown once, and events that overtake the answer to `start` are not lost.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import type { StudioEvent, WebhookListenerInfo, WebhookLogEntry } from '../api/wire.ts';
import type { ConnectionsSlice } from './connections.ts';
import type { DocumentSlice } from './document.ts';
import { messageOf } from './files.ts';
import { currentPipelineRef, plainError } from './runs.ts';

/** Enough for an analyst to follow; the host keeps the same number. */
const SHOWN_ENTRIES = 200;

export interface ListenOptions {
  readonly stream: string;
  readonly keySecret: string;
  readonly port: number;
  readonly pollEverySeconds: number;
}

export type WebhookAction = 'starting' | 'stopping' | 'polling';

export interface WebhooksSlice {
  /** The open pipeline's listeners running in the host, each with its log (oldest first). */
  readonly webhookListeners: readonly WebhookListenerInfo[];
  /** Per connection: what is under way, and why the last action failed. */
  readonly webhookActions: Readonly<Record<string, WebhookAction>>;
  readonly webhookErrors: Readonly<Record<string, string>>;
  loadWebhookListeners(): Promise<void>;
  startListening(connection: string, options: ListenOptions): Promise<void>;
  stopListening(connection: string): Promise<void>;
  pollNow(connection: string): Promise<void>;
  receiveWebhookEvent(event: StudioEvent): void;
}

type Needs = WebhooksSlice & ConnectionsSlice & DocumentSlice;

/** The log with the entries added: each sequence number once, in order, the newest kept. */
export function mergeLog(
  log: readonly WebhookLogEntry[],
  entries: readonly WebhookLogEntry[],
): readonly WebhookLogEntry[] {
  if (entries.length === 0) return log;
  const bySeq = new Map(log.map((entry) => [entry.seq, entry]));
  for (const entry of entries) bySeq.set(entry.seq, entry);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(-SHOWN_ENTRIES);
}

export function createWebhooksSlice(client: StudioClient): StateCreator<Needs, [], [], WebhooksSlice> {
  return (set, get) => {
    // Entries of listeners not known yet (their start has not answered): kept until it does.
    const early = new Map<string, WebhookLogEntry[]>();
    let loadRequest = 0;

    const listenerOf = (connection: string) =>
      get().webhookListeners.find((listener) => listener.connection === connection);
    const act = (connection: string, action: WebhookAction | null, error?: string) => {
      const { [connection]: _done, ...actions } = get().webhookActions;
      const { [connection]: _old, ...errors } = get().webhookErrors;
      set({
        webhookActions: action === null ? actions : { ...actions, [connection]: action },
        webhookErrors: error === undefined ? errors : { ...errors, [connection]: error },
      });
    };
    const withListener = (info: WebhookListenerInfo) => {
      const pending = early.get(info.listener) ?? [];
      early.delete(info.listener);
      const known = get().webhookListeners.find((listener) => listener.listener === info.listener);
      const merged = { ...info, log: mergeLog(mergeLog(known?.log ?? [], info.log), pending) };
      return [...get().webhookListeners.filter((listener) => listener.listener !== info.listener), merged];
    };

    return {
      webhookListeners: [],
      webhookActions: {},
      webhookErrors: {},

      async loadWebhookListeners() {
        const state = get();
        if (state.path === null) {
          set({ webhookListeners: [] });
          return;
        }
        const request = ++loadRequest;
        try {
          const listeners = await client.webhooks.status({ pipeline: { path: state.path } });
          if (request !== loadRequest) return;
          // Entries already here (from events) stay: merged, never replaced by an older answer.
          set({
            webhookListeners: listeners.map((info) => ({
              ...info,
              log: mergeLog(get().webhookListeners.find((l) => l.listener === info.listener)?.log ?? [], info.log),
            })),
          });
        } catch {
          // Nothing listens as far as the studio can tell; Start says why if the host cannot listen.
          if (request === loadRequest) set({ webhookListeners: [] });
        }
      },

      async startListening(connection, options) {
        if (get().webhookActions[connection] !== undefined || listenerOf(connection)) return;
        act(connection, 'starting');
        get().commitEdits();
        try {
          const info = await client.webhooks.start({ pipeline: currentPipelineRef(get()), ...options });
          set({ webhookListeners: withListener(info) });
          act(connection, null);
        } catch (error) {
          act(connection, null, `Listening did not start: ${plainError(error)}`);
        }
      },

      async stopListening(connection) {
        const listener = listenerOf(connection);
        if (!listener || get().webhookActions[connection] !== undefined) return;
        act(connection, 'stopping');
        try {
          await client.webhooks.stop({ listener: listener.listener });
          set({
            webhookListeners: get().webhookListeners.filter((candidate) => candidate.listener !== listener.listener),
          });
          act(connection, null);
        } catch (error) {
          act(connection, null, `The listener did not stop: ${messageOf(error)}`);
        }
      },

      async pollNow(connection) {
        const listener = listenerOf(connection);
        if (!listener || get().webhookActions[connection] !== undefined) return;
        act(connection, 'polling');
        try {
          // What the poll found arrives as log entries; a failed poll is logged by the host too.
          await client.webhooks.poll({ listener: listener.listener });
          act(connection, null);
        } catch (error) {
          act(connection, null, `Checking for changes did not run: ${messageOf(error)}`);
          await get().loadWebhookListeners();
        }
      },

      receiveWebhookEvent(event) {
        if (event.type === 'webhook-stopped') {
          set({ webhookListeners: get().webhookListeners.filter((listener) => listener.listener !== event.listener) });
          return;
        }
        if (event.type !== 'webhook-log') return;
        const known = get().webhookListeners.find((listener) => listener.listener === event.listener);
        if (known) {
          set({
            webhookListeners: get().webhookListeners.map((listener) =>
              listener === known ? { ...known, log: mergeLog(known.log, [event.entry]) } : listener,
            ),
          });
        } else if (Object.values(get().webhookActions).includes('starting')) {
          early.set(event.listener, [...(early.get(event.listener) ?? []), event.entry]);
        }
      },
    };
  };
}
