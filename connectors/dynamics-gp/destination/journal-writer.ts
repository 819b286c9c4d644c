/**
 * Writes a batch of `gl_journals` rows through GP Web Services: journals are checked (journals.ts),
 * looked up by reference (journal-lookup.ts), their accounts validated (gp-checks.ts), then each new
 * one is created unposted (Work) in the target's batch with `CreateGLTransaction`, its JournalId left
 * for GP to number (web-services §6.1).
 * - Already in GP with the same content (a retried or replayed batch): left alone, already committed.
 * - Another version already in GP: held whole. GP Web Services have no update or delete for GL
 *   transactions (§4.1, confirmed by absence), so the reason tells the user to delete the Work journal
 *   in GP and replay, or, when it is posted, to enter a correcting journal.
 * - Its date in a closed fiscal period or in none, where the connection names GP's company database
 *   (GP Web Services cannot read periods, §4.1; SY40100 read once per batch, gp-checks.ts): held whole
 *   before anything is sent, in GP's terms; `replay` after the period reopens creates it once.
 * - GP refuses it at create (a closed fiscal period when there is no pre-check, a rule the checks do
 *   not know): held whole with GP's own words; `replay` after the period reopens creates it once.
 * - No answer (a reset, a timeout: GP may have saved it): looked up again before anything is resent.
 * GP answers a create with nothing, so every created journal is found by its reference afterwards.
 */
import { errorCode, isTransient, MlcError } from '../../../engine/model/errors.ts';
import type { DataRow, RejectedRow, TargetTable, WritePlan, WriteResult } from '../../../engine/model/io.ts';
import { Decimal } from '../../../engine/model/values/index.ts';
import type { GpCompanyDb } from '../company-db/company-db.ts';
import type { GpWebServicesClient } from '../web-services/client.ts';
import type { GlTransaction, NewGlTransaction } from '../web-services/types.ts';
import { accountProblems, periodProblems, readAccounts, readPeriods } from './gp-checks.ts';
import { findJournals } from './journal-lookup.ts';
import { CURRENCY_PLACES, draftJournals, rejectJournal, structureProblems, type JournalDraft } from './journals.ts';
import { costCenterSegmentOf, journalBatchOf } from './tables.ts';

type Verdict =
  | { readonly kind: 'create' }
  | { readonly kind: 'same' }
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string };

interface Sorted {
  readonly rejected: RejectedRow[];
  readonly verdicts: ReadonlyMap<JournalDraft, Verdict>;
}

interface Journals {
  readonly client: GpWebServicesClient;
  readonly batch: string;
  readonly segment: number;
  /** GP's company database, when the connection names it: periods checked before sending. */
  readonly companyDb: GpCompanyDb | undefined;
}

function journalsOf(client: GpWebServicesClient, target: TargetTable, companyDb: GpCompanyDb | undefined): Journals {
  return { client, batch: journalBatchOf(target), segment: costCenterSegmentOf(target), companyDb };
}

async function sort({ client, batch, segment, companyDb }: Journals, rows: readonly DataRow[]): Promise<Sorted> {
  const rejected: RejectedRow[] = [];
  const fit: JournalDraft[] = [];
  for (const draft of draftJournals(rows, segment)) {
    const problems = structureProblems(draft, rows, segment);
    if (problems.length > 0) rejected.push(...rejectJournal(draft, problems));
    else fit.push(draft);
  }
  const verdicts = new Map<JournalDraft, Verdict>();
  if (fit.length === 0) return { rejected, verdicts };
  const existing = await findJournals(client, batch, fit);
  const verdictOf = (draft: JournalDraft): Verdict => {
    const found = existing.get(draft.reference) ?? [];
    if (found.length > 1)
      return {
        kind: 'refuse',
        code: 'GP_REFERENCE_AMBIGUOUS',
        message: `GP has ${found.length} journals with reference "${draft.reference}" (journal entries ${found.map((journal) => journal.journalId).join(', ')}); keep one in GP, then replay`,
      };
    return found[0] === undefined ? { kind: 'create' } : compare(draft, found[0], batch);
  };
  const toCreate: JournalDraft[] = [];
  for (const draft of fit) {
    const verdict = verdictOf(draft);
    if (verdict.kind === 'refuse') rejected.push(...rejectJournal(draft, [verdict]));
    else if (verdict.kind === 'same') verdicts.set(draft, verdict);
    else toCreate.push(draft);
  }
  // Only journals about to be sent are validated: one GP holds already must not be hidden by an account retired since.
  const accounts = await readAccounts(client, toCreate);
  const periods = await readPeriods(companyDb, toCreate);
  for (const draft of toCreate) {
    const problems = [...periodProblems(draft, periods), ...accountProblems(draft, accounts)];
    if (problems.length > 0) rejected.push(...rejectJournal(draft, problems));
    else verdicts.set(draft, { kind: 'create' });
  }
  return { rejected, verdicts };
}

export async function writeJournals(
  client: GpWebServicesClient,
  target: TargetTable,
  rows: readonly DataRow[],
  companyDb?: GpCompanyDb,
): Promise<WriteResult> {
  const journals = journalsOf(client, target, companyDb);
  const { rejected, verdicts } = await sort(journals, rows);
  let inserted = 0;
  let alreadyCommitted = 0;
  const created: JournalDraft[] = [];
  for (const [draft, verdict] of verdicts) {
    const lines = draft.lines.length;
    if (verdict.kind === 'same') alreadyCommitted += lines;
    else if (verdict.kind === 'create') {
      const outcome = await create(journals, draft);
      if (outcome === 'created') {
        inserted += lines;
        created.push(draft);
      } else if (outcome === 'was-saved') alreadyCommitted += lines;
      else rejected.push(...rejectJournal(draft, [outcome]));
    }
  }
  await confirmCreated(journals, created);
  return { inserted, updated: 0, alreadyCommitted, rejected: rejected.sort((a, b) => a.index - b.index) };
}

export async function planJournals(
  client: GpWebServicesClient,
  target: TargetTable,
  rows: readonly DataRow[],
  companyDb?: GpCompanyDb,
): Promise<WritePlan> {
  const { rejected, verdicts } = await sort(journalsOf(client, target, companyDb), rows);
  const plan = { inserts: 0, updates: 0, unchanged: rejected.length };
  for (const [draft, verdict] of verdicts) {
    if (verdict.kind === 'create') plan.inserts += draft.lines.length;
    else plan.unchanged += draft.lines.length;
  }
  return plan;
}

/** The journal as `CreateGLTransaction` takes it: JournalId left for GP to number, amounts exact text. */
export function newJournal(draft: JournalDraft, batch: string): NewGlTransaction {
  return {
    batchSource: 'GL_Normal',
    batchId: batch,
    date: draft.date.toString(),
    reference: draft.reference,
    ...(draft.currency === null ? {} : { currencyId: draft.currency }),
    lines: draft.lines.map((line) => ({
      accountNumber: line.account,
      debit: line.debit.rescale(CURRENCY_PLACES).toString(),
      credit: line.credit.rescale(CURRENCY_PLACES).toString(),
      ...(line.description === null ? {} : { description: line.description }),
    })),
  };
}

/** GP's own words of a validation fault (the client resolved its log id into GP's messages). */
function validationWords(error: unknown): string {
  const messages = (error as { readonly messages?: unknown }).messages;
  if (Array.isArray(messages) && messages.length > 0) return messages.map(String).join('; ');
  return error instanceof Error ? error.message : String(error);
}

/** Sends of one journal, counting the first, when GP answers that it did not take it (503). */
const SENDS = 3;

/**
 * Errors that are GP's (or its web server's) answer that the request was not taken: sent again once
 * the journal is confirmed absent. A reset or a timeout is no such answer (GP may still be saving
 * it), so after those the batch stops and is retried later, looking again first.
 */
const NOT_TAKEN = new Set(['HTTP_503']);

async function create(
  { client, batch }: Journals,
  draft: JournalDraft,
): Promise<'created' | 'was-saved' | { code: string; message: string }> {
  for (let send = 1; ; send += 1) {
    try {
      await client.createGLTransaction(newJournal(draft, batch));
      return 'created';
    } catch (error) {
      // GP refused it (a closed period, a rule the checks above do not know): held with GP's words, the batch goes on.
      if (errorCode(error) === 'GP_VALIDATION')
        return {
          code: 'GP_VALIDATION',
          message: `GP refused journal "${draft.reference}": ${validationWords(error)}`,
        };
      if (!isTransient(error)) throw error;
      // No answer: GP may have saved it. Look before anyone sends it again.
      const saved = (await findJournals(client, batch, [draft])).get(draft.reference) ?? [];
      if (saved.some((journal) => sameJournal(draft, journal))) return 'was-saved';
      if (saved.length > 0 || !NOT_TAKEN.has(errorCode(error)) || send >= SENDS) throw error;
    }
  }
}

/** GP answers a create with nothing: each created journal is found by its reference, or the batch stops. */
async function confirmCreated({ client, batch }: Journals, created: readonly JournalDraft[]): Promise<void> {
  if (created.length === 0) return;
  const found = await findJournals(client, batch, created);
  const missing = created.filter((draft) => !(found.get(draft.reference) ?? []).some((j) => sameJournal(draft, j)));
  if (missing.length > 0)
    throw new MlcError(
      'GP_JOURNAL_NOT_FOUND',
      `GP accepted ${missing.length === 1 ? 'journal' : 'journals'} ${missing.map((draft) => `"${draft.reference}"`).join(', ')} but does not list ${missing.length === 1 ? 'it' : 'them'} in batch ${batch} afterwards; check the batch in GP before running again`,
    );
}

function compare(draft: JournalDraft, existing: GlTransaction, batch: string): Verdict {
  if (sameJournal(draft, existing)) return { kind: 'same' };
  const entry = `journal entry ${existing.journalId}`;
  if (existing.state !== 'Work')
    return {
      kind: 'refuse',
      code: 'GP_JOURNAL_POSTED',
      message: `journal "${draft.reference}" is already posted in GP (${existing.state}, ${entry}) with other amounts or lines; posted journals are never changed, so enter a correcting journal in GP`,
    };
  return {
    kind: 'refuse',
    code: 'GP_JOURNAL_DIFFERS',
    message: `journal "${draft.reference}" is already in GP's batch ${existing.batchId.trim() || batch} (${entry}, unposted) with other amounts or lines; GP Web Services cannot change or delete a GL transaction, so delete ${entry} in GP, then replay`,
  };
}

function decimalOf(text: string): Decimal {
  return text.trim() === '' ? Decimal.ZERO : Decimal.parse(text.trim());
}

function sameJournal(draft: JournalDraft, existing: GlTransaction): boolean {
  if (existing.date.slice(0, 10) !== draft.date.toString()) return false;
  if (draft.currency !== null && existing.currencyId.trim().toUpperCase() !== draft.currency) return false;
  const lines = [...existing.lines].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
  if (lines.length !== draft.lines.length) return false;
  return draft.lines.every((line, index) => {
    const other = lines[index]!;
    return (
      other.accountNumber.trim() === line.account &&
      other.description.trim() === (line.description ?? '').trim() &&
      decimalOf(other.debit).equals(line.debit) &&
      decimalOf(other.credit).equals(line.credit)
    );
  });
}
