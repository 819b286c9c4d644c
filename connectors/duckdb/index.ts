/** The embedded local warehouse (DuckDB) as a pipeline destination. */
export { openDuckDbDestination } from './destination.ts';
export type { ControlTotals, DuckDbDestination, DuckDbWritePlan, DuckDbWriteResult } from './destination.ts';
export type { RejectedRow } from './staging.ts';
export { DuckDbDestinationError } from './errors.ts';
export type { DuckDbErrorCode } from './errors.ts';
