/**
 * Keeps one stream current from webhooks, with polling as the fallback (`ml-connector webhooks serve`;
 * the studio host can start it too). Each accepted delivery becomes a follow-up fetch of the employees
 * it names, and those rows go through the pipeline's own mapping, holds and destination as a run of
 * that one stream: same audit trail, same replay. Those runs leave the stream's polling watermark
 * alone (a webhook for one employee says nothing about the others), so `ml-connector run` still finds
 * whatever the webhooks missed; the feed's ledger and the destination's upsert by key make sure no
 * change is applied twice. The feed's state is kept in the state folder between starts.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import type { AppliedState, IntakeBatch, WebhookIntake } from '../../connectors/registry.ts';
import type { DataRow, EntitySchema, Source } from '../model/io.ts';
import { ownEntry } from '../model/own-names.ts';
import { neededFields } from '../runner/needed-fields.ts';
import type { RetryPolicy } from '../runner/retry.ts';
import type { LoadedPipeline, RunOutcome } from '../runner/index.ts';
import { rememberSecret } from '../secrets/index.ts';
import { loadConnectors, loadRunner } from './engine.ts';
import { UsageError } from './errors.ts';

export type WebhookServiceEvent =
  | { readonly type: 'delivery'; readonly status: number; readonly outcome: string; readonly employees: readonly string[] }
  | { readonly type: 'applied'; readonly via: IntakeBatch['via']; readonly runId: string; readonly status: RunOutcome['status']; readonly read: number; readonly written: number; readonly held: number; readonly alreadyApplied: number }
  | { readonly type: 'nothing-new'; readonly via: IntakeBatch['via']; readonly alreadyApplied: number };

export interface WebhookServiceOptions {
  readonly loaded: LoadedPipeline;
  readonly stream: string;
  readonly stateDir: string;
  readonly host?: string;
  readonly port?: number;
  readonly path?: string;
  /** Name of the secret holding the webhook's private key (BambooHR shows it once, at creation). */
  readonly keySecret: string;
  readonly resolveSecret: (name: string) => Promise<string>;
  readonly storeSecret?: (name: string, value: string) => Promise<void>;
  readonly onEvent?: (event: WebhookServiceEvent) => void;
  readonly now?: () => number;
  readonly retry?: RetryPolicy;
}

export interface WebhookService {
  readonly url: string;
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
  return { ...loaded, pipeline: { ...loaded.pipeline, streams: { ...loaded.pipeline.streams, [name]: { ...stream, source } } } };
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

export async function startWebhookService(options: WebhookServiceOptions): Promise<WebhookService> {
  const { loaded, stream: name } = options;
  const stream = ownEntry(loaded.pipeline.streams, name);
  if (stream === undefined) throw new UsageError(`the pipeline has no stream "${name}"`);
  const connectionName = stream.source.connection;
  const connection = ownEntry(loaded.pipeline.connections, connectionName)!;
  if (connection.system !== 'bamboohr' || stream.source.entity !== 'employees') {
    throw new UsageError(`webhooks keep a BambooHR employees stream current; "${name}" reads ${stream.source.entity} from ${connection.system}`);
  }
  const { openSource, openWebhookIntake } = await loadConnectors();
  const { runPipeline } = await loadRunner();
  const context = {
    name: connectionName,
    connection,
    pipeline: loaded.pipeline,
    pipelineDir: loaded.dir,
    resolveSecret: options.resolveSecret,
    remember: rememberSecret,
    ...(options.storeSecret === undefined ? {} : { storeSecret: options.storeSecret }),
  };
  const real = await openSource(context);
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
      connections: { source: (candidate) => (candidate === connectionName ? rowsSource(schema, batch.rows) : undefined) },
    });
    const result = outcome.streams[0];
    emit({ type: 'applied', via: batch.via, runId: outcome.runId, status: outcome.status, read: result?.read ?? 0, written: result?.written ?? 0, held: result?.held ?? 0, alreadyApplied: batch.alreadyApplied });
    // A failed write answers 500, so BambooHR delivers it again; held rows are in review, not lost.
    if (outcome.status === 'failed' || outcome.status === 'cancelled') throw new Error(result?.error?.message ?? `the ${name} run ${outcome.status}`);
  };

  const intake: WebhookIntake = await openWebhookIntake(context, {
    privateKey: () => options.resolveSecret(options.keySecret),
    fields: neededFields(stream),
    ...(readState(file) === undefined ? {} : { state: readState(file)! }),
    apply,
    onState: (state) => writeState(file, state),
    onDelivery: (result) => emit({ type: 'delivery', status: result.status, outcome: result.outcome, employees: result.events.map((event) => event.employeeId) }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const path = options.path ?? '/hooks/bamboohr';
  const server = createServer((request, response) => {
    if (new URL(request.url ?? '/', 'http://local').pathname === path) return intake.listener(request, response);
    response.writeHead(404, { 'content-length': 0 });
    response.end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}${path}`,
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
