/** Checks of lookup tables written inline: one source of rows, dates where needed, no ambiguous keys. */
import type { Pipeline } from './schema/pipeline.ts';
import { formatPath, type Problem } from './problems.ts';

export function checkLookups(pipeline: Pipeline): Problem[] {
  const problems: Problem[] = [];
  for (const [name, lookup] of Object.entries(pipeline.lookups ?? {})) {
    const at = ['lookups', name];
    const push = (path: PropertyKey[], code: string, message: string) =>
      problems.push({ path: formatPath(path), code, message, severity: 'error' });
    if (lookup.rows && lookup.file) push(at, 'lookup-two-sources', 'Give either "rows" or "file", not both.');
    if (!lookup.rows && !lookup.file) push(at, 'lookup-no-rows', 'Give the rows, or a CSV "file" with the rows.');
    if (lookup.file && lookup.effectiveDated && !lookup.file.effectiveFromColumn) {
      push(
        [...at, 'file', 'effectiveFromColumn'],
        'lookup-no-dates',
        'An effective-dated table needs the column holding effective-from dates.',
      );
    }
    const seen = new Map<string, number>();
    for (const [index, row] of (lookup.rows ?? []).entries()) {
      if (lookup.effectiveDated && row.effectiveFrom === undefined) {
        push(
          [...at, 'rows', index, 'effectiveFrom'],
          'lookup-no-dates',
          'This table is effective-dated: give the date from which the row applies.',
        );
      }
      const identity = `${JSON.stringify(row.key)}@${lookup.effectiveDated ? (row.effectiveFrom ?? '') : ''}`;
      const first = seen.get(identity);
      if (first !== undefined) {
        push(
          [...at, 'rows', index, 'key'],
          'lookup-duplicate-key',
          `The key ${JSON.stringify(row.key)} is already in row ${first + 1}${lookup.effectiveDated ? ' with the same date' : ''}; a lookup must give one answer.`,
        );
      } else {
        seen.set(identity, index);
      }
    }
  }
  return problems;
}
