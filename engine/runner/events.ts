/** Progress events a run emits: defined in engine/model so the studio's wire contract uses the same types. */
export type { RunEvent, StreamResult, StreamStatus } from '../model/run-events.ts';
