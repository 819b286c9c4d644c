/**
 * Runs a compiled mapping over source rows: each row becomes a target row, or is held with the
 * reasons of every column that failed. A held row never also appears among the target rows.
 * Preview and runs both call this; it is the hot path over millions of rows, so it allocates
 * nothing per row but the output row, and runs a column at a time over the batch (row-writers.ts).
 * A row that fails is skipped by the later columns and only then evaluated a second time, column
 * by column, to collect all its reasons.
 */
import { ValueError, type Value } from '../model/values/index.ts';
import type { ExpressionEnv, SourceRow } from './compiler.ts';
import { RowHold, type EvalContext, type LookupTable } from './functions/spec.ts';
import type { CompiledColumn, CompiledMapping } from './mapping.ts';
import { batchWriter, targetRowMaker, type TargetRow } from './row-writers.ts';

export interface HoldReason {
  readonly column: string;
  /** Stable code: LOOKUP_MISS, REQUIRED_EMPTY, DECIMAL_TOO_MANY_PLACES, DIVISION_BY_ZERO... */
  readonly code: string;
  readonly message: string;
}

export interface HeldRow {
  /** Position of the row in the input. */
  readonly index: number;
  /** The source row, as given, for review and replay. */
  readonly row: Record<string, Value>;
  readonly reasons: readonly HoldReason[];
}

export interface EvaluationResult {
  readonly rows: Record<string, Value>[];
  readonly held: HeldRow[];
}

export function evaluate(mapping: CompiledMapping, rows: readonly SourceRow[], ctx: EvalContext): EvaluationResult {
  const columns = mapping.columns;
  const envs = columns.map((column) => columnEnv(column, mapping, ctx));
  const writeColumns = batchWriter(
    columns.map((column, c) => ({ name: column.column, run: column.expression.evaluate, finish: column.finish, env: envs[c] as ExpressionEnv })),
  );
  const newRow = rowMakerFor(mapping);
  const count = rows.length;
  const targets: TargetRow[] = new Array<TargetRow>(count);
  for (let index = 0; index < count; index++) targets[index] = newRow();
  const failed = new Uint8Array(count);
  writeColumns(targets, rows, failed);
  const out: TargetRow[] = [];
  const held: HeldRow[] = [];
  for (let index = 0; index < count; index++) {
    if (failed[index] === 0) {
      out.push(targets[index] as TargetRow);
      continue;
    }
    const row = rows[index] as SourceRow;
    held.push({ index, row: { ...row }, reasons: holdReasons(columns, envs, row) });
  }
  return { rows: out, held };
}

const rowMakers = new WeakMap<CompiledMapping, () => TargetRow>();

/** One row maker per compiled mapping, so every batch of a run makes rows of the same shape. */
function rowMakerFor(mapping: CompiledMapping): () => TargetRow {
  let maker = rowMakers.get(mapping);
  if (maker === undefined) {
    maker = targetRowMaker();
    rowMakers.set(mapping, maker);
  }
  return maker;
}

/** Every column's reason for holding the row (the slow path, for failing rows only). */
function holdReasons(columns: readonly CompiledColumn[], envs: readonly ExpressionEnv[], row: SourceRow): HoldReason[] {
  const reasons: HoldReason[] = [];
  columns.forEach((column, c) => {
    try {
      column.finish(column.expression.evaluate(row, envs[c] as ExpressionEnv));
    } catch (error) {
      reasons.push(reasonFor(column.column, error));
    }
  });
  return reasons;
}

export function reasonFor(column: string, error: unknown): HoldReason {
  if (error instanceof RowHold) return { column, code: error.code, message: error.reason };
  if (error instanceof ValueError) return { column, code: error.code, message: `Column "${column}": ${error.message}.` };
  const detail = error instanceof Error ? error.message : String(error);
  return { column, code: 'EVALUATION_ERROR', message: `Column "${column}" could not be computed: ${detail}` };
}

function columnEnv(column: CompiledColumn, mapping: CompiledMapping, ctx: EvalContext): ExpressionEnv {
  const tables = column.expression.tables.map((name): LookupTable => {
    const table = ctx.lookups.get(name) ?? mapping.lookups.get(name);
    if (table === undefined) throw new Error(`Column "${column.column}" uses the lookup table "${name}", which is not loaded.`);
    return table;
  });
  return { ctx, tables };
}
