/**
 * The studio's API: one service interface per domain, a zod schema for every request payload, and the
 * channel table both hosts implement (Electron IPC in the desktop app, the HTTP bridge in a browser).
 * The renderer calls it through a proxy (client.ts) and never knows which host answers.
 *
 * Environment-neutral: no DOM, no Node. Every request is one JSON object, validated by the host before
 * any engine code sees it; secrets go in by reference (`setSecret` takes a value) and never come out.
 */
import { z } from 'zod';
import { fieldTypeName, secretRef } from '../../engine/model/index.ts';
import type {
  AuditedRun,
  ConnectionSummary,
  EntityInfo,
  ExampleInfo,
  ExportResult,
  HoldInfo,
  LastWrittenResult,
  LookupCoverage,
  LookupCsv,
  LookupFileRows,
  PingResult,
  PipelineText,
  PreviewResult,
  ReplayResult,
  SaveResult,
  SecretWriteResult,
  SignInStarted,
  StartedRun,
  SystemInfo,
  WebhookListenerInfo,
  WritePlan,
} from './wire.ts';

export type * from './wire.ts';

const path = z.string().min(1, 'give the pipeline file path').max(4096);
/** The unsaved text a request works on; 20 MB is far beyond any real pipeline file. */
const text = z.string().max(20_000_000);
const name = z.string().min(1).max(200);

export const pipelineRefSchema = z.strictObject({ path, text: text.optional() });

export const requestSchemas = {
  pipelines: {
    open: z.strictObject({ path }),
    save: z.strictObject({ path, text, from: path.optional() }),
    validate: z.strictObject({ text, path: path.optional() }),
    export: z.strictObject({ path, text, to: path }),
    recent: z.strictObject({}),
    examples: z.strictObject({}),
  },
  connections: {
    list: z.strictObject({ pipeline: pipelineRefSchema }),
    test: z.strictObject({ pipeline: pipelineRefSchema, connection: name }),
    setSecret: z.strictObject({
      name: secretRef,
      value: z.string().min(1, 'the secret is empty').max(64_000),
      /** No keychain here: keep it in the host's memory for this session only (never a file). */
      sessionOnly: z.literal(true).optional(),
    }),
    deleteSecret: z.strictObject({ name: secretRef }),
    systems: z.strictObject({}),
    signIn: z.strictObject({
      pipeline: pipelineRefSchema,
      connection: name,
      /** The loopback redirect's port, when the app's registered redirect URI names one; left out, a free one. */
      port: z.number().int().min(1, 'a port is 1 to 65535').max(65_535, 'a port is 1 to 65535').optional(),
    }),
    cancelSignIn: z.strictObject({ signIn: name }),
  },
  schema: {
    entities: z.strictObject({
      pipeline: pipelineRefSchema,
      connection: name,
      samples: z.number().int().min(0).max(100).optional(),
    }),
  },
  preview: {
    stream: z.strictObject({
      pipeline: pipelineRefSchema,
      stream: name,
      limit: z.number().int().min(1).max(10_000).optional(),
      /** Read the source again instead of reusing the sample the host keeps for a minute. */
      refresh: z.boolean().optional(),
    }),
    lastWritten: z.strictObject({
      pipeline: pipelineRefSchema,
      stream: name,
      /** The preview rows' merge-key values, each key's parts in the merge key's order. */
      keys: z.array(z.array(z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()])).max(64)).max(10_000),
    }),
  },
  lookups: {
    parseCsv: z.strictObject({
      /** The file's text, read in the browser; 10 MB is far beyond a lookup table. */
      text: z.string().max(10_000_000),
      keyColumn: name.optional(),
      valueColumn: name.optional(),
      effectiveFromColumn: name.optional(),
      keyType: fieldTypeName.optional(),
      valueType: fieldTypeName.optional(),
      /** Guess an effective-from column when none is named. */
      effectiveDated: z.boolean().optional(),
    }),
    fileRows: z.strictObject({ pipeline: pipelineRefSchema, table: name }),
    coverage: z.strictObject({
      pipeline: pipelineRefSchema,
      stream: name,
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
  },
  runs: {
    start: z.strictObject({
      pipeline: pipelineRefSchema,
      streams: z.array(name).max(1000).optional(),
      fullRefresh: z.boolean().optional(),
    }),
    cancel: z.strictObject({ job: name }),
    audit: z.strictObject({
      limit: z.number().int().min(1).max(1000).optional(),
      pipeline: pipelineRefSchema.optional(),
    }),
    holds: z.strictObject({
      pipeline: pipelineRefSchema.optional(),
      stream: name.optional(),
      status: z.enum(['open', 'resolved']).optional(),
    }),
    replay: z.strictObject({ pipeline: pipelineRefSchema, id: name }),
    plan: z.strictObject({ pipeline: pipelineRefSchema, streams: z.array(name).max(1000).optional() }),
  },
  webhooks: {
    start: z.strictObject({
      pipeline: pipelineRefSchema,
      stream: name,
      /** The secret holding the webhook's private key (default bamboohr_webhook_key, as the CLI). */
      keySecret: secretRef.optional(),
      /** Loopback port to listen on (default 47012, as the CLI); 0 picks a free one. */
      port: z.number().int().min(0, 'a port is 0 to 65535').max(65_535, 'a port is 0 to 65535').optional(),
      /** The polling fallback's interval (default 900, as the CLI); 0 turns it off. */
      pollEverySeconds: z.number().int().min(0).max(86_400, 'poll at least once a day').optional(),
    }),
    stop: z.strictObject({ listener: name }),
    poll: z.strictObject({ listener: name }),
    /** With a pipeline: its listeners only (its path resolved as the host resolves it). */
    status: z.strictObject({ pipeline: pipelineRefSchema.optional() }),
  },
} as const;

type Schemas = typeof requestSchemas;
export type Domain = keyof Schemas;
export type Request<D extends Domain, M extends keyof Schemas[D]> = Schemas[D][M] extends z.ZodType
  ? z.output<Schemas[D][M]>
  : never;

/** Open, save and check pipeline files: text in, canonical text and problems (with JSON paths) out. */
export interface PipelinesService {
  open(request: Request<'pipelines', 'open'>): Promise<PipelineText>;
  /** Writes the canonical text; refuses text that is not JSON or that has a secret written in it. Saved away from `from` (the file it was opened from), its relative paths are rebased as Export rebases them. */
  save(request: Request<'pipelines', 'save'>): Promise<SaveResult>;
  validate(request: Request<'pipelines', 'validate'>): Promise<PipelineText>;
  /** Writes a copy for a scheduler (relative paths rebased) and says how to run it headless. */
  export(request: Request<'pipelines', 'export'>): Promise<ExportResult>;
  /** Pipelines opened or saved lately, newest first (absolute paths). */
  recent(request: Request<'pipelines', 'recent'>): Promise<readonly string[]>;
  /** The example pipelines shipped with the studio. */
  examples(request: Request<'pipelines', 'examples'>): Promise<readonly ExampleInfo[]>;
}

/** A pipeline's connections, their test (ping), and the secrets they refer to: values go in, never out. */
export interface ConnectionsService {
  list(request: Request<'connections', 'list'>): Promise<readonly ConnectionSummary[]>;
  test(request: Request<'connections', 'test'>): Promise<PingResult>;
  setSecret(request: Request<'connections', 'setSecret'>): Promise<SecretWriteResult>;
  deleteSecret(request: Request<'connections', 'deleteSecret'>): Promise<SecretWriteResult>;
  /** The systems a connection can name, with their address parts and sign-in methods. */
  systems(request: Request<'connections', 'systems'>): Promise<readonly SystemInfo[]>;
  /** OAuth sign-in through the browser: the page to open at once; `sign-in-finished` follows. The token stays in the keychain. */
  signIn(request: Request<'connections', 'signIn'>): Promise<SignInStarted>;
  cancelSignIn(request: Request<'connections', 'cancelSignIn'>): Promise<{ readonly cancelled: boolean }>;
}

/** What a source offers: entities and fields, with types and sample values. */
export interface SchemaService {
  entities(request: Request<'schema', 'entities'>): Promise<readonly EntityInfo[]>;
}

/** The same pipeline with a sample source and a dry destination: rows, held rows, where values come from. */
export interface PreviewService {
  stream(request: Request<'preview', 'stream'>): Promise<PreviewResult>;
  /** What the destination holds now for these keys, read back, and the newest run that wrote the stream; or why not. */
  lastWritten(request: Request<'preview', 'lastWritten'>): Promise<LastWrittenResult>;
}

/** Lookup tables: CSV import, a file-based table's rows, and which sample keys a stream's LOOKUPs miss. */
export interface LookupsService {
  /** Typed rows from CSV text with the columns chosen (or guessed); bad lines named by number, never a whole-file refusal. */
  parseCsv(request: Request<'lookups', 'parseCsv'>): Promise<LookupCsv>;
  fileRows(request: Request<'lookups', 'fileRows'>): Promise<LookupFileRows>;
  coverage(request: Request<'lookups', 'coverage'>): Promise<LookupCoverage>;
}

/** Runs (progress arrives as StudioEvents), the audit trail, held rows and their replay. */
export interface RunsService {
  start(request: Request<'runs', 'start'>): Promise<StartedRun>;
  cancel(request: Request<'runs', 'cancel'>): Promise<{ readonly cancelled: boolean }>;
  /** Newest first, each with its held rows counted and its control totals reconciled. */
  audit(request: Request<'runs', 'audit'>): Promise<readonly AuditedRun[]>;
  holds(request: Request<'runs', 'holds'>): Promise<readonly HoldInfo[]>;
  replay(request: Request<'runs', 'replay'>): Promise<ReplayResult>;
  /** What a run would write now to each target (inserts, updates, unchanged, held), as `ml-connector plan`. */
  plan(request: Request<'runs', 'plan'>): Promise<WritePlan>;
}

/** Listening for webhooks (`ml-connector webhooks serve` inside the studio); what they do arrives as `webhook-log` events. */
export interface WebhooksService {
  start(request: Request<'webhooks', 'start'>): Promise<WebhookListenerInfo>;
  stop(request: Request<'webhooks', 'stop'>): Promise<{ readonly stopped: boolean }>;
  /** The polling fallback once, now; `ok` false when it failed (the log says why). */
  poll(request: Request<'webhooks', 'poll'>): Promise<{ readonly ok: boolean }>;
  /** The listeners running now (of one pipeline, when named), each with its latest log. */
  status(request: Request<'webhooks', 'status'>): Promise<readonly WebhookListenerInfo[]>;
}

/** What both hosts implement, and what the renderer's proxy offers. */
export interface ChannelMap {
  readonly pipelines: PipelinesService;
  readonly connections: ConnectionsService;
  readonly schema: SchemaService;
  readonly preview: PreviewService;
  readonly lookups: LookupsService;
  readonly runs: RunsService;
  readonly webhooks: WebhooksService;
}

// Every method of the ChannelMap has a request schema, and every schema a method: checked, not hoped.
type SchemasMatch = { [D in Domain]: { [M in keyof ChannelMap[D]]: z.ZodType } };
const schemasMatch: SchemasMatch = requestSchemas;
void schemasMatch;
type NoExtraSchemas = { [D in Domain]: Exclude<keyof Schemas[D], keyof ChannelMap[D]> }[Domain];
const noExtraSchemas: [NoExtraSchemas] extends [never] ? true : false = true;
void noExtraSchemas;

export type Method<D extends Domain> = keyof ChannelMap[D] & keyof Schemas[D] & string;

/** The channel's name: the IPC channel in Electron, `/api/<domain>/<method>` on the bridge. */
export function channelName<D extends Domain>(domain: D, method: Method<D>): `${D}.${string}` {
  return `${domain}.${method}`;
}

/** The schema for a domain and method named by untrusted text, or undefined (no prototype lookups). */
export function requestSchemaFor(domain: string, method: string): z.ZodType | undefined {
  if (!Object.hasOwn(requestSchemas, domain)) return undefined;
  const methods = requestSchemas[domain as Domain] as Readonly<Record<string, z.ZodType>>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/** The first problem of a failed validation, as `field` + sentence, for a 400 answer that names the field. */
export function describeInvalidPayload(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(payload)';
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

/** Untrusted (domain, method, payload) checked against the contract: unknown channel, the typed payload, or the field at fault. */
export function validateRequest(
  domain: string,
  method: string,
  payload: unknown,
):
  | undefined
  | { readonly ok: true; readonly data: unknown }
  | { readonly ok: false; readonly field: string; readonly message: string } {
  const schema = requestSchemaFor(domain, method);
  if (schema === undefined) return undefined;
  const parsed = schema.safeParse(payload);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, ...describeInvalidPayload(parsed.error) };
}

/** Every channel of the contract, for a host that registers them one by one (Electron's ipcMain). */
export function allChannels(): readonly { readonly domain: Domain; readonly method: string }[] {
  return (Object.keys(requestSchemas) as Domain[]).flatMap((domain) =>
    Object.keys(requestSchemas[domain]).map((method) => ({ domain, method })),
  );
}
