/** The file connector: a Source over CSV and JSONL files, its descriptor, and a GL sample writer for tests and benchmarks. */
export { createFileSource } from './source.ts';
export type { FileSource } from './source.ts';
export type { FileConnectionConfig, FileEntityConfig, FileFormat, FileSourceConfig } from './config.ts';
export type { FileRecordProblem, FileSourcePage } from './read-entity.ts';
export { FileSourceError } from './errors.ts';
export type { FileSourceErrorCode } from './errors.ts';
export { fileConnectorDescriptor } from './descriptor.ts';
export { fileModule } from './module.ts';
export type { FileConnectorDescriptor } from './descriptor.ts';
export { writeSampleGlLines } from './sample-gl.ts';
export type { SampleGlTotals } from './sample-gl.ts';
