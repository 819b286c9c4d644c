/**
 * What a source connection offers (the host's `schema.entities`, the Source screen's own question),
 * read from the unsaved pipeline, so a connection added a moment ago is asked as it is now.
 */
import { useEffect, useState } from 'react';
import type { EntityInfo } from '../../api/wire.ts';
import { pipelineRef } from '../../state/connections.ts';
import { messageOf } from '../../state/files.ts';
import { studioClient, studioStore } from '../../state/store.ts';

export type EntitiesLoad =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly entities: readonly EntityInfo[] }
  | { readonly status: 'failed'; readonly message: string };

/** `readAgain` changing asks again (the Source screen's button, a connection's settings edited). */
export function useEntities(connection: string, readAgain?: string | number): EntitiesLoad {
  const [load, setLoad] = useState<EntitiesLoad>({ status: 'idle' });
  useEffect(() => {
    const pipeline = pipelineRef(studioStore().getState());
    if (connection === '' || pipeline === null) {
      setLoad({ status: 'idle' });
      return;
    }
    let current = true;
    setLoad({ status: 'loading' });
    studioClient()
      .schema.entities({ pipeline, connection })
      .then(
        (entities) => current && setLoad({ status: 'done', entities }),
        (error: unknown) => current && setLoad({ status: 'failed', message: messageOf(error) }),
      );
    return () => {
      current = false;
    };
  }, [connection, readAgain]);
  return load;
}
