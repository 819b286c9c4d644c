/**
 * Validation against GP before anything is sent: every line's account (its cost center already in its
 * segment) exists and is active, read with GP Web Services' `GetGLAccountByKey` (web-services §4.1),
 * fresh for every batch and once per account in it, so a replay after someone activated or added an
 * account in GP sees it. GP Web Services have no method to read fiscal periods (§4.1, confirmed by
 * absence): where the connection names GP's company database, each journal's date is checked against
 * SY40100 (company-db/), once per batch for all its journals; otherwise a closed period is the
 * validation fault GP raises when the journal is created, handled by the writer.
 */
import type { GpCompanyDb } from '../company-db/company-db.ts';
import { closedPeriodsFor, periodObjection, type PeriodState } from '../company-db/fiscal-periods.ts';
import type { GpWebServicesClient } from '../web-services/client.ts';
import type { JournalDraft, LineProblem } from './journals.ts';

/** Account number -> whether GP has it active; absent when GP does not have it. */
export type AccountStates = ReadonlyMap<string, boolean>;

/** At most this many account reads in flight: GP Web Services serve each on a pooled eConnect call. */
const PARALLEL_READS = 4;

export async function readAccounts(
  client: GpWebServicesClient,
  drafts: readonly JournalDraft[],
): Promise<AccountStates> {
  const numbers = [...new Set(drafts.flatMap((draft) => draft.lines.map((line) => line.account)))];
  const states = new Map<string, boolean>();
  for (let at = 0; at < numbers.length; at += PARALLEL_READS) {
    const slice = numbers.slice(at, at + PARALLEL_READS);
    const accounts = await Promise.all(slice.map((number) => client.getGLAccountByKey(number)));
    accounts.forEach((account, index) => {
      if (account !== undefined) states.set(slice[index]!, account.isActive);
    });
  }
  return states;
}

/** GP's objections to a journal's accounts, one per failing line. */
export function accountProblems(draft: JournalDraft, accounts: AccountStates): LineProblem[] {
  const problems: LineProblem[] = [];
  for (const line of draft.lines) {
    const where = `journal "${draft.reference}", line on account ${line.account}`;
    const fromCostCenter =
      line.account === line.mappedAccount ? '' : ` (account ${line.mappedAccount} with cost center ${line.costCenter})`;
    const active = accounts.get(line.account);
    if (active === undefined)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'GP_ACCOUNT_UNKNOWN',
        message: `${where}: GL account ${line.account}${fromCostCenter} does not exist in GP`,
      });
    else if (!active)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'GP_ACCOUNT_INACTIVE',
        message: `${where}: GL account ${line.account}${fromCostCenter} is inactive in GP`,
      });
  }
  return problems;
}

/** Journal date -> its fiscal period in GP; undefined when the connection names no company database. */
export type PeriodStates = ReadonlyMap<string, PeriodState> | undefined;

/** One read of SY40100 for every journal about to be sent (none when there is no company database). */
export async function readPeriods(
  companyDb: GpCompanyDb | undefined,
  drafts: readonly JournalDraft[],
): Promise<PeriodStates> {
  if (companyDb === undefined || drafts.length === 0) return undefined;
  return closedPeriodsFor(
    companyDb,
    drafts.map((draft) => draft.date.toString()),
  );
}

/** GP's objection to a journal's date: its period closed, or no period at all; the whole journal is held. */
export function periodProblems(draft: JournalDraft, periods: PeriodStates): LineProblem[] {
  if (periods === undefined) return [];
  const date = draft.date.toString();
  const state = periods.get(date);
  const objection = periodObjection(date, state);
  if (objection === undefined) return [];
  const fix =
    state?.kind === 'closed'
      ? 'reopen the period in GP (or date the journal in an open one), then replay'
      : "add the fiscal year in GP's Fiscal Periods Setup (or date the journal in it), then replay";
  return [
    {
      code: state?.kind === 'closed' ? 'GP_PERIOD_CLOSED' : 'GP_NO_FISCAL_PERIOD',
      message: `journal "${draft.reference}" dated ${date}: ${objection}; nothing was sent to GP: ${fix}`,
    },
  ];
}
