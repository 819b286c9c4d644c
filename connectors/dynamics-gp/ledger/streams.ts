/**
 * The general-ledger streams, read through GP Web Services (dynamics-gp-web-services.md §4.1): GL accounts
 * from `GetGLAccountList` summaries (posting fields from `GetGLAccountByKey`), journals from
 * `GetGLTransactionList` summaries with their lines and amounts from the by-key reads. Keys are GP's:
 * a journal number recurs across years (§8.6), so a journal is (JournalEntry, TransactionDate) and a line
 * adds its SequenceNumber. Cursor: ModifiedDate, UTC (§5).
 */
import { JsonNumber } from '../../kit/json-exact.ts';
import { declareStream, type DeclaredStream, type FieldSpec } from '../../kit/rest/stream.ts';
import { boolean, date, decimal, integer, text, timestamp, type Json } from '../../kit/rest/values.ts';
import type { GlAccount, GlAccountSummary, GlTransaction, GlTransactionSummary } from '../web-services/client.ts';

export type LedgerStreamId = 'gl_accounts' | 'gl_journal_entries' | 'gl_journal_lines';
export const CURSOR = 'ModifiedDate';

export interface LedgerStream extends DeclaredStream {
  readonly id: LedgerStreamId;
  /** Fields only the by-key read carries: a read whose mappings use none of them makes no by-key calls. */
  readonly detailFields: readonly string[];
}

type Kind = 'string' | 'integer' | 'boolean' | 'date' | 'decimal' | 'timestamp';
const AS = {
  string: text(),
  integer: integer(),
  boolean: boolean(),
  date: date({ expected: 'a GP date' }),
  decimal: decimal(),
  timestamp: timestamp(),
} as const;

function stream(
  id: LedgerStreamId,
  label: string,
  key: readonly string[],
  fields: readonly (readonly [string, Kind, string?])[],
  detailFields: readonly string[],
): LedgerStream {
  const specs = fields.map(([name, kind, description]): FieldSpec => [name, kind, AS[kind], description]);
  return { ...declareStream(id, label, key, CURSOR, specs), id, detailFields };
}

const MODIFIED = [CURSOR, 'timestamp', 'Last change in GP (UTC)'] as const;
const JOURNAL_HEADER = [
  ['JournalEntry', 'integer', 'Journal number; GP reuses it across years, so it is unique only with TransactionDate'],
  ['TransactionDate', 'date'],
  ['BatchSource', 'string'],
  ['BatchId', 'string'],
  ['Reference', 'string'],
  ['CurrencyId', 'string'],
  ['SourceDocument', 'string'],
  ['TransactionState', 'string', 'Work (unposted), Open or History'],
  ['LedgerType', 'string'],
  ['FiscalYear', 'integer', 'The posted year (Open and History); empty for Work'],
] as const;

export const LEDGER_STREAMS: readonly LedgerStream[] = [
  stream(
    'gl_accounts',
    'GL accounts',
    ['AccountNumber'],
    [
      ['AccountNumber', 'string', 'Formatted account, e.g. 000-1100-00'],
      ['AccountIndex', 'integer'],
      ['Description', 'string'],
      ['Alias', 'string'],
      ['IsActive', 'boolean'],
      ['AccountType', 'string'],
      ['PostingType', 'string'],
      ['TypicalBalance', 'string'],
      ['GLAccountCategory', 'string'],
      ['CreatedDate', 'date'],
      MODIFIED,
    ],
    ['AccountIndex', 'PostingType', 'TypicalBalance', 'GLAccountCategory'],
  ),
  stream(
    'gl_journal_entries',
    'GL journal entries',
    ['JournalEntry', 'TransactionDate'],
    [...JOURNAL_HEADER, ['LineCount', 'integer'], MODIFIED],
    ['FiscalYear', 'LineCount'],
  ),
  stream(
    'gl_journal_lines',
    'GL journal lines',
    ['JournalEntry', 'TransactionDate', 'SequenceNumber'],
    [
      ...JOURNAL_HEADER,
      ['SequenceNumber', 'integer'],
      ['AccountNumber', 'string'],
      ['DebitAmount', 'decimal'],
      ['CreditAmount', 'decimal'],
      ['Description', 'string'],
      MODIFIED,
    ],
    ['FiscalYear', 'SequenceNumber', 'AccountNumber', 'DebitAmount', 'CreditAmount', 'Description'],
  ),
];

export function isLedgerStream(entity: string): entity is LedgerStreamId {
  return LEDGER_STREAMS.some((stream) => stream.id === entity);
}

const whole = (n: number | null | undefined): JsonNumber | null =>
  n === null || n === undefined ? null : new JsonNumber(String(n));

/** An account summary, with the by-key read's posting fields when it was made. */
export function accountRecord(summary: GlAccountSummary, account?: GlAccount): Json {
  return {
    AccountNumber: summary.accountNumber,
    AccountIndex: whole(account?.accountIndex),
    Description: summary.description,
    Alias: summary.alias,
    IsActive: summary.isActive,
    AccountType: summary.accountType,
    PostingType: account?.postingType ?? null,
    TypicalBalance: account?.typicalBalance ?? null,
    GLAccountCategory: account?.category ?? null,
    CreatedDate: summary.createdDate,
    ModifiedDate: summary.modifiedDate,
  };
}

/** A journal header from its summary; with the full journal, its fiscal year and line count. */
export function journalRecord(summary: GlTransactionSummary, journal?: GlTransaction): Json {
  return {
    JournalEntry: whole(summary.journalId),
    TransactionDate: summary.date,
    BatchSource: summary.batchSource,
    BatchId: summary.batchId,
    Reference: summary.reference,
    CurrencyId: summary.currencyId,
    SourceDocument: summary.sourceDocument,
    TransactionState: summary.state,
    LedgerType: summary.ledgerType,
    FiscalYear: whole(journal?.fiscalYear),
    LineCount: journal === undefined ? null : whole(journal.lines.length),
    ModifiedDate: summary.modifiedDate,
  };
}

/** One record per line of a full journal, each with its header. */
export function lineRecords(summary: GlTransactionSummary, journal: GlTransaction): Json[] {
  const header = journalRecord(summary, journal);
  return journal.lines.map((line) => ({
    ...header,
    SequenceNumber: whole(line.sequenceNumber),
    AccountNumber: line.accountNumber,
    DebitAmount: line.debit,
    CreditAmount: line.credit,
    Description: line.description,
  }));
}
