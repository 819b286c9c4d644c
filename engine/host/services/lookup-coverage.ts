/**
 * Lookup coverage: which keys in a stream's sample a LOOKUP in its mappings would not find. Each
 * LOOKUP's key formula (and as-of date, for effective-dated tables) is checked and compiled exactly
 * as the run compiles it, then evaluated over the sample records, and every key is asked of the
 * table built from the (unsaved) pipeline. So "missing" here is the run's own miss, not a guess by
 * field name.
 */
import {
  check,
  compileExpression,
  lookupInfos,
  parse,
  walk,
  type CallExpr,
  type CheckResult,
  type Expr,
  type LookupTable,
} from '../../mapping/index.ts';
import { ownEntry, type DataRow, type EntitySchema, type Pipeline, type StreamDefinition } from '../../model/index.ts';
import { toJsonValue, type JsonValue, type Value } from '../../model/values/index.ts';
import { buildLookupTable } from '../../runner/lookups.ts';
import type { LoadedPipeline } from '../../runner/index.ts';
import { sourceTypes } from '../../runner/prepare-stream.ts';
import { evalContextFor } from '../../runner/run-pipeline.ts';

export interface TableCoverage {
  readonly table: string;
  readonly columns: string[];
  readonly keys: number;
  readonly missing: { key: JsonValue; records: number; asOf?: string; noValue?: boolean }[];
  readonly problem?: string;
}

interface KeyTally {
  key: Value;
  records: number;
  missed: number;
  /** Records whose key has a row with no value: the run gets nothing from it either. */
  empty: number;
  /** Earliest as-of date the key was missed on (effective-dated tables). */
  asOf?: string;
}

interface TableWork {
  readonly columns: string[];
  readonly tally: Map<string, KeyTally>;
  problem?: string;
}

/** The LOOKUP calls of a formula, each with the table it names. */
function lookupCalls(ast: Expr, checked: CheckResult): { call: CallExpr; table: string }[] {
  const calls: { call: CallExpr; table: string }[] = [];
  walk(ast, (node) => {
    if (node.kind !== 'call') return;
    const resolution = checked.lookups.get(node);
    if (resolution) calls.push({ call: node, table: resolution.table });
  });
  return calls;
}

/** Tables a formula names in LOOKUP, read from its text alone (so a formula with errors still counts). */
function namedTables(ast: Expr): string[] {
  const names: string[] = [];
  walk(ast, (node) => {
    if (node.kind !== 'call' || node.name !== 'LOOKUP') return;
    const first = node.args[0];
    const segment = first?.kind === 'field' && first.path.length === 1 ? first.path[0] : undefined;
    if (segment?.kind === 'name') names.push(segment.name);
  });
  return names;
}

function keyText(value: Value): string {
  return `${typeof value}:${String(value)}`;
}

export function lookupCoverage(
  loaded: LoadedPipeline,
  streamName: string,
  entity: EntitySchema | undefined,
  records: readonly DataRow[],
): TableCoverage[] {
  const pipeline: Pipeline = loaded.pipeline;
  const stream: StreamDefinition = pipeline.streams[streamName]!;
  const work = new Map<string, TableWork>();
  const tables = new Map<string, LookupTable>();
  const parsed = Object.entries(stream.mappings).map(([column, mapping]) => ({
    column,
    ast: parse(mapping.expression).ast,
  }));
  for (const { column, ast } of parsed) {
    for (const table of namedTables(ast)) {
      const entry: TableWork = work.get(table) ?? { columns: [], tally: new Map() };
      if (!entry.columns.includes(column)) entry.columns.push(column);
      work.set(table, entry);
    }
  }
  for (const [table, entry] of work) {
    const definition = ownEntry(pipeline.lookups, table);
    if (!definition) {
      entry.problem = `There is no lookup table named "${table}" in this pipeline.`;
      continue;
    }
    try {
      tables.set(table, buildLookupTable(table, definition, loaded.dir));
    } catch (error) {
      entry.problem = `The table cannot be read: ${error instanceof Error ? error.message : String(error)}.`;
    }
  }

  const scope = {
    schema: sourceTypes(entity, stream),
    lookups: lookupInfos(tables),
    entityLabel: entity?.label ?? stream.source.entity,
  };
  const context = evalContextFor(loaded, tables);
  for (const { column, ast } of parsed) {
    const checked = check(ast, scope);
    const calls = lookupCalls(ast, checked);
    if (calls.length === 0) continue;
    const error = checked.problems.find((p) => p.severity === 'error');
    if (error) {
      for (const { table } of calls) {
        const entry = work.get(table);
        if (entry && entry.problem === undefined)
          entry.problem = `The formula of column "${column}" has an error to fix first: ${error.message}`;
      }
      continue;
    }
    for (const { call, table } of calls) {
      const entry = work.get(table);
      const lookup = tables.get(table);
      const resolution = checked.lookups.get(call)!;
      if (!entry || !lookup || entry.problem !== undefined) continue;
      const key = compileExpression(resolution.key, checked);
      const asOf =
        resolution.mode === 'as-of' && resolution.third ? compileExpression(resolution.third, checked) : undefined;
      const env = (names: readonly string[]) => ({ ctx: context, tables: names.map((name) => tables.get(name)!) });
      const keyEnv = env(key.tables);
      const asOfEnv = asOf ? env(asOf.tables) : undefined;
      for (const record of records) {
        let value: Value;
        let date: Value | undefined;
        try {
          value = key.evaluate(record, keyEnv);
          date = asOf && asOfEnv ? asOf.evaluate(record, asOfEnv) : undefined;
        } catch {
          // A record whose key cannot be computed is held by the run for that reason, not for a missing row.
          continue;
        }
        if (value === null) continue;
        const text = keyText(value);
        const tally = entry.tally.get(text) ?? { key: value, records: 0, missed: 0, empty: 0 };
        tally.records += 1;
        const found = lookup.get(value, date ?? undefined);
        if (found === null) tally.empty += 1;
        if (found === undefined) {
          tally.missed += 1;
          const day = date === null || date === undefined ? undefined : String(toJsonValue(date));
          if (day !== undefined && (tally.asOf === undefined || day < tally.asOf)) tally.asOf = day;
        }
        entry.tally.set(text, tally);
      }
    }
  }

  return [...work].map(([table, entry]) => {
    const gaps = [...entry.tally.values()].filter((tally) => tally.missed > 0 || tally.empty > 0);
    const missing = gaps
      .sort((a, b) => b.missed + b.empty - (a.missed + a.empty) || (keyText(a.key) < keyText(b.key) ? -1 : 1))
      .map((tally) =>
        tally.missed > 0
          ? {
              key: toJsonValue(tally.key),
              records: tally.missed,
              ...(tally.asOf !== undefined ? { asOf: tally.asOf } : {}),
            }
          : { key: toJsonValue(tally.key), records: tally.empty, noValue: true },
      );
    return {
      table,
      columns: entry.columns,
      keys: entry.tally.size,
      missing,
      ...(entry.problem !== undefined ? { problem: entry.problem } : {}),
    };
  });
}
