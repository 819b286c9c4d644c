/**
 * The file source: entities over CSV and JSONL files in one folder. Discovery infers each entity's
 * schema and remembers it, so `read` types records exactly as the schema the mappings were checked
 * against said (a read before any discovery discovers first).
 */
import type { EntitySchema, ReadRequest, Source } from '../../engine/model/io.ts';
import { DEFAULT_CHUNK_BYTES, DEFAULT_INFERENCE_ROWS, validateSourceConfig } from './config.ts';
import type { FileEntityConfig, FileSourceConfig } from './config.ts';
import { discoverEntity } from './discover-entity.ts';
import type { EntityPlan } from './discover-entity.ts';
import { FileSourceError } from './errors.ts';
import { readEntityPages } from './read-entity.ts';
import type { FileSourcePage } from './read-entity.ts';

/** A Source whose pages also name every value that could not be read (see FileSourcePage). */
export interface FileSource extends Source {
  read(request: ReadRequest): AsyncIterable<FileSourcePage>;
}

export function createFileSource(config: FileSourceConfig): FileSource {
  validateSourceConfig(config);
  const folder = config.connection.folder;
  const inferenceRows = config.inferenceRows ?? DEFAULT_INFERENCE_ROWS;
  const chunkBytes = config.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const plans = new Map<string, Promise<EntityPlan>>();

  const entityConfig = (entity: string): FileEntityConfig => {
    const found = config.entities.find((candidate) => candidate.entity === entity);
    if (found === undefined) {
      const known = config.entities.map((candidate) => candidate.entity).join(', ');
      throw new FileSourceError(
        'ENTITY_UNKNOWN',
        `no file entity named "${entity}" (configured: ${known === '' ? 'none' : known})`,
      );
    }
    return found;
  };

  const discoverOne = (entity: FileEntityConfig): Promise<EntityPlan> => {
    const plan = discoverEntity(entity, { folder, inferenceRows, chunkBytes });
    plans.set(entity.entity, plan);
    // A failed discovery is not remembered: the next call looks at the files again.
    plan.catch(() => {
      if (plans.get(entity.entity) === plan) plans.delete(entity.entity);
    });
    return plan;
  };

  return {
    orderedByCursor: false,

    async discover(): Promise<readonly EntitySchema[]> {
      const discovered = await Promise.all(config.entities.map(discoverOne));
      return discovered.map((plan) => plan.schema);
    },

    async *read(request: ReadRequest): AsyncGenerator<FileSourcePage> {
      const entity = entityConfig(request.entity);
      const plan = await (plans.get(entity.entity) ?? discoverOne(entity));
      yield* readEntityPages(plan, request, { folder, chunkBytes });
    },

    async close(): Promise<void> {
      // Every read closes its own files when it ends or is cancelled; nothing else is held open.
      plans.clear();
    },
  };
}
