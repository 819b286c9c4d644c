/**
 * What the preview grid shows, worked out from the host's answer: the mapped rows and the held ones
 * back in the order the source gave them, where a clicked value comes from, and the host's error in
 * an analyst's terms. Pure, with unit tests.
 */
import { fieldsRead } from '../../../../engine/mapping/index.ts';
import type { HoldReasonInfo, JsonRow, JsonValue, PreviewResult } from '../../../api/wire.ts';

export type PreviewLine =
  | { readonly kind: 'row'; readonly position: number; readonly row: JsonRow; readonly index: number }
  | {
      readonly kind: 'held';
      readonly position: number;
      readonly sourceRecord: JsonRow;
      readonly reasons: readonly HoldReasonInfo[];
      readonly index: number;
    };

/** Rows and held rows in sample order (`index` is the place in `rows` or `held`). */
export function previewLines(result: PreviewResult): PreviewLine[] {
  const lines: PreviewLine[] = [
    ...result.rows.map((row, index) => ({
      kind: 'row' as const,
      position: result.rowSources[index]?.position ?? index,
      row,
      index,
    })),
    ...result.held.map((held, index) => ({
      kind: 'held' as const,
      position: held.position,
      sourceRecord: held.sourceRecord,
      reasons: held.reasons,
      index,
    })),
  ];
  return lines.sort(
    (a, b) => a.position - b.position || (a.kind === b.kind ? a.index - b.index : a.kind === 'row' ? -1 : 1),
  );
}

export interface ValueOrigin {
  readonly column: string;
  readonly expression: string;
  /** The value shown in the cell; undefined for a held row (it has none). */
  readonly value?: JsonValue;
  /** Each source field the formula reads, with the record's value of it. */
  readonly fields: readonly { readonly path: string; readonly value: JsonValue | undefined }[];
  readonly lookups: readonly string[];
  /** Sample record number, from 1. */
  readonly record: number;
}

/** Where the value in `column` of `line` comes from: the fields and lookups its formula reads, with their values. */
export function originOf(result: PreviewResult, line: PreviewLine, column: string): ValueOrigin | undefined {
  const described = result.columns.find((candidate) => candidate.name === column);
  if (described === undefined) return undefined;
  const values = line.kind === 'row' ? result.rowSources[line.index]?.values : line.sourceRecord;
  const read = fieldsRead(described.expression);
  return {
    column,
    expression: described.expression,
    ...(line.kind === 'row' ? { value: line.row[column] ?? null } : {}),
    fields: read.fields.map((use) => ({ path: use.path, value: valueAt(values, use.path, use.root) })),
    lookups: described.lookups,
    record: line.position + 1,
  };
}

/** A field's value; for a nested path (`vendor.name`) the whole value of the field it starts at. */
function valueAt(values: JsonRow | undefined, path: string, root: string): JsonValue | undefined {
  if (values === undefined) return undefined;
  return Object.hasOwn(values, path) ? values[path] : values[root];
}

/** A value as the grid writes it: empty values are marked, decimals and dates keep their exact text. */
export function valueText(value: JsonValue | undefined): string {
  if (value === undefined) return '(not read)';
  if (value === null) return '(empty)';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export interface PreviewErrorText {
  readonly headline: string;
  readonly details: readonly string[];
}

const FORMULA_PROBLEM = /^streams\.[^.]+\.mappings\.([^.]+)\.expression(?: \(line (\d+), column (\d+)\))?: (.*)$/;

/**
 * The host's refusal in an analyst's terms: a formula problem names the column and where in the
 * formula; anything else (the source could not be read) is shown as the host said it. The host's
 * first line ("<file> has 2 problems") carries nothing the details do not say.
 */
export function describePreviewError(message: string, showingRows: boolean): PreviewErrorText {
  const lines = message.split('\n').filter((line) => line.trim() !== '');
  const details = lines.slice(/ has \d+ problems?$/.test(lines[0] ?? '') ? 1 : 0);
  const formulas = details.map((line) => FORMULA_PROBLEM.exec(line));
  const rows = showingRows ? 'so the preview still shows the last good result' : 'so there is no preview yet';
  if (details.length > 0 && formulas.every((match) => match !== null)) {
    return {
      headline: `A formula has an error, ${rows}.`,
      details: formulas.map((match) => {
        const [, column, line, position, text] = match!;
        return line === undefined ? `${column}: ${text}` : `${column}, line ${line}, column ${position}: ${text}`;
      }),
    };
  }
  return { headline: `The sample could not be previewed, ${rows}.`, details: details.length > 0 ? details : [message] };
}
