/**
 * The studio's edits with names every JavaScript object already answers to (toString, constructor,
 * valueOf, hasOwnProperty): they are free names, added, renamed and edited like any other. The
 * pipeline here is built from object literals, as the studio's edits leave it.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, isUsable, parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import { addConnection, removeConnection, setAddressPart } from './connections.ts';
import { addLookupRow, addLookupTable } from './lookups.ts';
import { addColumn, renameColumn, setExpression, updateColumn } from './mappings.ts';

function pipeline(): Pipeline {
  return {
    version: CURRENT_VERSION,
    name: 'Test',
    connections: {
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
      warehouse: { system: 'duckdb', address: { path: './w.duckdb' }, auth: { method: 'none' } },
    },
    lookups: { groups: { rows: [] } },
    streams: {
      gl: {
        source: { connection: 'files', entity: 'gl', key: ['ID'] },
        target: { connection: 'warehouse', table: 'gl', writeMode: 'append' },
        mappings: { id: { type: 'integer', expression: 'ID' } },
      },
    },
  };
}

const FILES = { system: 'file', address: { folder: './more' }, auth: { method: 'none' } } as const;

describe('names every object inherits, in the studio', () => {
  it('adds a connection named constructor or toString (and removes it again)', () => {
    const added = addConnection('toString', FILES)(addConnection('constructor', FILES)(pipeline()));
    expect(Object.keys(added.connections)).toEqual(['files', 'warehouse', 'constructor', 'toString']);
    expect(setAddressPart('constructor', 'folder', './x')(added).connections['constructor']!.address).toEqual({
      folder: './x',
    });
    expect(Object.keys(removeConnection('toString')(added).connections)).toEqual(['files', 'warehouse', 'constructor']);
  });

  it('leaves the pipeline as it is for a connection named valueOf that it does not have', () => {
    const before = pipeline();
    expect(setAddressPart('valueOf', 'folder', './x')(before)).toBe(before);
    expect(removeConnection('valueOf')(before)).toBe(before);
  });

  it('adds a column named toString, renames a column to valueOf, and types a formula into a new column named constructor', () => {
    let next = addColumn('gl', 'toString', { type: 'string', expression: 'A' })(pipeline());
    next = renameColumn('gl', 'id', 'valueOf')(next);
    next = setExpression('gl', 'constructor', 'B')(next);
    expect(next.streams['gl']!.mappings).toEqual({
      valueOf: { type: 'integer', expression: 'ID' },
      toString: { type: 'string', expression: 'A' },
      constructor: { type: 'string', expression: 'B' },
    });
    expect(isUsable(parsePipelineText(JSON.stringify(next)))).toBe(true);
  });

  it('changes nothing for a column or a stream named hasOwnProperty that is not there', () => {
    const before = pipeline();
    expect(updateColumn('gl', 'hasOwnProperty', { required: true })(before)).toBe(before);
    expect(setExpression('hasOwnProperty', 'id', 'X')(before)).toBe(before);
  });

  it('adds a lookup table named toString and rows to it', () => {
    const next = addLookupRow('toString', { key: 'a', value: 'b' })(
      addLookupTable('toString', { keyType: 'string', valueType: 'string', effectiveDated: false })(pipeline()),
    );
    expect(next.lookups).toEqual({
      groups: { rows: [] },
      toString: { keyType: 'string', valueType: 'string', rows: [{ key: 'a', value: 'b' }] },
    });
  });
});
