/**
 * The engine hands sources a CancelSignal (the part of AbortSignal that common code can name); Node's
 * file streams want a real AbortSignal. This bridges the two and gives cancellation one error code.
 */
import type { CancelSignal } from '../../engine/model/io.ts';
import { FileSourceError } from './errors.ts';

export function cancelledError(cause?: unknown): FileSourceError {
  return new FileSourceError('READ_ABORTED', 'the read was cancelled', {}, cause === undefined ? undefined : { cause });
}

export function throwIfCancelled(signal: CancelSignal | undefined): void {
  if (signal?.aborted === true) throw cancelledError();
}

/** An AbortSignal that follows `signal`; call `release` when done so no listener outlives the read. */
export function followCancelSignal(signal: CancelSignal | undefined): {
  readonly signal: AbortSignal | undefined;
  release(): void;
} {
  if (signal === undefined) return { signal: undefined, release: () => {} };
  if (signal instanceof AbortSignal) return { signal, release: () => {} };
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (signal.aborted) controller.abort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return { signal: controller.signal, release: () => signal.removeEventListener('abort', onAbort) };
}
