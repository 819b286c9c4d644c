/**
 * The PeopleSoft source (README "How each stream is read"): each stream's saved query run over day
 * windows from the watermark's day (closed start) to today, `maxrows` one more than `maxRows` so a
 * truncated answer shows itself, a full window halved until it fits (a full single day is an error, never
 * a silent gap), rows outside the run's bounds dropped, and a record met twice in one run passed on once.
 */
import { MlcError } from '../../engine/model/errors.ts';
import type { DataRow, EntitySchema, ReadRequest, RecordProblem, Source, SourcePage } from '../../engine/model/io.ts';
import { PlainDate, compareValues, type Value } from '../../engine/model/values/index.ts';
import { KitError } from '../kit/errors.ts';
import { checkCursorField, checkNoFilters, cursorInstant, streamFor } from '../kit/rest/read-request.ts';
import { recordsToPage } from '../kit/rest/stream.ts';
import type { Json } from '../kit/rest/values.ts';
import type { JsonTree } from '../kit/json-exact.ts';
import { PsftClient } from './client.ts';
import { type DocumentOperation, pagesByKey } from './document.ts';
import type { PsftConnectionConfig } from './config.ts';
import { MASTER_SNAPSHOT, MASTER_SNAPSHOT_DAY, psftStreams, type PsftStream } from './streams.ts';
import {
  addDays,
  type DayRange,
  halves,
  nextWindowDays,
  preHistoryWindow,
  serverDay,
  type WindowOutcome,
} from './windows.ts';

const SYSTEM = 'PeopleSoft';
/** The small master streams whose master fields change without moving a date (README). */
const MASTER_STREAMS: ReadonlySet<string> = new Set(['vendors', 'customers']);

export interface PsftSource extends Source {
  readonly client: PsftClient;
}

export function createPsftSource(config: PsftConnectionConfig): PsftSource {
  const client = new PsftClient(config);
  const streams = psftStreams(config.serverTimeZone);
  return {
    client,
    orderedByCursor: false,
    discover: (): Promise<readonly EntitySchema[]> => Promise.resolve(streams.map((stream) => stream.schema)),
    read: (request) => readStream(client, config, streams, request),
    close: () => client.close(),
  };
}

export function todayOnServer(config: PsftConnectionConfig): string {
  return serverDay('today', new Date(config.now?.() ?? Date.now()).toISOString(), config.serverTimeZone) ?? '';
}

async function* readStream(
  client: PsftClient,
  config: PsftConnectionConfig,
  streams: readonly PsftStream[],
  request: ReadRequest,
): AsyncGenerator<SourcePage> {
  const stream = streamFor(SYSTEM, streams, request.entity);
  // A master stream's pipeline may name the address's EFFDT as its cursor (date windows, as before) instead
  // of the declared MASTER_SNAPSHOT (read whole, README "Master-field changes").
  const cursor =
    stream.windowField !== undefined && request.cursorField === stream.windowField
      ? stream.windowField
      : (stream.schema.cursorField ?? '');
  checkCursorField(SYSTEM, request, cursor);
  checkNoFilters(SYSTEM, request);
  const zone = config.serverTimeZone;
  const whole = cursor === MASTER_SNAPSHOT;
  const from = whole ? undefined : request.from;
  const until = whole ? undefined : request.end;
  const fromDay = serverDay(cursor, from?.cursor, zone);
  const endDay = serverDay(cursor, until, zone);
  const today = todayOnServer(config);
  const last = endDay !== undefined && endDay < today ? endDay : today;
  const bound = (value: Value | undefined, day: string | undefined): Value | undefined =>
    value === undefined || day === undefined
      ? undefined
      : stream.cursorKind === 'date'
        ? PlainDate.parse(day)
        : cursorInstant(cursor, value, zone);
  const low = bound(from?.cursor, fromDay);
  const high = bound(until, endDay);
  const seen = new Set<string>();
  const signal = request.signal as AbortSignal | undefined;
  const pageSize = Math.max(1, request.pageSize ?? config.maxRows);
  const emit = async function* (window: DayRange, outcome: WindowOutcome): AsyncGenerator<SourcePage> {
    for await (const rows of readWindow(client, config, stream, window, signal, outcome)) {
      outcome.rows += rows.length;
      const page = keepInRun(stream, recordsToPage(stream, rows, describe(stream)), cursor, low, high, seen);
      for (let at = 0; at < page.records.length; at += pageSize) yield slice(page, at, pageSize);
    }
  };
  const before = preHistoryWindow({ from: fromDay, last, historyStart: config.historyStart });
  if (before !== undefined) yield* emit(before, { rows: 0, split: false });
  // Windows adapt: wider after empty ones (a first load over decades of empty history takes a few calls),
  // narrower after one that had to be split.
  let days = config.windowDays;
  for (let first = fromDay ?? config.historyStart; first <= last;) {
    const end = addDays(first, days - 1);
    const window = { first, last: end < last ? end : last };
    const outcome: WindowOutcome = { rows: 0, split: false };
    yield* emit(window, outcome);
    days = nextWindowDays(days, outcome, Math.max(config.windowDays, config.maxWindowDays));
    first = addDays(window.last, 1);
  }
}

/** One window's rows (normalised to the stream's field names), halved while PeopleSoft may have cut it. */
async function* readWindow(
  client: PsftClient,
  config: PsftConnectionConfig,
  stream: PsftStream,
  window: DayRange,
  signal: AbortSignal | undefined,
  outcome: WindowOutcome,
): AsyncGenerator<Json[]> {
  const operation = config.documents[stream.name];
  if (operation !== undefined) {
    yield* readDocumentWindow(client, config, stream, operation, window, signal, outcome);
    return;
  }
  const query = config.queries[stream.name];
  const answer = await withWindow(stream, query, `${window.first} to ${window.last}`, () =>
    client.executeQuery(
      query,
      [
        ['FROM_DT', window.first],
        ['TO_DT', window.last],
      ],
      config.maxRows + 1,
      signal,
    ),
  );
  if (answer.numrows > config.maxRows) {
    outcome.split = true;
    if (window.first === window.last && config.keyPrompt !== undefined) {
      yield* readDayByKey(client, config, stream, window.first, config.keyPrompt, signal);
      return;
    }
    if (window.first === window.last)
      throw new MlcError(
        'WINDOW_FULL',
        `${stream.name}: query ${query} has more than ${config.maxRows} rows on ${window.first} alone; PeopleSoft cuts an answer at maxrows without a word, so the day cannot be read whole`,
        {
          help: 'Raise maxRows on the connection (and the Max Rows Fetched of the user’s query profile), or give the saved queries a key-paging prompt and name it in keyPrompt (README).',
        },
      );
    for (const half of halves(window)) yield* readWindow(client, config, stream, half, signal, outcome);
    return;
  }
  if (answer.rows.length > 0) yield normalise(stream, query, answer.rows);
}

/**
 * One day too full for one answer, read by its page key: `key >= after`, ordered by key, the next page
 * starting at the last key met (rows at it are asked again and passed on once). A page full of one key
 * alone cannot move on, so it stops the stream.
 */
async function* readDayByKey(
  client: PsftClient,
  config: PsftConnectionConfig,
  stream: PsftStream,
  day: string,
  keyPrompt: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<Json[]> {
  const query = config.queries[stream.name];
  // The lowest printable value that is not a blank (PeopleSoft refuses blanks at a value's ends).
  let after = '!';
  for (;;) {
    const prompts = [
      ['FROM_DT', day],
      ['TO_DT', day],
      [keyPrompt, after],
    ] as const;
    const answer = await withWindow(stream, query, `${day} from ${stream.pageKey} ${after}`, () =>
      client.executeQuery(query, prompts, config.maxRows + 1, signal),
    );
    const rows = answer.rows.length === 0 ? [] : normalise(stream, query, answer.rows);
    if (rows.length > 0) yield rows;
    if (answer.numrows <= config.maxRows) return;
    const last = String(rows[rows.length - 1]?.[stream.pageKey] ?? '');
    if (last <= after)
      throw new MlcError(
        'WINDOW_FULL',
        `${stream.name}: query ${query} has more than ${config.maxRows} rows with ${stream.pageKey} ${after} on ${day}; raise maxRows`,
      );
    after = last;
  }
}

/** The query's columns a stream reads (its synthetic MASTER_SNAPSHOT aside). */
const columnsOf = (stream: PsftStream): string[] =>
  stream.schema.fields
    .filter((field) => field.name !== MASTER_SNAPSHOT)
    .map((field) => stream.columns[field.name] ?? field.name);

/**
 * One window through the site's document operation (document.ts): page by page after the last key met when
 * its template has {AFTER_KEY} (a page of fewer than documentPageRows rows is the last); without it, a page
 * that full may have been cut, so the window is halved like a full QAS answer.
 */
async function* readDocumentWindow(
  client: PsftClient,
  config: PsftConnectionConfig,
  stream: PsftStream,
  operation: DocumentOperation,
  window: DayRange,
  signal: AbortSignal | undefined,
  outcome: WindowOutcome,
): AsyncGenerator<Json[]> {
  const name = `document operation ${operation.template.split('/')[0] ?? ''}`;
  const full = config.documentPageRows;
  const page = (after: string) =>
    withWindow(stream, name, `${window.first} to ${window.last}${after === '' ? '' : ` after ${after}`}`, () =>
      client.documentPage(
        operation,
        columnsOf(stream),
        { FROM_DT: window.first, TO_DT: window.last, AFTER_KEY: after },
        signal,
      ),
    );
  if (pagesByKey(operation)) {
    for (let after = ''; ;) {
      const rows = await page(after);
      if (rows.length > 0) yield normalise(stream, name, rows);
      if (rows.length < full) return;
      const last = String(rows[rows.length - 1]?.[stream.pageKey] ?? '');
      if (last <= after)
        throw new MlcError(
          'RESPONSE_INVALID',
          `${stream.name}: ${name} answered a full page without moving past ${stream.pageKey} ${after}`,
        );
      after = last;
    }
  }
  const rows = await page('');
  if (rows.length < full) {
    if (rows.length > 0) yield normalise(stream, name, rows);
    return;
  }
  outcome.split = true;
  if (window.first === window.last)
    throw new MlcError(
      'WINDOW_FULL',
      `${stream.name}: ${name} answered a full page (${full} rows) for ${window.first} alone and takes no {AFTER_KEY}, so the day cannot be known to be whole`,
      {
        help: 'Give the operation a paging key ({AFTER_KEY} in its template), or raise documentPageRows to its page size.',
      },
    );
  for (const half of halves(window))
    yield* readDocumentWindow(client, config, stream, operation, half, signal, outcome);
}

/** A failure names the query and the window it was reading, so the next run knows where it stood. */
async function withWindow<T>(stream: PsftStream, query: string, window: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof MlcError)) throw error;
    throw new MlcError(error.code, `${stream.name}: ${error.message} (query ${query}, ${window})`, {
      transient: error.transient,
      cause: error,
      ...(error.options.help === undefined ? {} : { help: error.options.help }),
    });
  }
}

/** The query's columns (`A.VENDOR_ID` or `VENDOR_ID`, as its design has it) under the stream's field names. */
export function normalise(stream: PsftStream, query: string, rows: readonly Json[]): Json[] {
  const names = Object.keys(rows[0] ?? {});
  const missing: string[] = [];
  const sources = stream.schema.fields.flatMap((field) => {
    if (field.name === MASTER_SNAPSHOT) return [];
    const column = stream.columns[field.name] ?? field.name;
    const found = names.includes(column)
      ? [column]
      : names.filter((name) => name.replace(/^[A-Z][A-Z0-9_]*\./, '') === column);
    if (found.length !== 1) missing.push(found.length === 0 ? column : `${column} (given by ${found.join(' and ')})`);
    return [[field.name, found[0] ?? column] as const];
  });
  if (missing.length > 0)
    throw new KitError(
      'CONFIG_INVALID',
      `PeopleSoft query ${query} for ${stream.name} lacks the fields ${missing.join(', ')}: define it as the README's saved queries say`,
    );
  const snapshot = stream.schema.cursorField === MASTER_SNAPSHOT ? { [MASTER_SNAPSHOT]: MASTER_SNAPSHOT_DAY } : {};
  return rows.map(
    (row) =>
      ({
        ...Object.fromEntries(sources.map(([field, column]) => [field, row[column] as JsonTree])),
        ...snapshot,
      }) as Json,
  );
}

function describe(stream: PsftStream): (record: Json) => string {
  return (record) => `${stream.name} ${stream.schema.key.map((field) => String(record[field] ?? '')).join(' ')}`;
}

/** Rows inside `[low, high)` not yet passed on; a row with a problem is kept so the runner holds it. */
function keepInRun(
  stream: PsftStream,
  page: SourcePage,
  cursor: string,
  low: Value | undefined,
  high: Value | undefined,
  seen: Set<string>,
): SourcePage {
  const records: DataRow[] = [];
  const problems: RecordProblem[] = [];
  page.records.forEach((row, index) => {
    const own = (page.problems ?? []).filter((problem) => problem.recordIndex === index);
    const value = row[cursor] ?? null;
    if (own.length === 0) {
      if (low !== undefined && compareValues(value, low) < 0) return;
      if (high !== undefined && compareValues(value, high) >= 0) return;
    }
    const key = JSON.stringify(stream.schema.key.map((field) => String(row[field] ?? null)));
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(...own.map((problem) => ({ ...problem, recordIndex: records.length })));
    records.push(row);
  });
  return problems.length === 0 ? { records } : { records, problems };
}

function slice(page: SourcePage, at: number, size: number): SourcePage {
  const records = page.records.slice(at, at + size);
  const problems = (page.problems ?? [])
    .filter((problem) => problem.recordIndex >= at && problem.recordIndex < at + size)
    .map((problem) => ({ ...problem, recordIndex: problem.recordIndex - at }));
  return problems.length === 0 ? { records } : { records, problems };
}
