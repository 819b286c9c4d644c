/** The keyboard's walk over the canvas: within a band by Up/Down/Home/End, across bands to the nearest node. */
import { describe, expect, it } from 'vitest';
import { parsePipelineText } from '../../../../engine/model/index.ts';
import example from '../../../../assets/examples/csv-to-duckdb.json' with { type: 'json' };
import { bandsOf, firstStop, walk, walkKey } from './focus-walk.ts';
import { buildGraph } from './graph.ts';
import { sourceFieldList } from './source-fields.ts';

const STREAM = parsePipelineText(JSON.stringify(example)).pipeline!.streams.gl_lines!;
const bands = bandsOf(buildGraph(STREAM, sourceFieldList(STREAM.source.fields, null)).nodes);

describe('walking the canvas by keys', () => {
  it('starts on the first source field and reaches every node but the headings', () => {
    expect(firstStop(bands)).toBe('field:JRNENTRY');
    const kinds = new Set(bands.bands.flat().map((node) => node.type));
    expect([...kinds].sort()).toEqual(['column', 'field', 'lookup', 'transform']);
  });

  it('moves within a band and stops at its ends', () => {
    const fields = bands.bands[0]!.map((node) => node.id);
    expect(walk(bands, fields[0]!, 'ArrowDown')).toBe(fields[1]);
    expect(walk(bands, fields[0]!, 'ArrowUp')).toBe(fields[0]);
    expect(walk(bands, fields[0]!, 'End')).toBe(fields.at(-1));
    expect(walk(bands, fields.at(-1)!, 'Home')).toBe(fields[0]);
  });

  it('goes across to the nearest node of the next band, and back', () => {
    expect(walk(bands, 'column:cost_center', 'ArrowLeft')).toBe('lookup:cost_center:cost_centers');
    expect(walk(bands, 'lookup:cost_center:cost_centers', 'ArrowRight')).toBe('column:cost_center');
    expect(walk(bands, 'field:JRNENTRY', 'ArrowLeft')).toBe('field:JRNENTRY');
  });

  it('leaves keys with Ctrl, Alt or Cmd, and other keys, to others', () => {
    const press = { ctrlKey: false, metaKey: false, altKey: false };
    expect(walkKey({ ...press, key: 'ArrowDown' })).toBe('ArrowDown');
    expect(walkKey({ ...press, key: 'ArrowDown', ctrlKey: true })).toBe(null);
    expect(walkKey({ ...press, key: 'Enter' })).toBe(null);
  });
});
