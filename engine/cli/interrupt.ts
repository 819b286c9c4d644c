/**
 * Ctrl-C during a run: the first cancels through the AbortSignal, so the batch in flight either
 * commits or rolls back and the watermark stays true; the second exits at once for someone who
 * cannot wait. SIGTERM (what schedulers and service managers send) cancels cleanly like the first.
 */
import type { EventEmitter } from 'node:events';
import { EXIT_CANCELLED } from './errors.ts';

export interface InterruptHandle {
  readonly signal: AbortSignal;
  dispose(): void;
}

/** `signals` and `exit` are the process's own unless a test hands in stand-ins. */
export function cancelOnInterrupt(
  say: (line: string) => void,
  signals: EventEmitter = process,
  exit: (code: number) => void = (code) => process.exit(code),
): InterruptHandle {
  const controller = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      say(
        'Cancelling: the batch in flight finishes or rolls back, then the run stops. Press Ctrl-C again to stop at once.',
      );
      controller.abort();
      return;
    }
    exit(EXIT_CANCELLED);
  };
  const onTerminate = () => {
    if (!controller.signal.aborted) {
      say('Stopping: asked to terminate; the batch in flight finishes or rolls back.');
      controller.abort();
    }
  };
  signals.on('SIGINT', onInterrupt);
  signals.on('SIGTERM', onTerminate);
  return {
    signal: controller.signal,
    dispose: () => {
      signals.off('SIGINT', onInterrupt);
      signals.off('SIGTERM', onTerminate);
    },
  };
}
