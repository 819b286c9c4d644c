/** The BambooHR simulator: a real HTTP server with seeded data, for tests, demos and `simulate bamboohr`. */
export { startBambooSimulator, DEMO_API_KEY, DEMO_APP } from './server.ts';
export type { BambooSimulator, BambooSimulatorOptions, SeenRequest } from './server.ts';
export { WebhookSender, signWebhook, RETRY_MINUTES, WEBHOOK_USER_AGENT } from './webhook-sender.ts';
export type { Delivery, WebhookTarget } from './webhook-sender.ts';
export { BambooStore, SIM_EPOCH_MS } from './store.ts';
export type { EmployeeEvent, StoreChange } from './store.ts';
export { TABLES } from './seed-data.ts';
export type { TableName } from './seed-data.ts';
