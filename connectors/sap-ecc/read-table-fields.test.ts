import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FieldsTooWideError,
  READ_TABLE_LINE_WIDTH,
  fieldGroups,
  rowWidth,
  type FieldWidth,
} from './read-table-fields.ts';

// CDPOS as in SAP's dictionary (sap-ecc.md §4): wider than one line when VALUE_NEW and VALUE_OLD travel together.
const CDPOS_KEYS: FieldWidth[] = [
  { name: 'OBJECTCLAS', length: 15 },
  { name: 'OBJECTID', length: 90 },
  { name: 'CHANGENR', length: 10 },
  { name: 'TABNAME', length: 30 },
  { name: 'TABKEY', length: 70 },
  { name: 'FNAME', length: 30 },
  { name: 'CHNGIND', length: 1 },
];
const CDPOS_VALUES: FieldWidth[] = [
  { name: 'VALUE_NEW', length: 254 },
  { name: 'VALUE_OLD', length: 254 },
];

describe('RFC_READ_TABLE FIELDS groups', () => {
  it('reads a table that fits in one call with one group', () => {
    const keys = [{ name: 'LIFNR', length: 10 }];
    const fields = [
      { name: 'NAME1', length: 35 },
      { name: 'LOEVM', length: 1 },
    ];
    expect(fieldGroups('LFA1', keys, fields)).toEqual([[...keys, ...fields]]);
  });

  it('splits CDPOS so VALUE_NEW and VALUE_OLD go in separate calls, each with the keys', () => {
    expect(rowWidth([...CDPOS_KEYS, ...CDPOS_VALUES])).toBeGreaterThan(READ_TABLE_LINE_WIDTH);
    const groups = fieldGroups('CDPOS', CDPOS_KEYS, CDPOS_VALUES);
    expect(groups.map((group) => group.map((field) => field.name).slice(CDPOS_KEYS.length))).toEqual([
      ['VALUE_NEW'],
      ['VALUE_OLD'],
    ]);
    for (const group of groups) expect(rowWidth(group)).toBeLessThanOrEqual(READ_TABLE_LINE_WIDTH);
  });

  it('counts a delimiter after every field: 511 characters of data in one field plus its delimiter is the limit', () => {
    const keys = [{ name: 'K', length: 1 }];
    // K(1)+1 + A(509)+1 = 512 fits; one character more does not fit beside the key.
    expect(fieldGroups('T', keys, [{ name: 'A', length: 509 }])).toHaveLength(1);
    expect(() => fieldGroups('T', keys, [{ name: 'A', length: 510 }])).toThrow(FieldsTooWideError);
  });

  it('says which fields cannot fit, in words to act on', () => {
    expect(() => fieldGroups('ZWIDE', [{ name: 'ID', length: 10 }], [{ name: 'BLOB', length: 600 }])).toThrow(
      /ZWIDE: the fields ID, BLOB need 612 characters .* DATA_BUFFER_EXCEEDED/,
    );
  });

  it('property: every group fits 512, carries the keys first, and every other field appears exactly once', () => {
    const field = (prefix: string) => fc.integer({ min: 1, max: 255 }).map((length) => ({ length, prefix }));
    fc.assert(
      fc.property(
        fc.array(field('K'), { minLength: 1, maxLength: 4 }),
        fc.array(field('F'), { maxLength: 40 }),
        (k, f) => {
          const keys = k.map((x, i) => ({ name: `K${i}`, length: Math.min(x.length, 60) }));
          const fields = f.map((x, i) => ({ name: `F${i}`, length: x.length }));
          const groups = fieldGroups('T', keys, fields);
          const seen: string[] = [];
          for (const group of groups) {
            expect(rowWidth(group)).toBeLessThanOrEqual(READ_TABLE_LINE_WIDTH);
            expect(group.slice(0, keys.length)).toEqual(keys);
            seen.push(...group.slice(keys.length).map((x) => x.name));
          }
          expect(seen).toEqual(fields.map((x) => x.name));
        },
      ),
    );
  });
});
