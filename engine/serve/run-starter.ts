/**
 * How the service starts one run: a port, so the composition root decides how a run is made (the CLI's
 * runs take the run lock that `run`, `replay` and the studio also take, as `serve`) while the service
 * only decides when.
 */
import type { LoadedPipeline, RunEvent, RunOutcome } from '../runner/index.ts';

export interface RunRequest {
  readonly loaded: LoadedPipeline;
  /** The pipeline's state folder (run store, watermarks). */
  readonly stateDir: string;
  /** Aborted when the service stops: the batch in flight commits or rolls back, then the run returns. */
  readonly signal: AbortSignal;
  readonly onEvent: (event: RunEvent) => void;
  /** The service's clock: the run's times in the run store are the service's times. */
  readonly clock: () => number;
}

export type RunStarter = (request: RunRequest) => Promise<RunOutcome>;
