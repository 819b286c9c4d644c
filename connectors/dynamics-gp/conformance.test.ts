/**
 * The kit's source conformance run over the SBA streams against the GP simulator, over NTLM (the sign-in
 * GP sites use most) and Basic, plus what is particular to NTLM: one handshake for a whole read over
 * keep-alive, and a connection dropped between the challenge and the answer. The ledger streams, read
 * through GP Web Services, have their own run in `ledger/conformance.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { type ChangedRecord, type SourceUnderTest, describeSourceConformance } from '../kit/testing/conformance.ts';
import { readAll } from '../kit/testing/conformance-support.ts';
import { recordingSleep } from '../kit/testing/loopback.ts';
import type { GpConnectionConfig } from './client.ts';
import { gpConnectorDescriptor } from './descriptor.ts';
import { gpModule } from './module.ts';
import { HANDSHAKE_DROPPED } from './ntlm-guard.ts';
import { type GpSimulator, type GpSimulatorOptions, startGpSimulator } from './simulator/index.ts';
import { openGpSource } from './gp-source.ts';
import { createGpSource } from './source.ts';
import { GP_STREAMS } from './streams.ts';

const SBA_STREAMS = GP_STREAMS.map((stream) => stream.schema.entity);

function config(
  sim: GpSimulator,
  method: GpConnectionConfig['auth']['method'],
  password = sim.credentials.password,
): GpConnectionConfig {
  const { domain, user } = sim.credentials;
  return {
    baseUrl: sim.url,
    company: sim.company,
    auth: { method, domain, user, passwordSecret: 'gp-password' },
    resolveSecret: (name) =>
      name === 'gp-password' ? Promise.resolve(password) : Promise.reject(new Error(`no secret ${name}`)),
  };
}

/** The SBA records `advance` changed (its ledger changes are the ledger run's business). */
function changedRecords(sim: GpSimulator, n: number): ChangedRecord[] {
  return sim
    .advance(n)
    .filter((change) => SBA_STREAMS.includes(change.entity))
    .map((change) => ({ entity: change.entity, key: [change.key] }));
}

function rig(sim: GpSimulator, method: GpConnectionConfig['auth']['method']): SourceUnderTest {
  return {
    descriptor: gpConnectorDescriptor,
    simulatorUrl: sim.url,
    open: ({ password, retry, requestMs }) =>
      openGpSource({
        ...config(sim, method, password),
        retry,
        ...(requestMs === undefined ? {} : { timeouts: { requestMs } }),
      }),
    // The shipped connection test: the one `check` and the studio's Test run through the registry.
    check: (options) => gpModule.testConnection(config(sim, method, options?.password)),
    advance: (n) => changedRecords(sim, n),
    requests: () => sim.stats.requests,
    faults: () => sim.stats.faults,
    close: () => sim.close(),
  };
}

const start =
  (method: GpConnectionConfig['auth']['method']) =>
  async ({ faults }: { readonly faults?: string }) =>
    rig(
      await startGpSimulator({
        rows: 120,
        seed: 7,
        company: 'Acme Holdings (Bermuda), LTD',
        ...(faults === undefined ? {} : { faults }),
      }),
      method,
    );

describeSourceConformance({
  name: 'Dynamics GP over NTLM',
  start: start('ntlm'),
  entities: SBA_STREAMS,
  // Small pages: the SBA streams alone make enough requests for every fault kind to be met.
  pageSize: 3,
  expectFaults: ['429', '500', '503', 'reset', 'slow', 'expire'],
});
describeSourceConformance({
  name: 'Dynamics GP over Basic',
  start: start('basic'),
  entities: ['payables_invoices', 'vendors'],
  maxSignInRequests: 1,
});

describe('Dynamics GP NTLM over keep-alive', () => {
  const open = (sim: GpSimulator, retry: GpConnectionConfig['retry']) =>
    createGpSource({ ...config(sim, 'ntlm'), ...(retry === undefined ? {} : { retry }) });
  const vendors = GP_STREAMS.find((stream) => stream.schema.entity === 'vendors')?.schema;
  if (vendors === undefined) throw new Error('no vendors stream');
  const withSim = async (options: GpSimulatorOptions, test: (sim: GpSimulator) => Promise<void>) => {
    const sim = await startGpSimulator({ rows: 30, ...options });
    try {
      await test(sim);
    } finally {
      await sim.close();
    }
  };

  it('signs in once for a whole read of every stream', () =>
    withSim({}, async (sim) => {
      const source = open(sim, false);
      for (const stream of GP_STREAMS) await readAll(source, stream.schema, 3);
      await source.close();
      expect(sim.stats.ntlm).toEqual({ challenges: 1, accepted: 1, refused: 0, type3WithoutChallenge: 0 });
      expect(sim.stats.requests).toBeGreaterThan(20);
    }));

  it('a connection dropped after the challenge fails with one clear error and no answer on another connection', () =>
    withSim({ dropAfterChallenge: 1 }, async (sim) => {
      const source = open(sim, false);
      const error = await readAll(source, vendors, 10).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      await source.close();
      expect(error).toMatchObject({ code: 'ECONNRESET', transient: true });
      expect((error as Error).message).toContain(HANDSHAKE_DROPPED);
      expect(sim.stats.ntlm).toEqual({ challenges: 1, accepted: 0, refused: 0, type3WithoutChallenge: 0 });
    }));

  it('a retry after the drop starts a fresh handshake, and a proxy that always drops costs a bounded number of tries', async () => {
    await withSim({ dropAfterChallenge: 1 }, async (sim) => {
      const { sleep, delays } = recordingSleep();
      const source = open(sim, { sleep });
      expect(await readAll(source, vendors, 10)).toHaveLength(30);
      await source.close();
      expect(delays).toHaveLength(1);
      expect(sim.stats.ntlm).toEqual({ challenges: 2, accepted: 1, refused: 0, type3WithoutChallenge: 0 });
    });
    await withSim({ dropAfterChallenge: 100 }, async (sim) => {
      const source = open(sim, { sleep: recordingSleep().sleep, maxAttempts: 3 });
      await expect(readAll(source, vendors, 10)).rejects.toThrow(HANDSHAKE_DROPPED);
      await source.close();
      expect(sim.stats.ntlm).toEqual({ challenges: 3, accepted: 0, refused: 0, type3WithoutChallenge: 0 });
    });
  });
});
