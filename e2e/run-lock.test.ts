/**
 * Issue 19's lock with real processes: `ml-connector run` of the IFS -> DuckDB example held mid-run (its
 * voucher rows request waits at a gated front of the IFS simulator, so no timing is guessed), then beside
 * it a second `run` (refused at once, exit 75, naming the first), a studio run (refused, RUN_LOCKED,
 * naming the first), a `run --wait` (waits) and `ml-connector serve`, whose schedule is due at its start
 * (`--missed-runs run-once`, with a last scheduled time long past in its state: no clock is waited on),
 * which logs the run as skipped, naming the first. The holder is killed with SIGKILL; the waiting run takes
 * the lock the OS let go, resumes and finishes, and a studio run after it finds nothing new. The warehouse
 * holds every IFS row exactly once. The studio and the CLI find the same state (and so the same lock)
 * beside the pipeline file, with no --state on either side.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../connectors/registry.ts';
import { IFS_TO_DUCKDB, prepareExampleWorkspace } from '../engine/cli/example-workspace.ts';
import { PROJECT_ROOT } from '../engine/cli/test-support.ts';
import { environmentVariableFor } from '../engine/secrets/index.ts';
import { SCHEDULE_MEMORY_FILE } from '../engine/serve/schedule-memory.ts';
import { DEFAULT_STATE_FOLDER } from '../engine/store/state-folder.ts';
import { queryDuckDbFile } from './duckdb-rows.ts';
import { startGatedFront, type GatedFront } from './gated-http-front.ts';
import { keychainWith, studioHost, type StudioHost } from './studio-then-cli.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'ml-connector.mjs');
const ENTITIES = [
  'gl_accounts',
  'code_part_values',
  'suppliers',
  'voucher_rows',
  'supplier_invoices',
  'purchase_orders',
  'purchase_order_lines',
];

let ifs: SimulatorHandle;
let front: GatedFront;
let dir: string;
let studio: StudioHost;
const started: ChildProcess[] = [];

interface CliProcess {
  readonly child: ChildProcess;
  /** Resolves with the first stderr line matching `pattern` (the process's own signal, no timer). */
  stderrLine(pattern: RegExp): Promise<string>;
  /** The same for stdout (`serve`'s JSON-line log). */
  stdoutLine(pattern: RegExp): Promise<string>;
  readonly ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('ML_CONNECTOR_')) own[key] = value;
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...own, ...env } });
  started.push(child);
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const listener of listeners) listener();
  });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const lineOf = (stream: () => string) => (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const look = () => {
        const line = stream()
          .split('\n')
          .find((l) => pattern.test(l));
        if (line !== undefined) resolve(line);
      };
      listeners.push(look);
      look();
      void ended.then(() => reject(new Error(`ended without saying ${pattern}:\n${stderr}\n${stdout}`)));
    });
  return { child, ended, stderrLine: lineOf(() => stderr), stdoutLine: lineOf(() => stdout) };
}

beforeAll(async () => {
  ifs = await startSimulator('ifs', { port: 0, seed: 19, rows: 120 });
  front = await startGatedFront(ifs.url, (path) => path.includes('VoucherRowSet'));
  dir = mkdtempSync(join(tmpdir(), 'mlc-e2e-run-lock-'));
  studio = studioHost(dir, await keychainWith(ifs.secrets));
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await studio?.close();
  await front?.close();
  await ifs?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('one run at a time per pipeline and state folder, with real processes', () => {
  it('refuses or queues the others while one runs, recovers from kill -9 of the holder, and writes each row once', async () => {
    // The connection goes through the gated front (token requests too: only voucher rows are held).
    prepareExampleWorkspace(
      dir,
      { ifs: { ...ifs, url: front.url, address: { ...ifs.address, systemUrl: front.url } } },
      [IFS_TO_DUCKDB],
    );
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(ifs.secrets)) env[environmentVariableFor(name)] = value;
    // serve's schedule: once a year, so it is due only when it starts (a time missed since its last one).
    const pipelinePath = join(dir, IFS_TO_DUCKDB);
    const pipeline = JSON.parse(readFileSync(pipelinePath, 'utf8')) as { schedule: { cron: string } };
    pipeline.schedule.cron = '0 3 1 1 *';
    writeFileSync(pipelinePath, `${JSON.stringify(pipeline, null, 2)}\n`);

    // The holder: the earlier streams load, then it waits at the voucher rows request, lock in hand.
    const holder = startCli(['run', IFS_TO_DUCKDB, '--json'], env);
    await Promise.race([
      front.held,
      holder.ended.then((end) =>
        Promise.reject(
          new Error(
            `holder ended (${end.code}): ${end.stderr}${end.stdout
              .split('\n')
              .filter((l) => l.includes('stream-finished') || l.includes('summary'))
              .join('\n')}`,
          ),
        ),
      ),
    ]);
    const holderPid = holder.child.pid!;

    const second = await startCli(['run', IFS_TO_DUCKDB], env).ended;
    expect(second.code).toBe(75);
    expect(second.stderr).toMatch(
      new RegExp(
        `already running in this state folder: held by \`ml-connector run\` \\(pid ${holderPid} on .+, since .+, run \\S+\\)`,
      ),
    );
    expect(second.stdout).toBe('');

    await expect(studio.run({ path: join(dir, IFS_TO_DUCKDB) })).rejects.toMatchObject({
      code: 'RUN_LOCKED',
      message: expect.stringContaining(`held by \`ml-connector run\` (pid ${holderPid} `),
    });

    const waiter = startCli(['run', IFS_TO_DUCKDB, '--wait', '--json'], env);
    expect(await waiter.stderrLine(/^Waiting: /)).toContain(`(pid ${holderPid} `);

    // The service, due at once: it remembers a scheduled time long past, so `run-once` runs it on start.
    writeFileSync(
      join(dir, DEFAULT_STATE_FOLDER, SCHEDULE_MEMORY_FILE),
      `${JSON.stringify({ [pipelinePath]: '2020-01-01T02:00:00.000Z' })}\n`,
    );
    const serve = startCli(['serve', IFS_TO_DUCKDB, '--missed-runs', 'run-once', '--status-port', '0'], env);
    // Whichever way its attempt ends is awaited, so a wrong ending fails here at once.
    const attempt = await serve.stdoutLine(/"event":"run-(skipped|error|finished)"/);
    const skipped = JSON.parse(attempt) as Record<string, unknown>;
    expect(skipped).toMatchObject({ event: 'run-skipped', pipeline: 'ifs-to-duckdb', file: pipelinePath });
    expect(String(skipped.reason)).toContain(`held by \`ml-connector run\` (pid ${holderPid} `);

    holder.child.kill('SIGKILL');
    const killed = await holder.ended;
    expect(killed.signal).toBe('SIGKILL');
    // Killed mid-run: the streams before the voucher rows were committed, the voucher rows were not.
    expect(killed.stdout).toContain('"type":"stream-finished","stream":"suppliers","status":"ok"');
    expect(killed.stdout).not.toContain('"stream":"voucher_rows","status"');
    front.open();

    const resumed = await waiter.ended;
    expect(resumed.stderr).not.toContain('error:');
    expect(resumed.code).toBe(0);

    // The service ran nothing (its time was skipped, not failed, not retried) and stops cleanly.
    serve.child.kill('SIGTERM');
    const served = await serve.ended;
    expect(served.code).toBe(0);
    const events = served.stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { event: string }).event);
    expect(events).toContain('missed-run');
    expect(events.filter((e) => e === 'run-skipped')).toHaveLength(1);
    expect(events).not.toContain('run-finished');
    expect(events).not.toContain('run-error');

    // The studio, after: the lock is free again, and there is nothing new to write.
    const after = await studio.run({ path: join(dir, IFS_TO_DUCKDB) });
    expect(after.type).toBe('run-finished');
    expect(after.outcome?.status).toBe('ok');
    expect(after.outcome?.streams.reduce((sum, s) => sum + s.written, 0)).toBe(0);

    const totals = (await ifs.controlTotals()) as Record<string, { rows: number }>;
    const warehouse = join(dir, 'ifs-warehouse.duckdb');
    for (const entity of ENTITIES) {
      const [count] = await queryDuckDbFile<{ n: number }>(
        warehouse,
        `SELECT count(*)::INTEGER AS n FROM ifs_${entity}`,
      );
      expect(count?.n, entity).toBe(totals[entity]!.rows);
    }
    const [vouchers] = await queryDuckDbFile<{ rows: number; keys: number }>(
      warehouse,
      `SELECT count(*)::INTEGER AS rows,
              count(DISTINCT (company, accounting_year, voucher_type, voucher_no, row_no))::INTEGER AS keys
         FROM ifs_voucher_rows`,
    );
    expect(vouchers!.rows).toBeGreaterThan(0);
    expect(vouchers!.keys).toBe(vouchers!.rows);
  }, 180_000);
});
