/** The preview grid's pure parts: sample order, where a value comes from, and the host's error in an analyst's words. */
import { describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../../api/wire.ts';
import { describePreviewError, originOf, previewLines, valueText } from './preview-rows.ts';

const RESULT: PreviewResult = {
  stream: 'gl_lines',
  columns: [
    { name: 'net_amount', expression: 'ROUND(DEBITAMT - CRDTAMNT, 2)', fields: ['DEBITAMT', 'CRDTAMNT'], lookups: [] },
    {
      name: 'cost_center',
      expression: 'LOOKUP(cost_centers, ACTNUMST)',
      fields: ['ACTNUMST'],
      lookups: ['cost_centers'],
    },
    { name: 'city', expression: 'vendor.address[0].city', fields: ['vendor.address[0].city'], lookups: [] },
  ],
  rows: [
    { net_amount: '-1250.00', cost_center: 'CC-SALES-NA', city: 'Austin' },
    { net_amount: '42.10', cost_center: 'CC-AP', city: null },
  ],
  rowSources: [
    {
      position: 0,
      values: {
        DEBITAMT: '0.00',
        CRDTAMNT: '1250.00',
        ACTNUMST: '000-4100-00',
        vendor: { address: [{ city: 'Austin' }] },
      },
      lookupDefaults: [],
    },
    {
      position: 2,
      values: { DEBITAMT: '42.10', CRDTAMNT: '0.00', ACTNUMST: '000-2100-00', vendor: null },
      lookupDefaults: [],
    },
  ],
  held: [
    {
      position: 1,
      sourceRecord: { DEBITAMT: '42.10', CRDTAMNT: '0.00', ACTNUMST: '000-6900-00' },
      reasons: [
        {
          column: 'cost_center',
          code: 'LOOKUP_MISS',
          message: 'Lookup table "cost_centers" has no entry for the key "000-6900-00".',
        },
      ],
    },
  ],
  read: 3,
  sample: { readAt: '2024-01-31T00:00:00.000Z', reused: false, records: 3 },
};

describe('preview rows', () => {
  it('puts held rows back in the order the source gave them', () => {
    expect(previewLines(RESULT).map((line) => `${line.kind}@${line.position}`)).toEqual(['row@0', 'held@1', 'row@2']);
  });

  it("tells where a value comes from: the formula, the fields it reads with this record's values, the lookups", () => {
    const [first, held] = previewLines(RESULT);
    expect(originOf(RESULT, first!, 'net_amount')).toEqual({
      column: 'net_amount',
      expression: 'ROUND(DEBITAMT - CRDTAMNT, 2)',
      value: '-1250.00',
      fields: [
        { path: 'DEBITAMT', value: '0.00' },
        { path: 'CRDTAMNT', value: '1250.00' },
      ],
      lookups: [],
      record: 1,
    });
    expect(originOf(RESULT, held!, 'cost_center')).toMatchObject({
      record: 2,
      fields: [{ path: 'ACTNUMST', value: '000-6900-00' }],
      lookups: ['cost_centers'],
    });
    expect(originOf(RESULT, held!, 'cost_center')).not.toHaveProperty('value');
    // A nested path shows the whole field it starts at.
    expect(originOf(RESULT, first!, 'city')!.fields).toEqual([
      { path: 'vendor.address[0].city', value: { address: [{ city: 'Austin' }] } },
    ]);
    expect(originOf(RESULT, first!, 'no_such_column')).toBeUndefined();
  });

  it('writes values as the analyst reads them', () => {
    expect([valueText(null), valueText(true), valueText('12.50'), valueText(7), valueText(undefined)]).toEqual([
      '(empty)',
      'TRUE',
      '12.50',
      '7',
      '(not read)',
    ]);
  });

  it('names the column and the place of a formula problem, and passes other refusals on as they are', () => {
    const formula = describePreviewError(
      '/data/gl.json has 2 problems\nstreams.gl_lines.mappings.description.expression (line 1, column 7): There is no field "DSCRIPTNX".\nstreams.gl_lines.mappings.amount.expression: Write a formula.',
      true,
    );
    expect(formula).toEqual({
      headline: 'A formula has an error, so the preview still shows the last good result.',
      details: ['description, line 1, column 7: There is no field "DSCRIPTNX".', 'amount: Write a formula.'],
    });
    const source = describePreviewError('connections.gl_export: cannot read the folder "./data"', false);
    expect(source).toEqual({
      headline: 'The sample could not be previewed, so there is no preview yet.',
      details: ['connections.gl_export: cannot read the folder "./data"'],
    });
  });
});
