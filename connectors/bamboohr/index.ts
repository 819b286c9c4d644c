/** The BambooHR connector: a Source over the REST API, its descriptor, webhooks, the change feed and the simulator. */
export { createBambooSource, BambooSourceError } from './source.ts';
export type { BambooSource } from './source.ts';
export { BambooClient, RECONNECT_HELP } from './client.ts';
export type { BambooAuthConfig, BambooConnectionConfig } from './client.ts';
export { bambooConnectorDescriptor } from './descriptor.ts';
export type { BambooConnectorDescriptor } from './descriptor.ts';
export { testBambooConnection } from './check.ts';
export { BAMBOO_STREAMS } from './streams.ts';
export type { BambooStream, BambooStreamId } from './streams.ts';
export { simulate, startBambooSimulator, BAMBOOHR_SIMULATOR_DEFAULT_PORT } from './simulator/index.ts';
export type { BambooSimulator, BambooSimulatorOptions } from './simulator/index.ts';
export { BambooChangeFeed } from './change-feed.ts';
export type { AppliedState, FeedBatch } from './change-feed.ts';
export { createWebhookReceiver } from './webhooks/receiver.ts';
export type { ReceiveOutcome, ReceiveResult, WebhookReceiver, WebhookReceiverOptions } from './webhooks/receiver.ts';
export { computeSignature, verifySignature } from './webhooks/signature.ts';
export { parseWebhookPayload } from './webhooks/events.ts';
export type { EmployeeWebhookEvent } from './webhooks/events.ts';
