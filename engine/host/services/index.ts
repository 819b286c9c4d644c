/**
 * The studio's services over the engine, one per domain, in the shape of the studio API's ChannelMap
 * (renderer/api/contract.ts). Each host binds them to its transport after validating the payload, so
 * the methods here trust their typed arguments.
 */
import { systemRules } from '../../../connectors/registry.ts';
import { installSystemRules } from '../../model/index.ts';
import { connectionsService } from './connections.ts';
import type { HostContext } from './context.ts';
import { lookupsService } from './lookups.ts';
import { pipelinesService } from './pipelines.ts';
import { previewService } from './preview.ts';
import { runsService } from './runs.ts';
import { schemaService } from './schema.ts';
import { withSessionSecrets } from './session-secrets.ts';
import { createSignIns } from './sign-in.ts';
import { defaultSignInCertificateDir, signInCertificates } from './sign-in-certificate.ts';
import { createWebhooks } from './webhooks.ts';

export type { HostContext, HostSecrets, PipelineRefInput } from './context.ts';

export function createStudioServices(hostContext: HostContext) {
  // Every service sees the secrets the analyst kept for this session (no keychain here) as well.
  const context: HostContext = { ...hostContext, secrets: withSessionSecrets(hostContext.secrets) };
  // Pipelines opened and saved here are checked against the systems the connector list knows.
  installSystemRules(systemRules());
  const certificate = signInCertificates({
    folder: context.signInCertificateDir ?? defaultSignInCertificateDir(),
    secrets: context.secrets,
    remember: (value) => context.registry.remember(value),
  });
  const signIns = createSignIns({ publish: context.publish, openExternal: context.openExternal, certificate });
  const webhooks = createWebhooks(context);
  return {
    pipelines: pipelinesService(context, context.examplesDir),
    connections: connectionsService(context, signIns),
    schema: schemaService(context),
    preview: previewService(context),
    lookups: lookupsService(context),
    runs: runsService(context),
    webhooks: webhooks.service,
    /** Not a channel: the host calls it when it closes, so no sign-in or webhook listener outlives it. */
    close: async () => {
      signIns.close();
      await webhooks.close();
    },
  };
}

export type StudioServices = ReturnType<typeof createStudioServices>;
