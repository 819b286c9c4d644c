/**
 * The Dynamics GP connector: its source (the ledger over GP Web Services, vendors and payables over SBA),
 * destination, descriptor, module and simulator.
 */
export { openGpSource } from './gp-source.ts';
export { GpWebServicesClient } from './web-services/client.ts';
export { createGpSource, GpSourceError } from './source.ts';
export type { GpSource } from './source.ts';
export { GpClient } from './client.ts';
export type { GpConnectionConfig, GpRecord } from './client.ts';
export { gpConnectorDescriptor } from './descriptor.ts';
export { testGpConnection } from './check.ts';
export type { GpConnectorDescriptor } from './descriptor.ts';
export { GP_STREAMS } from './streams.ts';
export type { GpStream, GpStreamId } from './streams.ts';
export { startGpSimulator } from './simulator/index.ts';
export { gpModule } from './module.ts';
export type { GpSimulator, GpSimulatorOptions } from './simulator/index.ts';
export { GpDestination, openGpDestination } from './destination/destination.ts';
export { GP_TABLES, GpTargetError } from './destination/tables.ts';
export type { GpTable, GpTableKind } from './destination/tables.ts';
