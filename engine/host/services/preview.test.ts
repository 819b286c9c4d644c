/**
 * The preview service over the CSV example: the source sample is read once and reused while the
 * analyst edits formulas, and read again when what decides the records changes, when it is too old,
 * or when the analyst asks. Reads are counted through the real file source.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSource } from '../../../connectors/registry.ts';
import { formatPipeline, parsePipelineText, type Pipeline } from '../../model/index.ts';
import { previewService } from './preview.ts';
import type { OpenSource } from './preview-sample.ts';
import { SampleCache } from './sample-cache.ts';
import { testHostContext } from './test-context.ts';

const EXAMPLES = fileURLToPath(new URL('../../../assets/examples', import.meta.url));
const PIPELINE = 'examples/csv-to-duckdb.json';
const HEADER = 'JRNENTRY,SEQNUMBR,ACTNUMST,TRXDATE,DEBITAMT,CRDTAMNT,DSCRIPTN,CURNCYID,DEX_ROW_TS\n';

let dir: string;
let reads: number;
let clock: number;

const countingOpen: OpenSource = async (context) => {
  const source = await openSource(context);
  return {
    orderedByCursor: source.orderedByCursor,
    discover: () => source.discover(),
    read(request) {
      reads++;
      return source.read(request);
    },
    close: () => source.close(),
  };
};

const context = () => testHostContext(dir);

function exampleWith(change: (pipeline: Pipeline) => void): string {
  const pipeline = parsePipelineText(readFileSync(join(dir, PIPELINE), 'utf8')).pipeline as Pipeline;
  change(pipeline);
  return formatPipeline(pipeline);
}

function service(ttlMs = 60_000) {
  return previewService(context(), { openSource: countingOpen, cache: new SampleCache({ ttlMs, now: () => clock }) });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlc-preview-'));
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true });
  reads = 0;
  clock = 1_000_000;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('preview sample cache', () => {
  it('reads the source once while formulas change, and maps each edit', async () => {
    const preview = service();
    const first = await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines', limit: 100 });
    expect(first.sample.reused).toBe(false);
    expect(first.rows[0]!['description']).toBe('Invoice 4471, Contoso');
    const edited = exampleWith((p) => (p.streams.gl_lines!.mappings.description!.expression = 'UPPER(DSCRIPTN)'));
    const second = await preview.stream({ pipeline: { path: PIPELINE, text: edited }, stream: 'gl_lines', limit: 100 });
    expect(second.sample.reused).toBe(true);
    expect(second.rows[0]!['description']).toBe('INVOICE 4471, CONTOSO');
    expect(reads).toBe(1);
  });

  it('reads again when the source definition or its connection changes', async () => {
    const preview = service();
    await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    // New data on disk is not seen while the sample is reused...
    writeFileSync(
      join(dir, 'examples/data/gl-lines-2024-02.csv'),
      `${HEADER}2001,1,000-1100-00,2024-02-01,5.00,0.00,February,Z-US$,2024-02-01T00:00:00Z\n`,
    );
    const filtered = exampleWith((p) => (p.streams.gl_lines!.source.filters = { DSCRIPTN: 'February' }));
    // ...but a changed source definition reads again.
    const answer = await preview.stream({ pipeline: { path: PIPELINE, text: filtered }, stream: 'gl_lines' });
    expect(reads).toBe(2);
    expect(answer.rows.map((row) => row['description'])).toEqual(['February']);
    mkdirSync(join(dir, 'examples/march'));
    writeFileSync(
      join(dir, 'examples/march/gl-lines-2024-03.csv'),
      `${HEADER}3001,1,000-1100-00,2024-03-01,7.00,0.00,March,Z-US$,2024-03-01T00:00:00Z\n`,
    );
    const otherFolder = exampleWith((p) => (p.connections.gl_export!.address = { folder: './march' }));
    const march = await preview.stream({ pipeline: { path: PIPELINE, text: otherFolder }, stream: 'gl_lines' });
    expect(reads).toBe(3);
    expect(march.rows.map((row) => row['description'])).toEqual(['March']);
  });

  it('reads again after the sample has expired, or when the analyst asks for a fresh read', async () => {
    const preview = service(60_000);
    await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    clock += 59_000;
    await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    expect(reads).toBe(1);
    clock += 2_000;
    await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    expect(reads).toBe(2);
    const refreshed = await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines', refresh: true });
    expect(refreshed.sample.reused).toBe(false);
    expect(reads).toBe(3);
  });

  it('shares one read between two previews asked at once', async () => {
    const preview = service();
    const [a, b] = await Promise.all([
      preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' }),
      preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' }),
    ]);
    expect(reads).toBe(1);
    expect(a.rows).toEqual(b.rows);
  });

  it('places held rows among the rows and tells where each value comes from', async () => {
    const answer = await service().stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    expect(answer.read).toBe(8);
    expect(answer.held).toHaveLength(1);
    expect(answer.held[0]).toMatchObject({ position: 6, sourceRecord: { ACTNUMST: '000-6900-00' } });
    expect(answer.held[0]!.reasons[0]!.message).toMatch(/cost_centers/);
    expect(answer.rowSources.map((source) => source.position)).toEqual([0, 1, 2, 3, 4, 5, 7]);
    expect(answer.rowSources[2]!.values).toMatchObject({
      ACTNUMST: '000-6100-00',
      DEBITAMT: '310.45',
      CRDTAMNT: '0.00',
    });
    expect(answer.rows[2]!['net_amount']).toBe('310.45');
  });

  it('says which rows took a LOOKUP default, per row, and not for a row a miss holds', async () => {
    const held = await service().stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    // As shipped, the missing account holds its row: no row took a default.
    expect(held.rowSources.every((source) => source.lookupDefaults.length === 0)).toBe(true);
    const withDefault = exampleWith(
      (p) => (p.streams.gl_lines!.mappings.cost_center!.expression = 'LOOKUP(cost_centers, ACTNUMST, "CC-UNKNOWN")'),
    );
    const answer = await service().stream({ pipeline: { path: PIPELINE, text: withDefault }, stream: 'gl_lines' });
    expect(answer.held).toHaveLength(0);
    expect(answer.rows[6]).toMatchObject({ account: '000-6900-00', cost_center: 'CC-UNKNOWN' });
    expect(answer.rowSources.map((source) => source.lookupDefaults)).toEqual([
      [],
      [],
      [],
      [],
      [],
      [],
      ['cost_centers'],
      [],
    ]);
  });

  it('keeps the sample when a formula has an error, and answers with the problem', async () => {
    const preview = service();
    const broken = exampleWith((p) => (p.streams.gl_lines!.mappings.description!.expression = 'TRIM(DSCRIPTNX)'));
    await expect(
      preview.stream({ pipeline: { path: PIPELINE, text: broken }, stream: 'gl_lines' }),
    ).rejects.toMatchObject({
      code: 'INVALID_PIPELINE',
      problems: [expect.objectContaining({ path: 'streams.gl_lines.mappings.description.expression' })],
    });
    await preview.stream({ pipeline: { path: PIPELINE }, stream: 'gl_lines' });
    expect(reads).toBe(1);
  });
});
