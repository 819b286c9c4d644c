/**
 * Which streams webhooks can keep current: those reading an entity a system pushes changes of, as the
 * connector list says (each module's optional webhooks), so no face names a system itself.
 */
import type { Pipeline } from '../model/schema/pipeline.ts';
import { ownEntry } from '../model/own-names.ts';

/** A system that pushes changes by webhook, as the connectors' registry lists it. */
export interface WebhookSystem {
  readonly system: string;
  readonly label: string;
  readonly entities: readonly string[];
}

/** Whether webhooks can keep this stream current: its source connection's system pushes its entity. */
export function webhookCanKeep(pipeline: Pipeline, streamName: string, systems: readonly WebhookSystem[]): boolean {
  const stream = ownEntry(pipeline.streams, streamName);
  const connection = stream && ownEntry(pipeline.connections, stream.source.connection);
  if (stream === undefined || connection === undefined) return false;
  return systems.some(
    (pusher) => pusher.system === connection.system && pusher.entities.includes(stream.source.entity),
  );
}

/** The streams webhooks can keep current, by name, in file order. */
export function webhookStreams(pipeline: Pipeline, systems: readonly WebhookSystem[]): string[] {
  return Object.keys(pipeline.streams).filter((name) => webhookCanKeep(pipeline, name, systems));
}

/** The kind of stream webhooks keep current, for messages: "BambooHR employees" (several joined with "or"). */
export function webhookStreamKinds(systems: readonly WebhookSystem[]): string {
  const kinds = systems.flatMap((pusher) => pusher.entities.map((entity) => `${pusher.label} ${entity}`));
  return kinds.length === 0 ? 'webhook-capable' : kinds.join(' or ');
}
