/**
 * The driver's own generated TCLIService (Thrift 0.19 output shipped inside `@databricks/sql`) and
 * the `thrift` runtime, loaded as CommonJS. Neither ships types usable from strict ESM code, so
 * the few parts the simulator touches are declared here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface ThriftInput {
  readMessageBegin(): { fname: string };
}

export interface ThriftTransport {
  readonly __brand?: 'transport';
}

export interface ThriftModule {
  TBinaryProtocol: new (transport: ThriftTransport) => ThriftInput;
  Int64: new (buffer: Buffer) => unknown;
  TBufferedTransport: (new (buffer: undefined, onFlush: (buf: Buffer) => void) => ThriftTransport) & {
    receiver(callback: (transport: ThriftTransport) => void): (data: Buffer) => void;
  };
}

export interface Processor {
  process(input: ThriftInput, output: ThriftInput): void;
}

export interface TCLIServiceModule {
  Processor: new (handler: object) => Processor;
}

type Enum = Readonly<Record<string, number>>;

export interface TCLITypes {
  TTypeId: Enum;
  TStatusCode: Enum;
  TOperationState: Enum;
  TOperationType: Enum;
  TSparkRowSetType: Enum;
  TProtocolVersion: Enum;
  TFetchOrientation: Enum;
}

export const thrift = require('thrift') as ThriftModule;
export const TCLIService = require('@databricks/sql/thrift/TCLIService.js') as TCLIServiceModule;
export const ttypes = require('@databricks/sql/thrift/TCLIService_types.js') as TCLITypes;

/** A Thrift i64 for any bigint in range (node-int64 takes 8 big-endian bytes). */
export function int64(value: bigint): unknown {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE(value);
  return new thrift.Int64(buffer);
}

export function enumValue(e: Enum, name: string): number {
  const value = e[name];
  if (value === undefined) throw new Error(`unknown Thrift enum value ${name}`);
  return value;
}
