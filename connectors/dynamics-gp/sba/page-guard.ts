/**
 * What a keyset read of an SBA list checks of every page before trusting it. SBA's `$top`, `$filter` and
 * `$orderby` are undocumented (README "SBA (REST): what a real GP serves"), and the servers seen in the field
 * differ: one that ignores the query options sends the whole list every time (a read that pages by it loops
 * forever), one that lists in key order whatever `$orderby` says makes a keyset read by ModifiedDate skip
 * records silently. Each check turns what GP did into one plain, permanent error instead.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import { Timestamp } from '../../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../../kit/json-exact.ts';

export type SbaPagingErrorCode =
  'GP_SBA_PAGE_TOO_LONG' | 'GP_SBA_PAGE_REPEATED' | 'GP_SBA_PAGE_OUT_OF_ORDER' | 'GP_SBA_RECORD_INVALID';

/** GP answered a list in a way a read cannot page through safely; retrying gets the same answer. */
export class SbaPagingError extends MlcError {
  override readonly name = 'SbaPagingError';
  declare readonly code: SbaPagingErrorCode;

  constructor(code: SbaPagingErrorCode, message: string) {
    super(code, message, { transient: false });
  }
}

/** Where a read stands: the last record's ModifiedDate (UTC ms, and as GP wrote it) and key. */
export interface ReadPosition {
  readonly modifiedMs: number;
  readonly modifiedText: string;
  readonly key: JsonTree;
}

export interface PageAsked {
  readonly resource: string;
  readonly keyField: string;
  readonly keyIsNumber: boolean;
  readonly top: number;
  readonly orderBy: string;
}

const TELL_ADMIN =
  'Nothing from this page was kept. Ask the GP administrator whether this GP service honours $top, $filter ' +
  'and $orderby on SBA lists (its /help page lists the services); until it does, this stream cannot be read ' +
  'from it without skipping or repeating records.';

/**
 * Checks one page against what was asked and against the previous page; returns the position after it.
 * Throws `SbaPagingError` when the page is longer than `$top`, does not start after the previous page
 * (it repeats or overlaps it), or is not in ModifiedDate-then-key order.
 */
export function checkPage(
  asked: PageAsked,
  records: readonly { readonly [field: string]: JsonTree }[],
  previous: ReadPosition | undefined,
): ReadPosition | undefined {
  const { resource } = asked;
  if (records.length > asked.top) {
    throw new SbaPagingError(
      'GP_SBA_PAGE_TOO_LONG',
      `Dynamics GP sent ${records.length} ${resource} records when at most ${asked.top} were asked for ($top): ` +
        `it ignores SBA's query options, so the read stopped instead of paging through the same list forever. ${TELL_ADMIN}`,
    );
  }
  let last = previous;
  for (const [index, record] of records.entries()) {
    const here = positionOf(asked, record);
    if (last !== undefined && comparePositions(asked, here, last) <= 0) {
      throw index === 0
        ? new SbaPagingError(
            'GP_SBA_PAGE_REPEATED',
            `Dynamics GP sent ${resource} ${describe(asked, here)} again in the page after ${describe(asked, last)}: ` +
              `it does not apply the $filter that moves a read past the previous page, so the read stopped ` +
              `instead of reading the same records again and again. ${TELL_ADMIN}`,
          )
        : new SbaPagingError(
            'GP_SBA_PAGE_OUT_OF_ORDER',
            `Dynamics GP listed ${resource} out of the order asked ($orderby=${asked.orderBy}): ` +
              `${describe(asked, here)} came after ${describe(asked, last)}. A read by ModifiedDate from a server ` +
              `that lists in another order (its key order, say) skips records without a sign, so the read stopped. ${TELL_ADMIN}`,
          );
    }
    last = here;
  }
  return last;
}

function positionOf(asked: PageAsked, record: { readonly [field: string]: JsonTree }): ReadPosition {
  const text = record.ModifiedDate;
  // GP writes ModifiedDate without a zone, in UTC (dynamics-gp.md §5).
  const stamp = typeof text === 'string' ? Timestamp.tryParse(text, 'UTC') : undefined;
  if (typeof text !== 'string' || stamp === undefined) {
    throw new SbaPagingError(
      'GP_SBA_RECORD_INVALID',
      `Dynamics GP sent a ${asked.resource} record without a readable ModifiedDate (${String(text)}), ` +
        'which a read by ModifiedDate cannot place; the read stopped.',
    );
  }
  return { modifiedMs: stamp.toEpochMillis(), modifiedText: text, key: record[asked.keyField] ?? null };
}

function comparePositions(asked: PageAsked, a: ReadPosition, b: ReadPosition): number {
  if (a.modifiedMs !== b.modifiedMs) return a.modifiedMs - b.modifiedMs;
  return compareKeys(asked, a.key, b.key);
}

/**
 * Keys compare as numbers, or as text without regard to case, as GP's usual case-insensitive SQL collation
 * orders them (unconfirmed for SBA lists); only keys sharing one ModifiedDate are compared at all.
 */
function compareKeys(asked: PageAsked, a: JsonTree, b: JsonTree): number {
  if (asked.keyIsNumber && a instanceof JsonNumber && b instanceof JsonNumber) return Number(a.text) - Number(b.text);
  const left = keyText(a).toUpperCase();
  const right = keyText(b).toUpperCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

export function keyText(key: JsonTree | undefined): string {
  return key instanceof JsonNumber ? key.text : String(key);
}

function describe(asked: PageAsked, position: ReadPosition): string {
  return `${asked.keyField} ${keyText(position.key)} (ModifiedDate ${position.modifiedText})`;
}
