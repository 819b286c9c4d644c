/**
 * The stream's source entity as the source describes it (fields and types), for the formula
 * editor's completions and checks. Asked once per source definition, not per keystroke; when the
 * source cannot be asked (offline, no credentials yet), the editor falls back to the types the
 * stream declares, and says so.
 */
import { useEffect, useState } from 'react';
import { formatPipeline, ownEntry } from '../../../../engine/model/index.ts';
import type { EntityInfo } from '../../../api/wire.ts';
import { sourceKeyOf } from '../../../state/formula-checks.ts';
import { studioClient, studioStore, useStudio } from '../../../state/store.ts';

export interface SourceEntity {
  readonly entity: EntityInfo | undefined;
  /** Why the source could not be asked, in the host's words; null when it answered. */
  readonly problem: string | null;
}

export function useSourceEntity(stream: string): SourceEntity {
  const path = useStudio((state) => state.path);
  // The request depends only on the source definition and its connection: a string, so the effect
  // below runs again only when one of those changes, not on every formula edit.
  const source = useStudio((state) => sourceKeyOf(state.pipeline, stream));
  const [answer, setAnswer] = useState<{ key: string; value: SourceEntity } | null>(null);
  const key = JSON.stringify([path, stream, source]);

  useEffect(() => {
    if (source === null) return;
    let current = true;
    const { pipeline } = studioStore().getState();
    const definition = ownEntry(pipeline?.streams, stream)?.source;
    if (!pipeline || !definition) return;
    studioClient()
      .schema.entities({
        pipeline: { path: path ?? 'untitled.json', text: formatPipeline(pipeline) },
        connection: definition.connection,
        samples: 0,
      })
      .then(
        (entities) => {
          const entity = entities.find((candidate) => candidate.entity === definition.entity);
          // The problems bar and Save check formulas against the same fields the editor does.
          if (current) studioStore().getState().noteSourceEntity(stream, source, entity);
          if (current)
            setAnswer({
              key,
              value: { entity, problem: entity ? null : `The source has no entity "${definition.entity}".` },
            });
        },
        (error: unknown) => {
          if (current)
            setAnswer({
              key,
              value: { entity: undefined, problem: error instanceof Error ? error.message : String(error) },
            });
        },
      );
    return () => {
      current = false;
    };
  }, [key, path, source, stream]);

  return answer?.key === key ? answer.value : { entity: undefined, problem: null };
}
