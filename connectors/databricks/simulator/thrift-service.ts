/**
 * The TCLIService calls the driver makes, answered from the DuckDB-backed warehouse. Every handler
 * takes exactly one argument and never throws: a zero-argument handler makes the generated processor
 * wait for a callback forever, and a thrown error reaches the driver as a bare TApplicationException
 * (databricks.md section 9, pitfalls).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { bootingRefusal, coldPhase, invalidSession, unopenedSession, type WorkspaceFaults } from './faults.ts';
import { withInformationSchema } from './information-schema.ts';
import { privilegeRefusal } from './privileges.ts';
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
  /** The session it ran in. */
  readonly session: string;
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
  return {
    statusCode: enumValue(ttypes.TStatusCode, 'ERROR_STATUS'),
    errorMessage: message,
    displayMessage: message,
    ...(error === undefined ? {} : { sqlState: error.sqlState }),
  };
}

function newHandle(): Handle {
  // The driver prints handles with uuid.stringify, which rejects bytes that are not a valid UUID.
  return { guid: Buffer.from(randomUUID().replaceAll('-', ''), 'hex'), secret: randomBytes(16) };
}

const keyOf = (handle: { guid?: Buffer } | undefined): string => handle?.guid?.toString('hex') ?? '';
/** A handle's id as Databricks prints it in errors: a UUID. */
const uuidOf = (key: string): string => key.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

interface OpenSession {
  readonly session: SimSession;
  /** The session's catalog and schema (its initial namespace), for naming securables in refusals. */
  readonly namespace: { readonly catalog: string; readonly schema: string };
  /** Opened while the warehouse was still booting: refused once it is up (faults.ts, coldStart). */
  readonly openedCold: boolean;
}

export function createTcliHandler(warehouse: SimWarehouse, hook: StatementHook, faults: WorkspaceFaults = {}): object {
  const sessions = new Map<string, OpenSession>();
  const operations = new Map<string, Operation>();
  /** Sessions (and their operations' sessions by operation) the warehouse forgot, so later calls get its words. */
  const forgotten = new Set<string>();
  const forgottenOperations = new Map<string, string>();

  /** The warehouse restarts or times its sessions out: every open session and its operations are gone. */
  const forgetSessions = (): void => {
    for (const [key, open] of sessions) {
      open.session.close();
      forgotten.add(key);
    }
    sessions.clear();
    for (const [key, operation] of operations) forgottenOperations.set(key, operation.session);
    operations.clear();
  };
  const dropIfAsked = (): void => {
    if (faults.dropSessions !== 'now') return;
    delete faults.dropSessions;
    forgetSessions();
  };

  const operationFor = (req: { operationHandle?: { operationId?: Handle } }): Operation | undefined => {
    dropIfAsked();
    return operations.get(keyOf(req.operationHandle?.operationId));
  };
  const unknownOperation = (req: { operationHandle?: { operationId?: Handle } }): object => {
    const session = forgottenOperations.get(keyOf(req.operationHandle?.operationId));
    return {
      status: errorStatus(
        session === undefined
          ? 'Invalid OperationHandle: the operation is unknown or closed'
          : invalidSession(uuidOf(session)),
      ),
    };
  };
  const metadata = (operation: Operation): object => ({
    status: OK(),
    schema: tableSchema(operation.result?.columns ?? []),
    resultFormat: COLUMN_BASED(),
    lz4Compressed: false,
    // A staging command (PUT into a Volume): the driver reads its one row and uploads the file itself.
    isStagingOperation: operation.result?.staging === true,
  });
  const page = (operation: Operation, maxRows: number): object => {
    const rows = operation.result?.rows.length ?? 0;
    const end = Math.min(rows, operation.cursor + maxRows);
    const results =
      operation.result === undefined
        ? { startRowOffset: 0, rows: [], columns: [] }
        : rowSet(operation.result, operation.cursor, end);
    operation.cursor = end;
    return { status: OK(), hasMoreRows: end < rows, results };
  };

  return {
    async OpenSession(req: { initialNamespace?: { catalogName?: string; schemaName?: string } }): Promise<object> {
      dropIfAsked();
      try {
        const namespace = {
          catalog: req.initialNamespace?.catalogName ?? 'main',
          schema: req.initialNamespace?.schemaName ?? 'default',
        };
        const session = await warehouse.openSession(namespace.catalog, namespace.schema, hook);
        const handle = newHandle();
        sessions.set(keyOf(handle), { session, namespace, openedCold: coldPhase(faults) !== 'warm' });
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
      sessions.get(key)?.session.close();
      sessions.delete(key);
      return { status: OK() };
    },

    async ExecuteStatement(req: {
      sessionHandle?: { sessionId?: Handle };
      statement?: string;
      parameters?: SparkParameter[] | null;
      getDirectResults?: { maxRows?: unknown } | null;
    }): Promise<object> {
      dropIfAsked();
      const sessionKey = keyOf(req.sessionHandle?.sessionId);
      const open = sessions.get(sessionKey);
      if (open === undefined) {
        if (forgotten.has(sessionKey)) return { status: errorStatus(invalidSession(uuidOf(sessionKey))) };
        return {
          status: errorStatus('requirement failed: Session handle has not been initialized or had already closed'),
        };
      }
      const phase = coldPhase(faults);
      if (phase === 'booting') return { status: errorStatus(bootingRefusal()) };
      if (open.openedCold) return { status: errorStatus(unopenedSession(uuidOf(sessionKey))) };
      const refused = privilegeRefusal(req.statement ?? '', faults.deniedPrivileges ?? [], open.namespace);
      if (refused !== undefined) return { status: errorStatus(refused.message, refused) };
      const handle = newHandle();
      const operationHandle = {
        operationId: handle,
        operationType: enumValue(ttypes.TOperationType, 'EXECUTE_STATEMENT'),
        hasResultSet: true,
      };
      const directResults = req.getDirectResults !== undefined && req.getDirectResults !== null;
      try {
        const result = await open.session.execute(
          withInformationSchema(req.statement ?? ''),
          parametersOf(req.parameters ?? []),
        );
        const operation: Operation = { handle, session: sessionKey, result, cursor: 0 };
        operations.set(keyOf(handle), operation);
        if (faults.dropSessions === 'during-next-statement') {
          // The statement has committed; the warehouse restarts before the client reads how it went.
          delete faults.dropSessions;
          forgetSessions();
          return {
            status: OK(),
            operationHandle,
            ...(directResults
              ? { directResults: { operationStatus: { status: OK(), operationState: state('RUNNING_STATE') } } }
              : {}),
          };
        }
        // DDL has no result set, and no prefetched page either: the driver's fetch loop never ends on a
        // page it cannot read (its JSON handler skips a page with no columns without consuming it).
        const hasResultSet = result.columns.length > 0;
        if (!directResults) return { status: OK(), operationHandle: { ...operationHandle, hasResultSet } };
        return {
          status: OK(),
          operationHandle: { ...operationHandle, hasResultSet },
          directResults: {
            operationStatus: { status: OK(), operationState: state('FINISHED_STATE'), hasResultSet },
            ...(hasResultSet
              ? {
                  resultSetMetadata: metadata(operation),
                  resultSet: page(operation, Number(req.getDirectResults?.maxRows ?? 100_000)),
                }
              : {}),
          },
        };
      } catch (caught) {
        const error =
          caught instanceof SimSqlError
            ? caught
            : new SimSqlError('INTERNAL_ERROR', 'XX000', String(caught), 'runtime');
        if (error.phase === 'analysis') return { status: errorStatus(error.message, error) };
        operations.set(keyOf(handle), { handle, session: sessionKey, error, cursor: 0 });
        if (faults.errorsInDirectResults !== false && directResults) {
          // Failed fast: the ERROR_STATE comes inside the direct results, with no result set to read.
          return {
            status: OK(),
            operationHandle: { ...operationHandle, hasResultSet: false },
            directResults: { operationStatus: failedStatus(error) },
          };
        }
        // Otherwise an operation in ERROR_STATE, seen on the driver's first status poll.
        return { status: OK(), operationHandle };
      }
    },

    async GetOperationStatus(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      const operation = operationFor(req);
      if (operation === undefined) return unknownOperation(req);
      if (operation.error === undefined)
        return {
          status: OK(),
          operationState: state('FINISHED_STATE'),
          hasResultSet: (operation.result?.columns.length ?? 0) > 0,
        };
      return failedStatus(operation.error);
    },

    async GetResultSetMetadata(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      const operation = operationFor(req);
      return operation === undefined ? unknownOperation(req) : metadata(operation);
    },

    async FetchResults(req: {
      operationHandle?: { operationId?: Handle };
      orientation?: number;
      maxRows?: unknown;
    }): Promise<object> {
      const operation = operationFor(req);
      if (operation === undefined) return unknownOperation(req);
      if (req.orientation === enumValue(ttypes.TFetchOrientation, 'FETCH_FIRST')) operation.cursor = 0;
      return page(operation, Number(req.maxRows ?? 100_000));
    },

    async CancelOperation(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      return operationFor(req) === undefined ? unknownOperation(req) : { status: OK() };
    },

    async CloseOperation(req: { operationHandle?: { operationId?: Handle } }): Promise<object> {
      operations.delete(keyOf(req.operationHandle?.operationId));
      return { status: OK() };
    },

    closeAll(): void {
      for (const open of sessions.values()) open.session.close();
      sessions.clear();
      operations.clear();
    },
  };
}

/** An operation in ERROR_STATE with its SQLSTATE and message, as GetOperationStatus or direct results carry it. */
function failedStatus(error: SimSqlError): object {
  return {
    status: OK(),
    operationState: state('ERROR_STATE'),
    sqlState: error.sqlState,
    errorMessage: error.message,
    displayMessage: error.message,
    hasResultSet: false,
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
