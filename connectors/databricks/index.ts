/** Databricks (Unity Catalog, Delta) as a pipeline destination, through the `@databricks/sql` driver. */
export { DatabricksDestination, openDatabricksDestination } from './destination.ts';
export type { DatabricksDestinationOptions, DatabricksWriteResult } from './destination.ts';
export type { DatabricksAuth } from './auth.ts';
export { DatabricksDestinationError } from './errors.ts';
export type { DatabricksErrorCode } from './errors.ts';
export type { JobPolling, JobRunOutcome } from './job-trigger.ts';
