/** A local Databricks workspace (SQL warehouse over Thrift/HTTPS, OAuth M2M, Jobs) for tests and demos. */
export { startDatabricksSimulator } from './server.ts';
export { DEMO_VENDOR_TABLE } from './demo-vendors.ts';
export type { DatabricksFaults, DatabricksSimulator, DatabricksSimulatorOptions } from './server.ts';
export type { TableTotals } from './warehouse.ts';
