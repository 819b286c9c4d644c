/**
 * Edits to what the pipeline file holds about a stream besides its columns: source filters, lookback,
 * end value, page size, dependencies, control totals, hold-together columns and notes; and the
 * pipeline's batch size. Pure: each returns a new pipeline, or the same object when nothing changes (so
 * `apply` records no empty undo step). An empty value removes the setting, so the file stays as short
 * as the analyst left it. Checks that need words (a page size over the system's limit, a dependency
 * cycle) are here too, so the panel refuses with the same reason a test can read.
 */
import {
  findDependencyCycle,
  ownEntry,
  sourceSchema,
  type ControlTotalsDefinition,
  type Pipeline,
  type SourceDefinition,
  type StreamDefinition,
  type TargetDefinition,
} from '../../engine/model/index.ts';

type Scalar = string | number | boolean | null;
type Command = (pipeline: Pipeline) => Pipeline;

function withStream(pipeline: Pipeline, stream: string, change: (definition: StreamDefinition) => StreamDefinition) {
  const definition = ownEntry(pipeline.streams, stream);
  if (!definition) return pipeline;
  const changed = change(definition);
  if (changed === definition) return pipeline;
  return { ...pipeline, streams: { ...pipeline.streams, [stream]: changed } };
}

/** `record` with `key` set to `value`, or without it when `value` is undefined; the same object when unchanged. */
function withKey<T extends object, K extends keyof T>(record: T, key: K, value: T[K] | undefined): T {
  if (value === undefined) {
    if (!Object.hasOwn(record, key)) return record;
    const { [key]: _removed, ...rest } = record;
    return rest as T;
  }
  if (Object.hasOwn(record, key) && Object.is(record[key], value)) return record;
  return { ...record, [key]: value };
}

type SourceSetting = 'lookback' | 'end' | 'pageSize';

/** Sets (or, with undefined, removes) one of the source's read settings. */
export function setSourceSetting<K extends SourceSetting>(
  stream: string,
  setting: K,
  value: SourceDefinition[K] | undefined,
): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => {
      const source = withKey(definition.source, setting, value);
      return source === definition.source ? definition : { ...definition, source };
    });
}

/** Sets a source filter (field = value), or removes it with undefined; the last one removed drops `filters`. */
export function setSourceFilter(stream: string, field: string, value: Scalar | undefined): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => {
      const filters = withKey(definition.source.filters ?? {}, field, value);
      if (filters === (definition.source.filters ?? {})) return definition;
      const source = withKey(definition.source, 'filters', Object.keys(filters).length === 0 ? undefined : filters);
      return { ...definition, source };
    });
}

/** Renames a filter's field, keeping its value and place. */
export function renameSourceFilter(stream: string, from: string, to: string): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => {
      const filters = definition.source.filters;
      if (!filters || from === to || !Object.hasOwn(filters, from) || Object.hasOwn(filters, to) || to === '')
        return definition;
      const renamed = Object.fromEntries(
        Object.entries(filters).map(([field, value]) => [field === from ? to : field, value]),
      );
      return { ...definition, source: { ...definition.source, filters: renamed } };
    });
}

/** The stream's dependencies: the streams that must load first. An empty list removes `dependsOn`. */
export function setDependsOn(stream: string, dependsOn: readonly string[]): Command {
  return (pipeline) => {
    if (dependencyRefusal(pipeline, stream, dependsOn) !== undefined) return pipeline;
    return withStream(pipeline, stream, (definition) => {
      const now = definition.dependsOn ?? [];
      if (now.length === dependsOn.length && now.every((name, index) => name === dependsOn[index])) return definition;
      return withKey(definition, 'dependsOn', dependsOn.length === 0 ? undefined : [...dependsOn]);
    });
  };
}

/** Why these dependencies cannot be (a stream waiting on itself, or on one that waits on it), or undefined. */
export function dependencyRefusal(
  pipeline: Pipeline,
  stream: string,
  dependsOn: readonly string[],
): string | undefined {
  if (dependsOn.includes(stream)) return `"${stream}" cannot wait for itself.`;
  const definition = ownEntry(pipeline.streams, stream);
  if (!definition) return undefined;
  const trial = {
    ...pipeline,
    streams: { ...pipeline.streams, [stream]: { ...definition, dependsOn: [...dependsOn] } },
  };
  const cycle = findDependencyCycle(trial);
  if (cycle === undefined) return undefined;
  return `These streams would wait on each other, so none could start: ${[...cycle, cycle[0]].join(' -> ')}.`;
}

export type TotalsSide = keyof ControlTotalsDefinition;
export type TotalsField = keyof ControlTotalsDefinition['source'];

/** Sets one of the control totals' fields (which period, which amount columns); the last one emptied removes them. */
export function setControlTotalsField(stream: string, side: TotalsSide, field: TotalsField, value: string): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => {
      const totals = definition.controlTotals ?? { source: {}, target: {} };
      const sideFields = withKey(totals[side], field, value.trim() === '' ? undefined : value.trim());
      if (sideFields === totals[side]) return definition;
      const next = { ...totals, [side]: sideFields };
      const empty = Object.keys(next.source).length === 0 && Object.keys(next.target).length === 0;
      return withKey(definition, 'controlTotals', empty ? undefined : next);
    });
}

/** The destination columns whose equal values are written whole or held whole; empty removes it. */
export function setHoldTogether(stream: string, columns: readonly string[]): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => {
      const now = definition.target.holdTogether ?? [];
      if (now.length === columns.length && now.every((name, index) => name === columns[index])) return definition;
      const target: TargetDefinition = withKey(
        definition.target,
        'holdTogether',
        columns.length === 0 ? undefined : [...columns],
      );
      return { ...definition, target };
    });
}

/** The stream's notes for the analyst; empty text removes them. */
export function setStreamNotes(stream: string, notes: string): Command {
  return (pipeline) =>
    withStream(pipeline, stream, (definition) => withKey(definition, 'notes', notes.trim() === '' ? undefined : notes));
}

/** Rows per batch written to the destination, for every stream (settings.batchSize); undefined for the default. */
export function setBatchSize(batchSize: number | undefined): Command {
  return (pipeline) => {
    const settings = withKey(pipeline.settings ?? {}, 'batchSize', batchSize);
    if (settings === (pipeline.settings ?? {})) return pipeline;
    return withKey(pipeline, 'settings', Object.keys(settings).length === 0 ? undefined : settings);
  };
}

/** Why typed text is not a lookback (an ISO 8601 duration), or undefined when it is (or is empty: no lookback). */
export function lookbackProblem(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const result = sourceSchema.shape.lookback.safeParse(text.trim());
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'not a duration');
}

/**
 * A typed page size read, or why it is refused: a whole number from 1 to what the system serves
 * (`limit`, named by `systemLabel`), or to the file's own bound of 100,000 when the system has none.
 */
export function readPageSize(
  text: string,
  limit: number | undefined,
  systemLabel: string,
): { readonly ok: true; readonly value: number | undefined } | { readonly ok: false; readonly reason: string } {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1)
    return { ok: false, reason: 'A page size is a whole number of records, 1 or more.' };
  const value = Number(trimmed);
  if (limit !== undefined && value > limit) {
    return {
      ok: false,
      reason: `${systemLabel} serves at most ${limit.toLocaleString('en-US')} records per page, so ${value.toLocaleString('en-US')} would be refused. Use ${limit.toLocaleString('en-US')} or less.`,
    };
  }
  if (value > 100_000) return { ok: false, reason: 'A page size is at most 100,000 records.' };
  return { ok: true, value };
}

/** A typed batch size read, or why it is refused (1 to 1,000,000 rows; empty for the default). */
export function readBatchSize(
  text: string,
): { readonly ok: true; readonly value: number | undefined } | { readonly ok: false; readonly reason: string } {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return { ok: true, value: undefined };
  if (!/^\d+$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 1_000_000)
    return { ok: false, reason: 'A batch size is a whole number of rows from 1 to 1,000,000.' };
  return { ok: true, value: Number(trimmed) };
}

/** A filter value typed as text: a number, true/false or null as JSON would read them, anything else as text. */
export function filterValueOf(text: string): Scalar {
  const trimmed = text.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(trimmed) && Number.isSafeInteger(Math.trunc(Number(trimmed)))) return Number(trimmed);
  return text;
}
