/**
 * Tells a run whose writer is gone (killed, crashed, powered off) from one still under way, so the
 * audit shows 'interrupted' instead of 'running' forever.
 */
import { hostname } from 'node:os';

export interface RunWriter {
  readonly pid: number;
  readonly host: string;
}

export function currentWriter(): RunWriter {
  return { pid: process.pid, host: hostname() };
}

/**
 * True unless we can prove the writer is gone: a run written from another machine (a shared state
 * folder) or by an older schema without a pid is assumed alive, since we cannot look at it.
 */
export function isWriterAlive(pid: number | null, host: string | null): boolean {
  if (pid === null || host === null || host !== hostname()) return true;
  try {
    // Signal 0 checks existence without touching the process.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
