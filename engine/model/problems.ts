/** A problem found in a pipeline file: where (a JSON path), what (plain words), and how bad. */
export interface Problem {
  /** Dotted path from the top of the file, e.g. streams.gl_lines.mappings.cost_center.expression. */
  readonly path: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** Stable code for tools and tests, e.g. 'schema', 'secret-in-file', 'unknown-connection'. */
  readonly code: string;
  /** Inside an expression (or a JSON syntax error): 1-based line and column of the problem. */
  readonly line?: number;
  readonly column?: number;
  /** Inside an expression: offsets of the problem, for editor markers. */
  readonly range?: { readonly start: number; readonly end: number };
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['streams', 'gl lines', 'source', 'key', 0]` -> `streams["gl lines"].source.key[0]`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out === '' ? '(top of the file)' : out;
}

export function problemLine(problem: Problem): string {
  const where =
    problem.line !== undefined ? `${problem.path} (line ${problem.line}, column ${problem.column ?? 1})` : problem.path;
  return `${where}: ${problem.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
