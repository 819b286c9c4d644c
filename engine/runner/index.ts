/** The sync engine's public API: what the CLI, the local host server and the studio call. */
export { runPipeline, todayIn, mappingHash, selectedStreams } from './run-pipeline.ts';
export type { RunOptions, RunOutcome } from './run-pipeline.ts';
export { loadPipelineFile, pipelineIdOf, PipelineProblemsError } from './pipeline-loader.ts';
export type { LoadedPipeline } from './pipeline-loader.ts';
export type { RunEvent, StreamResult, StreamStatus } from './events.ts';
export { previewStream } from './preview.ts';
export type { PreviewOptions, PreviewResult } from './preview.ts';
export { planRun } from './plan.ts';
export type { PlanOptions, PlanResult } from './plan.ts';
export { replay } from './replay.ts';
export type { ReplayOptions, ReplayOutcome } from './replay.ts';
export { MemorySource } from './memory-source.ts';
export { withSource } from './connections.ts';
export type { ConnectionOptions } from './connections.ts';
export type { ConnectionContext, ConnectorRegistry } from '../model/connector-registry.ts';
export { readLastWritten } from './last-written.ts';
export type { LastRunInfo, LastWritten, LastWrittenOptions } from './last-written.ts';
export type { LockOptions } from './pipeline-lock.ts';
export {
  acquireRunLock,
  tryAcquireRunLock,
  describeHolder,
  RunLockedError,
  type RunLockHandle,
  type RunLockHolder,
  type RunLockWait,
  type RunStarter,
} from '../store/index.ts';
