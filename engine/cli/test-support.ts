/** Runs the real `ml-connector` command in a child process, as scripts and schedulers do. */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(PROJECT_ROOT, 'bin', 'ml-connector.mjs');
export const EXAMPLES = join(PROJECT_ROOT, 'assets', 'examples');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly input?: string;
}

export function cli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  // A state folder or a secret from the developer's own shell must not leak into a test.
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ML_CONNECTOR_STATE' && !key.startsWith('ML_CONNECTOR_SECRET_'))
      env[key] = value;
  }
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? PROJECT_ROOT, env, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

export function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix = 'mlc-cli-'): { readonly path: string; readonly remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A copy of the whole examples folder: the pipeline refers to ./data and ./lookups and writes beside itself. */
export function copyOfExamples(into: string): string {
  const folder = join(into, 'examples');
  // A warehouse or state left in the checkout by a manual run would make the copy start half-done.
  cpSync(EXAMPLES, folder, { recursive: true, filter: (source) => !/\.duckdb(\.wal)?$|\.ml-connector$/.test(source) });
  return folder;
}
