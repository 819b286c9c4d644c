/**
 * Keeps one stream current from webhooks, with polling as the fallback (`ml-connector webhooks serve`;
 * the studio host can start it too). Each accepted delivery becomes a follow-up fetch of the employees
 * it names, and those rows go through the pipeline's own mapping, holds and destination as a run of
 * that one stream: same audit trail, same replay. Those runs leave the stream's polling watermark
 * alone (a webhook for one employee says nothing about the others), so `ml-connector run` still finds
 * whatever the webhooks missed; the feed's ledger and the destination's upsert by key make sure no
 * change is applied twice. The feed's state is kept in the state folder between starts.
 * BambooHR delivers webhooks to `https://` addresses only (it refuses to create a webhook with another
 * URL). So the receiver either serves HTTPS itself, with a certificate and key the user gives, or sits
 * behind a TLS-terminating reverse proxy or tunnel whose `https://` address is the one BambooHR is given
 * (`publicUrl`); the plain-HTTP address it listens on is never presented as that address.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { dirname, join } from 'node:path';
import type { AppliedState, IntakeBatch, WebhookIntake, WebhookIntakeOptions } from '../../connectors/registry.ts';
import { connectionContext } from '../model/connection-context.ts';
import type { ConnectionContext, ConnectorRegistry } from '../model/connector-registry.ts';
import type { DataRow, EntitySchema, Source } from '../model/io.ts';
import { ownEntry } from '../model/own-names.ts';
import { neededFields } from '../runner/needed-fields.ts';
import type { RetryPolicy } from '../runner/retry.ts';
import type { LoadedPipeline, RunOutcome } from '../runner/index.ts';
import { rememberSecret } from '../secrets/index.ts';
import { webhookCanKeep, webhookStreamKinds, type WebhookSystem } from './webhook-streams.ts';

/** What the caller got wrong in the service's setup (stream, certificate files, public address); the CLI exits 2 on it. */
export class WebhookSetupError extends Error {
  override readonly name = 'WebhookSetupError';
}

/** The registry's parts the service uses: a pushing system's webhook intake besides sources and destinations. */
export interface WebhookConnectors extends ConnectorRegistry {
  openWebhookIntake(context: ConnectionContext, options: Omit<WebhookIntakeOptions, 'config'>): Promise<WebhookIntake>;
  /** The systems that push changes, and of which entities: what a stream must read for webhooks to keep it current. */
  webhookSystems(): readonly WebhookSystem[];
}

export type WebhookServiceEvent =
  | {
      readonly type: 'delivery';
      readonly status: number;
      readonly outcome: string;
      readonly employees: readonly string[];
    }
  | {
      readonly type: 'applied';
      readonly via: IntakeBatch['via'];
      readonly runId: string;
      readonly status: RunOutcome['status'];
      readonly read: number;
      readonly written: number;
      readonly held: number;
      readonly alreadyApplied: number;
    }
  | { readonly type: 'nothing-new'; readonly via: IntakeBatch['via']; readonly alreadyApplied: number };

export interface WebhookServiceOptions {
  /** The connectors' registry, passed in by the CLI or the studio host. */
  readonly connectors: WebhookConnectors;
  readonly loaded: LoadedPipeline;
  readonly stream: string;
  readonly stateDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  /** PEM files of the certificate and key to serve HTTPS with (a certificate for the name BambooHR is given). */
  readonly tlsFiles?: { readonly cert: string; readonly key: string };
  /** The `https://` address BambooHR posts to, when a TLS-terminating proxy or tunnel forwards it here. */
  readonly publicUrl?: string;
  /** Name of the secret holding the webhook's private key (BambooHR shows it once, at creation). */
  readonly keySecret: string;
  readonly resolveSecret: (name: string) => Promise<string>;
  readonly storeSecret?: (name: string, value: string) => Promise<void>;
  readonly onEvent?: (event: WebhookServiceEvent) => void;
  readonly now?: () => number;
  readonly retry?: RetryPolicy;
}

export interface WebhookService {
  /** Where the receiver listens (`http://` unless it serves TLS itself). */
  readonly url: string;
  /**
   * The address to give BambooHR as the webhook's URL: `publicUrl`, or this listener's own `https://` address
   * when it serves TLS on a named address; undefined when only the user knows it (say so, never `url`).
   */
  readonly deliveryUrl: string | undefined;
  /** The polling fallback, once. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

function stateFile(options: WebhookServiceOptions): string {
  return join(options.stateDir, 'webhooks', `${options.loaded.id}.${options.stream}.json`);
}

function readState(file: string): AppliedState | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as AppliedState) : undefined;
}

function writeState(file: string, state: AppliedState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(state));
  renameSync(`${file}.tmp`, file);
}

/** The pipeline with the stream's cursor left out: its runs here must not move the polling watermark. */
function withoutCursor(loaded: LoadedPipeline, name: string): LoadedPipeline {
  const stream = loaded.pipeline.streams[name]!;
  const { cursor: _cursor, lookback: _lookback, ...source } = stream.source;
  return {
    ...loaded,
    pipeline: { ...loaded.pipeline, streams: { ...loaded.pipeline.streams, [name]: { ...stream, source } } },
  };
}

function rowsSource(schema: EntitySchema, rows: readonly DataRow[]): Source {
  return {
    orderedByCursor: false,
    discover: () => Promise.resolve([schema]),
    read: async function* () {
      yield { records: rows };
    },
    close: () => Promise.resolve(),
  };
}

/** `publicUrl` as BambooHR would take it: an absolute `https://` address. */
function checkedPublicUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:')
    throw new WebhookSetupError(
      `the public address must be the https:// address BambooHR posts to (BambooHR delivers webhooks to https:// only), not ${text}`,
    );
  return text;
}

/** The certificate and key files, read and checked before anything listens; a refusal names the file. */
function tlsOptions(files: WebhookServiceOptions['tlsFiles']): { cert: string; key: string } | undefined {
  if (files === undefined) return undefined;
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new WebhookSetupError(
        `the webhook receiver's ${what} file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
  const tls = { cert: read(files.cert, 'certificate'), key: read(files.key, 'private key') };
  try {
    createSecureContext(tls);
  } catch (error) {
    throw new WebhookSetupError(
      `the webhook receiver's certificate ${files.cert} and key ${files.key} cannot be used together: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return tls;
}

export async function startWebhookService(options: WebhookServiceOptions): Promise<WebhookService> {
  const { loaded, stream: name } = options;
  const publicUrl = checkedPublicUrl(options.publicUrl);
  const tls = tlsOptions(options.tlsFiles);
  const stream = ownEntry(loaded.pipeline.streams, name);
  if (stream === undefined) throw new WebhookSetupError(`the pipeline has no stream "${name}"`);
  const connectionName = stream.source.connection;
  const connection = ownEntry(loaded.pipeline.connections, connectionName)!;
  const { connectors } = options;
  if (!webhookCanKeep(loaded.pipeline, name, connectors.webhookSystems())) {
    throw new WebhookSetupError(
      `webhooks keep a ${webhookStreamKinds(connectors.webhookSystems())} stream current; "${name}" reads ${stream.source.entity} from ${connection.system}`,
    );
  }
  // Loaded when a service starts, not with the CLI's commands: `--help` stays quick.
  const { runPipeline, withSource } = await import('../runner/index.ts');
  const context = connectionContext(
    loaded,
    connectionName,
    {
      resolveSecret: options.resolveSecret,
      remember: rememberSecret,
      ...(options.storeSecret === undefined ? {} : { storeSecret: options.storeSecret }),
    },
    connection,
  );
  const real = await connectors.openSource(context);
  const schema = (await real.discover()).find((entity) => entity.entity === stream.source.entity)!;
  await real.close();
  const file = stateFile(options);
  const emit = options.onEvent ?? (() => {});
  const fetchOnly = withoutCursor(loaded, name);

  const apply = async (batch: IntakeBatch): Promise<void> => {
    const outcome = await runPipeline({
      loaded: fetchOnly,
      stateDir: options.stateDir,
      streams: [name],
      resolveSecret: options.resolveSecret,
      ...(options.storeSecret === undefined ? {} : { storeSecret: options.storeSecret }),
      ...(options.retry === undefined ? {} : { retry: options.retry }),
      connectors: withSource(connectors, connectionName, rowsSource(schema, batch.rows)),
    });
    const result = outcome.streams[0];
    emit({
      type: 'applied',
      via: batch.via,
      runId: outcome.runId,
      status: outcome.status,
      read: result?.read ?? 0,
      written: result?.written ?? 0,
      held: result?.held ?? 0,
      alreadyApplied: batch.alreadyApplied,
    });
    // A failed write answers 500, so BambooHR delivers it again; held rows are in review, not lost.
    if (outcome.status === 'failed' || outcome.status === 'cancelled')
      throw new Error(result?.error?.message ?? `the ${name} run ${outcome.status}`);
  };

  const intake: WebhookIntake = await connectors.openWebhookIntake(context, {
    privateKey: () => options.resolveSecret(options.keySecret),
    fields: neededFields(stream),
    ...(readState(file) === undefined ? {} : { state: readState(file)! }),
    apply,
    onState: (state) => writeState(file, state),
    onDelivery: (result) =>
      emit({
        type: 'delivery',
        status: result.status,
        outcome: result.outcome,
        employees: result.events.map((event) => event.employeeId),
      }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const path = options.path ?? '/hooks/bamboohr';
  const route: RequestListener = (request, response) => {
    if (new URL(request.url ?? '/', 'http://local').pathname === path) return intake.listener(request, response);
    response.writeHead(404, { 'content-length': 0 });
    response.end();
  };
  const server = tls === undefined ? createServer(route) : createTlsServer(tls, route);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  }).catch(async (error: unknown) => {
    await intake.close();
    throw error;
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls === undefined ? 'http' : 'https'}://${host}:${address.port}${path}`;
  // 0.0.0.0 or :: is not an address anyone can post to; the name in the certificate is, which only the user knows.
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  return {
    url,
    deliveryUrl: publicUrl ?? (tls !== undefined && !wildcard ? url : undefined),
    poll: async () => {
      const batch = await intake.poll();
      if (batch.rows.length === 0) emit({ type: 'nothing-new', via: 'poll', alreadyApplied: batch.alreadyApplied });
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await intake.close();
    },
  };
}
