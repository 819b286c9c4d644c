/**
 * Finds journals already in GP by their reference, through GP Web Services. `CreateGLTransaction`
 * answers nothing and GP numbers the journal (web-services §4.1, §8 quirk 7), and `GLTransactionCriteria`
 * has no Reference criterion (§4.1), so journals are listed per transaction date and the reference is
 * matched on the summaries: Work journals in the target's batch, and Open/History ones of that date
 * (a journal posted since it was created). A matching summary is then read whole (its lines), so the
 * writer can tell "the same journal, already there" from "another version of it".
 *
 * List calls return at most 1,000 summaries, silently (§5): a full answer is never taken as complete.
 * A posted list that fills up is asked again within the batch; one that still fills up stops with a
 * plain error rather than risk creating a journal GP already has.
 */
import { MlcError } from '../../../engine/model/errors.ts';
import { GP_LIST_CAP, type GpWebServicesClient } from '../web-services/client.ts';
import type { GlTransaction, GlTransactionState, GlTransactionSummary } from '../web-services/types.ts';
import type { JournalDraft } from './journals.ts';

/** Reference -> the journals GP holds with it (normally none or one). */
export type JournalsByReference = ReadonlyMap<string, readonly GlTransaction[]>;

export class GpJournalLookupError extends MlcError {
  override readonly name = 'GpJournalLookupError';
  declare readonly code: 'GP_JOURNAL_LOOKUP_INCOMPLETE';

  constructor(message: string) {
    super('GP_JOURNAL_LOOKUP_INCOMPLETE', message);
  }
}

/** GP pads its char fields with spaces (web-services §8 quirk 11); references compare trimmed. */
function sameReference(summary: GlTransactionSummary, reference: string): boolean {
  return summary.reference.trim() === reference.trim();
}

async function listed(
  client: GpWebServicesClient,
  date: string,
  batch: string,
  states: readonly GlTransactionState[],
  inBatchOnly: boolean,
): Promise<readonly GlTransactionSummary[]> {
  return client.getGLTransactionList({
    date: { from: date, to: date },
    states,
    ...(inBatchOnly ? { batchId: batch } : {}),
  });
}

async function summariesOn(client: GpWebServicesClient, date: string, batch: string): Promise<GlTransactionSummary[]> {
  const work = await listed(client, date, batch, ['Work'], true);
  let posted = await listed(client, date, batch, ['Open', 'History'], false);
  // A posted journal keeps the batch it was entered in, so a day too busy to list whole is asked again within it.
  if (posted.length >= GP_LIST_CAP) posted = await listed(client, date, batch, ['Open', 'History'], true);
  for (const [what, list] of [
    ['unposted', work],
    ['posted', posted],
  ] as const) {
    if (list.length >= GP_LIST_CAP)
      throw new GpJournalLookupError(
        `GP listed ${GP_LIST_CAP} ${what} journals of batch ${batch} dated ${date}, its most in one answer, so it cannot be told whether a journal is already there; nothing was sent for that date. Split the pay run into smaller batches (target.options.batch).`,
      );
  }
  return [...work, ...posted];
}

/** The journals GP holds with the drafts' references, read whole: one pair of list calls per transaction date. */
export async function findJournals(
  client: GpWebServicesClient,
  batch: string,
  drafts: readonly JournalDraft[],
): Promise<JournalsByReference> {
  const byDate = new Map<string, JournalDraft[]>();
  for (const draft of drafts) byDate.set(draft.date.toString(), [...(byDate.get(draft.date.toString()) ?? []), draft]);
  const found = new Map<string, GlTransaction[]>();
  for (const [date, ofDate] of byDate) {
    const summaries = await summariesOn(client, date, batch);
    for (const draft of ofDate) {
      for (const summary of summaries.filter((candidate) => sameReference(candidate, draft.reference))) {
        const journal = await client.getGLTransaction(summary);
        // Gone between the list and the read (posted that instant, or deleted): ask again rather than guess.
        if (journal === undefined)
          throw new MlcError(
            'GP_JOURNAL_MOVED',
            `GP listed journal "${draft.reference}" (journal entry ${summary.journalId}, ${summary.state}) but did not return it when read; it is looked up again`,
            { transient: true },
          );
        found.set(draft.reference, [...(found.get(draft.reference) ?? []), journal]);
      }
    }
  }
  return found;
}
