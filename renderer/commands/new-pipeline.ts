import { CURRENT_VERSION, type Pipeline } from '../../engine/model/index.ts';

/** A new, empty pipeline that is already valid: the analyst adds connections and streams from here. */
export function newPipeline(name = 'New pipeline'): Pipeline {
  return { version: CURRENT_VERSION, name, connections: {}, streams: {} };
}
