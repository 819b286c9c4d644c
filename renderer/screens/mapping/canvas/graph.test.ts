/** The canvas drawing: which nodes and edges a stream gives, where they sit, and what a formula shows. */
import { describe, expect, it } from 'vitest';
import { parsePipelineText, type StreamDefinition } from '../../../../engine/model/index.ts';
import example from '../../../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import { formulaLabel, formulaShape } from './formula-shape.ts';
import { buildGraph, LAYOUT } from './graph.ts';
import type { CanvasGraph } from './graph-types.ts';
import { sourceFieldList } from './source-fields.ts';

const STREAM = parsePipelineText(JSON.stringify(example)).pipeline!.streams.gl_lines!;
const FIELDS = sourceFieldList(STREAM.source.fields, null);

function withMappings(mappings: StreamDefinition['mappings']): StreamDefinition {
  return { ...STREAM, mappings };
}

function edgesInto(graph: CanvasGraph, target: string): string[] {
  return graph.edges.filter((edge) => edge.target === target).map((edge) => edge.source);
}

function node(graph: CanvasGraph, id: string) {
  const found = graph.nodes.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no node ${id}`);
  return found;
}

describe('the example stream on the canvas', () => {
  const graph = buildGraph(STREAM, FIELDS);

  it('lists every source field and every column, with types and the required mark', () => {
    expect(graph.fieldCount).toBe(9);
    expect(graph.columnCount).toBe(13);
    expect(node(graph, 'field:DEBITAMT').data).toEqual({ name: 'DEBITAMT', type: 'decimal', mapped: true });
    expect(node(graph, 'column:account').data).toMatchObject({
      type: 'string',
      required: true,
      expression: 'ACTNUMST',
      unmapped: false,
    });
    expect(node(graph, 'column:debit').data).toMatchObject({ type: 'decimal(18,2)', required: false });
  });

  it('joins a plain field straight to its column', () => {
    expect(edgesInto(graph, 'column:journal_entry')).toEqual(['field:JRNENTRY']);
    expect(graph.nodes.some((candidate) => candidate.id === 'transform:journal_entry')).toBe(false);
  });

  it('puts a transform node, labelled with the formula, between the fields and the column', () => {
    expect(edgesInto(graph, 'transform:net_amount')).toEqual(['field:DEBITAMT', 'field:CRDTAMNT']);
    expect(edgesInto(graph, 'column:net_amount')).toEqual(['transform:net_amount']);
    expect(node(graph, 'transform:net_amount').data).toMatchObject({ label: 'ROUND(DEBITAMT - CRDTAMNT, 2)' });
  });

  it('puts a lookup node in the path: alone for a plain lookup, after the transform otherwise', () => {
    expect(edgesInto(graph, 'lookup:cost_center:cost_centers')).toEqual(['field:ACTNUMST']);
    expect(edgesInto(graph, 'column:cost_center')).toEqual(['lookup:cost_center:cost_centers']);
    expect(edgesInto(graph, 'transform:account_type')).toEqual(['field:ACTNUMST']);
    // The lookup node names the table: the transform before it shows the key it computes.
    expect(node(graph, 'transform:account_type').data).toMatchObject({
      label: 'MID(ACTNUMST, 5, 1)',
      formula: 'LOOKUP(account_types, MID(ACTNUMST, 5, 1), "OTHER")',
    });
    expect(edgesInto(graph, 'lookup:account_type:account_types')).toEqual(['transform:account_type']);
    expect(edgesInto(graph, 'column:account_type')).toEqual(['lookup:account_type:account_types']);
  });

  it('lays out in columns, in file order, the same way every time', () => {
    const columns = graph.nodes.filter((candidate) => candidate.type === 'column');
    expect(columns.map((candidate) => candidate.position.x)).toEqual(Array(13).fill(LAYOUT.column.x));
    expect(columns.map((candidate) => candidate.position.y)).toEqual(
      [...columns.map((candidate) => candidate.position.y)].sort((a, b) => a - b),
    );
    expect(node(graph, 'transform:net_amount').position.x).toBe(LAYOUT.transform.x);
    expect(node(graph, 'lookup:cost_center:cost_centers').position.x).toBe(LAYOUT.lookup.x);
    expect(buildGraph(STREAM, FIELDS)).toEqual(graph);
  });

  it('declares every handle an edge uses, so edges to nodes not yet on screen are drawn', () => {
    for (const line of graph.edges) {
      expect(
        node(graph, line.source).handles?.some((handle) => handle.id === line.sourceHandle && handle.type === 'source'),
      ).toBe(true);
      expect(
        node(graph, line.target).handles?.some((handle) => handle.id === line.targetHandle && handle.type === 'target'),
      ).toBe(true);
    }
    expect(new Set(graph.edges.map((line) => line.id)).size).toBe(graph.edges.length);
  });

  it('lets only columns be selected', () => {
    const selectable = graph.nodes
      .filter((candidate) => candidate.selectable !== false)
      .map((candidate) => candidate.type);
    expect(new Set(selectable)).toEqual(new Set(['column']));
  });
});

describe('columns and fields out of the ordinary', () => {
  it('draws a column waiting for a field with no edges, and marks the fields no column reads', () => {
    const graph = buildGraph(withMappings({ region: { type: 'string', expression: 'NULL' } }), FIELDS);
    expect(node(graph, 'column:region').data).toMatchObject({ unmapped: true });
    expect(graph.edges).toEqual([]);
    expect(
      graph.nodes
        .filter((candidate) => candidate.type === 'field')
        .every((candidate) => candidate.data.mapped === false),
    ).toBe(true);
  });

  it('adds no field for a name a formula reads that the source does not have (a typo), and draws no edge to it', () => {
    const graph = buildGraph(withMappings({ vendor: { type: 'string', expression: '[Vendor Name]' } }), FIELDS);
    expect(graph.nodes.some((candidate) => candidate.id === 'field:Vendor Name')).toBe(false);
    expect(graph.nodes.filter((candidate) => candidate.type === 'field')).toHaveLength(FIELDS.length);
    expect(edgesInto(graph, 'column:vendor')).toEqual([]);
  });

  it('gives a column with two lookups two rows, and a constant a transform with no inputs', () => {
    const graph = buildGraph(
      withMappings({
        both: { type: 'string', expression: 'LOOKUP(cost_centers, ACTNUMST) & LOOKUP(account_types, ACTNUMST)' },
        fixed: { type: 'string', expression: '"USD"' },
      }),
      FIELDS,
    );
    expect(edgesInto(graph, 'column:both')).toEqual(['lookup:both:cost_centers', 'lookup:both:account_types']);
    expect(node(graph, 'column:fixed').position.y).toBe(2 * LAYOUT.row);
    expect(edgesInto(graph, 'transform:fixed')).toEqual([]);
    expect(edgesInto(graph, 'column:fixed')).toEqual(['transform:fixed']);
  });
});

describe('formula labels', () => {
  it('shows a short formula as written and a long one as its outer function', () => {
    expect(formulaLabel('UPPER(  CURNCYID )')).toBe('UPPER( CURNCYID )');
    const long = 'IF(LEFT(ACTNUMST, 1) = "4", "REVENUE", IF(LEFT(ACTNUMST, 1) = "5", "EXPENSE", "OTHER"))';
    expect(formulaShape(long).transform).toBe('IF(…)');
  });

  it('marks a formula that does not parse, and still draws the fields it names', () => {
    expect(formulaShape('ROUND(DEBITAMT - , 2')).toMatchObject({ broken: true, fields: ['DEBITAMT'] });
  });
});

describe('source field list', () => {
  it('keeps the source order, lets the pipeline override types, and adds declared-only fields', () => {
    const fields = sourceFieldList({ B: 'decimal', Z: 'date' }, [
      { name: 'A', type: 'string' },
      { name: 'B', type: 'string', description: 'Balance' },
    ]);
    expect(fields).toEqual([
      { name: 'A', type: 'string' },
      { name: 'B', type: 'decimal', description: 'Balance' },
      { name: 'Z', type: 'date' },
    ]);
  });
});
