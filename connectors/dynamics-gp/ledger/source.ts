/**
 * The ledger streams' reads through GP Web Services: capped lists read whole in ModifiedDate windows
 * (`capped-windows.ts`), then the by-key reads a stream needs (N+1 calls, §5): journals for their lines and
 * amounts (`GetGLTransactionByKey` for Work, `GetGLPostedTransactionByKey` for Open and History), accounts
 * for their posting fields, and only for the records the window listed (changed ones, in an incremental
 * read) and only when the read's fields use them. A record that changed or left its state between the
 * list and its by-key read is left out: it carries a newer ModifiedDate now, so the open top window of
 * this read or the next run reads it (its stamp is newer than anything this read returns).
 */
import type { EntitySchema, ReadRequest, SourcePage } from '../../../engine/model/io.ts';
import type { Value } from '../../../engine/model/values/index.ts';
import type { RetryOptions } from '../../kit/http/retry.ts';
import { recordsToPage } from '../../kit/rest/stream.ts';
import { shown, type Json } from '../../kit/rest/values.ts';
import { checkCursorField, cursorWindow, SourceRequestError, streamFor } from '../../kit/rest/read-request.ts';
import { requireWebServices, type GpConnectionConfig } from '../client.ts';
import {
  GP_LIST_CAP,
  GpWebServicesClient,
  type GlAccountSummary,
  type GlTransactionState,
  type GlTransactionSummary,
  type UtcRange,
} from '../web-services/client.ts';
import { readCapped, type CappedList, type Slice } from './capped-windows.ts';
import { DEFAULT_PARALLEL_READS, readerPool, type ReaderPool } from './parallel-reads.ts';
import { accountRecord, CURSOR, journalRecord, LEDGER_STREAMS, lineRecords, type LedgerStream } from './streams.ts';

const SYSTEM = 'Dynamics GP';
const STATES: readonly GlTransactionState[] = ['Work', 'Open', 'History'];

export interface LedgerSourceOptions {
  /** What one list call answers at most: GP's 1,000 (a test's simulator may be set lower). */
  readonly listCap?: number;
}

export interface LedgerReader {
  discover(): readonly EntitySchema[];
  read(request: ReadRequest): AsyncGenerator<SourcePage>;
  close(): Promise<void>;
}

/** The client is made on the first ledger read, so a connection without Web Services can still read SBA. */
export function createLedgerReader(config: GpConnectionConfig, options: LedgerSourceOptions = {}): LedgerReader {
  let client: GpWebServicesClient | undefined;
  const open = (entity: string): GpWebServicesClient => {
    client ??= webServicesClient(config, `the ${entity} stream`);
    return client;
  };
  const pool = readerPool(config.webServices?.parallelReads ?? DEFAULT_PARALLEL_READS, () =>
    webServicesClient(config, 'a ledger read'),
  );
  return {
    discover: () => LEDGER_STREAMS.map((stream) => stream.schema),
    read: (request) => readLedger(open, pool, request, options.listCap ?? GP_LIST_CAP),
    close: async () => {
      await Promise.all([client?.close(), pool.close()]);
    },
  };
}

/**
 * A ledger read makes one call per journal (N+1, §5), and after a dropped connection every attempt carries
 * the three-leg Windows sign-in again, each leg a chance to meet the next passing fault: more attempts than
 * the kit's default 5, so a run of passing faults does not fail a read of thousands of calls.
 */
const LEDGER_READ_RETRY: RetryOptions = { maxAttempts: 8 };

export function webServicesClient(config: GpConnectionConfig, use: string): GpWebServicesClient {
  const address = requireWebServices(config, use);
  const { auth } = config;
  if (auth.method === 'basic') throw new Error('unreachable: requireWebServices refuses basic');
  return new GpWebServicesClient({
    url: address.url,
    companyKey: address.companyKey,
    currencyType: address.currencyType,
    auth: { method: auth.method, domain: auth.domain, user: auth.user, passwordSecret: auth.passwordSecret },
    resolveSecret: config.resolveSecret,
    ...(config.caCert === undefined ? {} : { caCert: config.caCert }),
    retry: config.retry ?? LEDGER_READ_RETRY,
    ...(config.timeouts === undefined ? {} : { timeouts: config.timeouts }),
    ...(config.scrub === undefined ? {} : { scrub: config.scrub }),
  });
}

async function* readLedger(
  open: (entity: string) => GpWebServicesClient,
  pool: ReaderPool,
  request: ReadRequest,
  cap: number,
): AsyncGenerator<SourcePage> {
  const stream = streamFor(SYSTEM, LEDGER_STREAMS, request.entity);
  checkCursorField(SYSTEM, request, CURSOR);
  const states = stateFilter(stream, request.filters ?? {});
  const client = open(stream.id);
  const bounds = cursorWindow(CURSOR, request);
  const window = {
    ...(bounds.from === undefined ? {} : { from: Math.floor(bounds.from.toEpochMillis()) }),
    ...(bounds.end === undefined ? {} : { before: Math.ceil(bounds.end.toEpochMillis()) }),
  };
  const inWindow = (modified: string): boolean => {
    const ms = Date.parse(modified);
    return (window.from === undefined || ms >= window.from) && (window.before === undefined || ms < window.before);
  };
  const detailed = needsDetail(stream, request.fields);
  const signal = request.signal as AbortSignal | undefined;
  // How a record is named in a problem: the account, or the journal (and its line) by GP's key.
  const describe = (record: Json) =>
    stream.id === 'gl_accounts'
      ? `GL account ${String(record.AccountNumber)}`
      : `GL journal ${shown(record.JournalEntry)} of ${String(record.TransactionDate)}${
          stream.id === 'gl_journal_lines' ? `, line ${shown(record.SequenceNumber)}` : ''
        }`;
  const emit = function* (records: readonly Json[]): Generator<SourcePage> {
    for (let at = 0; at < records.length; at += request.pageSize)
      yield recordsToPage(stream, records.slice(at, at + request.pageSize), describe);
  };

  if (stream.id === 'gl_accounts') {
    for await (const batch of readCapped(accountList(client, signal, cap), window, {} as AccountNarrow)) {
      if (request.signal?.aborted) return;
      const listed = batch.filter((summary) => inWindow(summary.modifiedDate));
      if (!detailed) {
        yield* emit(listed.map((summary) => accountRecord(summary)));
        continue;
      }
      const accounts = await pool.map(listed, (summary, reader) => reader.getGLAccountByKey(summary.accountNumber));
      const records = listed.flatMap((summary, at) => {
        const account = accounts[at];
        return account !== undefined && account.modifiedDate === summary.modifiedDate
          ? [accountRecord(summary, account)]
          : [];
      });
      yield* emit(records);
    }
    return;
  }

  const narrow: JournalNarrow = states === undefined ? {} : { states };
  for await (const batch of readCapped(journalList(client, signal, cap), window, narrow)) {
    if (request.signal?.aborted) return;
    const listed = batch.filter((summary) => inWindow(summary.modifiedDate));
    if (!detailed) {
      yield* emit(listed.map((summary) => journalRecord(summary)));
      continue;
    }
    const journals = await pool.map(listed, (summary, reader) => reader.getGLTransaction(summary, signal));
    const records = listed.flatMap((summary, at) => {
      const journal = journals[at];
      if (journal === undefined || journal.modifiedDate !== summary.modifiedDate || journal.state !== summary.state)
        return [];
      return stream.id === 'gl_journal_lines' ? lineRecords(summary, journal) : [journalRecord(summary, journal)];
    });
    yield* emit(records);
  }
}

/** Whether the read uses a field only the by-key read carries (every field when the engine does not say). */
function needsDetail(stream: LedgerStream, fields: readonly string[] | undefined): boolean {
  if (stream.id === 'gl_journal_lines') return true;
  return fields === undefined || stream.detailFields.some((field) => fields.includes(field));
}

/** The TransactionState filter, passed to GP as its own criterion (§4.1). */
function stateFilter(
  stream: LedgerStream,
  filters: Readonly<Record<string, Value>>,
): readonly GlTransactionState[] | undefined {
  let states: GlTransactionState[] | undefined;
  for (const [field, value] of Object.entries(filters)) {
    const state = STATES.find((candidate) => candidate === value);
    if (field !== 'TransactionState' || stream.id === 'gl_accounts' || state === undefined) {
      throw new SourceRequestError(
        'UNSUPPORTED_FILTER',
        `Dynamics GP journals filter on TransactionState (Work, Open or History) only, not on ${field}${
          field === 'TransactionState' && state === undefined ? ` = ${String(value)}` : ''
        }${stream.id === 'gl_accounts' ? '; GL accounts take no filter' : ''}`,
      );
    }
    states = [state];
  }
  return states;
}

interface AccountNarrow {
  readonly isActive?: boolean;
}

function accountList(
  client: GpWebServicesClient,
  signal: AbortSignal | undefined,
  cap: number,
): CappedList<GlAccountSummary, AccountNarrow> {
  return {
    cap,
    list: (slice) =>
      client.getGLAccountList(
        {
          modified: utcRange(slice),
          ...(slice.narrow.isActive === undefined ? {} : { isActive: slice.narrow.isActive }),
        },
        signal,
      ),
    modifiedMs: (item) => Date.parse(item.modifiedDate),
    compare: (a, b) => compareText(a.accountNumber, b.accountNumber),
    splitInstant: (narrow) => (narrow.isActive === undefined ? [{ isActive: true }, { isActive: false }] : undefined),
    describe: (narrow, at) =>
      `the ${narrow.isActive === true ? 'active' : 'inactive'} GL accounts modified at ${new Date(at).toISOString()}`,
  };
}

interface JournalNarrow {
  readonly states?: readonly GlTransactionState[];
  /** Transaction dates, both inclusive, as day numbers since 1970-01-01. */
  readonly days?: readonly [number, number];
}

/** GP's dates run from 1900-01-01; a journal dated after 2199 would be a typing error GP still holds. */
const FIRST_DAY = Date.UTC(1900, 0, 1) / 86_400_000;
const LAST_DAY = Date.UTC(2199, 11, 31) / 86_400_000;

function journalList(
  client: GpWebServicesClient,
  signal: AbortSignal | undefined,
  cap: number,
): CappedList<GlTransactionSummary, JournalNarrow> {
  return {
    cap,
    list: (slice) =>
      client.getGLTransactionList(
        {
          modified: utcRange(slice),
          ...(slice.narrow.states === undefined ? {} : { states: slice.narrow.states }),
          ...(slice.narrow.days === undefined
            ? {}
            : { date: { from: dayText(slice.narrow.days[0]), to: dayText(slice.narrow.days[1]) } }),
        },
        signal,
      ),
    modifiedMs: (item) => Date.parse(item.modifiedDate),
    compare: (a, b) => a.journalId - b.journalId || compareText(a.date, b.date),
    splitInstant: (narrow, capped) => {
      if (narrow.states === undefined || narrow.states.length > 1)
        return (narrow.states ?? STATES).map((state) => ({ ...narrow, states: [state] }));
      const [first, last] = narrow.days ?? [FIRST_DAY, LAST_DAY];
      if (first >= last) return undefined;
      const days = capped.map((item) => Date.parse(`${item.date}T00:00:00Z`) / 86_400_000).sort((a, b) => a - b);
      const median = days[Math.floor(days.length / 2)];
      const cut =
        median !== undefined && median > first && median <= last ? median : first + Math.ceil((last - first) / 2);
      return [
        { ...narrow, days: [first, cut - 1] },
        { ...narrow, days: [cut, last] },
      ];
    },
    describe: (narrow, at) =>
      `the ${narrow.states?.join('/') ?? ''} GL journals of ${
        narrow.days === undefined ? 'any date' : dayText(narrow.days[0])
      } modified at ${new Date(at).toISOString()}`,
  };
}

function utcRange(slice: Slice<unknown>): UtcRange {
  if (slice.at !== undefined) {
    const at = new Date(slice.at).toISOString();
    return { from: at, to: at };
  }
  return {
    ...(slice.from === undefined ? {} : { from: new Date(slice.from).toISOString() }),
    ...(slice.before === undefined ? {} : { before: new Date(slice.before).toISOString() }),
  };
}

function dayText(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
