/** The studio host is a composition root: it hands the engine the connectors' registry. */
import { openDestination, openSource, openWebhookIntake, webhookSystems } from '../../../connectors/registry.ts';
import type { WebhookConnectors } from '../../webhooks/webhook-service.ts';

export const connectors: WebhookConnectors = { openSource, openDestination, openWebhookIntake, webhookSystems };
