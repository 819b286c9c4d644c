/**
 * `--wait [SECONDS]` of `run` and `replay`: what a command does when its pipeline is already running
 * in the state folder. Without it, it refuses at once (exit 75, naming who holds the lock); with it, it
 * says once who it waits for and starts when the lock is free, or refuses after SECONDS.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { RunLockWait } from '../runner/index.ts';
import { optionValue, flag, type ParsedArgs } from './args.ts';
import type { OptionSpec } from './args.ts';
import { CancelledError, UsageError } from './errors.ts';

export const WAIT_OPTION: OptionSpec = {
  name: 'wait',
  type: 'string',
  optionalNumber: true,
  valueName: 'SECONDS',
  description:
    'If the pipeline is already running in this state folder, wait for it to end (at most SECONDS) instead of refusing.',
};

export const LOCK_NOTE: readonly string[] = [
  'One run at a time per pipeline and state folder: if `run`, `replay`, the studio or `serve` is running it,',
  'this command refuses at once with exit 75, naming who holds it (command, pid, host, since when, run id);',
  'with --wait it starts when that run ends. A holder that was killed leaves no lock behind.',
];

export function lockWaitFrom(
  args: ParsedArgs,
  say: (line: string) => void,
  signal?: AbortSignal,
): RunLockWait | undefined {
  const text = optionValue(args, 'wait');
  if (text === undefined && !flag(args, 'wait')) return undefined;
  const seconds = text === undefined ? undefined : Number(text);
  if (seconds !== undefined && !(Number.isFinite(seconds) && seconds >= 0))
    throw new UsageError(`--wait takes a number of seconds, not "${text}".`);
  return {
    ...(seconds === undefined ? {} : { timeoutMs: seconds * 1000 }),
    ...(signal ? { signal } : {}),
    onWaiting: (error) => say(`Waiting: ${error.message}`),
    sleep: async (ms, abort) => {
      try {
        await sleepFor(ms, undefined, abort ? { signal: abort } : {});
      } catch (error) {
        if (abort?.aborted) throw new CancelledError('Cancelled while waiting for the pipeline to be free.');
        throw error;
      }
    },
  };
}
