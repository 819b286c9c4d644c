/**
 * A Databricks SQL warehouse takes at most 256 parameters in one statement. More is refused before the
 * statement runs, at the HTTP level: 400 with `BAD_REQUEST: Parameterized query has too many parameters:
 * N parameters were given but the limit is 256.` in the `x-thriftserver-error-message` header (the JDBC
 * driver prints it as "HTTP Response code: 400, Error message: BAD_REQUEST: …", the Python one as "Error
 * during request to server: BAD_REQUEST: …"; databricks-sql-nodejs#308, airbyte#46931 and #63311,
 * databricks-sql-python#300). The simulator reads the request before its Thrift processor does, so it
 * can answer with that status as the warehouse does.
 */
import { createRequire } from 'node:module';
import { thrift, type ThriftTransport } from './thrift-runtime.ts';

export const PARAMETER_LIMIT = 256;

interface ThriftReader {
  readMessageBegin(): { fname: string };
  readStructBegin(): void;
  readFieldBegin(): { ftype: number; fid: number };
}

interface ExecuteStatementReq {
  read(input: ThriftReader): void;
  readonly statement?: string | null;
  readonly parameters?: readonly unknown[] | null;
}

const require = createRequire(import.meta.url);
const types = require('@databricks/sql/thrift/TCLIService_types.js') as {
  TExecuteStatementReq: new () => ExecuteStatementReq;
};
/** Thrift's type id of a struct field. */
const STRUCT = 12;

export interface ThriftCallShape {
  readonly method: string;
  /** ExecuteStatement only: how many parameters the statement carries. */
  readonly parameters?: number;
}

/** The Thrift method of one POST body and, for ExecuteStatement, its parameter count. */
export function readThriftCall(body: Buffer): ThriftCallShape {
  let shape: ThriftCallShape = { method: '' };
  thrift.TBufferedTransport.receiver((transport: ThriftTransport) => {
    const input = new thrift.TBinaryProtocol(transport) as unknown as ThriftReader;
    const method = input.readMessageBegin().fname;
    shape = { method };
    if (method !== 'ExecuteStatement') return;
    // TCLIService_ExecuteStatement_args: field 1 is the request struct.
    input.readStructBegin();
    const field = input.readFieldBegin();
    if (field.fid !== 1 || field.ftype !== STRUCT) return;
    const request = new types.TExecuteStatementReq();
    request.read(input);
    shape = { method, parameters: request.parameters?.length ?? 0 };
  })(body);
  return shape;
}

export function tooManyParameters(count: number): string {
  return `BAD_REQUEST: Parameterized query has too many parameters: ${count} parameters were given but the limit is ${PARAMETER_LIMIT}.`;
}
