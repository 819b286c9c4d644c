/** Auto-map by name: what it proposes (strongest match first), what it leaves, and applying it as one edit. */
import { describe, expect, it } from 'vitest';
import { parsePipelineText, type MappingDefinition, type Pipeline } from '../../engine/model/index.ts';
import example from '../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import { applyAutoMap, autoMapSize, planAutoMap, readAs, wordsOf, type AutoMapField } from './auto-map.ts';
import { addColumn, removeColumns, UNMAPPED_EXPRESSION } from './mappings.ts';

const EXAMPLE = parsePipelineText(JSON.stringify(example)).pipeline!;
const GL_FIELDS: AutoMapField[] = Object.entries(EXAMPLE.streams.gl_lines!.source.fields!).map(([name, type]) => ({
  name,
  type,
}));
const open = (type = 'string'): MappingDefinition => ({ type, expression: UNMAPPED_EXPRESSION });

function field(name: string, type = 'string'): AutoMapField {
  return { name, type };
}

describe('reading names as words', () => {
  it('splits on separators and camel case, and spells out ERP abbreviations', () => {
    expect(wordsOf('DEX_ROW_TS')).toEqual(['dex', 'row', 'ts']);
    expect(wordsOf('firstName')).toEqual(['first', 'name']);
    expect(wordsOf('GLAccountCode')).toEqual(['gl', 'account', 'code']);
    expect(wordsOf('Vendor Name')).toEqual(['vendor', 'name']);
    expect(readAs('ACTNUMST')).toEqual(['account', 'number']);
    expect(readAs('CRDTAMNT')).toEqual(['credit', 'amount']);
    expect(readAs('LIFNR')).toEqual(['vendor', 'number']);
    expect(readAs('vendor_nbr')).toEqual(['vendor', 'number']);
    expect(readAs('PO_AMT')).toEqual(['purchase', 'order', 'amount']);
  });

  it('does not read object properties as abbreviations', () => {
    expect(readAs('constructor')).toEqual(['constructor']);
    expect(readAs('__proto__')).toEqual(['proto']);
  });
});

describe('planning', () => {
  it('proposes nothing for the example: every field is read and no column waits for one', () => {
    const plan = planAutoMap(EXAMPLE.streams.gl_lines!.mappings, GL_FIELDS);
    expect(plan).toEqual({ pairs: [], newColumns: [], unmatchedColumns: [], alreadyMapped: GL_FIELDS.length });
    expect(autoMapSize(plan, true)).toBe(0);
  });

  it('offers a field whose column was deleted as a new column named in plain words', () => {
    const mappings = removeColumns('gl_lines', ['description'])(EXAMPLE).streams.gl_lines!.mappings;
    const plan = planAutoMap(mappings, GL_FIELDS);
    expect(plan.newColumns).toEqual([{ field: 'DSCRIPTN', column: 'description', type: 'string' }]);
    expect(plan.pairs).toEqual([]);
  });

  it('maps onto columns waiting for a field, strongest match first, each field and column once', () => {
    const mappings = {
      account_number: open(),
      vendor_name: open(),
      debit: open('decimal(18,2)'),
      ACTNUMST: open(),
      region: open(),
      already: { type: 'string', expression: 'TRIM(CURNCYID)' },
    };
    const fields = [
      field('ACTNUMST'),
      field('Vendor Name'),
      field('DEBITAMT', 'decimal'),
      field('CURNCYID'),
      field('PSTGDATE', 'date'),
    ];
    const plan = planAutoMap(mappings, fields);
    expect(plan.pairs).toEqual([
      { field: 'Vendor Name', column: 'vendor_name', match: 'same words', why: 'same name, written differently' },
      { field: 'DEBITAMT', column: 'debit', match: 'close', why: '"debit amount" is close to "debit"' },
      { field: 'ACTNUMST', column: 'ACTNUMST', match: 'same name', why: 'same name' },
    ]);
    // account_number would match ACTNUMST by abbreviation, but the exact name took it first.
    expect(plan.unmatchedColumns).toEqual(['account_number', 'region']);
    expect(plan.newColumns).toEqual([{ field: 'PSTGDATE', column: 'posting_date', type: 'date' }]);
    expect(plan.alreadyMapped).toBe(1);
  });

  it('matches an ERP abbreviation onto a plain-words column', () => {
    const plan = planAutoMap({ description: open(), currency_id: open() }, [field('DSCRIPTN'), field('CURNCYID')]);
    expect(plan.pairs.map((pair) => [pair.field, pair.column, pair.match])).toEqual([
      ['DSCRIPTN', 'description', 'abbreviation'],
      ['CURNCYID', 'currency_id', 'abbreviation'],
    ]);
    expect(plan.pairs[0]!.why).toBe('DSCRIPTN reads as "description"');
  });

  it('gives two fields that read the same the first column, and the other a numbered new column', () => {
    const plan = planAutoMap({ vendor_id: open() }, [field('VENDORID'), field('Vendor ID')]);
    expect(plan.pairs.map((pair) => pair.field)).toEqual(['Vendor ID']);
    expect(plan.newColumns).toEqual([{ field: 'VENDORID', column: 'vendor_id_2', type: 'string' }]);
  });
});

describe('applying', () => {
  function withOpenDescription(): Pipeline {
    return addColumn('gl_lines', 'descr', open())(removeColumns('gl_lines', ['description', 'currency'])(EXAMPLE));
  }

  it('applies pairs and new columns in one edit, quoting odd field names', () => {
    const pipeline = addColumn('gl_lines', 'vendor_name', open())(EXAMPLE);
    const fields = [...GL_FIELDS, field('Vendor Name'), field('Due Date', 'date')];
    const plan = planAutoMap(pipeline.streams.gl_lines!.mappings, fields);
    const next = applyAutoMap('gl_lines', plan, { addNewColumns: true })(pipeline);
    const mappings = next.streams.gl_lines!.mappings;
    expect(mappings.vendor_name).toEqual({ type: 'string', expression: '[Vendor Name]' });
    expect(mappings.due_date).toEqual({ type: 'date', expression: '[Due Date]' });
    expect(Object.keys(mappings).slice(-2)).toEqual(['vendor_name', 'due_date']);
  });

  it('leaves new columns out when asked, and changes nothing when there is nothing to do', () => {
    const pipeline = withOpenDescription();
    const plan = planAutoMap(pipeline.streams.gl_lines!.mappings, GL_FIELDS);
    expect(plan.pairs.map((pair) => `${pair.field}->${pair.column}`)).toEqual(['DSCRIPTN->descr']);
    expect(plan.newColumns.map((column) => column.column)).toEqual(['currency_id']);
    const pairsOnly = applyAutoMap('gl_lines', plan, { addNewColumns: false })(pipeline);
    expect(pairsOnly.streams.gl_lines!.mappings.descr!.expression).toBe('DSCRIPTN');
    expect(pairsOnly.streams.gl_lines!.mappings.currency_id).toBeUndefined();
    expect(
      applyAutoMap('gl_lines', planAutoMap(EXAMPLE.streams.gl_lines!.mappings, GL_FIELDS), { addNewColumns: true })(
        EXAMPLE,
      ),
    ).toBe(EXAMPLE);
  });

  it('keeps a formula written after the plan was made, and never overwrites a column added since', () => {
    const pipeline = withOpenDescription();
    const plan = planAutoMap(pipeline.streams.gl_lines!.mappings, GL_FIELDS);
    const edited = addColumn('gl_lines', 'currency_id', { type: 'string', expression: '"USD"' })(pipeline);
    const written = {
      ...edited,
      streams: {
        ...edited.streams,
        gl_lines: {
          ...edited.streams.gl_lines!,
          mappings: { ...edited.streams.gl_lines!.mappings, descr: { type: 'string', expression: 'UPPER(DSCRIPTN)' } },
        },
      },
    };
    const next = applyAutoMap('gl_lines', plan, { addNewColumns: true })(written);
    const mappings = next.streams.gl_lines!.mappings;
    expect(mappings.descr!.expression).toBe('UPPER(DSCRIPTN)');
    expect(mappings.currency_id!.expression).toBe('"USD"');
    expect(mappings.currency_id_2).toEqual({ type: 'string', expression: 'CURNCYID' });
  });
});
