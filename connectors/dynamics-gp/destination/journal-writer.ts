/**
 * Writes a batch of `gl_journals` rows: journals are checked (journals.ts), validated against GP
 * (gp-checks.ts), then looked up by reference. A journal not in GP is created unposted (Work) in the
 * target's batch; one in Work that differs is changed; one in Work that matches is left alone; a posted
 * (Open/History) one is never touched, and a different version of it is refused with the reason.
 * A create that fails without an answer (a reset, a timeout: GP may have saved it) is settled by looking
 * the reference up again, so a retry never creates a second journal.
 */
import type { DataRow, RejectedRow, TargetTable, WritePlan, WriteResult } from '../../../engine/model/io.ts';
import { Decimal } from '../../../engine/model/values/index.ts';
import { isKitError } from '../../kit/errors.ts';
import { JsonNumber, type JsonTree } from '../../kit/json-exact.ts';
import type { GpClient, GpRecord } from '../client.ts';
import { gpProblems, listWhereIn, loadReferenceData } from './gp-checks.ts';
import { draftJournals, journalPayload, rejectJournal, structureProblems, type JournalDraft } from './journals.ts';
import { journalBatchOf } from './tables.ts';

const RESOURCE = 'Financial/GLTransactions';

type Verdict =
  | { readonly kind: 'create' }
  | { readonly kind: 'same' }
  | { readonly kind: 'change'; readonly key: string }
  | { readonly kind: 'refuse'; readonly code: string; readonly message: string };

interface Sorted {
  readonly rejected: RejectedRow[];
  readonly verdicts: ReadonlyMap<JournalDraft, Verdict>;
}

async function sort(client: GpClient, rows: readonly DataRow[]): Promise<Sorted> {
  const rejected: RejectedRow[] = [];
  const fit: JournalDraft[] = [];
  for (const draft of draftJournals(rows)) {
    const problems = structureProblems(draft, rows);
    if (problems.length > 0) rejected.push(...rejectJournal(draft, problems));
    else fit.push(draft);
  }
  const verdicts = new Map<JournalDraft, Verdict>();
  if (fit.length === 0) return { rejected, verdicts };
  const [reference, existing] = await Promise.all([
    loadReferenceData(client, fit),
    existingByReference(
      client,
      fit.map((draft) => draft.reference),
    ),
  ]);
  for (const draft of fit) {
    const found = existing.get(draft.reference) ?? [];
    const verdict =
      found.length > 1
        ? {
            kind: 'refuse' as const,
            code: 'GP_REFERENCE_AMBIGUOUS',
            message: `GP has ${found.length} journals with reference "${draft.reference}"; keep one in GP, then replay`,
          }
        : found[0] === undefined
          ? { kind: 'create' as const }
          : compare(draft, found[0]);
    if (verdict.kind === 'refuse') {
      rejected.push(...rejectJournal(draft, [{ code: verdict.code, message: verdict.message }]));
      continue;
    }
    // A journal GP already holds unchanged is not validated again: a period closed since must not hide that it is there.
    const problems = verdict.kind === 'same' ? [] : gpProblems(draft, reference);
    if (problems.length > 0) rejected.push(...rejectJournal(draft, problems));
    else verdicts.set(draft, verdict);
  }
  return { rejected, verdicts };
}

export async function writeJournals(
  client: GpClient,
  target: TargetTable,
  rows: readonly DataRow[],
): Promise<WriteResult> {
  const batch = journalBatchOf(target);
  const { rejected, verdicts } = await sort(client, rows);
  let inserted = 0;
  let updated = 0;
  let alreadyCommitted = 0;
  for (const [draft, verdict] of verdicts) {
    const lines = draft.lines.length;
    if (verdict.kind === 'same') alreadyCommitted += lines;
    else if (verdict.kind === 'change') {
      await client.write('PATCH', RESOURCE, verdict.key, journalPayload(draft, batch));
      updated += lines;
    } else if (verdict.kind === 'create') {
      const outcome = await create(client, draft, batch);
      if (outcome === 'created') inserted += lines;
      else if (outcome === 'was-saved') alreadyCommitted += lines;
      else rejected.push(...rejectJournal(draft, [outcome]));
    }
  }
  return { inserted, updated, alreadyCommitted, rejected: rejected.sort((a, b) => a.index - b.index) };
}

export async function planJournals(client: GpClient, rows: readonly DataRow[]): Promise<WritePlan> {
  const { rejected, verdicts } = await sort(client, rows);
  const plan = { inserts: 0, updates: 0, unchanged: rejected.length };
  for (const [draft, verdict] of verdicts) {
    if (verdict.kind === 'create') plan.inserts += draft.lines.length;
    else if (verdict.kind === 'change') plan.updates += draft.lines.length;
    else plan.unchanged += draft.lines.length;
  }
  return plan;
}

async function create(
  client: GpClient,
  draft: JournalDraft,
  batch: string,
): Promise<'created' | 'was-saved' | { code: string; message: string }> {
  try {
    await client.write('POST', RESOURCE, undefined, journalPayload(draft, batch));
    return 'created';
  } catch (error) {
    // GP refused it (a rule the checks above do not know): held with GP's words, the batch goes on.
    if (isKitError(error) && error.status === 400)
      return {
        code: 'GP_REFUSED',
        message: `GP refused journal "${draft.reference}": ${error.vendorMessage ?? error.message}`,
      };
    // No answer: GP may have saved it. Look before anyone sends it again.
    if (isKitError(error) && error.transient) {
      const saved = (await existingByReference(client, [draft.reference])).get(draft.reference);
      if (saved !== undefined && saved.length > 0) return 'was-saved';
    }
    throw error;
  }
}

async function existingByReference(client: GpClient, references: readonly string[]): Promise<Map<string, GpRecord[]>> {
  const byReference = new Map<string, GpRecord[]>();
  for (const record of await listWhereIn(client, RESOURCE, 'Reference', references)) {
    const reference = String(record.Reference);
    byReference.set(reference, [...(byReference.get(reference) ?? []), record]);
  }
  return byReference;
}

function compare(draft: JournalDraft, existing: GpRecord): Verdict {
  const state = String(existing.TransactionState ?? '');
  if (sameJournal(draft, existing)) return { kind: 'same' };
  if (state !== 'Work') {
    return {
      kind: 'refuse',
      code: 'GP_JOURNAL_POSTED',
      message: `journal "${draft.reference}" is already posted in GP (${state}, journal entry ${keyText(existing.JournalEntry)}) with other amounts or lines; posted journals are never changed, so enter a correcting journal in GP`,
    };
  }
  return { kind: 'change', key: keyText(existing.JournalEntry) };
}

function keyText(value: JsonTree | undefined): string {
  return value instanceof JsonNumber ? value.text : String(value);
}

function money(value: JsonTree | undefined): Decimal {
  const inner =
    value instanceof JsonNumber ? value : (value as { readonly Value?: JsonTree } | null | undefined)?.Value;
  return inner instanceof JsonNumber ? Decimal.parse(inner.text) : Decimal.ZERO;
}

function sameJournal(draft: JournalDraft, existing: GpRecord): boolean {
  if (String(existing.TransactionDate ?? '').slice(0, 10) !== draft.date.toString()) return false;
  if (draft.currency !== null && existing.CurrencyId !== draft.currency) return false;
  const lines = Array.isArray(existing.Lines) ? (existing.Lines as readonly GpRecord[]) : [];
  if (lines.length !== draft.lines.length) return false;
  return draft.lines.every((line, index) => {
    const other = lines[index]!;
    return (
      String(other.AccountNumber) === line.account &&
      (other.CostCenter ?? null) === line.costCenter &&
      (other.Description ?? null) === line.description &&
      money(other.DebitAmount).equals(line.debit) &&
      money(other.CreditAmount).equals(line.credit)
    );
  });
}
