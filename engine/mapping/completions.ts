/**
 * Completions for the expression editor: what may be typed at the cursor. Works on half-written
 * text, so it reads tokens around the cursor rather than a finished tree.
 *   - after `vendor.` : the fields of vendor;
 *   - in LOOKUP's first argument : lookup table names only;
 *   - elsewhere : source fields with their types, functions with signatures, lookup tables (as a
 *     ready LOOKUP call) and TRUE / FALSE / NULL.
 */
import type { PathSegment, TextRange } from './ast.ts';
import type { CheckScope } from './checker.ts';
import { check } from './checker.ts';
import { FUNCTIONS } from './functions/index.ts';
import { lex, type Token } from './lexer.ts';
import { LOOKUP_HELP, LOOKUP_NAME } from './lookup-form.ts';
import { quoteNameIfNeeded } from './printer.ts';
import { formatType } from './type-rules.ts';
import type { MappingType } from './types.ts';

export type CompletionKind = 'field' | 'function' | 'lookup' | 'keyword';

export interface Completion {
  readonly label: string;
  readonly kind: CompletionKind;
  /** The type of a field, the signature of a function, the key and value types of a table. */
  readonly detail: string;
  readonly documentation?: string;
  readonly insertText: string;
  /** The text the completion replaces (the partly typed word). */
  readonly range: TextRange;
}

export function completionsAt(text: string, offset: number, scope: CheckScope): Completion[] {
  const lexed = lex(text);
  const tokens = lexed.tokens;
  // Inside text in quotes (closed or still open) there is nothing to complete.
  if (lexed.problems.some((p) => p.code === 'syntax.unclosed-string' && p.range.start < offset)) return [];
  const at = tokens.findIndex((t) => t.kind !== 'eof' && t.range.start < offset && offset < t.range.end);
  const inside = at >= 0 ? tokens[at] : undefined;
  if (inside?.kind === 'string') return [];
  if (inside !== undefined && inside.kind !== 'identifier' && inside.kind !== 'bracket') return [];

  // The word being typed: an identifier or [bracketed name] ending at (or around) the cursor.
  const wordIndex =
    inside !== undefined
      ? at
      : tokens.findIndex((t) => (t.kind === 'identifier' || t.kind === 'bracket') && t.range.end === offset);
  const word = wordIndex >= 0 ? tokens[wordIndex] : undefined;
  const range = word?.range ?? { start: offset, end: offset };
  const prefix = word === undefined ? '' : word.kind === 'bracket' ? word.value : text.slice(word.range.start, offset);
  const before = tokens.slice(0, wordIndex >= 0 ? wordIndex : tokens.findIndex((t) => t.range.start >= offset));

  const previous = before[before.length - 1];
  const bracketAfterField =
    word?.kind === 'bracket' && previous !== undefined && endsPath(previous) && previous.range.end === word.range.start;
  if (previous?.kind === '.' || bracketAfterField) {
    const pathTokens = previous?.kind === '.' ? before.slice(0, -1) : before;
    return memberCompletions(pathTokens, scope, prefix, range);
  }
  const call = enclosingCall(before);
  if (call?.name === LOOKUP_NAME && call.argIndex === 0) return filter(tableCompletions(scope, range), prefix);
  if (word?.kind === 'bracket') return filter(fieldCompletions(scope.schema, range), prefix);
  return filter(
    [
      ...fieldCompletions(scope.schema, range),
      ...functionCompletions(range),
      ...tableCallCompletions(scope, range),
      ...keywordCompletions(range),
    ],
    prefix,
  );
}

function filter(completions: Completion[], prefix: string): Completion[] {
  const wanted = prefix.toLowerCase();
  return completions.filter((c) => c.label.toLowerCase().startsWith(wanted));
}

function fieldCompletions(fields: Readonly<Record<string, MappingType>>, range: TextRange): Completion[] {
  return Object.entries(fields).map(([name, type]) => ({
    label: name,
    kind: 'field',
    detail: formatType(type),
    insertText: quoteNameIfNeeded(name),
    range,
  }));
}

function functionCompletions(range: TextRange): Completion[] {
  const library: Completion[] = [...FUNCTIONS.values()].map((spec) => ({
    label: spec.name,
    kind: 'function',
    detail: spec.signature,
    documentation: `${spec.description}\n\nExample: ${spec.example}`,
    insertText: `${spec.name}(`,
    range,
  }));
  const lookup: Completion = {
    label: LOOKUP_NAME,
    kind: 'function',
    detail: LOOKUP_HELP.signature,
    documentation: `${LOOKUP_HELP.description}\n\nExample: ${LOOKUP_HELP.example}`,
    insertText: `${LOOKUP_NAME}(`,
    range,
  };
  return [...library, lookup].sort((a, b) => (a.label < b.label ? -1 : 1));
}

function tableDetail(scope: CheckScope, name: string): string {
  const info = scope.lookups.get(name);
  if (info === undefined) return 'lookup table';
  return `lookup table: ${formatType(info.keyType)} -> ${formatType(info.valueType)}${info.effectiveDated ? ', effective-dated' : ''}`;
}

function tableCompletions(scope: CheckScope, range: TextRange): Completion[] {
  return [...scope.lookups.keys()].map((name) => ({
    label: name,
    kind: 'lookup',
    detail: tableDetail(scope, name),
    insertText: quoteNameIfNeeded(name),
    range,
  }));
}

/** Outside LOOKUP a bare table name means nothing, so offer the whole call instead. */
function tableCallCompletions(scope: CheckScope, range: TextRange): Completion[] {
  return [...scope.lookups.keys()].map((name) => ({
    label: name,
    kind: 'lookup',
    detail: tableDetail(scope, name),
    insertText: `${LOOKUP_NAME}(${quoteNameIfNeeded(name)}, `,
    range,
  }));
}

function keywordCompletions(range: TextRange): Completion[] {
  return (['TRUE', 'FALSE', 'NULL'] as const).map((word) => ({
    label: word,
    kind: 'keyword',
    detail: word === 'NULL' ? 'empty value' : 'boolean',
    insertText: word,
    range,
  }));
}

function endsPath(token: Token): boolean {
  return token.kind === 'identifier' || token.kind === 'bracket';
}

/** The fields of the record the path before the cursor leads to. */
function memberCompletions(
  pathTokens: readonly Token[],
  scope: CheckScope,
  prefix: string,
  range: TextRange,
): Completion[] {
  const path = trailingPath(pathTokens);
  if (path === undefined) return [];
  const range0 = { start: 0, end: 0 };
  const type = check({ kind: 'field', path, range: range0 }, scope).type;
  const record = type.kind === 'list' ? type.element : type;
  if (record.kind !== 'record') return [];
  return filter(fieldCompletions(record.fields, range), prefix);
}

const DIGITS = /^\s*[0-9]+\s*$/;

/** Reads `a.b[0].[c d]` backwards from the end of `tokens` into path segments. */
function trailingPath(tokens: readonly Token[]): PathSegment[] | undefined {
  const segments: PathSegment[] = [];
  let i = tokens.length - 1;
  for (;;) {
    const token = tokens[i];
    if (token?.kind !== 'identifier' && token?.kind !== 'bracket') return undefined;
    const previous = tokens[i - 1];
    // `[..]` right after a field is a step of that field's path: a list position or a name.
    const isStep =
      token.kind === 'bracket' &&
      previous !== undefined &&
      endsPath(previous) &&
      previous.range.end === token.range.start;
    if (isStep && DIGITS.test(token.value))
      segments.unshift({ kind: 'index', index: Number(token.value), range: token.range });
    else
      segments.unshift({
        kind: 'name',
        name: token.kind === 'identifier' ? token.text : token.value,
        range: token.range,
      });
    if (isStep) i -= 1;
    else if (previous?.kind === '.') i -= 2;
    else return segments;
  }
}

/** The call whose parentheses enclose the end of `tokens`, and which argument the cursor is in. */
function enclosingCall(tokens: readonly Token[]): { readonly name: string; readonly argIndex: number } | undefined {
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token === undefined) continue;
    if (token.kind === ')') depth++;
    else if (token.kind === '(') {
      if (depth === 0) {
        const name = tokens[i - 1];
        return name?.kind === 'identifier' ? { name: name.text.toUpperCase(), argIndex: commas } : undefined;
      }
      depth--;
    } else if (token.kind === ',' && depth === 0) commas++;
  }
  return undefined;
}
