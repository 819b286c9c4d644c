/** The follow-up fetch asks BambooHR for the fields the mapping reads, and no more. */
import { afterEach, expect, it } from 'vitest';
import type { DataRow } from '../../engine/model/io.ts';
import { type BambooSimulator, startBambooSimulator } from './simulator/index.ts';
import { createBambooSource } from './source.ts';
import { configFor, secretsFor } from './test-support.ts';

let sim: BambooSimulator;
afterEach(() => sim.close());

it('fetches only the requested employee fields (plus id and lastChanged), or all when none are named', async () => {
  sim = await startBambooSimulator({ rows: 3, seed: 2 });
  const source = createBambooSource(configFor(sim, 'api-key', secretsFor(sim), { retry: false }));
  const read = async (fields?: readonly string[]) => {
    const rows: DataRow[] = [];
    for await (const page of source.read({
      entity: 'employees',
      key: ['id'],
      pageSize: 10,
      ...(fields === undefined ? {} : { fields }),
    }))
      rows.push(...page.records);
    return rows;
  };
  const narrow = await read(['id', 'firstName', 'payRateCurrency', 'lastChanged']);
  expect(narrow).toHaveLength(3);
  for (const row of narrow) {
    expect(typeof row.firstName).toBe('string');
    expect(row.payRateCurrency).toMatch(/^(USD|GBP)$/);
    expect([row.lastName, row.department, row.workEmail]).toEqual([null, null, null]);
    expect(row.lastChanged).not.toBeNull();
  }
  const all = await read();
  expect(all.every((row) => typeof row.lastName === 'string' && typeof row.department === 'string')).toBe(true);
  await source.close();
});
