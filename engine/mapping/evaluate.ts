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
import { batchWriter, targetRowMaker, type ColumnWriter, type TargetRow } from './row-writers.ts';

export interface HoldReason {
  readonly column: string;
  /** Stable code: LOOKUP_MISS, REQUIRED_EMPTY, REQUIRED_BLANK, DECIMAL_TOO_MANY_PLACES, DIVISION_BY_ZERO... */
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
  const { envs, writeColumns, newRow } = preparedFor(mapping, ctx);
  const count = rows.length;
  const targets: TargetRow[] = new Array<TargetRow>(count);
  for (let index = 0; index < count; index++) targets[index] = newRow();
  const failed = new Uint8Array(count);
  writeColumns(targets, rows, failed);
  // The usual batch holds nothing: its target rows are the result as they stand.
  if (failed.indexOf(1) < 0) return { rows: targets, held: [] };
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

/** What evaluating a mapping needs besides the rows: per column its env, and the writer over them. */
interface Prepared {
  readonly ctx: EvalContext;
  readonly envs: readonly ExpressionEnv[];
  readonly writeColumns: ColumnWriter;
  readonly newRow: () => TargetRow;
}

const prepared = new WeakMap<CompiledMapping, Prepared>();

/**
 * The writer of the last context a mapping ran with. A run evaluates batch after batch with one
 * context, so its column writers are made once, not per batch: the engine then sees each writer
 * function made once and can treat what it captured (column name, expression, finisher) as fixed.
 * A different context, or one whose lookup tables changed, gets a new writer.
 */
function preparedFor(mapping: CompiledMapping, ctx: EvalContext): Prepared {
  const last = prepared.get(mapping);
  if (last !== undefined && last.ctx === ctx && sameTables(mapping, last.envs, ctx)) return last;
  const columns = mapping.columns;
  const envs = columns.map((column) => columnEnv(column, mapping, ctx));
  const writeColumns = batchWriter(
    columns.map((column, c) => ({
      name: column.column,
      run: column.expression.evaluate,
      finish: column.finish,
      env: envs[c] as ExpressionEnv,
    })),
  );
  // One row maker per mapping for its whole life, so every batch of every run makes rows of one shape.
  const newRow = last?.newRow ?? targetRowMaker(columns.map((column) => column.column));
  const made: Prepared = { ctx, envs, writeColumns, newRow };
  prepared.set(mapping, made);
  return made;
}

function sameTables(mapping: CompiledMapping, envs: readonly ExpressionEnv[], ctx: EvalContext): boolean {
  return mapping.columns.every((column, c) =>
    column.expression.tables.every(
      (name, t) => resolveTable(name, mapping, ctx) === (envs[c] as ExpressionEnv).tables[t],
    ),
  );
}

function resolveTable(name: string, mapping: CompiledMapping, ctx: EvalContext): LookupTable | undefined {
  return ctx.lookups.get(name) ?? mapping.lookups.get(name);
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
  if (error instanceof ValueError)
    return { column, code: error.code, message: `Column "${column}": ${error.message}.` };
  const detail = error instanceof Error ? error.message : String(error);
  return { column, code: 'EVALUATION_ERROR', message: `Column "${column}" could not be computed: ${detail}` };
}

function columnEnv(column: CompiledColumn, mapping: CompiledMapping, ctx: EvalContext): ExpressionEnv {
  const tables = column.expression.tables.map((name): LookupTable => {
    const table = resolveTable(name, mapping, ctx);
    if (table === undefined)
      throw new Error(`Column "${column.column}" uses the lookup table "${name}", which is not loaded.`);
    return table;
  });
  return { ctx, tables };
}
