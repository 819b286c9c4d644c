/**
 * The studio's services over the engine, one per domain, in the shape of the studio API's ChannelMap
 * (renderer/api/contract.ts). Each host binds them to its transport after validating the payload, so
 * the methods here trust their typed arguments.
 */
import { connectionsService } from './connections.ts';
import type { HostContext } from './context.ts';
import { lookupsService } from './lookups.ts';
import { pipelinesService } from './pipelines.ts';
import { previewService } from './preview.ts';
import { runsService } from './runs.ts';
import { schemaService } from './schema.ts';

export type { HostContext, HostSecrets, PipelineRefInput } from './context.ts';

export function createStudioServices(context: HostContext) {
  return {
    pipelines: pipelinesService(context, context.examplesDir),
    connections: connectionsService(context),
    schema: schemaService(context),
    preview: previewService(context),
    lookups: lookupsService(context),
    runs: runsService(context),
  };
}

export type StudioServices = ReturnType<typeof createStudioServices>;
