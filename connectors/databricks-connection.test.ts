/** A Databricks connection's settings as the pipeline gives them (connection-config.ts). */
import { describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../engine/model/index.ts';
import type { ConnectionContext } from './connection-config.ts';
import { databricksOptions } from './databricks/module.ts';

function context(address: Connection['address']): ConnectionContext {
  const connection = {
    system: 'databricks',
    address: { host: 'adb-1.azuredatabricks.net', httpPath: '/sql/1.0/warehouses/abc', ...address },
    auth: { method: 'personal-access-token', secret: 'pat' },
  } as Connection;
  return {
    name: 'lake',
    connection,
    pipeline: { connections: { lake: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: () => Promise.resolve('dapi-test'),
  };
}

describe('Databricks connection: warehouseStartMinutes', () => {
  it('is the wall-clock budget for a starting warehouse, in minutes; unset leaves the client default (10 minutes)', async () => {
    expect((await databricksOptions(context({ warehouseStartMinutes: 15 }))).warehouseStartMs).toBe(15 * 60_000);
    expect((await databricksOptions(context({ warehouseStartMinutes: '2.5' }))).warehouseStartMs).toBe(150_000);
    expect((await databricksOptions(context({}))).warehouseStartMs).toBeUndefined();
  });

  it('refuses what is not a number of minutes, naming the part', async () => {
    await expect(databricksOptions(context({ warehouseStartMinutes: 'ten' }))).rejects.toThrow(
      'connections.lake.address.warehouseStartMinutes: how many minutes a stopped SQL warehouse is given to start, more than 0 and at most 120, not ten',
    );
    await expect(databricksOptions(context({ warehouseStartMinutes: 0 }))).rejects.toThrow(/more than 0/);
  });
});

describe('Databricks connection: stagingVolume', () => {
  it('takes a volume as catalog.schema.volume, or none, and leaves the default to the destination', async () => {
    expect((await databricksOptions(context({ stagingVolume: 'main.landing.loads' }))).stagingVolume).toBe(
      'main.landing.loads',
    );
    expect((await databricksOptions(context({ stagingVolume: 'none' }))).stagingVolume).toBe('none');
    expect((await databricksOptions(context({}))).stagingVolume).toBeUndefined();
  });

  it('refuses a volume it cannot read, saying how to name one', async () => {
    await expect(databricksOptions(context({ stagingVolume: 'loads' }))).rejects.toThrow(
      'connections.lake.address.stagingVolume: name a Unity Catalog volume as catalog.schema.volume (or none), not loads',
    );
  });
});

describe('Databricks connection: jobPollSeconds', () => {
  it("is the pause between polls of an after-load job's run; unset leaves the destination's 10 s", async () => {
    expect((await databricksOptions(context({ jobPollSeconds: 30 }))).jobs).toEqual({ intervalMs: 30_000 });
    expect((await databricksOptions(context({ jobPollSeconds: '0' }))).jobs).toEqual({ intervalMs: 0 });
    expect((await databricksOptions(context({}))).jobs).toBeUndefined();
  });

  it('refuses what is not a number of seconds, naming the part', async () => {
    await expect(databricksOptions(context({ jobPollSeconds: 'often' }))).rejects.toThrow(
      "connections.lake.address.jobPollSeconds: seconds between two questions about a job run's state, from 0 to 3600, not often",
    );
    await expect(databricksOptions(context({ jobPollSeconds: -1 }))).rejects.toThrow(/from 0 to 3600/);
  });

  it('is 0 in a connection pointed at the simulator, whose job runs move one state per poll', async () => {
    const { pointConnectionAtSimulator } = await import('./registry.ts');
    const pointed = pointConnectionAtSimulator(
      'databricks',
      { host: 'adb-1.azuredatabricks.net', httpPath: '/sql/1.0/warehouses/abc' },
      { databricks: { address: { host: '127.0.0.1', port: 47007, httpPath: '/sql/1.0/warehouses/sim' } } },
    );
    expect(pointed?.address['jobPollSeconds']).toBe(0);
  });
});
