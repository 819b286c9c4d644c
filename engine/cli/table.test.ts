import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatTable } from './table.ts';
import { resolveStateDir } from './state-dir.ts';
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

describe('resolveStateDir', () => {
  it('prefers --state, then ML_CONNECTOR_STATE, then .ml-connector in the current folder', () => {
    expect(resolveStateDir('s', { ML_CONNECTOR_STATE: '/env' }, '/work')).toBe(resolve('/work', 's'));
    expect(resolveStateDir(undefined, { ML_CONNECTOR_STATE: '/env' }, '/work')).toBe(resolve('/env'));
    expect(resolveStateDir(undefined, { ML_CONNECTOR_STATE: '' }, '/work')).toBe(resolve('/work', '.ml-connector'));
    expect(resolveStateDir(undefined, {}, '/work')).toBe(resolve('/work', '.ml-connector'));
  });
});

describe('shellWord', () => {
  it('quotes only what the shell would split or expand', () => {
    expect(shellWord('/var/lib/ml-connector')).toBe('/var/lib/ml-connector');
    expect(shellWord("my state's dir")).toBe(`'my state'\\''s dir'`);
  });
});
