import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findDuplicateKeys } from './duplicate-keys.ts';
import { formatPath } from './problems.ts';
import { isUsable, parsePipelineText } from './pipeline-file.ts';

const EXAMPLE = readFileSync(new URL('../../assets/examples/csv-to-duckdb.json', import.meta.url), 'utf8');

describe('keys written twice', () => {
  it('finds none in the examples', () => {
    for (const name of ['csv-to-duckdb.json', 'gp-to-databricks.json', 'gp-to-duckdb.json']) {
      expect(
        findDuplicateKeys(readFileSync(new URL(`../../assets/examples/${name}`, import.meta.url), 'utf8')),
      ).toEqual([]);
    }
  });

  it('names the path, line and column of a column mapped twice, and the pipeline is not usable', () => {
    const text = EXAMPLE.replace(
      '"account_type": {',
      '"account": {\n          "type": "string",\n          "expression": "ACTNUMST"\n        },\n        "account_type": {',
    );
    const load = parsePipelineText(text);
    expect(isUsable(load)).toBe(false);
    const [problem] = load.problems.filter((p) => p.code === 'duplicate-key');
    expect(problem).toMatchObject({ path: 'streams.gl_lines.mappings.account', severity: 'error' });
    const line = text.split('\n')[problem!.line! - 1]!;
    expect(line.slice(problem!.column! - 1)).toBe('"account": {');
  });

  it('tells keys from values and handles escapes, arrays and nesting', () => {
    expect(findDuplicateKeys('{"a": "a", "b": ["a", {"a": 1, "\\"a": 2}], "c": {"a": {"a": 1}}}')).toEqual([]);
    const problems = findDuplicateKeys('{"x": [{"k": 1}, {"k": 1, "k": 2}], "y\\n": 1, "y\\n": 2}');
    expect(problems.map((p) => p.path)).toEqual(['x[1].k', formatPath(['y\n'])]);
  });
});
