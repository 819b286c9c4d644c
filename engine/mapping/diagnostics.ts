/**
 * Problems found in an expression, in the shape editors (Monaco markers) and the CLI both show:
 * a plain-words message, the exact range, and 1-based line/column computed from the offsets.
 */
import type { TextRange } from './ast.ts';

export type Severity = 'error' | 'warning';

/**
 * Stable codes, so the studio and the CLI can react to a kind of problem without reading messages.
 * `syntax.*` come from the lexer and parser, `type.*` from the checker, `mapping.*` from a whole mapping.
 */
export const DIAGNOSTIC_CODES = [
  'syntax.empty',
  'syntax.unexpected',
  'syntax.missing-operand',
  'syntax.unclosed-paren',
  'syntax.unclosed-string',
  'syntax.unclosed-name',
  'syntax.bad-character',
  'syntax.wrong-quote',
  'syntax.wrong-operator',
  'syntax.wrong-separator',
  'syntax.bad-index',
  'syntax.empty-name',
  'syntax.too-deep',
  'type.unknown-field',
  'type.not-a-record',
  'type.not-a-list',
  'type.unknown-function',
  'type.argument-count',
  'type.argument',
  'type.operator',
  'type.unknown-lookup',
  'type.lookup-table-expected',
  'type.lookup-key',
  'type.lookup-default',
  'type.lookup-not-dated',
  'type.integer-too-large',
  'type.target-mismatch',
  'type.if-without-else',
  'type.year-before-1900',
  'type.always-empty',
  'mapping.duplicate-column',
  'mapping.reserved-column',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** One change to the formula text: `text` in place of the characters in `range` (empty range: an insertion). */
export interface TextEdit {
  readonly range: TextRange;
  readonly text: string;
}

/**
 * A change that settles a warning, offered by the editor as a one-click fix (and printed by the CLI).
 * Every warning carries one (diagnostic-codes.test.ts checks it).
 */
export interface Fix {
  /** What the fix does, as a button or menu label: "Write the else value out: NULL". */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** What the lexer, parser and checker report: offsets only. */
export interface Problem {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly range: TextRange;
  readonly fix?: Fix;
}

/** A 1-based position, counted in UTF-16 units like editors do. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/**
 * Positions are nested (`start.line`, `start.column`) so a mapping can add the destination column's
 * name as `column` without a clash.
 */
export interface Diagnostic extends Problem {
  readonly start: LineColumn;
  readonly end: LineColumn;
}

export function problem(
  code: DiagnosticCode,
  message: string,
  range: TextRange,
  severity: Severity = 'error',
  fix?: Fix,
): Problem {
  return fix === undefined ? { severity, code, message, range } : { severity, code, message, range, fix };
}

/** The formula text with a fix's edits made (they never overlap; applied from the end backwards). */
export function applyFix(text: string, fix: Fix): string {
  const edits = [...fix.edits].sort((a, b) => b.range.start - a.range.start);
  let changed = text;
  for (const edit of edits) changed = changed.slice(0, edit.range.start) + edit.text + changed.slice(edit.range.end);
  return changed;
}

/** 1-based line and column of an offset in `text`. Offsets past the end clamp to the end. */
export function lineAndColumn(text: string, offset: number): LineColumn {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: clamped - lineStart + 1 };
}

export function toDiagnostic(text: string, found: Problem): Diagnostic {
  return { ...found, start: lineAndColumn(text, found.range.start), end: lineAndColumn(text, found.range.end) };
}

/** Diagnostics in text order, errors before warnings at the same place. */
export function toDiagnostics(text: string, found: readonly Problem[]): Diagnostic[] {
  return [...found]
    .sort((a, b) => a.range.start - b.range.start || severityRank(a.severity) - severityRank(b.severity))
    .map((p) => toDiagnostic(text, p));
}

function severityRank(severity: Severity): number {
  switch (severity) {
    case 'error':
      return 0;
    case 'warning':
      return 1;
  }
}

export function hasErrors(found: readonly Problem[]): boolean {
  return found.some((p) => p.severity === 'error');
}
