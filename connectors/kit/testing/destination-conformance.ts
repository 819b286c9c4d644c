/**
 * The conformance tests every destination of an application API passes against its simulator, per
 * target, registered as vitest tests by `describeDestinationConformance`: the descriptor is sound and its
 * connection test passes; a wrong secret is one AUTH_FAILED with no retry storm and no secret in the
 * message; an unknown column is refused by name; a full write equals the simulator's control totals; the
 * same rows again (same batch id, or a new one) write nothing; a changed subset sends only what changed;
 * with faults at 10% of requests, writes repeated as the runner repeats a failed batch converge to exactly
 * the totals; and `plan` tells unchanged rows from new ones. Retry sleeps are recorded, never waited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataRow, Destination, TargetTable } from '../../../engine/model/io.ts';
import type { PingResult } from '../descriptor.ts';
import type { ConnectorDescriptorData } from '../module/module.ts';
import type { FaultKind } from '../simulator/faults.ts';
import {
  type EntityTotals,
  applyChanges,
  batchWithId,
  chunkRows,
  destinationDescriptorProblems,
  mergeKeyOf,
  notWritten,
  rejections,
  totalsProblems,
  untilDone,
} from './destination-conformance-support.ts';
import { recordingSleep } from './loopback.ts';

export type { EntityTotals } from './destination-conformance-support.ts';

export interface OpenDestinationOptions {
  /** A secret other than the simulator's own (the wrong-secret test). */
  readonly secret?: string;
  /** false: no retry; else every wait (retry or pacing) goes to `sleep`, which records it. */
  readonly retry: { readonly sleep: (ms: number) => Promise<void> } | false;
}

/** A connector's destination wired to a running simulator of its system, for one target. */
export interface DestinationUnderTest {
  /** The module's descriptor (what the registry, the CLI and the studio read). */
  readonly descriptor: ConnectorDescriptorData;
  /** The simulator's own secret: it may appear in no error message either. */
  readonly secret: string;
  open(options: OpenDestinationOptions): Destination;
  /** The descriptor's connection test, as the CLI `check` runs it. */
  check(options?: { readonly secret?: string }): Promise<PingResult>;
  /** What the simulator holds for the target now (its control totals). */
  totals(): Promise<EntityTotals>;
  /** Write requests the simulator has received so far (e.g. `$batch` requests). */
  writeRequests(): number;
  /** Requests of any kind the simulator has received so far. */
  requests(): number;
  faults(): Readonly<Record<FaultKind, number>>;
  close(): Promise<void>;
}

/** One target a destination writes, with generated rows and what they must add up to. */
export interface DestinationTargetCase {
  readonly name: string;
  readonly target: TargetTable;
  readonly rows: readonly DataRow[];
  /** Rows the table does not hold yet (new merge keys): `plan` must call them inserts. */
  readonly fresh: readonly DataRow[];
  /** Some of `rows` with changed values (same merge keys). */
  change(rows: readonly DataRow[]): readonly DataRow[];
  /** The control totals the simulator must show once it holds exactly these rows. */
  totalsOf(rows: readonly DataRow[]): EntityTotals;
  /** What must exist before the target is written (e.g. the customers orders point at). */
  prepare?(write: (target: TargetTable, rows: readonly DataRow[]) => Promise<void>): Promise<void>;
}

export interface DestinationConformanceOptions {
  readonly name: string;
  /** Starts a simulator (with the faults spec when given) and the destination's wiring to it, for a target. */
  readonly start: (options: {
    readonly target: TargetTable;
    readonly faults?: string;
  }) => Promise<DestinationUnderTest>;
  readonly targets: readonly DestinationTargetCase[];
  /** Rows per written batch (a `holdTogether` unit is never split). Default 50. */
  readonly rowsPerBatch?: number;
  /** Default `DESTINATION_CONFORMANCE_FAULTS`. */
  readonly faults?: string;
  /** Fault kinds the faulted run must have met. Default 429, 503, reset, expire. */
  readonly expectFaults?: readonly FaultKind[];
  /** Largest number of requests a wrong secret may cost (one sign-in's legs). Default 3. */
  readonly maxSignInRequests?: number;
}

/** 10% of requests: throttled with Retry-After, unavailable, connections reset, tokens expired early. */
export const DESTINATION_CONFORMANCE_FAULTS = '429:0.03,503:0.03,reset:0.02,expire:0.02';

const WRONG_SECRET = 'conformance-wrong-secret-5k2q';

export function describeDestinationConformance(options: DestinationConformanceOptions): void {
  for (const testCase of options.targets) describeTarget(options, testCase);
}

function describeTarget(options: DestinationConformanceOptions, testCase: DestinationTargetCase): void {
  const { target, rows } = testCase;
  const maxSignIn = options.maxSignInRequests ?? 3;
  const chunk = (list: readonly DataRow[], into: TargetTable = target) =>
    chunkRows(into, list, options.rowsPerBatch ?? 50);
  const batches = chunk(rows);
  let rig: DestinationUnderTest;
  let destination: Destination;
  const opened: Destination[] = [];
  const open = (rigToUse: DestinationUnderTest, openOptions: OpenDestinationOptions): Destination => {
    const made = rigToUse.open(openOptions);
    opened.push(made);
    return made;
  };
  const writeAll = async (
    to: Destination,
    all: readonly (readonly DataRow[])[],
    prefix: string,
    into: TargetTable = target,
  ) => {
    const results = [];
    for (const [index, batch] of all.entries()) {
      const result = await untilDone(() => to.writeBatch(into, batchWithId(`${prefix}-${index + 1}`, batch)));
      expect(rejections(result)).toEqual([]);
      results.push(result);
    }
    return results;
  };
  const prepare = async (to: Destination) => {
    await testCase.prepare?.(async (other, prepared) => {
      await untilDone(() => to.ensureTable(other));
      await writeAll(to, chunk(prepared, other), `prepare-${other.table}`, other);
    });
    await untilDone(() => to.ensureTable(target));
  };
  const expectHolds = async (on: DestinationUnderTest, held: readonly DataRow[]) =>
    expect(totalsProblems(target.table, await on.totals(), testCase.totalsOf(held))).toEqual([]);

  describe(`${options.name}: destination conformance, ${testCase.name}`, () => {
    beforeAll(async () => {
      rig = await options.start({ target });
      destination = open(rig, { retry: false });
    });
    afterAll(async () => {
      await Promise.all(opened.map((made) => made.close()));
      await rig.close();
    });

    it('has a sound destination descriptor, and its connection test passes', async () => {
      expect(destinationDescriptorProblems(rig.descriptor)).toEqual([]);
      const result = await rig.check();
      expect(result, result.message).toMatchObject({ ok: true });
      expect(result.message.length).toBeGreaterThan(0);
    });

    it('answers a wrong secret with one AUTH_FAILED, no retry storm, and no secret in the message', async () => {
      const before = rig.requests();
      const checked = await rig.check({ secret: WRONG_SECRET });
      expect(checked).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(rig.requests() - before).toBeLessThanOrEqual(maxSignIn);

      // With retries on: AUTH_FAILED is not retried, so no backoff is ever slept.
      const { sleep, delays } = recordingSleep();
      const afterCheck = rig.requests();
      const error: unknown = await open(rig, { secret: WRONG_SECRET, retry: { sleep } })
        .writeBatch(target, batchWithId('wrong-secret', rows.slice(0, 1)))
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error).toMatchObject({ code: 'AUTH_FAILED' });
      expect(delays).toEqual([]);
      expect(rig.requests() - afterCheck).toBeLessThanOrEqual(maxSignIn);
      for (const said of [checked.message, String((error as Error).message), JSON.stringify(error)])
        for (const secret of [WRONG_SECRET, rig.secret]) expect(said).not.toContain(secret);
      expect(rig.writeRequests(), 'write requests with a wrong secret').toBe(0);
    });

    it('refuses an unknown column at ensureTable, naming it', async () => {
      const column = 'conformance_no_such_column';
      const unknown: TargetTable = {
        ...target,
        columns: [...target.columns, { name: column, type: { kind: 'string' }, required: false }],
      };
      await expect(destination.ensureTable(unknown)).rejects.toThrow(column);
    });

    it('writes every row: the control totals equal the rows and their exact sums', async () => {
      await prepare(destination);
      const results = await writeAll(destination, batches, 'full');
      expect(results.reduce((sum, result) => sum + result.inserted + result.updated, 0)).toBe(rows.length);
      await expectHolds(rig, rows);
    });

    it('writes nothing twice: the same batch id again, or the same rows under a new one', async () => {
      const writesBefore = rig.writeRequests();
      for (const prefix of ['full', 'again']) {
        (await writeAll(destination, batches, prefix)).forEach((result, index) => {
          expect(result.inserted + result.updated, `${prefix}: written`).toBe(0);
          expect(notWritten(result), `${prefix}: not written again`).toBe(batches[index]?.length);
        });
      }
      expect(rig.writeRequests() - writesBefore, 'write requests').toBe(0);
      await expectHolds(rig, rows);
    });

    it('sends only the rows that changed, and the totals follow them', async () => {
      const changed = testCase.change(rows);
      expect(changed.length).toBeGreaterThan(0);
      const after = applyChanges(target, rows, changed);
      const writesBefore = rig.writeRequests();
      const results = await writeAll(destination, chunk(after), 'changed');
      const sent = rig.writeRequests() - writesBefore;
      expect(sent, 'write requests').toBeGreaterThan(0);
      expect(sent, 'write requests').toBeLessThanOrEqual(changed.length);
      expect(results.reduce((sum, result) => sum + result.updated + result.inserted, 0)).toBe(changed.length);
      expect(results.reduce((sum, result) => sum + notWritten(result), 0)).toBe(rows.length - changed.length);
      await expectHolds(rig, after);
      // Back as it was, for the plan below.
      await writeAll(destination, batches, 'restored');
      await expectHolds(rig, rows);
    });

    it('plans written rows as unchanged and new rows as inserts', async () => {
      const held = new Set(rows.map((row) => mergeKeyOf(target, row)));
      expect(testCase.fresh.filter((row) => held.has(mergeKeyOf(target, row)))).toEqual([]);
      expect(await destination.plan(target, rows)).toEqual({ inserts: 0, updates: 0, unchanged: rows.length });
      expect(await destination.plan(target, testCase.fresh)).toEqual({
        inserts: testCase.fresh.length,
        updates: 0,
        unchanged: 0,
      });
      const changed = testCase.change(rows);
      expect(await destination.plan(target, changed)).toEqual({ inserts: 0, updates: changed.length, unchanged: 0 });
    });

    it('survives faults at 10% of requests: repeated writes converge to exactly the totals, nothing twice', async () => {
      const faulted = await options.start({ target, faults: options.faults ?? DESTINATION_CONFORMANCE_FAULTS });
      try {
        const { sleep, delays } = recordingSleep();
        const writer = open(faulted, { retry: { sleep } });
        const expected = options.expectFaults ?? ['429', '503', 'reset', 'expire'];
        await prepare(writer);
        let held: readonly DataRow[] = rows;
        await writeAll(writer, batches, 'faulted');
        await expectHolds(faulted, held);
        // Rounds of changes, at least one, until every kind of fault was met (the faults are seeded: always the same).
        const unmet = () => expected.some((kind) => faulted.faults()[kind] === 0);
        for (let round = 1; round <= 20 && (round === 1 || unmet()); round += 1) {
          held = applyChanges(target, held, testCase.change(held));
          await writeAll(writer, chunk(held), `faulted-changed-${round}`);
          await expectHolds(faulted, held);
        }
        // The last run again, as after a crash: nothing is written, nothing doubled.
        const writesBefore = faulted.writeRequests();
        for (const result of await writeAll(writer, chunk(held), 'rerun'))
          expect(result.inserted + result.updated).toBe(0);
        expect(faulted.writeRequests() - writesBefore, 'write requests of the rerun').toBe(0);
        await expectHolds(faulted, held);

        const counts = faulted.faults();
        const injected = Object.values(counts).reduce((sum, count) => sum + count, 0);
        expect(injected / faulted.requests(), 'share of requests faulted').toBeGreaterThan(0.05);
        for (const kind of expected) expect(counts[kind], `${kind} faults met`).toBeGreaterThan(0);
        // An injected 429 carries Retry-After, and it was what the retry waited.
        if (counts['429'] > 0) expect(delays.some((ms) => ms >= 1000)).toBe(true);
      } finally {
        await faulted.close();
      }
    });
  });
}
