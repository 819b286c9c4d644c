import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';
import { shellWord } from './run-report.ts';

describe('formatTable', () => {
  it('aligns columns, puts numbers right, cuts long cells and flattens line breaks', () => {
    const lines = formatTable(
      [{ header: 'STREAM' }, { header: 'READ', align: 'right' }, { header: 'NOTE', maxWidth: 8 }],
      [
        ['gl_lines', '8', 'a very long note'],
        ['vendors', '1,204', 'two\nline'],
      ],
    );
    expect(lines).toEqual(['STREAM     READ  NOTE', 'gl_lines      8  a very …', 'vendors   1,204  two line']);
  });
});

describe('shellWord', () => {
  it('quotes only what the shell would split or expand', () => {
    expect(shellWord('/var/lib/ml-connector')).toBe('/var/lib/ml-connector');
    expect(shellWord("my state's dir")).toBe(`'my state'\\''s dir'`);
  });
});
