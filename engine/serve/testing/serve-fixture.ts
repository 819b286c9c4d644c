/**
 * A service over copies of the shipped csv-to-duckdb example, with a clock the test moves by hand and
 * real runs (the runner, the file source, DuckDB). The run starter can be held at a gate, to have a run
 * still going when its pipeline is due again or when the service is told to stop.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runPipeline, type ConnectorRegistry, type RunOutcome } from '../../runner/index.ts';
import { scrub } from '../../secrets/index.ts';
import type { Alerts } from '../alerts.ts';
import type { RunRequest, RunStarter } from '../run-starter.ts';
import type { MissedRunPolicy } from '../schedule-plan.ts';
import { createServeLog } from '../serve-log.ts';
import { ServeService } from '../serve-service.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples/', import.meta.url));

export interface Workspace {
  readonly dir: string;
  /** Writes a csv-to-duckdb copy named `name`.json with its own id, warehouse and schedule; returns its path. */
  pipeline(name: string, cron: string, timeZone?: string, change?: (pipeline: Record<string, unknown>) => void): string;
  remove(): void;
}

export function workspace(): Workspace {
  const root = mkdtempSync(join(tmpdir(), 'mlc-serve-'));
  const dir = join(root, 'pipelines');
  cpSync(EXAMPLES, join(root, 'examples'), {
    recursive: true,
    filter: (source) => !/\.duckdb(\.wal)?$|\.ml-connector$/.test(source),
  });
  cpSync(join(root, 'examples', 'data'), join(dir, 'data'), { recursive: true });
  cpSync(join(root, 'examples', 'lookups'), join(dir, 'lookups'), { recursive: true });
  const example = readFileSync(join(root, 'examples', 'csv-to-duckdb.json'), 'utf8');
  return {
    dir,
    pipeline(name, cron, timeZone = 'UTC', change) {
      const pipeline = JSON.parse(example) as Record<string, any>;
      pipeline.$schema = undefined;
      pipeline.id = name;
      pipeline.schedule = { cron, timeZone };
      pipeline.connections.warehouse.address.path = `./${name}.duckdb`;
      change?.(pipeline);
      const path = join(dir, `${name}.json`);
      writeFileSync(path, `${JSON.stringify(pipeline, null, 2)}\n`);
      return path;
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** A fake clock: `now()` for the service, `set` to move it. */
export class FakeClock {
  constructor(private at: number) {}
  now = (): number => this.at;
  set(iso: string): Date {
    this.at = Date.parse(iso);
    return new Date(this.at);
  }
}

/** The real run, optionally held back until `release()`: a run "still going". */
export class GatedRuns {
  readonly requests: RunRequest[] = [];
  readonly outcomes: RunOutcome[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;

  /** The connectors' registry, from the test (only a test or a composition root loads it). */
  constructor(private readonly connectors: ConnectorRegistry) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  readonly start: RunStarter = async (request) => {
    this.requests.push(request);
    if (this.gate) await this.gate;
    const outcome = await runPipeline({
      loaded: request.loaded,
      stateDir: request.stateDir,
      signal: request.signal,
      onEvent: request.onEvent,
      clock: request.clock,
      startedBy: 'serve',
      connectors: this.connectors,
      resolveSecret: () => Promise.reject(new Error('the example needs no secret')),
    });
    this.outcomes.push(outcome);
    return outcome;
  };
}

export interface ServeFixture {
  readonly service: ServeService;
  readonly lines: string[];
  events(name?: string): Record<string, unknown>[];
}

export function serveFixture(options: {
  readonly targets: readonly string[];
  readonly dir: string;
  readonly clock: FakeClock;
  readonly runs: GatedRuns;
  readonly missedRuns?: MissedRunPolicy;
  readonly alerts?: Alerts;
  readonly keepDays?: number;
}): ServeFixture {
  const lines: string[] = [];
  const log = createServeLog({ write: (line) => lines.push(line), scrub, now: options.clock.now });
  const service = new ServeService({
    targets: options.targets,
    cwd: options.dir,
    stateDirFor: (loaded) => join(options.dir, '.state', loaded.id),
    serviceStateDir: join(options.dir, '.state'),
    missedRuns: options.missedRuns ?? 'skip',
    now: options.clock.now,
    startRun: options.runs.start,
    log,
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.keepDays === undefined ? {} : { keepDays: options.keepDays }),
  });
  const events = (name?: string) =>
    lines
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((event) => name === undefined || event.event === name);
  return { service, lines, events };
}
