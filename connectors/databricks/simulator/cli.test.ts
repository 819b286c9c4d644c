import { describe, expect, it } from 'vitest';
import { DEFAULT_DATABRICKS_SIMULATOR_PORT, runDatabricksSimulator } from './cli.ts';
import { callSimulator } from './test-support.ts';

describe('simulate databricks entry', () => {
  it('listens on the given port and prints the address, path and credentials it accepts', async () => {
    expect(DEFAULT_DATABRICKS_SIMULATOR_PORT).toBe(47007);
    const lines: string[] = [];
    const sim = await runDatabricksSimulator({ port: 0, print: (line) => lines.push(line) });
    try {
      const text = lines.join('\n');
      expect(text).toContain(sim.baseUrl);
      expect(text).toContain(sim.httpPath);
      expect(text).toContain(sim.credentials.token);
      expect(text).toContain('BEGIN CERTIFICATE');
      expect((await callSimulator(sim, 'GET', '/__sim/control-totals')).json).toEqual({});
    } finally {
      await sim.close();
    }
  });
});
