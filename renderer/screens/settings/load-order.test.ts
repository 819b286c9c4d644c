import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../../../engine/model/index.ts';
import { minimalPipeline } from '../../../engine/model/test-fixtures.ts';
import { dependencyLevels } from './load-order.ts';

describe('the load-order graph', () => {
  it('puts each stream one column after the latest stream it waits for, reference data first', () => {
    const base = minimalPipeline();
    const gl = base.streams['gl_lines']!;
    const pipeline: Pipeline = {
      ...base,
      streams: {
        lines: { ...gl, dependsOn: ['accounts', 'vendors'] },
        vendors: gl,
        accounts: { ...gl, dependsOn: ['vendors'] },
        invoices: { ...gl, dependsOn: ['vendors'] },
      },
    };
    expect(Object.fromEntries(dependencyLevels(pipeline))).toEqual({ vendors: 0, accounts: 1, lines: 2, invoices: 1 });
    expect([...dependencyLevels(pipeline).keys()]).toEqual(['vendors', 'accounts', 'lines', 'invoices']);
  });
});
