/**
 * Deterministic ledger batches for the store's tests. Batch n is the same everywhere (in a child
 * writer process and in the test that checks what it left behind), so a test can assert that a
 * committed batch holds exactly the rows that were sent, not merely some rows.
 */
import { Decimal, PlainDate, Timestamp } from '../../model/values/index.ts';
import type { ControlTotals } from '../control-totals.ts';
import type { AddHoldInput, CommitBatchInput, RecordBatchInput, StartRunInput } from '../types.ts';
import type { Row } from '../value-codec.ts';

export const LEDGER_PIPELINE = 'gp-to-warehouse';
export const LEDGER_STREAM = 'gl_entries';
const BASE_MILLIS = Date.UTC(2024, 0, 1);

export function runInput(runId: string, overrides: Partial<StartRunInput> = {}): StartRunInput {
  return {
    runId,
    pipelineId: LEDGER_PIPELINE,
    pipelineName: 'GP to warehouse',
    mappingHash: 'sha256:5f1e',
    trigger: 'run',
    startedAt: '2024-03-01T09:00:00Z',
    ...overrides,
  };
}

export function batchIdFor(n: number): string {
  return `batch-${n}`;
}

export function batchNumberOf(batchId: string): number {
  return Number(batchId.slice('batch-'.length));
}

/** The cursor batch n reaches: a modified time one minute per batch, written at +01:00. */
export function cursorFor(n: number): Timestamp {
  return Timestamp.fromEpochMillis(BASE_MILLIS + n * 60_000, 60);
}

export function keysAtCursorFor(n: number): string[] {
  return [`JE-${n}-last`];
}

/** Which batch a stream state points at, from its keys (0 when the stream has no state yet). */
export function batchNumberOfKeys(keys: readonly string[] | undefined): number {
  const key = keys?.[0];
  return key === undefined ? 0 : Number(key.split('-')[1]);
}

export function rowsFor(n: number, count: number, memoLength = 16): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    entryId: `JE-${n}-${i}`,
    account: i === 0 ? '9999-999' : '4000-100',
    amount: Decimal.of(BigInt((n * 1000 + i) * (i % 2 === 0 ? 1 : -1)), 2),
    postingDate: PlainDate.fromEpochDay(19_700 + (n % 300)),
    modifiedAt: cursorFor(n),
    memo: 'm'.repeat(memoLength),
    dimensions: { costCenter: `CC-${i % 7}`, $project: null },
  }));
}

export function recordInput(n: number, runId: string, payload: readonly Row[]): RecordBatchInput {
  return {
    batchId: batchIdFor(n),
    runId,
    stream: LEDGER_STREAM,
    sequence: n,
    sourceRange: { fromCursor: n === 1 ? null : cursorFor(n - 1), toCursor: cursorFor(n) },
    countIn: payload.length,
    payload,
    startedAt: cursorFor(n).toString(),
  };
}

/** Row 0 of every batch books to an unknown account, so it is held. */
export function holdsFor(n: number, payload: readonly Row[]): AddHoldInput[] {
  const first = payload[0];
  if (first === undefined) return [];
  return [
    {
      batchId: batchIdFor(n),
      stream: LEDGER_STREAM,
      rowIndex: 0,
      sourceRecord: first,
      reasons: [{ column: 'account', code: 'UNKNOWN_ACCOUNT', message: 'GL account 9999-999 does not exist' }],
    },
  ];
}

export function commitInput(
  n: number,
  payload: readonly Row[],
  finishedAt = cursorFor(n).toString(),
): CommitBatchInput {
  const written = payload.slice(1);
  return {
    countOut: written.length,
    countHeld: payload.length - written.length,
    countAlreadyLoaded: 0,
    sourceTotals: totalsOf(payload),
    destinationTotals: totalsOf(written),
    finishedAt,
    advanceState: {
      pipelineId: LEDGER_PIPELINE,
      stream: LEDGER_STREAM,
      cursor: cursorFor(n),
      keysAtCursor: keysAtCursorFor(n),
    },
  };
}

export function totalsOf(rows: readonly Row[]): ControlTotals {
  const sum = rows.reduce((total, row) => total.add(row['amount'] as Decimal), Decimal.of(0n, 2));
  return { rows: rows.length, sums: { amount: sum.toString() } };
}
