/** The studio host is a composition root: it hands the engine the connectors' registry. */
import {
  moduleOf,
  openDestination,
  openSource,
  openWebhookIntake,
  webhookSystems,
} from '../../../connectors/registry.ts';
import type { WebhookConnectors } from '../../webhooks/webhook-service.ts';

export const connectors: WebhookConnectors = { openSource, openDestination, openWebhookIntake, webhookSystems };

/** A system's name as the analyst knows it ("Dynamics GP"), from the connectors' catalog; the id when unknown. */
export function systemLabel(system: string): string {
  return moduleOf(system)?.descriptor.label ?? system;
}
