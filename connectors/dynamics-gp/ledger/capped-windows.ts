/**
 * Reading a GP Web Services list whole although every list call answers at most 1,000 items, silently,
 * with no paging, no order and no truncation flag (dynamics-gp-web-services.md §5, §8.3). The read is cut
 * into ModifiedDate windows; a window that comes back with the cap is never taken as complete but split
 * until no window does. One instant that alone holds the cap is split by the list's other criteria
 * (`splitInstant`: transaction state, then date); if even that cannot bring it under the cap the read
 * stops with a plain error, never a silent partial read.
 *
 * Changes made while a read runs: a window is only closed above at a ModifiedDate the server had already
 * written when it answered (the newest stamp it sent), so nothing can later be stamped inside a closed
 * window; everything changed during the read lands in the open top window, which is listed last. Items
 * come out in ascending ModifiedDate, so the engine may advance its watermark page by page.
 */
import { MlcError } from '../../../engine/model/errors.ts';

/** A slice of the list: a ModifiedDate window in epoch ms, closed below, open above, plus narrower criteria. */
export interface Slice<Narrow> {
  readonly from?: number;
  /** Exclusive. */
  readonly before?: number;
  /** Both bounds at one instant (`from` = `at`, inclusive both ends). */
  readonly at?: number;
  readonly narrow: Narrow;
}

export interface CappedList<Item, Narrow> {
  /** What a list call answers at most, silently (GP_LIST_CAP). */
  readonly cap: number;
  list(slice: Slice<Narrow>): Promise<readonly Item[]>;
  /** The item's ModifiedDate in epoch ms. */
  modifiedMs(item: Item): number;
  /** Orders items of one ModifiedDate (by key), so a read's order does not depend on the server's. */
  compare(a: Item, b: Item): number;
  /**
   * Finer criteria that together cover `narrow` at one instant that came back capped, given the capped
   * answer; undefined when there is no finer split (the read then fails).
   */
  splitInstant(narrow: Narrow, capped: readonly Item[]): readonly Narrow[] | undefined;
  /** Says what could not be split, for the error. */
  describe(narrow: Narrow, atMs: number): string;
}

/** GP's earliest date (1900-01-01): the lower edge of a full read's first window once it must be split. */
export const GP_EARLIEST_MS = Date.UTC(1900, 0, 1);

/** One instant holds more than a list call answers even at GP's finest criteria: permanent, never retried. */
export class ListCapError extends MlcError {
  override readonly name = 'ListCapError';

  constructor(message: string) {
    super('GP_LIST_CAP', message);
  }
}

/** Every item in [from, before), in ascending ModifiedDate, as batches (one per window). */
export async function* readCapped<Item, Narrow>(
  list: CappedList<Item, Narrow>,
  window: { readonly from?: number; readonly before?: number },
  narrow: Narrow,
): AsyncGenerator<readonly Item[]> {
  let from = window.from;
  for (;;) {
    const top = { ...(from === undefined ? {} : { from }), ...withBefore(window.before), narrow };
    const items = await list.list(top);
    if (items.length < list.cap) {
      yield sorted(list, items);
      return;
    }
    // The newest stamp the server sent had been written when it answered: below it the data is settled.
    const newest = Math.max(...items.map((item) => list.modifiedMs(item)));
    const low = from ?? GP_EARLIEST_MS;
    if (newest <= low) {
      yield* readInstant(list, low, narrow);
      from = low + 1;
      continue;
    }
    yield* readClosed(list, low, newest, narrow, items);
    from = newest;
  }
}

/** [from, before): settled, so split freely; at the median stamp of a capped answer, else the middle. */
async function* readClosed<Item, Narrow>(
  list: CappedList<Item, Narrow>,
  from: number,
  before: number,
  narrow: Narrow,
  known?: readonly Item[],
): AsyncGenerator<readonly Item[]> {
  const items = await list.list({ from, before, narrow });
  if (items.length < list.cap) {
    yield sorted(list, items);
    return;
  }
  if (before - from <= 1) {
    yield* readInstant(list, from, narrow);
    return;
  }
  const split = splitPoint(
    from,
    before,
    [...items, ...(known ?? [])].map((item) => list.modifiedMs(item)).filter((ms) => ms > from && ms < before),
  );
  yield* readClosed(list, from, split, narrow);
  yield* readClosed(list, split, before, narrow);
}

async function* readInstant<Item, Narrow>(
  list: CappedList<Item, Narrow>,
  at: number,
  narrow: Narrow,
): AsyncGenerator<readonly Item[]> {
  const items = await list.list({ at, narrow });
  if (items.length < list.cap) {
    yield sorted(list, items);
    return;
  }
  const finer = list.splitInstant(narrow, items);
  if (finer === undefined) {
    throw new ListCapError(
      `GP Web Services answer at most ${list.cap} items per list call, and ${list.describe(narrow, at)} alone hold that many; ` +
        'the read stopped rather than load part of them',
    );
  }
  for (const part of finer) yield* readInstant(list, at, part);
}

function splitPoint(from: number, before: number, stamps: readonly number[]): number {
  const ordered = [...stamps].sort((a, b) => a - b);
  const median = ordered[Math.floor(ordered.length / 2)];
  return median !== undefined && median > from && median < before ? median : from + Math.floor((before - from) / 2);
}

function sorted<Item, Narrow>(list: CappedList<Item, Narrow>, items: readonly Item[]): readonly Item[] {
  return [...items].sort((a, b) => list.modifiedMs(a) - list.modifiedMs(b) || list.compare(a, b));
}

function withBefore(before: number | undefined): { before?: number } {
  return before === undefined ? {} : { before };
}
