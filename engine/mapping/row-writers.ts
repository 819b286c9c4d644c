/**
 * Writing a target row: for each column, `target[column] = finish(evaluate(row, env))`.
 *
 * Why a table of identical-looking functions: JS engines keep one inline cache per function
 * *literal*. If every column wrote through one shared literal, that store would see every column
 * name and fall back to a generic lookup (measured at about 20 ns per store, the largest cost of a
 * simple mapping). Giving each column position its own literal keeps every store on the fast path:
 * it always sees the same name on a row of the same shape. Positions past the table share the last
 * entry, which is correct, only slower. This is plain closures: no code is made from text.
 */
import type { Value } from '../model/values/index.ts';
import type { ColumnFinisher } from './column-output.ts';
import type { ExpressionEnv, RowFunction, SourceRow } from './compiler.ts';

export type TargetRow = Record<string, Value>;
export type ColumnWriter = (target: TargetRow, row: SourceRow) => void;
type WriterFactory = (name: string, run: RowFunction, finish: ColumnFinisher, env: ExpressionEnv) => ColumnWriter;

/* prettier-ignore */
const WRITER_AT: readonly WriterFactory[] = [
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
  (n, run, finish, env) => (t, r) => { t[n] = finish(run(r, env)); },
];

export interface ColumnStep {
  readonly name: string;
  readonly run: RowFunction;
  readonly finish: ColumnFinisher;
  readonly env: ExpressionEnv;
}

/** Writes every column of a target row, in column order. */
export function rowWriter(steps: readonly ColumnStep[]): ColumnWriter {
  const writers = steps.map((step, position) => {
    const factory = WRITER_AT[Math.min(position, WRITER_AT.length - 1)] as WriterFactory;
    return factory(step.name, step.run, step.finish, step.env);
  });
  const count = writers.length;
  return (target, row) => {
    for (let c = 0; c < count; c++) (writers[c] as ColumnWriter)(target, row);
  };
}
