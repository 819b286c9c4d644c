/**
 * A whole mapping: one expression per destination column, checked together so the analyst sees
 * every problem of every column at once, then compiled to closures. Compiled columns are cached by
 * their text, target and the source schema and lookup signatures, so re-compiling after an edit
 * only does the work for the column that changed.
 */
import type { ColumnType } from '../model/column-type.ts';
import { formatColumnType } from '../model/column-type.ts';
import { check, checkTarget, type CheckScope } from './checker.ts';
import { columnFinisher, type ColumnFinisher } from './column-output.ts';
import { compileExpression, type CompiledExpression } from './compiler.ts';
import { hasErrors, problem, toDiagnostic, toDiagnostics, type Diagnostic, type Problem } from './diagnostics.ts';
import type { LookupTable } from './functions/spec.ts';
import type { LookupInfo } from './lookup-form.ts';
import { parse } from './parser.ts';
import type { MappingType } from './types.ts';

export interface MappingColumnSpec {
  readonly column: string;
  readonly type: ColumnType;
  readonly expression: string;
  /** A NULL result holds the row instead of writing an empty value. */
  readonly required: boolean;
}

export interface MappingSpec {
  readonly columns: readonly MappingColumnSpec[];
}

export interface CompileMappingOptions {
  readonly schema: Readonly<Record<string, MappingType>>;
  /**
   * The tables LOOKUP may name. A table whose object has `effectiveDated: true` can be looked up
   * as of a date. Rows are evaluated against the tables in the run's context when it has them.
   */
  readonly lookups: ReadonlyMap<string, LookupTable>;
  /** What the source rows are, for messages: "GL journal lines". */
  readonly entityLabel?: string;
}

export type ColumnDiagnostic = Diagnostic & { readonly column: string };

export interface CompiledColumn {
  readonly column: string;
  readonly type: ColumnType;
  readonly required: boolean;
  readonly expression: CompiledExpression;
  readonly finish: ColumnFinisher;
}

export interface CompiledMapping {
  readonly columns: readonly CompiledColumn[];
  /** Tables known when compiling; used when the run's context does not bring its own. */
  readonly lookups: ReadonlyMap<string, LookupTable>;
  /** Problems that do not stop the mapping (e.g. a required column that is always empty). */
  readonly warnings: readonly ColumnDiagnostic[];
}

export type CompileMappingResult =
  | { readonly ok: true; readonly mapping: CompiledMapping }
  | { readonly ok: false; readonly diagnostics: readonly ColumnDiagnostic[] };

interface CachedColumn {
  readonly expression?: CompiledExpression;
  readonly diagnostics: readonly Diagnostic[];
}

const CACHE_LIMIT = 2000;
const columnCache = new Map<string, CachedColumn>();

export function compileMapping(spec: MappingSpec, options: CompileMappingOptions): CompileMappingResult {
  const scope: CheckScope = {
    schema: options.schema,
    lookups: lookupInfos(options.lookups),
    ...(options.entityLabel === undefined ? {} : { entityLabel: options.entityLabel }),
  };
  const signature = scopeSignature(scope);
  const problems: ColumnDiagnostic[] = [];
  const warnings: ColumnDiagnostic[] = [];
  const columns: CompiledColumn[] = [];
  const seen = new Set<string>();
  for (const column of spec.columns) {
    if (column.column === '__proto__') {
      const reserved = problem(
        'mapping.reserved-column',
        'A column cannot be named "__proto__"; choose another name.',
        { start: 0, end: column.expression.length },
      );
      problems.push({ ...toDiagnostic(column.expression, reserved), column: column.column });
      continue;
    }
    if (seen.has(column.column)) {
      const duplicate = problem('mapping.duplicate-column', `Column "${column.column}" is mapped more than once.`, {
        start: 0,
        end: column.expression.length,
      });
      problems.push({ ...toDiagnostic(column.expression, duplicate), column: column.column });
      continue;
    }
    seen.add(column.column);
    const compiled = compileColumn(column, scope, signature);
    for (const diagnostic of compiled.diagnostics) {
      (diagnostic.severity === 'error' ? problems : warnings).push({ ...diagnostic, column: column.column });
    }
    if (compiled.expression !== undefined) {
      columns.push({
        column: column.column,
        type: column.type,
        required: column.required,
        expression: compiled.expression,
        finish: columnFinisher(column.column, column.type, column.required),
      });
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };
  return { ok: true, mapping: { columns, lookups: options.lookups, warnings } };
}

function compileColumn(column: MappingColumnSpec, scope: CheckScope, signature: string): CachedColumn {
  const key = `${column.column}\u0000${formatColumnType(column.type)}\u0000${column.required}\u0000${signature}\u0000${column.expression}`;
  const cached = columnCache.get(key);
  if (cached !== undefined) {
    // Refresh its place: the cache forgets the least recently used column first.
    columnCache.delete(key);
    columnCache.set(key, cached);
    return cached;
  }
  const result = checkAndCompile(column, scope);
  if (columnCache.size >= CACHE_LIMIT) {
    const oldest = columnCache.keys().next();
    if (oldest.done !== true) columnCache.delete(oldest.value);
  }
  columnCache.set(key, result);
  return result;
}

function checkAndCompile(column: MappingColumnSpec, scope: CheckScope): CachedColumn {
  const text = column.expression;
  const parsed = parse(text);
  const found: Problem[] = [...parsed.problems];
  const checked = check(parsed.ast, scope);
  found.push(...checked.problems);
  if (!hasErrors(found)) {
    const mismatch = checkTarget(checked.type, column.column, column.type, parsed.ast.range);
    if (mismatch !== undefined) found.push(mismatch);
    if (checked.type.kind === 'null' && column.required) {
      found.push(
        problem(
          'type.always-empty',
          `Column "${column.column}" is required, but this expression is always empty, so every row would be held.`,
          parsed.ast.range,
          'warning',
        ),
      );
    }
  }
  const diagnostics = toDiagnostics(text, found);
  if (hasErrors(found)) return { diagnostics };
  return { expression: compileExpression(parsed.ast, checked), diagnostics };
}

/** What the checker needs from each table. */
export function lookupInfos(tables: ReadonlyMap<string, LookupTable>): ReadonlyMap<string, LookupInfo> {
  const infos = new Map<string, LookupInfo>();
  for (const [name, table] of tables) {
    const dated = (table as LookupTable & { readonly effectiveDated?: unknown }).effectiveDated === true;
    infos.set(name, { keyType: table.keyType, valueType: table.valueType, effectiveDated: dated });
  }
  return infos;
}

/** Identifies a schema and its lookup tables, for the cache: same signature, same typing. */
function scopeSignature(scope: CheckScope): string {
  const lookups = [...scope.lookups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return stableJson({ schema: scope.schema, lookups, entity: scope.entityLabel ?? '' });
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
