/**
 * Auto-map by name: source fields no column reads yet, matched to columns still waiting for a field
 * (formula NULL), by name read as words. The plan is shown to the analyst before anything changes;
 * applying it is one command, so one undo step.
 *
 * Matches are taken strongest first, each field and column used once, in source and column order:
 *   1. same name            ACTNUMST -> ACTNUMST
 *   2. same words           "Vendor Name" -> vendor_name, firstName -> first_name
 *   3. ERP abbreviation     DSCRIPTN -> description, CURNCYID -> currency_id (erp-words.ts)
 *   4. close                DEBITAMT ("debit amount") -> debit: kind words such as id/amount dropped
 * A field that matches no column can become a new column named after it, with a type from its own.
 */
import { fieldsRead } from '../../engine/mapping/index.ts';
import { ownEntry, type MappingDefinition, type Pipeline } from '../../engine/model/index.ts';
import { KIND_WORDS, WHOLE_NAMES, WORDS } from './erp-words.ts';
import {
  columnTypeForField,
  fieldReference,
  isUnmapped,
  putColumns,
  toColumnName,
  uniqueColumnName,
} from './mappings.ts';

export interface AutoMapField {
  readonly name: string;
  /** The source's type name (string, decimal, ...), or "unknown" when nothing says. */
  readonly type: string;
}

export type MatchKind = 'same name' | 'same words' | 'abbreviation' | 'close';

export interface ProposedPair {
  readonly field: string;
  readonly column: string;
  readonly match: MatchKind;
  /** Why they match, in words for the preview, e.g. `DSCRIPTN reads as "description"`. */
  readonly why: string;
}

export interface ProposedColumn {
  readonly field: string;
  readonly column: string;
  readonly type: string;
}

export interface AutoMapPlan {
  /** Fields mapped onto columns that wait for one. */
  readonly pairs: readonly ProposedPair[];
  /** Fields no column matches: each can become a new column. */
  readonly newColumns: readonly ProposedColumn[];
  /** Columns waiting for a field that no unmapped field matches: left as they are. */
  readonly unmatchedColumns: readonly string[];
  /** Source fields some column reads already: left alone. */
  readonly alreadyMapped: number;
}

/** A name as lower-case words: `DEX_ROW_TS` -> dex row ts, `firstName` -> first name, `ACTNUMST` -> actnumst. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}

function lookUp(table: Readonly<Record<string, readonly string[]>>, key: string): readonly string[] | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The column a field becomes when it gets one of its own: its words joined, e.g. ACTNUMST -> account_number. */
export function newColumnName(field: string): string {
  return toColumnName(readAs(field).join('_'));
}

/** A name read as plain words, ERP abbreviations spelled out: ACTNUMST -> account number. */
export function readAs(name: string): string[] {
  const words = wordsOf(name);
  const whole = lookUp(WHOLE_NAMES, words.join(''));
  if (whole) return [...whole];
  return words.flatMap((word) => lookUp(WHOLE_NAMES, word) ?? lookUp(WORDS, word) ?? [word]);
}

function withoutKindWords(words: readonly string[]): string[] {
  const kept = words.filter((word) => !KIND_WORDS.has(word));
  return kept.length > 0 ? kept : [...words];
}

interface Level {
  readonly match: MatchKind;
  readonly key: (name: string) => string;
  readonly why: (field: string, column: string) => string;
}

const LEVELS: readonly Level[] = [
  { match: 'same name', key: (name) => name, why: () => 'same name' },
  { match: 'same words', key: (name) => wordsOf(name).join(' '), why: () => 'same name, written differently' },
  {
    match: 'abbreviation',
    key: (name) => readAs(name).join(' '),
    why: (field) => `${field} reads as "${readAs(field).join(' ')}"`,
  },
  {
    match: 'close',
    key: (name) => withoutKindWords(readAs(name)).join(' '),
    why: (field, column) => `"${readAs(field).join(' ')}" is close to "${readAs(column).join(' ')}"`,
  },
];

/** The source fields (roots) the stream's formulas read. */
function fieldsInUse(mappings: Readonly<Record<string, MappingDefinition>>): Set<string> {
  const used = new Set<string>();
  for (const definition of Object.values(mappings))
    for (const use of fieldsRead(definition.expression).fields) used.add(use.root);
  return used;
}

/** What auto-map would do for this stream's columns and these source fields; changes nothing. */
export function planAutoMap(
  mappings: Readonly<Record<string, MappingDefinition>>,
  fields: readonly AutoMapField[],
): AutoMapPlan {
  const used = fieldsInUse(mappings);
  const free = fields.filter((field) => !used.has(field.name));
  const openFields = new Set(free.map((field) => field.name));
  const openColumns = Object.keys(mappings).filter((column) => isUnmapped(mappings[column]!.expression));
  const pairs: ProposedPair[] = [];
  for (const level of LEVELS) {
    const byKey = new Map<string, string>();
    for (const field of free) {
      const key = level.key(field.name);
      if (openFields.has(field.name) && key !== '' && !byKey.has(key)) byKey.set(key, field.name);
    }
    for (const column of [...openColumns]) {
      const field = byKey.get(level.key(column));
      if (field === undefined || !openFields.has(field)) continue;
      pairs.push({ field, column, match: level.match, why: level.why(field, column) });
      openFields.delete(field);
      openColumns.splice(openColumns.indexOf(column), 1);
    }
  }
  const taken = new Set(Object.keys(mappings));
  const newColumns = free
    .filter((field) => openFields.has(field.name))
    .map((field) => {
      const column = uniqueColumnName(taken, newColumnName(field.name));
      taken.add(column);
      return { field: field.name, column, type: columnTypeForField(field.type) };
    });
  // Keep the pairs in column order, as the canvas lists them.
  const order = Object.keys(mappings);
  pairs.sort((a, b) => order.indexOf(a.column) - order.indexOf(b.column));
  return { pairs, newColumns, unmatchedColumns: openColumns, alreadyMapped: fields.length - free.length };
}

/**
 * The plan as one edit. A column that got a formula since the plan was made keeps it, and new column
 * names are made unique again against the columns as they are now: nothing is overwritten.
 */
export function applyAutoMap(
  stream: string,
  plan: AutoMapPlan,
  options: { readonly addNewColumns: boolean },
): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    const mappings = ownEntry(pipeline.streams, stream)?.mappings;
    if (!mappings) return pipeline;
    const changes: Record<string, MappingDefinition> = {};
    for (const pair of plan.pairs) {
      const current = mappings[pair.column];
      if (current && isUnmapped(current.expression))
        changes[pair.column] = { ...current, expression: fieldReference(pair.field) };
    }
    if (options.addNewColumns) {
      const taken = new Set(Object.keys(mappings));
      for (const proposed of plan.newColumns) {
        const column = uniqueColumnName(taken, proposed.column);
        taken.add(column);
        changes[column] = { type: proposed.type, expression: fieldReference(proposed.field) };
      }
    }
    return putColumns(stream, changes)(pipeline);
  };
}

/** How many columns applying the plan would change or add. */
export function autoMapSize(plan: AutoMapPlan, addNewColumns: boolean): number {
  return plan.pairs.length + (addNewColumns ? plan.newColumns.length : 0);
}
