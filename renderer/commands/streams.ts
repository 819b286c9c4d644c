/**
 * Edits to a pipeline's streams as wholes: add, rename, duplicate, delete. Pure: each returns a new
 * pipeline, or the same object when it refuses (a name taken, a stream missing), so `apply` records no
 * empty undo step and one undo takes the whole change back. The words for a refusal come from
 * `streamNameProblem` / `newStreamProblems`, which the dialogs ask before applying.
 */
import {
  hasOwnName,
  identifier,
  ownEntry,
  type MappingDefinition,
  type Pipeline,
  type StreamDefinition,
  type TargetDefinition,
} from '../../engine/model/index.ts';
import { newColumnName } from './auto-map.ts';
import { columnTypeForField, fieldReference, toColumnName, uniqueColumnName } from './mappings.ts';

type WriteMode = TargetDefinition['writeMode'];

/** A name made from an entity or a table: `GL Accounts` -> `gl_accounts`, `Vendors` -> `vendors`. */
export function snakeName(text: string): string {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
  return toColumnName(words).toLowerCase();
}

/** `wanted`, or `wanted_2`, `wanted_3`… the first name no stream has yet. */
export function uniqueStreamName(pipeline: Pipeline, wanted: string): string {
  return uniqueColumnName(new Set(Object.keys(pipeline.streams)), wanted);
}

/** Why `name` cannot name a stream (empty, not an identifier, taken by another), in plain words; null when it can. */
export function streamNameProblem(pipeline: Pipeline, name: string, current?: string): string | null {
  if (name.trim() === '') return 'A stream needs a name.';
  if (!identifier.safeParse(name).success)
    return `"${name}" cannot name a stream: use letters, digits and underscores, starting with a letter or underscore (e.g. gl_accounts).`;
  if (name !== current && hasOwnName(pipeline.streams, name)) return `There is already a stream named "${name}".`;
  return null;
}

/** The streams that list `name` in their `dependsOn`: they are named before it is deleted. */
export function dependentsOf(pipeline: Pipeline, name: string): string[] {
  return Object.entries(pipeline.streams)
    .filter(([other, stream]) => other !== name && (stream.dependsOn ?? []).includes(name))
    .map(([other]) => other);
}

/** What the "Add stream" dialog gathers. */
export interface NewStream {
  readonly name: string;
  readonly sourceConnection: string;
  readonly entity: string;
  readonly key: readonly string[];
  readonly cursor?: string | undefined;
  readonly targetConnection: string;
  readonly table: string;
  readonly writeMode: WriteMode;
  /** Source fields whose columns identify a row for merge; each becomes a column mapped from its field. */
  readonly mergeFields: readonly string[];
  /** The entity's fields with their types, for the merge-key columns' types. */
  readonly fieldTypes: Readonly<Record<string, string>>;
}

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/;

/** Everything that stops the new stream being added, in plain words; empty when it can be. */
export function newStreamProblems(pipeline: Pipeline, spec: NewStream): string[] {
  const problems: string[] = [];
  const nameProblem = streamNameProblem(pipeline, spec.name);
  if (nameProblem) problems.push(nameProblem);
  if (!hasOwnName(pipeline.connections, spec.sourceConnection)) problems.push('Choose the source connection.');
  if (spec.entity === '') problems.push('Choose what to read (an entity).');
  if (spec.key.length === 0) problems.push('The key is empty: name the fields that identify a record.');
  // Fields are checked against what the source listed; with no list (not read yet) the run checks them.
  const known = Object.keys(spec.fieldTypes);
  if (known.length > 0)
    for (const field of spec.key)
      if (!hasOwnName(spec.fieldTypes, field))
        problems.push(
          `Key: "${field}" is not a field of ${spec.entity} (its fields include ${known.slice(0, 3).join(', ')}).`,
        );
  if (!hasOwnName(pipeline.connections, spec.targetConnection)) problems.push('Choose the destination connection.');
  if (spec.table.trim() === '') problems.push('The table needs a name.');
  else if (!TABLE_NAME.test(spec.table))
    problems.push(`"${spec.table}" cannot name a table: use a name such as gl_accounts, or schema.table.`);
  if (spec.writeMode === 'merge' && spec.mergeFields.length === 0)
    problems.push('A merge needs a key: choose the columns that identify a row.');
  return problems;
}

/**
 * The column a source field becomes, as auto-map names new columns: the merge key's columns the
 * dialog adds and the columns auto-map adds after them read alike (journal_entry beside batch_id,
 * not JournalEntry beside batch_id).
 */
export function columnForField(field: string): string {
  return newColumnName(field);
}

/** The stream definition the dialog describes: the merge key's columns mapped from their fields, the rest left to auto-map. */
export function newStreamDefinition(spec: NewStream): StreamDefinition {
  const mappings: Record<string, MappingDefinition> = {};
  const mergeKey: string[] = [];
  if (spec.writeMode === 'merge') {
    for (const field of spec.mergeFields) {
      const column = uniqueColumnName(new Set(Object.keys(mappings)), columnForField(field));
      mappings[column] = {
        type: columnTypeForField(ownEntry(spec.fieldTypes, field) ?? 'string'),
        expression: fieldReference(field),
      };
      mergeKey.push(column);
    }
  }
  return {
    source: {
      connection: spec.sourceConnection,
      entity: spec.entity,
      key: [...spec.key],
      ...(spec.cursor ? { cursor: spec.cursor } : {}),
    },
    target: {
      connection: spec.targetConnection,
      table: spec.table,
      writeMode: spec.writeMode,
      ...(mergeKey.length > 0 ? { mergeKey } : {}),
    },
    mappings,
  };
}

/** Adds a stream at the end; refuses (no change) a name that cannot name a stream. */
export function addStream(name: string, definition: StreamDefinition): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    streamNameProblem(pipeline, name) !== null
      ? pipeline
      : { ...pipeline, streams: { ...pipeline.streams, [name]: definition } };
}

function renamedIn(list: readonly string[] | undefined, from: string, to: string): string[] | undefined {
  return list?.map((name) => (name === from ? to : name));
}

/** Renames a stream in place (its position kept); other streams' `dependsOn` follow. Refuses a bad or taken name. */
export function renameStream(from: string, to: string): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    if (from === to || !hasOwnName(pipeline.streams, from) || streamNameProblem(pipeline, to) !== null) return pipeline;
    const streams = Object.fromEntries(
      Object.entries(pipeline.streams).map(([name, stream]): [string, StreamDefinition] => {
        const dependsOn = renamedIn(stream.dependsOn, from, to);
        return [name === from ? to : name, dependsOn ? { ...stream, dependsOn } : stream];
      }),
    );
    return { ...pipeline, streams };
  };
}

/** A copy of a stream right after it, named `name_2` (or the next free number); nothing depends on the copy. */
export function duplicateStream(name: string): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    const original = ownEntry(pipeline.streams, name);
    if (!original) return pipeline;
    const copyName = uniqueStreamName(pipeline, name);
    const copy = structuredClone(original);
    const streams: Record<string, StreamDefinition> = {};
    for (const [other, stream] of Object.entries(pipeline.streams)) {
      streams[other] = stream;
      if (other === name) streams[copyName] = copy;
    }
    return { ...pipeline, streams };
  };
}

/** The name `duplicateStream(name)` gives the copy, so the studio can show it. */
export function duplicateName(pipeline: Pipeline, name: string): string {
  return uniqueStreamName(pipeline, name);
}

/** Deletes a stream; streams that depended on it no longer list it (their `dependsOn` left out when it empties). */
export function deleteStream(name: string): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    if (!hasOwnName(pipeline.streams, name)) return pipeline;
    const streams = Object.fromEntries(
      Object.entries(pipeline.streams)
        .filter(([other]) => other !== name)
        .map(([other, stream]): [string, StreamDefinition] => {
          if (!(stream.dependsOn ?? []).includes(name)) return [other, stream];
          const { dependsOn, ...rest } = stream;
          const left = (dependsOn ?? []).filter((dependency) => dependency !== name);
          return [other, left.length > 0 ? { ...rest, dependsOn: left } : rest];
        }),
    );
    return { ...pipeline, streams };
  };
}

/** The write modes a stream may use, with what each does in the analyst's words. */
export const WRITE_MODES: readonly { readonly mode: WriteMode; readonly words: string }[] = [
  { mode: 'merge', words: 'Merge: update rows with the same key, add the rest' },
  { mode: 'append', words: 'Append: add every row read' },
  { mode: 'replace', words: "Replace: swap the table's contents each run" },
];
