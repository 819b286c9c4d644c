/**
 * What the destination holds for the preview's keys (the host's `preview.lastWritten`), asked again
 * when the keys, the stream's target or the runs change, not on every keystroke in a formula: the
 * comparison itself is worked out here from the preview's rows (`last-run-diff.ts`).
 */
import { useEffect, useState } from 'react';
import { ownEntry } from '../../../../engine/model/own-names.ts';
import type { LastWrittenResult, PreviewResult } from '../../../api/wire.ts';
import { pipelineRef } from '../../../state/connections.ts';
import { messageOf } from '../../../state/files.ts';
import { studioClient, studioStore, useStudio } from '../../../state/store.ts';
import { keysOf } from './last-run-diff.ts';

export type LastRunLoad =
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly answer: LastWrittenResult }
  | { readonly status: 'failed'; readonly message: string };

export function useLastRun(stream: string, result: PreviewResult | null): LastRunLoad {
  const path = useStudio((state) => state.path);
  const target = useStudio((state) => {
    const definition = state.pipeline === null ? undefined : ownEntry(state.pipeline.streams, stream);
    return definition?.target;
  });
  // A finished run changes what the destination holds.
  const runs = useStudio((state) => `${state.activeRun?.runId ?? ''}:${state.activeRun?.phase ?? ''}`);
  const key = target?.mergeKey ?? [];
  const keys = result === null ? null : JSON.stringify(keysOf(result.rows, key));
  const asked = JSON.stringify([path, stream, target, runs, keys]);
  const [load, setLoad] = useState<{ asked: string; load: LastRunLoad }>({ asked: '', load: { status: 'loading' } });

  useEffect(() => {
    if (keys === null) return;
    if (path === null) {
      setLoad({
        asked,
        load: {
          status: 'done',
          answer: {
            available: false,
            reason: 'Save the pipeline and run it first: runs are kept under its file name.',
          },
        },
      });
      return;
    }
    const pipeline = pipelineRef(studioStore().getState());
    if (pipeline === null) return;
    let current = true;
    studioClient()
      .preview.lastWritten({ pipeline, stream, keys: JSON.parse(keys) as (string | number | boolean | null)[][] })
      .then(
        (answer) => current && setLoad({ asked, load: { status: 'done', answer } }),
        (error: unknown) => current && setLoad({ asked, load: { status: 'failed', message: messageOf(error) } }),
      );
    return () => {
      current = false;
    };
    // `asked` holds everything the question depends on.
  }, [asked]);
  return load.asked === asked ? load.load : { status: 'loading' };
}
