/**
 * Names that every JavaScript object already answers to (toString, constructor, __proto__,
 * hasOwnProperty, valueOf) are names like any other, driven through the real CLI as a user would:
 * one that the pipeline does not define is unknown (exit 2, one line), and streams, connections,
 * lookups, columns and source fields named so run into the warehouse like the rest.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyOfExamples, nonEmptyLines, tempDir } from './test-support.ts';

const temp = tempDir();
afterAll(() => temp.remove());

const json = (text: string) => nonEmptyLines(text).map((line) => JSON.parse(line) as Record<string, any>);

describe('a --stream the pipeline does not have, named like something every object inherits', () => {
  const examples = copyOfExamples(join(temp.path, 'unknown'));
  const pipeline = join(examples, 'csv-to-duckdb.json');

  it.each(['toString', 'constructor', '__proto__'])(
    'run --stream %s is refused with exit 2 naming the stream, and runs nothing',
    async (name) => {
      const result = await cli(['run', pipeline, '--stream', name, '--state', join(temp.path, 'unknown-state')]);
      expect(result.code).toBe(2);
      expect(nonEmptyLines(result.stderr)).toEqual([`error: the pipeline has no stream "${name}"; streams: gl_lines`]);
      expect(result.stdout).toBe('');
    },
  );

  it.each(['constructor', 'hasOwnProperty'])(
    'preview --stream %s says in one line that there is no such stream',
    async (name) => {
      const result = await cli(['preview', pipeline, '--stream', name]);
      expect(result.code).toBe(2);
      expect(nonEmptyLines(result.stderr)).toEqual([`error: the pipeline has no stream "${name}"; streams: gl_lines`]);
      expect(result.stderr).not.toMatch(/TypeError|Cannot read properties/);
    },
  );

  it('plan --stream valueOf is refused the same way', async () => {
    const result = await cli(['plan', pipeline, '--stream', 'valueOf', '--state', join(temp.path, 'unknown-state')]);
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toEqual(['error: the pipeline has no stream "valueOf"; streams: gl_lines']);
  });
});

describe('a pipeline whose streams, connections, lookups, columns and fields have those names', () => {
  const dir = join(temp.path, 'named');
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'lookups'), { recursive: true });
  // Source fields named __proto__ and constructor, in a CSV header and in JSON lines.
  writeFileSync(join(dir, 'data', 'accounts.csv'), 'ID,__proto__,constructor\n1,4100,Sales\n2,6100,Rent\n');
  writeFileSync(join(dir, 'data', 'people.jsonl'), '{"ID": 7, "__proto__": "x-7", "toString": "T"}\n');
  writeFileSync(join(dir, 'lookups', 'groups.csv'), 'account,group\n4100,REVENUE\n6100,EXPENSE\n');
  writeFileSync(
    join(dir, 'pipeline.json'),
    JSON.stringify(
      {
        version: 3,
        name: 'object-like names',
        connections: {
          constructor: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
          toString: { system: 'duckdb', address: { path: './warehouse.duckdb' }, auth: { method: 'none' } },
        },
        lookups: {
          valueOf: {
            keyType: 'string',
            valueType: 'string',
            file: { path: './lookups/groups.csv', keyColumn: 'account', valueColumn: 'group' },
          },
          hasOwnProperty: {
            rows: [
              { key: 'Sales', value: 'S' },
              { key: 'Rent', value: 'R' },
            ],
          },
        },
        streams: {
          // A computed key: written plainly, __proto__ in an object literal would set its prototype.
          ['__proto__']: {
            source: {
              connection: 'constructor',
              entity: 'accounts',
              key: ['ID'],
              fields: { ['__proto__']: 'string', constructor: 'string' },
              options: { file: 'accounts.csv' },
            },
            target: { connection: 'toString', table: 'accounts', writeMode: 'merge', mergeKey: ['toString'] },
            mappings: {
              toString: { type: 'integer', expression: 'ID', required: true },
              constructor: { type: 'string', expression: '__proto__' },
              valueOf: { type: 'string', expression: 'LOOKUP(valueOf, __proto__)' },
              hasOwnProperty: { type: 'string', expression: 'LOOKUP(hasOwnProperty, constructor)' },
            },
          },
          valueOf: {
            source: { connection: 'constructor', entity: 'people', key: ['ID'], options: { file: 'people.jsonl' } },
            target: { connection: 'toString', table: 'people', writeMode: 'append' },
            mappings: {
              id: { type: 'integer', expression: 'ID' },
              constructor: { type: 'string', expression: '__proto__' },
              toString: { type: 'string', expression: 'toString' },
            },
            dependsOn: ['__proto__'],
          },
        },
      },
      null,
      2,
    ),
  );

  it('validates, naming both streams', async () => {
    const result = await cli(['validate', 'pipeline.json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('(2 streams, 2 connections)');
  });

  it('previews the stream named __proto__ with the values of the fields named __proto__ and constructor', async () => {
    const result = await cli(['preview', 'pipeline.json', '--stream', '__proto__', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const rows = json(result.stdout)
      .filter((line) => line.type === 'row')
      .map((line) => line.row);
    expect(rows).toEqual([
      { toString: 1, constructor: '4100', valueOf: 'REVENUE', hasOwnProperty: 'S' },
      { toString: 2, constructor: '6100', valueOf: 'EXPENSE', hasOwnProperty: 'R' },
    ]);
  });

  it('runs both streams into DuckDB, with every column where it belongs', async () => {
    const result = await cli(['run', 'pipeline.json', '--json'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = json(result.stdout).at(-1)!;
    expect(summary.streams).toMatchObject([
      { name: '__proto__', read: 2, written: 2, held: 0, failed: 0 },
      { name: 'valueOf', read: 1, written: 1, held: 0, failed: 0 },
    ]);
    const db = await DuckDBInstance.create(join(dir, 'warehouse.duckdb'));
    const connection = await db.connect();
    try {
      const accounts = await connection.runAndReadAll(
        'SELECT "toString", "constructor", "valueOf", "hasOwnProperty" FROM accounts ORDER BY 1',
      );
      expect(accounts.getRowObjectsJson()).toEqual([
        { toString: '1', constructor: '4100', valueOf: 'REVENUE', hasOwnProperty: 'S' },
        { toString: '2', constructor: '6100', valueOf: 'EXPENSE', hasOwnProperty: 'R' },
      ]);
      const people = await connection.runAndReadAll('SELECT id, "constructor", "toString" FROM people');
      expect(people.getRowObjectsJson()).toEqual([{ id: '7', constructor: 'x-7', toString: 'T' }]);
    } finally {
      connection.closeSync();
      db.closeSync();
    }
  });

  it('runs the stream named __proto__ alone with --stream', async () => {
    const result = await cli(['run', 'pipeline.json', '--stream', '__proto__', '--full-refresh', '--json'], {
      cwd: dir,
    });
    expect(result.code).toBe(0);
    // The earlier test loaded these 2 rows already: merged again unchanged, they are not written twice.
    expect(json(result.stdout).at(-1)!.streams).toMatchObject([
      { name: '__proto__', status: 'ok', read: 2, written: 0, held: 0, alreadyLoaded: 2, failed: 0 },
    ]);
  });
});
