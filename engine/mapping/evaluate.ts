/**
 * Runs a compiled mapping over source rows: each row becomes a target row, or is held with the
 * reasons of every column that failed. A held row never also appears among the target rows.
 * Preview and runs both call this; it is the hot path over millions of rows, so the loop allocates
 * nothing but the output row and has one try per row: only a row that fails is evaluated a second
 * time, column by column, to collect all its reasons.
 */
import { ValueError, type Value } from '../model/values/index.ts';
import type { ExpressionEnv, SourceRow } from './compiler.ts';
import { RowHold, type EvalContext, type LookupTable } from './functions/spec.ts';
import type { CompiledColumn, CompiledMapping } from './mapping.ts';
import { rowWriter, type TargetRow } from './row-writers.ts';

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
  const writeRow = rowWriter(
    columns.map((column, c) => ({ name: column.column, run: column.expression.evaluate, finish: column.finish, env: envs[c] as ExpressionEnv })),
  );
  const out: TargetRow[] = [];
  const held: HeldRow[] = [];
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as SourceRow;
    const target: TargetRow = {};
    try {
      writeRow(target, row);
    } catch {
      held.push({ index, row: { ...row }, reasons: holdReasons(columns, envs, row) });
      continue;
    }
    out.push(target);
  }
  return { rows: out, held };
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
