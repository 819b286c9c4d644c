/**
 * Webhooks inside the studio: the very service `ml-connector webhooks serve` runs (engine/cli's
 * webhook-service: verified deliveries become follow-up fetches written through the pipeline's own
 * mapping and destination, never one change twice), started and stopped from the Connections screen,
 * with polling as the fallback on the same schedule as the CLI's. What it does is pushed to the page
 * as `webhook-log` events, and the last entries are kept so a page opened later sees them too.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { startWebhookService, type WebhookService, type WebhookServiceEvent } from '../../webhooks/webhook-service.ts';
import { webhookCanKeep, webhookStreamKinds } from '../../webhooks/webhook-streams.ts';
import { MlcError } from '../../model/errors.ts';
import { ownEntry } from '../../model/own-names.ts';
import { connectors } from './connectors.ts';
import { loadRef, secretAccess, stateDirFor, type HostContext, type PipelineRefInput } from './context.ts';

/** What the CLI's `webhooks serve` uses by default, so IT and the studio agree. */
export const DEFAULT_WEBHOOK_PORT = 47012;
export const DEFAULT_KEY_SECRET = 'bamboohr_webhook_key';
export const DEFAULT_POLL_SECONDS = 900;
const KEPT_ENTRIES = 200;

export type WebhookActivity = WebhookServiceEvent | { readonly type: 'poll-failed'; readonly message: string };

export interface WebhookLogEntry {
  readonly seq: number;
  readonly at: string;
  readonly event: WebhookActivity;
}

export type WebhookEvent =
  | { readonly type: 'webhook-log'; readonly listener: string; readonly entry: WebhookLogEntry }
  | { readonly type: 'webhook-stopped'; readonly listener: string };

export interface WebhooksOptions {
  /** Repeats the polling fallback; injected so tests drive it without waiting. */
  readonly every?: (run: () => void, ms: number) => () => void;
  readonly now?: () => number;
}

interface Listener {
  readonly id: string;
  readonly pipelinePath: string;
  readonly connection: string;
  readonly stream: string;
  readonly url: string;
  readonly keySecret: string;
  readonly pollEverySeconds: number;
  readonly startedAt: string;
  readonly log: WebhookLogEntry[];
  readonly receiver: WebhookService;
  readonly poll: () => Promise<boolean>;
  stopPolling: () => void;
}

const defaultEvery = (run: () => void, ms: number) => {
  const timer = setInterval(run, ms);
  timer.unref();
  return () => clearInterval(timer);
};

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The `webhooks` domain of the studio API, and `close` for the host to stop every listener when it closes. */
export function createWebhooks(context: HostContext, options: WebhooksOptions = {}) {
  const listeners = new Map<string, Listener>();
  const now = options.now ?? Date.now;
  const every = options.every ?? defaultEvery;
  let seq = 0;

  const info = (listener: Listener) => ({
    listener: listener.id,
    pipelinePath: listener.pipelinePath,
    connection: listener.connection,
    stream: listener.stream,
    url: listener.url,
    keySecret: listener.keySecret,
    pollEverySeconds: listener.pollEverySeconds,
    startedAt: listener.startedAt,
    log: [...listener.log],
  });

  const found = (id: string): Listener => {
    const listener = listeners.get(id);
    if (listener === undefined) throw new MlcError('NOT_FOUND', 'That listener is not running any more.');
    return listener;
  };

  const stop = async (listener: Listener) => {
    listeners.delete(listener.id);
    listener.stopPolling();
    await listener.receiver.close();
    context.publish({ type: 'webhook-stopped', listener: listener.id } satisfies WebhookEvent);
  };

  const api = {
    async start(request: {
      pipeline: PipelineRefInput;
      stream: string;
      keySecret?: string | undefined;
      port?: number | undefined;
      pollEverySeconds?: number | undefined;
    }) {
      const loaded = loadRef(context, request.pipeline);
      const stream = ownEntry(loaded.pipeline.streams, request.stream);
      if (stream === undefined) throw new MlcError('NOT_FOUND', `The pipeline has no stream "${request.stream}".`);
      const connection = ownEntry(loaded.pipeline.connections, stream.source.connection);
      if (!webhookCanKeep(loaded.pipeline, request.stream, connectors.webhookSystems())) {
        throw new MlcError(
          'INVALID_REQUEST',
          `Webhooks keep a ${webhookStreamKinds(connectors.webhookSystems())} stream current; "${request.stream}" reads ${stream.source.entity} from ${connection?.system ?? 'an unknown connection'}.`,
        );
      }
      for (const running of listeners.values()) {
        if (running.pipelinePath === loaded.path && running.stream === request.stream)
          throw new MlcError(
            'ALREADY_LISTENING',
            `Already listening for changes to ${request.stream} at ${running.url}.`,
          );
      }
      const keySecret = request.keySecret ?? DEFAULT_KEY_SECRET;
      // Checked now, so the analyst hears it at Start rather than as every delivery refused.
      const key = await context.secrets.lookup(keySecret);
      if (key === undefined) {
        throw new MlcError(
          'SECRET_MISSING',
          `Store the webhook's private key first, as the secret "${keySecret}": BambooHR shows it once, when the webhook is created.`,
        );
      }
      context.registry.remember(await context.secrets.resolve(keySecret));
      const port = request.port ?? DEFAULT_WEBHOOK_PORT;
      const pollEverySeconds = request.pollEverySeconds ?? DEFAULT_POLL_SECONDS;
      const id = randomUUID();
      const log: WebhookLogEntry[] = [];
      const record = (event: WebhookActivity) => {
        const entry = { seq: ++seq, at: new Date(now()).toISOString(), event };
        log.push(entry);
        if (log.length > KEPT_ENTRIES) log.shift();
        context.publish({ type: 'webhook-log', listener: id, entry } satisfies WebhookEvent);
      };
      let receiver: WebhookService;
      try {
        receiver = await startWebhookService({
          connectors,
          loaded,
          stream: request.stream,
          stateDir: stateDirFor(context, loaded.path),
          host: '127.0.0.1',
          port,
          keySecret,
          resolveSecret: (name) => context.secrets.resolve(name),
          storeSecret: secretAccess(context).storeSecret,
          onEvent: record,
        });
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === 'EADDRINUSE')
          throw new MlcError(
            'PORT_IN_USE',
            `Port ${port} is already in use (is \`ml-connector webhooks serve\` running?); choose another port, or 0 for a free one.`,
          );
        if (typeof code === 'string') throw error;
        throw new MlcError('INVALID_REQUEST', `Listening did not start: ${messageOf(error)}`);
      }
      // One poll at a time, whether the clock or the analyst asked; a failed one is logged and the next tries again.
      let polling: Promise<boolean> = Promise.resolve(true);
      const poll = () => {
        polling = polling.then(() =>
          receiver.poll().then(
            () => true,
            (error: unknown) => {
              record({ type: 'poll-failed', message: messageOf(error) });
              return false;
            },
          ),
        );
        return polling;
      };
      const listener: Listener = {
        id,
        pipelinePath: loaded.path,
        connection: stream.source.connection,
        stream: request.stream,
        url: receiver.url,
        keySecret,
        pollEverySeconds,
        startedAt: new Date(now()).toISOString(),
        log,
        receiver,
        poll,
        stopPolling: () => {},
      };
      if (pollEverySeconds > 0) listener.stopPolling = every(() => void poll(), pollEverySeconds * 1000);
      listeners.set(id, listener);
      return info(listener);
    },

    /** The polling fallback once, now (what the schedule does every `pollEverySeconds`); what it found is logged. */
    async poll(request: { listener: string }) {
      return { ok: await found(request.listener).poll() };
    },

    async stop(request: { listener: string }) {
      const listener = listeners.get(request.listener);
      if (listener !== undefined) await stop(listener);
      return { stopped: listener !== undefined };
    },

    async status(request: { pipeline?: PipelineRefInput | undefined }) {
      const path = request.pipeline === undefined ? undefined : resolve(context.cwd, request.pipeline.path);
      return [...listeners.values()]
        .filter((listener) => path === undefined || listener.pipelinePath === path)
        .map(info);
    },
  };
  return {
    service: api,
    close: async () => void (await Promise.all([...listeners.values()].map(stop))),
  };
}
