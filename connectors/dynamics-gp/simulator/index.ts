/** The Dynamics GP SBA simulator: a real HTTP server with seeded data, for tests, demos and `simulate gp`. */
export { startGpSimulator, DEFAULT_GP_USER } from './server.ts';
export type { GpSimulator, GpSimulatorOptions } from './server.ts';
export type { GpUser, NtlmStats } from './auth.ts';
export type { Change, ControlTotals, EntityTotals } from './store.ts';
export { GP_ENTITIES } from './entities.ts';
export type { GpEntityDef, GpEntityId } from './entities.ts';
export { encodeGpSegment } from './routes.ts';
