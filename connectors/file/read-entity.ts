/**
 * Reading an entity: its files in name order, streamed, every row typed to the discovered schema,
 * filtered by the cursor window and field filters, handed out in pages.
 *
 * A value that does not fit its column never drops the row and never fails the read: the record keeps
 * null in that field and the page names the problem (file, line, column, raw text, reason), so the runner
 * can hold exactly that record for review. A record whose cursor or filter field could not be read is
 * kept (with its problem) rather than guessed out of the window.
 */
import type { FieldTypeName } from '../../engine/model/column-type.ts';
import type { CancelSignal, DataRow, ReadRequest, RecordProblem, SourcePage } from '../../engine/model/io.ts';
import { coerceValue, compareValues, valueEquals } from '../../engine/model/values/index.ts';
import type { Value } from '../../engine/model/values/index.ts';
import { throwIfCancelled } from './cancel.ts';
import { Refusal, coerceJson, jsonToValue, setField, textCoercer } from './coerce.ts';
import type { TextCoercer } from './coerce.ts';
import type { EntityPlan } from './discover-entity.ts';
import { FileSourceError, describeLocation } from './errors.ts';
import { resolveEntityFiles } from './files.ts';
import type { MatchedFile } from './files.ts';
import { jsonTreeText } from '../kit/json-exact.ts';
import { assertUtf8File, readCsvRows, readJsonlObjects } from './raw-readers.ts';
import type { InvalidText, TextOptions } from './raw-readers.ts';
import { textOptionsOf } from './config.ts';
import { showEscapedBytes } from './text-decoding.ts';
import { stat } from 'node:fs/promises';

/** A value that could not be read as its column's type; the model's RecordProblem plus where and what exactly. */
export interface FileRecordProblem extends RecordProblem {
  readonly file: string;
  readonly line: number;
  /** The value exactly as the file holds it (JSON text for JSONL). */
  readonly raw: string;
  /** The reason alone; `message` is `gl-lines-1.csv line 42, column DEBITAMT: ` + reason. */
  readonly reason: string;
}

export interface FileSourcePage extends SourcePage {
  /** In record order; empty when every value was read. */
  readonly problems: readonly FileRecordProblem[];
}

export interface ReadEntityOptions {
  readonly folder: string;
  readonly chunkBytes: number;
}

/** One row's values and problems before it joins a page. */
type RowProblem = Omit<FileRecordProblem, 'recordIndex'>;

export async function* readEntityPages(
  plan: EntityPlan,
  request: ReadRequest,
  options: ReadEntityOptions,
): AsyncGenerator<FileSourcePage> {
  const signal = request.signal;
  throwIfCancelled(signal);
  const accept = rowFilter(plan, request);
  const pageSize = Math.max(1, Math.floor(request.pageSize));
  let records: DataRow[] = [];
  let problems: FileRecordProblem[] = [];
  const files = await resolveEntityFiles(options.folder, plan.config.file);
  // Progress is the share of the files' bytes read so far: cheap, and good enough for an ETA.
  const totalBytes = (await Promise.all(files.map((file) => stat(file.absolutePath)))).reduce(
    (sum, info) => sum + info.size,
    0,
  );
  let bytesRead = 0;
  const progress = () => ({ done: totalBytes === 0 ? 1 : Math.min(1, bytesRead / totalBytes) });
  const chunkOptions = { chunkBytes: options.chunkBytes, signal, onBytes: (bytes: number) => (bytesRead += bytes) };
  const text = textOptionsOf(plan.config);
  if (text.encoding === 'utf-8' && text.invalidBytes === 'refuse') {
    // Every file is checked before the first page: a page handed out is written, and none of a refused file may be.
    for (const file of files) await assertUtf8File(file, { chunkBytes: options.chunkBytes, signal });
  }

  const batches =
    plan.format === 'csv'
      ? typedCsvRows(plan, files, chunkOptions, text)
      : typedJsonlRows(plan, files, chunkOptions, text);
  for await (const batch of batches) {
    throwIfCancelled(signal);
    const problemsByRow = batch.problems.length === 0 ? undefined : groupByRow(batch.problems);
    for (let index = 0; index < batch.records.length; index++) {
      const record = batch.records[index] as DataRow;
      const rowProblems = problemsByRow?.get(index);
      const verdict = accept(record, rowProblems);
      if (verdict === 'drop') continue;
      if (rowProblems !== undefined) {
        for (const problem of rowProblems) problems.push({ recordIndex: records.length, ...withoutRow(problem) });
      }
      if (verdict === 'keep-cursor-empty') {
        const reason = 'the cursor field is empty, so the record cannot be placed in the read window';
        const line = batch.lines[index] ?? 0;
        problems.push({
          recordIndex: records.length,
          ...rowProblem(batch.file, line, request.cursorField ?? '', '', reason),
        });
      }
      records.push(record);
      if (records.length >= pageSize) {
        yield { records, problems, progress: progress() };
        throwIfCancelled(signal);
        records = [];
        problems = [];
      }
    }
  }
  if (records.length > 0) yield { records, problems, progress: progress() };
}

/** Records typed from one chunk of one file; problems are few, so they sit apart, tagged with their row. */
interface TypedBatch {
  readonly file: string;
  readonly records: readonly DataRow[];
  readonly lines: readonly number[];
  readonly problems: readonly BatchProblem[];
}

interface BatchProblem extends RowProblem {
  readonly row: number;
}

function groupByRow(problems: readonly BatchProblem[]): Map<number, BatchProblem[]> {
  const byRow = new Map<number, BatchProblem[]>();
  for (const problem of problems) {
    const list = byRow.get(problem.row);
    if (list === undefined) byRow.set(problem.row, [problem]);
    else list.push(problem);
  }
  return byRow;
}

function withoutRow({ row: _row, ...problem }: BatchProblem): RowProblem {
  return problem;
}

type ChunkOptions = { readonly chunkBytes: number; readonly signal?: CancelSignal | undefined };

async function* typedCsvRows(
  plan: EntityPlan,
  files: readonly MatchedFile[],
  options: ChunkOptions,
  text: TextOptions,
): AsyncGenerator<TypedBatch> {
  const names = plan.fields.map((field) => field.name);
  const zone = plan.config.defaultZone;
  const hostileName = names.includes('__proto__');
  // Records cloned from one template share its shape with every field in the object itself, which is
  // much cheaper to build and to collect than adding fields one by one to an empty object.
  const template: Record<string, Value> = {};
  for (const name of names) setField(template, name, null);
  for (const file of files) {
    const coercers = plan.fields.map((field) => textCoercer(typedOrString(field.reading), zone));
    let columns: number[] | undefined;
    for await (const batch of readCsvRows(file, plan.delimiter, options, text)) {
      columns ??= columnIndexes(names, batch.header, file.name);
      const rows = batch.rows;
      const records: DataRow[] = new Array<DataRow>(rows.length);
      const problems: BatchProblem[] = [];
      for (let r = 0; r < rows.length; r++) {
        const row = rows[r] as string[];
        const record: Record<string, Value> = { ...template };
        for (let c = 0; c < names.length; c++) {
          const name = names[c] as string;
          const text = row[columns[c] as number] as string;
          let value = (coercers[c] as TextCoercer)(text);
          if (value instanceof Refusal) {
            problems.push({ row: r, ...rowProblem(file.name, batch.lines[r] ?? 0, name, text, value.reason) });
            value = null;
          }
          if (hostileName) setField(record, name, value);
          else record[name] = value;
        }
        records[r] = record;
      }
      const held =
        batch.invalid.length === 0
          ? problems
          : withInvalidText(problems, records, batch.invalid, file.name, (row, field) => {
              const text = rows[row]?.[batch.header.indexOf(field)] ?? '';
              return showEscapedBytes(text);
            });
      yield { file: file.name, records, lines: batch.lines, problems: held };
    }
  }
}

/**
 * Values with bytes that are not UTF-8 are null in their records, each with its problem (line and
 * byte offset) in place of any other for that field, so the runner holds the record.
 */
function withInvalidText(
  problems: readonly BatchProblem[],
  records: readonly DataRow[],
  invalid: readonly InvalidText[],
  file: string,
  rawOf: (row: number, field: string) => string,
): BatchProblem[] {
  const replaced = new Set(invalid.map((bad) => `${bad.row}\u0000${bad.field}`));
  const kept = problems.filter((problem) => !replaced.has(`${problem.row}\u0000${problem.field}`));
  for (const bad of invalid) {
    const record = records[bad.row] as Record<string, Value>;
    const field = showEscapedBytes(bad.field);
    // A key that is itself not UTF-8 is not passed on; its problem names it as the file has it.
    if (field !== bad.field) delete record[bad.field];
    setField(record, field, null);
    kept.push({ row: bad.row, ...rowProblem(file, bad.line, field, rawOf(bad.row, bad.field), bad.reason) });
  }
  return kept;
}

async function* typedJsonlRows(
  plan: EntityPlan,
  files: readonly MatchedFile[],
  options: ChunkOptions,
  text: TextOptions,
): AsyncGenerator<TypedBatch> {
  const zone = plan.config.defaultZone;
  const planned = new Set(plan.fields.map((field) => field.name));
  for (const file of files) {
    for await (const batch of readJsonlObjects(file, options, text)) {
      const problems: BatchProblem[] = [];
      const records = batch.objects.map((object, row) => {
        const record: Record<string, Value> = {};
        for (const field of plan.fields) {
          const tree = object[field.name];
          let value: Value | Refusal =
            field.reading.kind === 'nested' ? jsonToValue(tree) : coerceJson(tree, field.reading.type, zone);
          if (value instanceof Refusal) {
            problems.push({
              row,
              ...rowProblem(file.name, batch.lines[row] ?? 0, field.name, jsonTreeText(tree), value.reason),
            });
            value = null;
          }
          setField(record, field.name, value);
        }
        // Fields the sample did not show are passed on as JSON gives them: nothing in the file is lost.
        for (const [key, tree] of Object.entries(object)) {
          if (!planned.has(key)) setField(record, key, jsonToValue(tree));
        }
        return record;
      });
      const held =
        batch.invalid.length === 0
          ? problems
          : withInvalidText(problems, records, batch.invalid, file.name, (row, field) => {
              const tree = batch.objects[row]?.[field];
              return typeof tree === 'string' ? `"${showEscapedBytes(tree)}"` : jsonTreeText(tree);
            });
      yield { file: file.name, records, lines: batch.lines, problems: held };
    }
  }
}

function rowProblem(file: string, line: number, field: string, raw: string, reason: string): RowProblem {
  return { file, line, field, raw, reason, message: `${describeLocation(file, line)}, column ${field}: ${reason}` };
}

function typedOrString(reading: EntityPlan['fields'][number]['reading']): FieldTypeName {
  return reading.kind === 'typed' ? reading.type : 'string';
}

/** Where each planned column sits in this file's header; every file of an entity has the same columns. */
function columnIndexes(names: readonly string[], header: readonly string[], file: string): number[] {
  const missing = names.filter((name) => !header.includes(name));
  const unexpected = header.filter((name) => !names.includes(name));
  if (missing.length > 0 || unexpected.length > 0) {
    const parts = [
      missing.length > 0 ? `it lacks ${missing.join(', ')}` : '',
      unexpected.length > 0 ? `it has columns the entity does not (${unexpected.join(', ')})` : '',
    ].filter((part) => part !== '');
    throw new FileSourceError(
      'CSV_HEADER_INVALID',
      `${describeLocation(file, 1)}: the header does not match the entity's columns: ${parts.join('; ')}`,
      {
        file,
        line: 1,
      },
    );
  }
  return names.map((name) => header.indexOf(name));
}

type Verdict = 'keep' | 'drop' | 'keep-cursor-empty';

/**
 * The cursor window [from, end) and field filters, compared as typed values: the bounds are read as the
 * cursor field's type first, so a watermark stored as text still compares as a timestamp.
 * A record whose cursor or filter field failed to read is kept (its problem says why), and one whose
 * cursor is empty is kept with a problem too: it cannot be placed in the window, and dropping it quietly
 * would lose it for good once the watermark has passed.
 */
function rowFilter(
  plan: EntityPlan,
  request: ReadRequest,
): (record: DataRow, problems: readonly RowProblem[] | undefined) => Verdict {
  const typeOf = (field: string): FieldTypeName => {
    const planned = plan.fields.find((candidate) => candidate.name === field);
    if (planned === undefined) {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${plan.config.entity}" has no field "${field}" (fields: ${plan.fields.map((f) => f.name).join(', ')})`,
      );
    }
    return typedOrString(planned.reading);
  };
  const zone = plan.config.defaultZone === undefined ? undefined : { defaultZone: plan.config.defaultZone };
  const bound = (field: string, value: Value, what: string): Value => {
    const result = coerceValue(value, typeOf(field), zone);
    if (!result.ok) {
      throw new FileSourceError(
        'FILE_CONFIG_INVALID',
        `entity "${plan.config.entity}": the ${what} for ${field} is not usable: ${result.reason}`,
      );
    }
    return result.value;
  };
  const failedToRead = (problems: readonly RowProblem[] | undefined, field: string): boolean =>
    problems?.some((problem) => problem.field === field) ?? false;
  const checks: ((record: DataRow, problems: readonly RowProblem[] | undefined) => Verdict)[] = [];

  const cursorField = request.cursorField;
  if (cursorField !== undefined && (request.from !== undefined || request.end !== undefined)) {
    const from = request.from === undefined ? null : bound(cursorField, request.from.cursor, 'cursor start');
    const end = request.end === undefined ? null : bound(cursorField, request.end, 'cursor end');
    checks.push((record, problems) => {
      const value = record[cursorField] ?? null;
      if (value === null) return failedToRead(problems, cursorField) ? 'keep' : 'keep-cursor-empty';
      if (from !== null && compareValues(value, from) < 0) return 'drop';
      if (end !== null && compareValues(value, end) >= 0) return 'drop';
      return 'keep';
    });
  }
  for (const [field, wanted] of Object.entries(request.filters ?? {})) {
    const typed = bound(field, wanted, 'filter value');
    checks.push((record, problems) => {
      if (failedToRead(problems, field)) return 'keep';
      return valueEquals(record[field] ?? null, typed) ? 'keep' : 'drop';
    });
  }
  if (checks.length === 0) return () => 'keep';
  return (record, problems) => {
    let verdict: Verdict = 'keep';
    for (const check of checks) {
      const outcome = check(record, problems);
      if (outcome === 'drop') return 'drop';
      if (outcome === 'keep-cursor-empty') verdict = outcome;
    }
    return verdict;
  };
}
