/** The pipeline model: the file format every other part of ml-connector builds on. */
export * from './column-type.ts';
export * from './connector-registry.ts';
export * from './errors.ts';
export { findDuplicateKeys } from './duplicate-keys.ts';
export * from './file-paths.ts';
export * from './io.ts';
export * from './migrations.ts';
export * from './own-names.ts';
export * from './pipeline-file.ts';
export * from './problems.ts';
export * from './references.ts';
export * from './secrets-guard.ts';
export * from './schema/common.ts';
export * from './schema/connection.ts';
export * from './schema/lookup.ts';
export * from './schema/pipeline.ts';
export * from './schema/stream.ts';
export { cronProblem } from './schema/cron.ts';
