/**
 * The TCLIService calls the driver makes, answered from the DuckDB-backed warehouse. Every handler
 * takes exactly one argument and never throws: a zero-argument handler makes the generated processor
 * wait for a callback forever, and a thrown error reaches the driver as a bare TApplicationException
 * (databricks.md section 9, pitfalls).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { SimSqlError } from './sql-errors.ts';
import type { ResultTable } from './result-types.ts';
import { rowSet, tableSchema } from './row-set.ts';
import { enumValue, ttypes } from './thrift-runtime.ts';
import type { Parameters, SimSession, SimWarehouse, StatementHook } from './warehouse.ts';

interface Handle {
  readonly guid: Buffer;
  readonly secret: Buffer;
}

interface Operation {
  readonly handle: Handle;
  readonly result?: ResultTable;
  readonly error?: SimSqlError;
  cursor: number;
}

interface SparkParameter {
  readonly name?: string | null;
  readonly value?: { readonly stringValue?: string | null } | null;
}

const state = (name: string): number => enumValue(ttypes.TOperationState, name);
const OK = (): object => ({ statusCode: enumValue(ttypes.TStatusCode, 'SUCCESS_STATUS') });
const COLUMN_BASED = (): number => enumValue(ttypes.TSparkRowSetType, 'COLUMN_BASED_SET');

function errorStatus(message: string, error?: SimSqlError): object {
  return { statusCode: enumValue(ttypes.TStatusCode, 'ERROR_STATUS'), errorMessage: message, displayMessage: message, ...(error === undefined ? {} : { sqlState: error.sqlState }) };
}

function newHandle(): Handle {
  // The driver prints handles with uuid.stringify, which rejects bytes that are not a valid UUID.
  return { guid: Buffer.from(randomUUID().replaceAll('-', ''), 'hex'), secret: randomBytes(16) };
}

const keyOf = (handle: { guid?: Buffer } | undefined): string => handle?.guid?.toString('hex') ?? '';

export function createTcliHandler(warehouse: SimWarehouse, hook: StatementHook): object {
  const sessions = new Map<string, SimSession>();
  const operations = new Map<string, Operation>();

  const operationFor = (req: { operationHandle?: { operationId?: Handle } }): Operation | undefined => operations.get(keyOf(req.operationHandle?.operationId));
  const unknownOperation = (): object => ({ status: errorStatus('Invalid OperationHandle: the operation is unknown or closed') });
  const metadata = (operation: Operation): object => ({
    status: OK(),
    schema: tableSchema(operation.result?.columns ?? []),
    resultFormat: COLUMN_BASED(),
    lz4Compressed: false,
  });
  const page = (operation: Operation, maxRows: number): object => {
    const rows = operation.result?.rows.length ?? 0;
    const end = Math.min(rows, operation.cursor + maxRows);
    const results = operation.result === undefined ? { startRowOffset: 0, rows: [], columns: [] } : rowSet(operation.result, operation.cursor, end);
    operation.cursor = end;
    return { status: OK(), hasMoreRows: end < rows, results };
  };

  return {
    async OpenSession(req: { initialNamespace?: { catalogName?: string; schemaName?: string } }): Promise<object> {
      try {
        const session = await warehouse.openSession(req.initialNamespace?.catalogName ?? 'main', req.initialNamespace?.schemaName ?? 'default', hook);
        const handle = newHandle();
        sessions.set(keyOf(handle), session);
        return {
          status: OK(),
          // V8 or newer, or the driver silently drops statement parameters (section 9).
          serverProtocolVersion: enumValue(ttypes.TProtocolVersion, 'SPARK_CLI_SERVICE_PROTOCOL_V8'),
          sessionHandle: { sessionId: handle },
        };
      } catch (error) {
        return { status: errorStatus(error instanceof Error ? error.message : String(error)) };
      }
    },

    async CloseSession(req: { sessionHandle?: { sessionId?: Handle } }): Promise<object> {
      const key = keyOf(req.sessionHandle?.sessionId);
      sessions.get(key)?.close();
      sessions.delete(key);
      return { status: OK() };
    },

    async ExecuteStatement(req: {
      sessionHandle?: { sessionId?: Handle };
      statement?: string;
      parameters?: SparkParameter[] | null;
      getDirectResults?: { maxRows?: unknown } | null;
    }): Promise<object> {
      const session = sessions.get(keyOf(req.sessionHandle?.sessionId));
      if (session === undefined) {
        return { status: errorStatus('requirement failed: Session handle has not been initialized or had already closed') };
      }
      const handle = newHandle();
      const operationHandle = { operationId: handle, operationType: enumValue(ttypes.TOperationType, 'EXECUTE_STATEMENT'), hasResultSet: true };
      try {
        const result = await session.execute(req.statement ?? '', parametersOf(req.parameters ?? []));
        const operation: Operation = { handle, result, cursor: 0 };
        operations.set(keyOf(handle), operation);
        // DDL has no result set, and no prefetched page either: the driver's fetch loop never ends on a
        // page it cannot read (its JSON handler skips a page with no columns without consuming it).
        const hasResultSet = result.columns.length > 0;
        if (req.getDirectResults === undefined || req.getDirectResults === null) return { status: OK(), operationHandle: { ...operationHandle, hasResultSet } };
        return {
          status: OK(),
          operationHandle: { ...operationHandle, hasResultSet },
          directResults: {
            operationStatus: { status: OK(), operationState: state('FINISHED_STATE'), hasResultSet },
            ...(hasResultSet
              ? { resultSetMetadata: metadata(operation), resultSet: page(operation, Number(req.getDirectResults.maxRows ?? 100_000)) }
              : {}),
          },
        };
      } catch (caught) {
        const error = caught instanceof SimSqlError ? caught : new SimSqlError('INTERNAL_ERROR', 'XX000', String(caught), 'runtime');
        if (error.phase === 'analysis') return { status: errorStatus(error.message, error) };
        // A runtime failure is an operation in ERROR_STATE, seen on the driver's first status poll.
        operations.set(keyOf(handle), { handle, error, cursor: 0 });
        return { status: OK(), operationHandle };
      }
    },

    async GetOperationStatus(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      const operation = operationFor(req);
      if (operation === undefined) return unknownOperation();
      if (operation.error === undefined) return { status: OK(), operationState: state('FINISHED_STATE'), hasResultSet: (operation.result?.columns.length ?? 0) > 0 };
      const { message, sqlState } = operation.error;
      return { status: OK(), operationState: state('ERROR_STATE'), sqlState, errorMessage: message, displayMessage: message, hasResultSet: false };
    },

    async GetResultSetMetadata(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      const operation = operationFor(req);
      return operation === undefined ? unknownOperation() : metadata(operation);
    },

    async FetchResults(req: { operationHandle?: { operationId?: Handle }; orientation?: number; maxRows?: unknown }): Promise<object> {
      const operation = operationFor(req);
      if (operation === undefined) return unknownOperation();
      if (req.orientation === enumValue(ttypes.TFetchOrientation, 'FETCH_FIRST')) operation.cursor = 0;
      return page(operation, Number(req.maxRows ?? 100_000));
    },

    async CancelOperation(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      return operationFor(req) === undefined ? unknownOperation() : { status: OK() };
    },

    async CloseOperation(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      operations.delete(keyOf(req.operationHandle?.operationId));
      return { status: OK() };
    },

    closeAll(): void {
      for (const session of sessions.values()) session.close();
      sessions.clear();
      operations.clear();
    },
  };
}

/** Named parameters when the driver sent names, else positional in array order (section 9). */
function parametersOf(parameters: readonly SparkParameter[]): Parameters {
  const value = (p: SparkParameter): string | null => p.value?.stringValue ?? null;
  if (parameters.some((p) => typeof p.name === 'string' && p.name !== '')) {
    return Object.fromEntries(parameters.map((p) => [p.name ?? '', value(p)]));
  }
  return parameters.map(value);
}
