import { expect, it } from 'vitest';
import { neededFields } from './needed-fields.ts';
import { ledgerStream } from './testing/test-support.ts';

it('names the key, the cursor, the fields the formulas read (not lookup table names) and the control-total fields', () => {
  const stream = {
    ...ledgerStream(),
    controlTotals: { source: { period: 'posted_on', amount: 'amount' }, target: {} },
  };
  expect(neededFields(stream).sort()).toEqual(['account', 'amount', 'id', 'posted_on', 'ts']);
});
