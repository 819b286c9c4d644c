/**
 * Writing target rows a column at a time: for each column, over every row of the batch,
 * `target[column] = finish(evaluate(row, env))`; a row whose column fails is marked and skipped by
 * the later columns (evaluate.ts collects its reasons afterwards).
 *
 * Why a column at a time: each column's loop calls one expression, so the engine inlines that
 * expression's closures into the loop; going row by row, one call site calls every column's
 * expression in turn and can inline none of them.
 *
 * Why a table of identical-looking functions: JS engines keep one inline cache per function
 * *literal*. If every column wrote through one shared literal, that store would see every column
 * name and fall back to a generic lookup (measured at about 20 ns per store, the largest cost of a
 * simple mapping), and its call would see every column's expression. Giving each column position
 * its own literal keeps every store and call on the fast path: it always sees the same name on a
 * row of the same shape. Positions past the table share the last entry, which is correct, only
 * slower. This is plain closures: no code is made from text.
 */
import type { Value } from '../model/values/index.ts';
import type { ColumnFinisher } from './column-output.ts';
import type { ExpressionEnv, RowFunction, SourceRow } from './compiler.ts';

export type TargetRow = Record<string, Value>;
/** Fills one column of `targets[i]` from `rows[i]`; sets `failed[i]` to 1 when it throws, skips rows already failed. */
export type ColumnWriter = (targets: readonly TargetRow[], rows: readonly SourceRow[], failed: Uint8Array) => void;
type WriterFactory = (name: string, run: RowFunction, finish: ColumnFinisher, env: ExpressionEnv) => ColumnWriter;

/* prettier-ignore */
const WRITER_AT: readonly WriterFactory[] = [
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
  (n, run, finish, env) => (ts, rs, failed) => { for (let i = 0; i < rs.length; i++) { if (failed[i] !== 0) continue; try { (ts[i] as TargetRow)[n] = finish(run(rs[i] as SourceRow, env)); } catch { failed[i] = 1; } } },
];

export interface ColumnStep {
  readonly name: string;
  readonly run: RowFunction;
  readonly finish: ColumnFinisher;
  readonly env: ExpressionEnv;
}

/** Writes every column of the target rows, column by column, in column order. */
export function batchWriter(steps: readonly ColumnStep[]): ColumnWriter {
  const writers = steps.map((step, position) => {
    const factory = WRITER_AT[Math.min(position, WRITER_AT.length - 1)] as WriterFactory;
    return factory(step.name, step.run, step.finish, step.env);
  });
  const count = writers.length;
  return (targets, rows, failed) => {
    for (let c = 0; c < count; c++) (writers[c] as ColumnWriter)(targets, rows, failed);
  };
}

/**
 * Makes the target rows of one mapping. Each mapping gets a constructor of its own, so its rows
 * share one shape from the first column on, and the engine sizes that shape to hold every column
 * inside the object (a `{}` holds four and moves the rest to a separate store that grows as columns
 * are added: two to three more allocations per row). The prototype is Object.prototype, so the rows
 * are plain objects, the same as `{}`. Keep one maker per mapping: a new constructor per batch would
 * give every batch a new shape.
 */
export function targetRowMaker(): () => TargetRow {
  function TargetRowShape(): void {}
  TargetRowShape.prototype = Object.prototype;
  const Shape = TargetRowShape as unknown as new () => TargetRow;
  return () => new Shape();
}
