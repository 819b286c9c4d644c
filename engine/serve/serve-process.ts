/**
 * The thin part with real time: one timer that wakes the service when its next pipeline is due (or to
 * re-read the files at least every `reloadEveryMs`), and a watcher on the targets that re-reads them
 * sooner when one changes. Everything it decides is the service's; this only calls reload and tick.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { ServeService } from './serve-service.ts';

export interface ServeProcessOptions {
  /** Files and folders to watch for changes (a watch that fails is left to the periodic re-read). */
  readonly watchPaths: readonly string[];
  readonly reloadEveryMs: number;
  /** Aborted on SIGTERM or Ctrl-C: the service stops gracefully and this resolves. */
  readonly signal: AbortSignal;
}

export async function runServeProcess(service: ServeService, options: ServeProcessOptions): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const wake = () => {
    if (options.signal.aborted) return;
    clearTimeout(timer);
    service.reload();
    service.tick();
    const nextDue = service.nextWake()?.getTime() ?? Number.POSITIVE_INFINITY;
    timer = setTimeout(wake, Math.max(0, Math.min(nextDue - Date.now(), options.reloadEveryMs)));
  };
  const watchers: FSWatcher[] = [];
  for (const path of options.watchPaths) {
    try {
      // Editors save by writing a temporary file and renaming it: a burst of events, so wait a moment.
      let settle: NodeJS.Timeout | undefined;
      const watcher = watch(path, () => {
        clearTimeout(settle);
        settle = setTimeout(wake, 200);
      });
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // Not watchable here (a network share, a missing file): the periodic re-read still picks changes up.
    }
  }
  wake();
  await new Promise<void>((resolve) => {
    if (options.signal.aborted) resolve();
    else options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const watcher of watchers) watcher.close();
  await service.stop('asked to stop (SIGTERM or Ctrl-C)');
}
