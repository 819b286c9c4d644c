/**
 * Validation against GP before anything is sent, per line: the GL account exists and is active, the
 * cost center is a valid (active) dimension code, and the fiscal period of the transaction date is
 * open for the Financial series. Read fresh from GP for every batch, so a replay after someone
 * reopened a period or added a cost center in GP sees it. Only the accounts and fiscal years a batch
 * uses are read. Resource names are the simulator's synthetic ones (dynamics-gp.md §1: unconfirmed).
 */
import type { PlainDate } from '../../../engine/model/values/index.ts';
import { JsonNumber, type JsonTree } from '../../kit/json-exact.ts';
import type { GpClient, GpRecord } from '../client.ts';
import type { JournalDraft, LineProblem } from './journals.ts';

interface Period {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly closed: boolean;
}

export interface GpReferenceData {
  readonly accounts: ReadonlyMap<string, boolean>;
  readonly costCenters: ReadonlyMap<string, boolean>;
  readonly periods: readonly Period[];
}

const CHUNK = 20;

export function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Every record matching `filter`, page by page. */
export async function listAll(
  client: GpClient,
  resource: string,
  filter: string | undefined,
  pageSize = 500,
): Promise<GpRecord[]> {
  const all: GpRecord[] = [];
  for (let skip = 0; ; skip += pageSize) {
    const page = await client.list(resource, {
      $top: pageSize,
      $skip: skip,
      ...(filter === undefined ? {} : { $filter: filter }),
    });
    all.push(...page);
    if (page.length < pageSize) return all;
  }
}

/** Records whose `field` is one of `values`, asked for in chunks so no URL grows too long. */
export async function listWhereIn(
  client: GpClient,
  resource: string,
  field: string,
  values: readonly string[],
): Promise<GpRecord[]> {
  const found: GpRecord[] = [];
  for (let at = 0; at < values.length; at += CHUNK) {
    const filter = values
      .slice(at, at + CHUNK)
      .map((value) => `${field} eq ${quoted(value)}`)
      .join(' or ');
    found.push(...(await listAll(client, resource, filter)));
  }
  return found;
}

function day(value: JsonTree | undefined): string {
  return typeof value === 'string' ? value.slice(0, 10) : '';
}

export async function loadReferenceData(client: GpClient, drafts: readonly JournalDraft[]): Promise<GpReferenceData> {
  const accountNumbers = [...new Set(drafts.flatMap((draft) => draft.lines.map((line) => line.account)))];
  const years = [...new Set(drafts.flatMap((draft) => [draft.date.year - 1, draft.date.year]))];
  const [accounts, costCenters, periods] = await Promise.all([
    listWhereIn(client, 'Financial/GLAccounts', 'AccountNumber', accountNumbers),
    listAll(client, 'Financial/CostCenters', undefined),
    listAll(client, 'Financial/FiscalPeriods', years.map((year) => `FiscalYear eq ${year}`).join(' or ')),
  ]);
  return {
    accounts: new Map(accounts.map((record) => [String(record.AccountNumber), record.IsActive === true])),
    costCenters: new Map(costCenters.map((record) => [String(record.CostCenter), record.IsActive === true])),
    periods: periods.map((record) => ({
      name:
        typeof record.PeriodName === 'string'
          ? record.PeriodName
          : `${String(record.FiscalYear)} period ${record.PeriodNumber instanceof JsonNumber ? record.PeriodNumber.text : ''}`,
      start: day(record.StartDate),
      end: day(record.EndDate),
      closed: record.IsClosed === true,
    })),
  };
}

/** GP's objections to a journal, one per failing line and check. */
export function gpProblems(draft: JournalDraft, data: GpReferenceData): LineProblem[] {
  const problems: LineProblem[] = [];
  const period = periodProblem(draft.date, data);
  for (const line of draft.lines) {
    const where = `journal "${draft.reference}", line on account ${line.account}`;
    const active = data.accounts.get(line.account);
    if (active === undefined)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'GP_ACCOUNT_UNKNOWN',
        message: `${where}: GL account ${line.account} does not exist in GP`,
      });
    else if (!active)
      problems.push({
        rowIndex: line.rowIndex,
        code: 'GP_ACCOUNT_INACTIVE',
        message: `${where}: GL account ${line.account} is inactive in GP`,
      });
    if (line.costCenter !== null) {
      const valid = data.costCenters.get(line.costCenter);
      if (valid !== true) {
        const why = valid === undefined ? 'is not a cost center in GP' : 'is an inactive cost center in GP';
        problems.push({
          rowIndex: line.rowIndex,
          code: 'GP_COST_CENTER_INVALID',
          message: `${where}: cost center ${line.costCenter} ${why}`,
        });
      }
    }
    if (period !== undefined)
      problems.push({ rowIndex: line.rowIndex, ...period, message: `${where}: ${period.message}` });
  }
  return problems;
}

function periodProblem(
  date: PlainDate,
  data: GpReferenceData,
): { readonly code: string; readonly message: string } | undefined {
  const text = date.toString();
  const period = data.periods.find((candidate) => candidate.start <= text && text <= candidate.end);
  if (period === undefined)
    return { code: 'GP_PERIOD_MISSING', message: `no fiscal period is set up in GP for ${text}` };
  return period.closed
    ? { code: 'GP_PERIOD_CLOSED', message: `the fiscal period ${period.name} of ${text} is closed in GP` }
    : undefined;
}
