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
 * Makes the target rows of one mapping, all of one shape. Rows are plain objects (prototype
 * Object.prototype). Keep one maker per mapping: a new maker per batch would give every batch a new
 * shape.
 */
export function targetRowMaker(columns: readonly string[]): () => TargetRow {
  return columns.length <= CONSTRUCTED_COLUMNS ? constructedRows(columns) : copiedRows(columns);
}

/**
 * Rows made by a constructor stay fast objects up to about 25 columns (measured on Node 20: about
 * ten held inside the object, the rest in a separate store); with more, the engine turns each row
 * into a dictionary, about three times slower to write than a copied row.
 */
const CONSTRUCTED_COLUMNS = 24;

/**
 * Rows made by a constructor of the mapping's own, with the columns added as they are written: the
 * cheapest way (measured) while they stay fast objects. After a few rows the engine shrinks the room
 * it reserved inside the object to the most properties any row of the shape has had so far; a batch
 * makes all its rows before the first column is written, so the first row is given every column at
 * once, here. Without that, every row kept all its columns in the separate store, reallocated as it
 * grew (four extra allocations per row for ten columns).
 */
function constructedRows(columns: readonly string[]): () => TargetRow {
  function TargetRowShape(): void {}
  TargetRowShape.prototype = Object.prototype;
  const Shape = TargetRowShape as unknown as new () => TargetRow;
  const first = new Shape();
  for (const name of columns) first[name] = null;
  return () => new Shape();
}

/**
 * Rows copied from a template that has every column (NULL), for wider mappings: a parsed JSON
 * object holds all its properties inside it, and a copy keeps that shape, so the columns are written
 * into places that already exist and a row never becomes a dictionary. The JSON text is built from
 * the column names with JSON.stringify: data, never code.
 */
function copiedRows(columns: readonly string[]): () => TargetRow {
  const template = JSON.parse(`{${columns.map((name) => `${JSON.stringify(name)}:null`).join(',')}}`) as TargetRow;
  return () => ({ ...template });
}
