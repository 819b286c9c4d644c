/** Stream commands: one step each (undo takes it whole), refusals in words, and the file still valid after each. */
import { describe, expect, it } from 'vitest';
import {
  CURRENT_VERSION,
  isUsable,
  parsePipelineText,
  type Pipeline,
  type StreamDefinition,
} from '../../engine/model/index.ts';
import {
  addStream,
  deleteStream,
  dependentsOf,
  duplicateStream,
  newStreamDefinition,
  newStreamProblems,
  renameStream,
  snakeName,
  streamNameProblem,
  uniqueStreamName,
  type NewStream,
} from './streams.ts';
import { openedStore } from '../state/testing.ts';
import { planAutoMap } from './auto-map.ts';

function stream(entity: string, dependsOn?: string[]): StreamDefinition {
  return {
    source: { connection: 'gp', entity, key: ['ID'] },
    target: { connection: 'warehouse', table: entity, writeMode: 'append' },
    mappings: { id: { type: 'string', expression: 'ID' } },
    ...(dependsOn ? { dependsOn } : {}),
  };
}

function pipeline(): Pipeline {
  return {
    version: CURRENT_VERSION,
    name: 'Test',
    connections: {
      gp: {
        system: 'dynamics-gp',
        address: { baseUrl: 'http://127.0.0.1:47001', company: 'Fabrikam, Inc.', domain: 'CONTOSO', user: 'gp.sync' },
        auth: { method: 'ntlm', username: 'CONTOSO\\gp.sync', secret: 'gp_password' },
      },
      warehouse: { system: 'duckdb', address: { path: './warehouse.duckdb' }, auth: { method: 'none' } },
    },
    streams: {
      gl_accounts: stream('gl_accounts'),
      vendors: stream('vendors'),
      gl_lines: stream('gl_lines', ['gl_accounts', 'vendors']),
      invoices: stream('invoices', ['vendors']),
    },
  };
}

function usable(p: Pipeline): boolean {
  return isUsable(parsePipelineText(JSON.stringify(p)));
}

const spec: NewStream = {
  name: 'gl_accounts_2',
  sourceConnection: 'gp',
  entity: 'gl_accounts',
  key: ['AccountIndex'],
  cursor: 'ModifiedDate',
  targetConnection: 'warehouse',
  table: 'gl_accounts',
  writeMode: 'merge',
  mergeFields: ['AccountIndex', 'Account Number'],
  fieldTypes: { AccountIndex: 'integer', 'Account Number': 'string' },
};

describe('stream commands', () => {
  it('names a new stream from its entity, uniquely', () => {
    expect(snakeName('GL Accounts')).toBe('gl_accounts');
    expect(snakeName('PayablesInvoices')).toBe('payables_invoices');
    expect(snakeName('gl_accounts')).toBe('gl_accounts');
    expect(uniqueStreamName(pipeline(), 'gl_accounts')).toBe('gl_accounts_2');
    expect(uniqueStreamName(pipeline(), 'employees')).toBe('employees');
  });

  it('adds a stream described by the dialog as one step: merge key columns mapped from their fields', () => {
    const before = pipeline();
    const definition = newStreamDefinition(spec);
    expect(definition).toEqual({
      source: { connection: 'gp', entity: 'gl_accounts', key: ['AccountIndex'], cursor: 'ModifiedDate' },
      target: {
        connection: 'warehouse',
        table: 'gl_accounts',
        writeMode: 'merge',
        mergeKey: ['account_index', 'account_number'],
      },
      mappings: {
        account_index: { type: 'integer', expression: 'AccountIndex' },
        account_number: { type: 'string', expression: '[Account Number]' },
      },
    });
    const after = addStream(spec.name, definition)(before);
    expect(Object.keys(after.streams)).toEqual(['gl_accounts', 'vendors', 'gl_lines', 'invoices', 'gl_accounts_2']);
    expect(before.streams).not.toHaveProperty('gl_accounts_2');
    expect(usable(after)).toBe(true);
  });

  it("names the merge key's columns as auto-map names the columns it adds after them", () => {
    // GP's journal lines: the key the dialog maps, then auto-map adds a column for each other field.
    const fields = [
      { name: 'JournalEntry', type: 'integer' },
      { name: 'TransactionDate', type: 'date' },
      { name: 'SequenceNumber', type: 'integer' },
      { name: 'BatchId', type: 'string' },
      { name: 'DebitAmount', type: 'decimal' },
    ];
    const definition = newStreamDefinition({
      ...spec,
      entity: 'gl_journal_lines',
      key: ['JournalEntry', 'TransactionDate', 'SequenceNumber'],
      mergeFields: ['JournalEntry', 'TransactionDate', 'SequenceNumber'],
      fieldTypes: Object.fromEntries(fields.map((field) => [field.name, field.type])),
    });
    expect(definition.target.mergeKey).toEqual(['journal_entry', 'transaction_date', 'sequence_number']);
    const added = planAutoMap(definition.mappings, fields).newColumns.map((column) => column.column);
    expect(added).toEqual(['batch_id', 'debit_amount']);
    // Each key column is the one auto-map would have made for its field on a stream with no columns yet.
    const alone = planAutoMap({}, fields).newColumns.map((column) => column.column);
    expect(alone).toEqual([...definition.target.mergeKey!, ...added]);
  });

  it('leaves out the merge key and cursor where the stream has none', () => {
    const definition = newStreamDefinition({ ...spec, writeMode: 'append', cursor: undefined });
    expect(definition.target).toEqual({ connection: 'warehouse', table: 'gl_accounts', writeMode: 'append' });
    expect(definition.source).not.toHaveProperty('cursor');
    expect(definition.mappings).toEqual({});
  });

  it('refuses in plain words: a name used or empty, a merge without a key, a table name that cannot be one', () => {
    const p = pipeline();
    expect(streamNameProblem(p, '')).toBe('A stream needs a name.');
    expect(streamNameProblem(p, 'vendors')).toBe('There is already a stream named "vendors".');
    expect(streamNameProblem(p, 'vendors', 'vendors')).toBeNull();
    expect(streamNameProblem(p, '2 vendors')).toMatch(/^"2 vendors" cannot name a stream: use letters/);
    expect(newStreamProblems(p, { ...spec, mergeFields: [] })).toEqual([
      'A merge needs a key: choose the columns that identify a row.',
    ]);
    expect(newStreamProblems(p, { ...spec, name: 'vendors', table: 'gl accounts' })).toEqual([
      'There is already a stream named "vendors".',
      '"gl accounts" cannot name a table: use a name such as gl_accounts, or schema.table.',
    ]);
    expect(newStreamProblems(p, { ...spec, key: ['AccountIndx'] })).toEqual([
      'Key: "AccountIndx" is not a field of gl_accounts (its fields include AccountIndex, Account Number).',
    ]);
    expect(newStreamProblems(p, spec)).toEqual([]);
    // The command itself refuses too: the same object, so no undo step.
    expect(addStream('vendors', stream('x'))(p)).toBe(p);
    expect(addStream('', stream('x'))(p)).toBe(p);
  });

  it('renames in place, and the streams that depend on it follow', () => {
    const p = pipeline();
    const after = renameStream('vendors', 'gp_vendors')(p);
    expect(Object.keys(after.streams)).toEqual(['gl_accounts', 'gp_vendors', 'gl_lines', 'invoices']);
    expect(after.streams.gl_lines!.dependsOn).toEqual(['gl_accounts', 'gp_vendors']);
    expect(after.streams.invoices!.dependsOn).toEqual(['gp_vendors']);
    expect(after.streams.gp_vendors).toBe(p.streams.vendors);
    expect(usable(after)).toBe(true);
    expect(renameStream('vendors', 'gl_lines')(p)).toBe(p);
    expect(renameStream('vendors', '')(p)).toBe(p);
    expect(renameStream('vendors', 'vendors')(p)).toBe(p);
    expect(renameStream('nothing', 'x')(p)).toBe(p);
  });

  it('duplicates right after the original under a new unique name, a copy that changes apart', () => {
    const p = pipeline();
    const once = duplicateStream('gl_accounts')(p);
    expect(Object.keys(once.streams)).toEqual(['gl_accounts', 'gl_accounts_2', 'vendors', 'gl_lines', 'invoices']);
    expect(once.streams.gl_accounts_2).toEqual(p.streams.gl_accounts);
    expect(once.streams.gl_accounts_2).not.toBe(p.streams.gl_accounts);
    const twice = duplicateStream('gl_accounts')(once);
    expect(Object.keys(twice.streams)).toContain('gl_accounts_3');
    expect(dependentsOf(once, 'gl_accounts')).toEqual(['gl_lines']);
    expect(usable(twice)).toBe(true);
  });

  it('deletes a stream and names what depended on it, whose dependsOn lets go of it', () => {
    const p = pipeline();
    expect(dependentsOf(p, 'vendors')).toEqual(['gl_lines', 'invoices']);
    const after = deleteStream('vendors')(p);
    expect(Object.keys(after.streams)).toEqual(['gl_accounts', 'gl_lines', 'invoices']);
    expect(after.streams.gl_lines!.dependsOn).toEqual(['gl_accounts']);
    expect(after.streams.invoices).not.toHaveProperty('dependsOn');
    expect(usable(after)).toBe(true);
    expect(deleteStream('nothing')(p)).toBe(p);
  });

  it('is one undo step each: Undo after add, rename, duplicate or delete gives back the pipeline before it', () => {
    const { store } = openedStore({}, 'pipeline.json', pipeline());
    const s = store.getState;
    const steps: [string, (p: Pipeline) => Pipeline][] = [
      ['Add stream gl_accounts_2', addStream('gl_accounts_2', newStreamDefinition(spec))],
      ['Rename stream vendors to gp_vendors', renameStream('vendors', 'gp_vendors')],
      ['Duplicate stream gl_lines', duplicateStream('gl_lines')],
      ['Delete stream gp_vendors', deleteStream('gp_vendors')],
    ];
    for (const [label, command] of steps) {
      const before = s().pipeline;
      s().apply(label, command);
      expect(s().pipeline).not.toEqual(before);
      expect(s().past.at(-1)?.label).toBe(label);
      s().undo();
      expect(s().pipeline).toBe(before);
      s().redo();
    }
    expect(Object.keys(s().pipeline!.streams)).toEqual([
      'gl_accounts',
      'gl_lines',
      'gl_lines_2',
      'invoices',
      'gl_accounts_2',
    ]);
    expect(s().past).toHaveLength(4);
    expect(s().dirty).toBe(true);
  });
});
