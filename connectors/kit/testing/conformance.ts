/**
 * The conformance tests every source connector passes against its simulator, registered as vitest tests
 * by `describeSourceConformance`: the descriptor is sound and its connection test passes; a wrong
 * password is one AUTH_FAILED with no retry storm; discover returns the descriptor's streams; a full
 * read equals the simulator's control totals (rows and exact sums); an incremental read after the
 * simulator changed returns exactly what changed; and with faults at 10% of requests a full read still
 * equals the control totals. Retry sleeps are recorded, never waited, so no test waits on a clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntitySchema, Source } from '../../../engine/model/io.ts';
import { type ConnectorDescriptor, type PingResult, descriptorProblems } from '../descriptor.ts';
import type { RetryOptions } from '../http/retry.ts';
import type { FaultKind } from '../simulator/faults.ts';
import {
  type ChangedRecord,
  fetchControlTotals,
  firstOutOfOrder,
  keyText,
  readAll,
  readChanged,
  reconcile,
  rowKey,
  watermarkOf,
} from './conformance-support.ts';
import { recordingSleep } from './loopback.ts';

export type { ChangedRecord } from './conformance-support.ts';

export interface OpenSourceOptions {
  /** A password other than the simulator's own (the wrong-password test). */
  readonly password?: string;
  readonly retry: RetryOptions | false;
  /** Per-attempt deadline, so a `slow` fault becomes a timeout that is retried. */
  readonly requestMs?: number;
}

/** A connector's source wired to a running simulator of its system. */
export interface SourceUnderTest {
  readonly descriptor: ConnectorDescriptor;
  /** Where `GET /__sim/control-totals` answers. */
  readonly simulatorUrl: string;
  open(options: OpenSourceOptions): Source;
  /** The descriptor's connection test, as the CLI `check` runs it. */
  check(options?: { readonly password?: string }): Promise<PingResult>;
  /** Creates or changes `n` records in the simulator; every record whose rows an incremental read must return. */
  advance(n: number): readonly ChangedRecord[];
  /** Requests the simulator has received so far. */
  requests(): number;
  faults(): Readonly<Record<FaultKind, number>>;
  close(): Promise<void>;
}

export interface SourceConformanceOptions {
  readonly name: string;
  /** Starts a simulator (with the faults spec when given) and the source's wiring to it. */
  readonly start: (options: { readonly faults?: string }) => Promise<SourceUnderTest>;
  /** Default: every stream of the descriptor. */
  readonly entities?: readonly string[];
  readonly pageSize?: number;
  /** Default: 10% of requests, spread over every kind. */
  readonly faults?: string;
  /** Fault kinds the faulted run must have met (so the test proves it survived them). Default 429, 503, reset. */
  readonly expectFaults?: readonly FaultKind[];
  /** Largest number of requests a wrong password may cost (one sign-in's legs). Default 3. */
  readonly maxSignInRequests?: number;
  readonly advanceBy?: number;
  readonly requestMs?: number;
}

export const CONFORMANCE_FAULTS = '429:0.02,500:0.02,503:0.02,reset:0.02,slow:0.01@60ms,expire:0.01';

export function describeSourceConformance(options: SourceConformanceOptions): void {
  const pageSize = options.pageSize ?? 10;
  const maxSignIn = options.maxSignInRequests ?? 3;
  let rig: SourceUnderTest;
  let streams: readonly EntitySchema[] = [];
  const opened: Source[] = [];
  const open = (rigToUse: SourceUnderTest, openOptions: OpenSourceOptions): Source => {
    const source = rigToUse.open(openOptions);
    opened.push(source);
    return source;
  };

  describe(`${options.name}: source conformance`, () => {
    beforeAll(async () => {
      rig = await options.start({});
      const wanted = options.entities;
      streams = rig.descriptor.streams.filter((stream) => wanted === undefined || wanted.includes(stream.entity));
      if (wanted !== undefined && streams.length !== wanted.length)
        throw new Error(`the descriptor lacks some of ${wanted.join(', ')}`);
    });
    afterAll(async () => {
      await Promise.all(opened.map((source) => source.close()));
      await rig.close();
    });

    it('has a sound descriptor, and its connection test passes', async () => {
      expect(descriptorProblems(rig.descriptor)).toEqual([]);
      const result = await rig.check();
      expect(result, result.message).toMatchObject({ ok: true });
      expect(result.message.length).toBeGreaterThan(0);
    });

    it('answers a wrong password with one AUTH_FAILED and no retry storm', async () => {
      const before = rig.requests();
      const checked = await rig.check({ password: 'not-the-password' });
      expect(checked).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(rig.requests() - before).toBeLessThanOrEqual(maxSignIn);

      // A reading run with retries on: AUTH_FAILED is not retried, so no backoff is ever slept.
      const { sleep, delays } = recordingSleep();
      const afterCheck = rig.requests();
      const first = streams[0];
      if (first === undefined) throw new Error('no stream to read');
      const error = await readAll(open(rig, { password: 'not-the-password', retry: { sleep } }), first, pageSize).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ code: 'AUTH_FAILED' });
      expect(delays).toEqual([]);
      expect(rig.requests() - afterCheck).toBeLessThanOrEqual(maxSignIn);
    });

    it("discovers the descriptor's streams with their keys, cursors and fields", async () => {
      const discovered = await open(rig, { retry: false }).discover();
      const shape = (stream: EntitySchema) => ({
        entity: stream.entity,
        key: stream.key,
        cursorField: stream.cursorField,
        fields: stream.fields.map((field) => [field.name, field.type]),
      });
      expect(discovered.map(shape)).toEqual(rig.descriptor.streams.map(shape));
      for (const stream of discovered) expect(stream.cursorField, `${stream.entity} cursor`).toBeDefined();
    });

    it('reads every stream in full with rows and sums equal to the control totals', async () => {
      const source = open(rig, { retry: false });
      const totals = await fetchControlTotals(rig.simulatorUrl);
      for (const stream of streams) {
        const rows = await readAll(source, stream, pageSize);
        expect(reconcile(stream.entity, rows, totals)).toEqual([]);
        expect(new Set(rows.map((row) => rowKey(row, stream.key))).size, `${stream.entity} keys are unique`).toBe(
          rows.length,
        );
        if (source.orderedByCursor)
          expect(firstOutOfOrder(rows, stream.cursorField ?? ''), `${stream.entity} in cursor order`).toBe(-1);
      }
    });

    it('reads from the watermark exactly what changed in the simulator since the last run', async () => {
      await expectIncrementalRun(rig, open(rig, { retry: false }), streams, pageSize, options.advanceBy ?? 30);
    });

    it('survives faults at 10% of requests: the full read still equals the control totals', async () => {
      const faulted = await options.start({ faults: options.faults ?? CONFORMANCE_FAULTS });
      try {
        const { sleep, delays } = recordingSleep();
        const retry: RetryOptions = { sleep, maxAttempts: 8 };
        const source = open(faulted, { retry, requestMs: options.requestMs ?? 30 });
        const totals = await fetchControlTotals(faulted.simulatorUrl);
        for (const stream of streams)
          expect(reconcile(stream.entity, await readAll(source, stream, pageSize), totals)).toEqual([]);
        // Back to back under faults too: the second run reads only what changed in between.
        await expectIncrementalRun(faulted, source, streams, pageSize, options.advanceBy ?? 30);
        const counts = faulted.faults();
        const injected = Object.values(counts).reduce((sum, count) => sum + count, 0);
        expect(injected / faulted.requests(), 'share of requests faulted').toBeGreaterThan(0.05);
        for (const kind of options.expectFaults ?? ['429', '503', 'reset'])
          expect(counts[kind], `${kind} faults met`).toBeGreaterThan(0);
        // Every injected 429/503 came with Retry-After, and it was what the retry waited.
        if (counts['429'] + counts['503'] > 0) expect(delays.some((ms) => ms >= 1000)).toBe(true);
      } finally {
        await faulted.close();
      }
    });
  });
}

/** Full read, then `advance(n)` in the simulator, then an incremental read: exactly the changed rows. */
async function expectIncrementalRun(
  rig: SourceUnderTest,
  source: Source,
  streams: readonly EntitySchema[],
  pageSize: number,
  n: number,
): Promise<void> {
  const watermarks = new Map<string, ReturnType<typeof watermarkOf>>();
  for (const stream of streams)
    watermarks.set(stream.entity, watermarkOf(await readAll(source, stream, pageSize), stream));
  const changes = rig.advance(n);
  let changedRows = 0;
  for (const stream of streams) {
    const watermark = watermarks.get(stream.entity);
    if (watermark === undefined) throw new Error(`no watermark for ${stream.entity}`);
    const rows = await readChanged(source, stream, pageSize, watermark);
    const expected = new Set(
      changes.filter((change) => change.entity === stream.entity).map((change) => keyText(change.key)),
    );
    expect(new Set(rows.map((row) => rowKey(row, stream.key))), `${stream.entity} changed keys`).toEqual(expected);
    changedRows += rows.length;
  }
  // The simulator changed something the streams cover, so the comparison above was not between empty sets.
  expect(changedRows).toBeGreaterThan(0);
}
