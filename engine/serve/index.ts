/** What the composition root uses of the service (the CLI imports it on demand: it loads the runner). */
export { WebhookAlerts, type AlertStyle, type AlertTarget } from './alerts.ts';
export type { RunRequest, RunStarter } from './run-starter.ts';
export { MISSED_RUN_POLICIES, type MissedRunPolicy } from './schedule-plan.ts';
export { createServeLog, type ServeLog } from './serve-log.ts';
export { runServeProcess } from './serve-process.ts';
export { ServeService } from './serve-service.ts';
export type { PipelineStatus, ServeStatus } from './serve-status.ts';
export { DEFAULT_STATUS_HOST, DEFAULT_STATUS_PORT, StatusSetupError, startStatusServer } from './status-server.ts';
