/**
 * What the studio-then-CLI tests share: the studio's host services built as the studio web host builds
 * them (no state folder of its own, so each pipeline keeps its state beside its file), a run started
 * there and followed to its end event, Export's printed command turned back into arguments, and the
 * CLI's JSON lines read back.
 */
import { createStudioServices, type HostSecrets, type StudioServices } from '../engine/host/index.ts';
import { nonEmptyLines } from '../engine/cli/test-support.ts';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../engine/secrets/index.ts';
import { memoryKeytar } from '../engine/secrets/test-support.ts';

interface RunEnd {
  readonly type: 'run-finished' | 'run-failed';
  readonly job: string;
  readonly outcome?: {
    readonly status: string;
    readonly streams: readonly { name: string; read: number; written: number; held: number; status: string }[];
  };
  readonly error?: { readonly code: string; readonly message: string };
}

export interface StudioHost {
  readonly services: StudioServices;
  /** Starts a run as the Run button does and resolves with its end event (the host's own signal, no timer). */
  run(pipeline: { path: string; text?: string }): Promise<RunEnd>;
  close(): Promise<void>;
}

/** A keychain holding `secrets`, in memory: the studio finds them there, as on an analyst's desktop. */
export async function keychainWith(secrets: Readonly<Record<string, string>>): Promise<HostSecrets> {
  const resolver = createSecretResolver({
    keychain: new KeychainSecretStore({ keytar: memoryKeytar() }),
    // The machine's environment is never read: a developer's ML_CONNECTOR_SECRET_* cannot make a test pass.
    environment: new EnvironmentSecretStore({ environment: {} }),
  });
  for (const [name, value] of Object.entries(secrets)) await resolver.set(name, value);
  return resolver;
}

export function studioHost(cwd: string, secrets: HostSecrets): StudioHost {
  const ended = new Map<string, RunEnd>();
  const waiting = new Map<string, (end: RunEnd) => void>();
  const services = createStudioServices({
    cwd,
    // As `studio:web` and the desktop app start without --state: the pipeline's own state folder.
    secrets,
    registry: new SecretRegistry(),
    publish: (event) => {
      const end = event as RunEnd;
      if (end.type !== 'run-finished' && end.type !== 'run-failed') return;
      ended.set(end.job, end);
      waiting.get(end.job)?.(end);
    },
  });
  return {
    services,
    async run(pipeline) {
      const { job } = await services.runs.start({ pipeline });
      return ended.get(job) ?? new Promise<RunEnd>((resolve) => waiting.set(job, resolve));
    },
    close: () => services.close(),
  };
}

/** `ml-connector run "FILE" --state "DIR" --json` as arguments for `cli` (quoted words kept whole). */
export function printedArguments(command: string): string[] {
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
  if (words[0] !== 'ml-connector') throw new Error(`not an ml-connector command: ${command}`);
  return words.slice(1);
}

/** The printed command with its --state replaced by `stateDir`, or dropped when undefined. */
export function withState(printed: readonly string[], stateDir: string | undefined): string[] {
  const at = printed.indexOf('--state');
  const without = at === -1 ? [...printed] : [...printed.slice(0, at), ...printed.slice(at + 2)];
  return stateDir === undefined ? without : [...without, '--state', stateDir];
}

export interface JsonRun {
  readonly events: readonly { type: string; stream?: string; from?: string | null; detail?: string }[];
  readonly summary: {
    status: string;
    streams: { name: string; read: number; written: number; held: number; status: string }[];
  };
}

/** The JSON lines of `run --json`: its events, then the summary on the last line. */
export function jsonRun(stdout: string): JsonRun {
  const lines = nonEmptyLines(stdout).map((line) => JSON.parse(line) as { type: string });
  const summary = lines.at(-1) as unknown as JsonRun['summary'] & { type: string };
  if (summary?.type !== 'summary') throw new Error(`no summary line in:\n${stdout}`);
  return { events: lines.slice(0, -1) as JsonRun['events'], summary };
}

/** Streams that said they resumed from the destination's checkpoint. */
export function resumedFromDestination(run: JsonRun): string[] {
  return run.events.filter((event) => event.type === 'resumed-from-destination').map((event) => event.stream!);
}
