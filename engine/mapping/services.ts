/**
 * Language services for the studio's expression editor (Monaco) and the CLI: hover types,
 * diagnostics, and "where does this value come from" (the fields and tables an expression reads).
 * Completions are in completions.ts. All of them take plain text and work on half-written input.
 */
import type { ColumnType } from '../model/column-type.ts';
import { walk, type CallExpr, type Expr, type FieldRef, type TextRange } from './ast.ts';
import { check, checkTarget, type CheckResult, type CheckScope } from './checker.ts';
import { hasErrors, toDiagnostics, type Diagnostic, type Problem } from './diagnostics.ts';
import { findFunction } from './functions/index.ts';
import { isLookupCall, lookupTableName, LOOKUP_HELP } from './lookup-form.ts';
import { parse } from './parser.ts';
import { printPath } from './printer.ts';
import { formatType } from './type-rules.ts';

export { completionsAt, type Completion, type CompletionKind } from './completions.ts';

export interface Hover {
  readonly range: TextRange;
  /** The type of the value under the cursor, e.g. "decimal". */
  readonly type?: string;
  /** Lines to show: first a heading ("ACTNUMST: string"), then help text if any. */
  readonly contents: readonly string[];
}

export function hoverAt(text: string, offset: number, scope: CheckScope): Hover | undefined {
  const parsed = parse(text);
  const checked = check(parsed.ast, scope);
  const node = deepestAt(parsed.ast, offset);
  if (node === undefined) return undefined;
  const lookupNamingIt = lookupCallWithTable(parsed.ast, node);
  if (lookupNamingIt !== undefined) return callHover(lookupNamingIt, offset, checked, scope);
  switch (node.kind) {
    case 'field':
      return fieldHover(node, offset, checked, scope);
    case 'call':
      return callHover(node, offset, checked, scope);
    case 'error':
      return undefined;
    case 'omitted':
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
    case 'unary':
    case 'binary': {
      const type = typeText(checked, node);
      return {
        range: node.kind === 'binary' ? node.operatorRange : node.range,
        type,
        contents: [`${describeNode(node)}: ${type}`],
      };
    }
  }
}

export interface ExpressionTarget {
  readonly column: string;
  readonly type: ColumnType;
}

/** Every syntax and type problem of the text; with a target, also whether its result fits the column. */
export function diagnosticsFor(text: string, scope: CheckScope, target?: ExpressionTarget): Diagnostic[] {
  const parsed = parse(text);
  const checked = check(parsed.ast, scope);
  const found: Problem[] = [...parsed.problems, ...checked.problems];
  if (target !== undefined && !hasErrors(found)) {
    const mismatch = checkTarget(checked.type, target.column, target.type, parsed.ast.range);
    if (mismatch !== undefined) found.push(mismatch);
  }
  return toDiagnostics(text, found);
}

export interface FieldUse {
  /** Canonical path, e.g. "vendor.address[0].city" or "[Account Number]". */
  readonly path: string;
  /** The source field the path starts at. */
  readonly root: string;
  /** Every place the expression reads it. */
  readonly ranges: readonly TextRange[];
}

export interface LookupUse {
  readonly table: string;
  readonly ranges: readonly TextRange[];
}

export interface FieldsRead {
  readonly fields: readonly FieldUse[];
  readonly lookups: readonly LookupUse[];
}

/**
 * "Where does this value come from": the source fields and lookup tables the expression reads, in
 * order of first use. Works on text with errors too (it reads what did parse).
 */
export function fieldsRead(text: string): FieldsRead {
  const ast = parse(text).ast;
  const tableArgs = new Set<Expr>();
  const fields = new Map<string, { root: string; ranges: TextRange[] }>();
  const lookups = new Map<string, TextRange[]>();
  walk(ast, (node) => {
    if (isLookupCall(node)) {
      const table = lookupTableName(node);
      const first = node.args[0];
      if (table !== undefined && first !== undefined) {
        tableArgs.add(first);
        const ranges = lookups.get(table) ?? [];
        ranges.push(first.range);
        lookups.set(table, ranges);
      }
      return;
    }
    if (node.kind !== 'field' || tableArgs.has(node)) return;
    const first = node.path[0];
    if (first?.kind !== 'name') return;
    const path = printPath(node.path);
    const use = fields.get(path) ?? { root: first.name, ranges: [] };
    use.ranges.push(node.range);
    fields.set(path, use);
  });
  return {
    fields: [...fields].map(([path, use]) => ({ path, root: use.root, ranges: use.ranges })),
    lookups: [...lookups].map(([table, ranges]) => ({ table, ranges })),
  };
}

/** The innermost node whose text holds the offset (a cursor right after a word counts as on it). */
function deepestAt(root: Expr, offset: number): Expr | undefined {
  let found: Expr | undefined;
  walk(root, (node) => {
    const within =
      node.range.start <= offset &&
      (offset < node.range.end || (offset === node.range.end && node.range.end > node.range.start));
    if (!within) return;
    if (found === undefined || width(node) <= width(found)) found = node;
  });
  return found;
}

/** The LOOKUP call whose first argument (the table name) is `node`, if any. */
function lookupCallWithTable(root: Expr, node: Expr): CallExpr | undefined {
  let found: CallExpr | undefined;
  walk(root, (candidate) => {
    if (isLookupCall(candidate) && candidate.args[0] === node) found = candidate;
  });
  return found;
}

function width(node: Expr): number {
  return node.range.end - node.range.start;
}

function typeText(checked: CheckResult, node: Expr): string {
  const type = checked.types.get(node);
  return type === undefined ? 'any type' : formatType(type);
}

function describeNode(node: Expr): string {
  switch (node.kind) {
    case 'string':
      return 'text';
    case 'number':
      return node.text;
    case 'boolean':
      return node.value ? 'TRUE' : 'FALSE';
    case 'null':
      return 'NULL';
    case 'unary':
      return 'negation';
    case 'binary':
      return `${node.operator}`;
    case 'field':
      return printPath(node.path);
    case 'call':
      return `${node.name}(...)`;
    case 'error':
      return 'unreadable text';
    case 'omitted':
      return 'an argument left empty';
  }
}

/** On a path, the type of the path up to the step under the cursor: `vendor` in `vendor.name`. */
function fieldHover(node: FieldRef, offset: number, checked: CheckResult, scope: CheckScope): Hover {
  const position = node.path.findIndex((s) => s.range.start <= offset && offset <= s.range.end);
  const upTo = position < 0 ? node.path : node.path.slice(0, position + 1);
  const last = upTo[upTo.length - 1];
  const partial: FieldRef = {
    kind: 'field',
    path: upTo,
    range: { start: node.range.start, end: last?.range.end ?? node.range.end },
  };
  const type = upTo.length === node.path.length ? typeText(checked, node) : formatType(check(partial, scope).type);
  return { range: partial.range, type, contents: [`${printPath(upTo)}: ${type}`] };
}

function callHover(node: CallExpr, offset: number, checked: CheckResult, scope: CheckScope): Hover {
  const resultType = typeText(checked, node);
  const onName = node.nameRange.start <= offset && offset <= node.nameRange.end;
  const tableArg = isLookupCall(node) ? node.args[0] : undefined;
  if (tableArg !== undefined && tableArg.range.start <= offset && offset <= tableArg.range.end) {
    const name = lookupTableName(node) ?? '';
    const info = scope.lookups.get(name);
    const detail =
      info === undefined
        ? 'unknown lookup table'
        : `${formatType(info.keyType)} -> ${formatType(info.valueType)}${info.effectiveDated ? ', effective-dated' : ''}`;
    return { range: tableArg.range, contents: [`lookup table ${name}: ${detail}`] };
  }
  if (!onName) return { range: node.range, type: resultType, contents: [`${node.name}(...): ${resultType}`] };
  const help = node.name === LOOKUP_HELP.name ? LOOKUP_HELP : findFunction(node.name);
  if (help === undefined) return { range: node.nameRange, contents: [`There is no function ${node.name}.`] };
  return {
    range: node.nameRange,
    type: resultType,
    contents: [`${help.signature}: ${resultType}`, help.description, `Example: ${help.example}`],
  };
}
