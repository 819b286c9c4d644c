/**
 * Keys written twice in one JSON object. `JSON.parse` keeps the last and drops the first without a
 * word, so a pipeline file with a column mapped twice would lose one mapping silently. This scans
 * text that is already known to be valid JSON and reports each repeat with its path and position.
 */
import { formatPath, type Problem } from './problems.ts';

interface Frame {
  readonly kind: 'object' | 'array';
  readonly path: readonly PropertyKey[];
  readonly keys: Set<string>;
  expectingKey: boolean;
  key: string | undefined;
  index: number;
}

export function findDuplicateKeys(text: string): Problem[] {
  const problems: Problem[] = [];
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  const childPath = (): PropertyKey[] => {
    const top = stack.at(-1);
    if (!top) return [];
    return [...top.path, top.kind === 'object' ? (top.key ?? '') : top.index];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '{' || c === '[') {
      stack.push({
        kind: c === '{' ? 'object' : 'array',
        path: childPath(),
        keys: new Set(),
        expectingKey: c === '{',
        key: undefined,
        index: 0,
      });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectingKey = true;
      else if (top) top.index++;
    } else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectingKey) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (top.keys.has(key)) {
          problems.push({
            path: formatPath([...top.path, key]),
            message: `"${key}" is written twice here. Only the last one would be used and the first lost: keep one.`,
            severity: 'error',
            code: 'duplicate-key',
            line,
            column: start - lineStart + 1,
          });
        }
        top.keys.add(key);
        top.key = key;
        top.expectingKey = false;
      }
    }
  }
  return problems;
}
