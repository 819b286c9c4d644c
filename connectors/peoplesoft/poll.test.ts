/**
 * The QAS poll variant (`queryMode: poll`) against the simulator: each window's query is started in the
 * (simulated) Process Scheduler, its status polled (queued, running, success) with an injected clock and
 * sleeper (no test waits), and its rows fetched block by block until finalBlockRetrieved; the read equals
 * the control totals, and a window cut at maxrows is still split (README: the poll variant is not known to
 * lift MaxRow). Killed, error and idNotFound stop the stream naming the query, the window and the instance;
 * a Process Scheduler that is down is a bounded wait, and `check` says what the poll variant needs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fetchControlTotals, readAll, reconcile } from '../kit/testing/conformance-support.ts';
import type { PsftConnectionConfig } from './config.ts';
import { psftModule } from './module.ts';
import type { PeopleSoftSimulator, PeopleSoftSimulatorOptions } from './simulator/index.ts';
import { createPsftSource } from './source.ts';
import { PSFT_STREAMS } from './streams.ts';
import { configFor, startTestSimulator, TEST_NOW, TEST_QUERIES } from './test-support.ts';

const running: PeopleSoftSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sim) => sim.close()));
});
const schema = (name: string) => PSFT_STREAMS.find((candidate) => candidate.name === name)!.schema;

async function start(poll: PeopleSoftSimulatorOptions['poll'], rows = 60): Promise<PeopleSoftSimulator> {
  const sim = await startTestSimulator({ rows, poll });
  running.push(sim);
  return sim;
}

/** A clock that only the sleeper moves: polling waits cost no wall-clock time. */
function fakeTime(onSleep: () => void = () => {}) {
  const clock = { now: TEST_NOW(), slept: 0 };
  return {
    clock,
    parts: {
      now: () => clock.now,
      sleep: (ms: number) => {
        clock.now += ms;
        clock.slept += 1;
        onSleep();
        return Promise.resolve();
      },
    } satisfies Partial<PsftConnectionConfig>,
  };
}

const polled = (sim: PeopleSoftSimulator, extra: Partial<PsftConnectionConfig>) =>
  createPsftSource({ ...configFor(sim, { queryMode: 'poll', ...extra }), retry: false });

describe('PeopleSoft poll variant', () => {
  it('reads each window through status polls and result blocks, equal to the control totals, full windows still split', async () => {
    const sim = await start({ blockRows: 4 });
    const totals = await fetchControlTotals(sim.url);
    const time = fakeTime();
    const source = polled(sim, { ...time.parts, maxRows: 5, windowDays: 30 });
    for (const name of ['vouchers', 'journal_lines'])
      expect(reconcile(name, await readAll(source, schema(name), 50), totals)).toEqual([]);
    const instances = sim.poll.byId.size;
    expect(instances).toBeGreaterThan(4);
    // queued, running, success: three status polls and two waits per instance.
    expect(sim.poll.statusPolls).toBe(3 * instances);
    expect(time.clock.slept).toBe(2 * instances);
    // Several blocks for some windows (4 rows a block, up to 6 rows a window).
    expect(sim.poll.blocksServed).toBeGreaterThan(instances + 2);
    // No window came back with more than maxRows rows: each full one was split and asked again.
    expect([...sim.poll.byId.values()].every((instance) => instance.rows.length <= 6)).toBe(true);
    expect([...sim.poll.byId.values()].some((instance) => instance.rows.length === 6)).toBe(true);
    await source.close();
  });

  it.each(['killed', 'error'] as const)(
    'a run that ends %s stops the stream naming the query, the window and the instance',
    async (outcome) => {
      const sim = await start({ outcome });
      const source = polled(sim, fakeTime().parts);
      const error = (await readAll(source, schema('vouchers'), 50).catch((caught: unknown) => caught)) as Error;
      expect(error).toMatchObject({ code: 'QUERY_FAILED' });
      const [instance] = [...sim.poll.byId.keys()];
      expect(error.message).toContain(`query ${TEST_QUERIES.vouchers}`);
      expect(error.message).toContain(`instance ${instance}`);
      expect(error.message).toContain(`ended ${outcome}`);
      expect(error.message).toMatch(/1900-01-01 to 2025-12-31/);
      await source.close();
    },
  );

  it('an instance PeopleSoft no longer knows (idNotFound) stops the stream naming it', async () => {
    const sim = await start({});
    const source = polled(sim, fakeTime(() => sim.poll.byId.clear()).parts);
    const error = (await readAll(source, schema('vouchers'), 50).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'QUERY_FAILED' });
    expect(error.message).toMatch(
      /no longer knows query instance [0-9a-f-]{36} of query ACME_AP_VOUCHERS \(idNotFound\)/,
    );
    await source.close();
  });

  it('with the Process Scheduler down, waits no longer than pollTimeoutSeconds and says why', async () => {
    const sim = await start({ processScheduler: 'down' });
    const time = fakeTime();
    const source = polled(sim, { ...time.parts, pollIntervalSeconds: 10, pollTimeoutSeconds: 120 });
    const error = (await readAll(source, schema('vouchers'), 50).catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ code: 'POLL_TIMEOUT' });
    expect(error.message).toMatch(/query ACME_AP_VOUCHERS \(instance [0-9a-f-]{36}\) is still queued after 1[12]0 s/);
    expect(time.clock.now - TEST_NOW()).toBeLessThanOrEqual(120_000);
    expect(sim.poll.statusPolls).toBeLessThanOrEqual(13);
    await source.close();
  });

  it('check names what the poll variant needs: a Process Scheduler that runs, QASEXEQRY in the process profile', async () => {
    const down = await start({ processScheduler: 'down' });
    const downResult = await psftModule.testConnection(configFor(down, { queryMode: 'poll', ...fakeTime().parts }));
    expect(downResult.ok).toBe(false);
    expect(downResult.message).toMatch(/Process Scheduler.*Pub\/Sub.*QASEXEQRY.*setup step 5/);

    const sim = await start({});
    const noProcess = sim.users.noProcess;
    const refused = await psftModule.testConnection({
      ...configFor(sim, { queryMode: 'poll', ...fakeTime().parts }),
      auth: { kind: 'basic', oprid: noProcess.oprid, passwordSecret: 'own' },
      resolveSecret: () => Promise.resolve(noProcess.password),
    });
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(
      /ended error.*process profile of user MLC_NOPRCS must allow application engine QASEXEQRY/,
    );
    expect((await psftModule.testConnection(configFor(sim, { queryMode: 'poll', ...fakeTime().parts }))).ok).toBe(true);
  });
});
