/**
 * Formula errors outside the editor: the problems bar lists them and Save asks before writing a file
 * that has them. The pipeline checks (`problems`) do not read formulas against the source, so the
 * formulas are checked here, against the same scope the editor uses: the fields the source reports
 * (once the editor has asked it) with the stream's declared types, and the pipeline's lookups.
 * Until the source has answered for a stream, a field the stream does not declare cannot be told
 * from a typo, so "unknown field" waits for that answer; syntax, function and type errors do not.
 */
import { diagnosticsFor } from '../../engine/mapping/index.ts';
import { ownEntry, parseColumnType, type Pipeline, type Problem } from '../../engine/model/index.ts';
import type { StateCreator } from 'zustand/vanilla';
import type { EntityInfo } from '../api/wire.ts';
import { formulaScope } from '../screens/mapping/editor/formula-scope.ts';

/** A formula's problem, with the stream and column it is in. */
export interface FormulaProblem extends Problem {
  readonly stream: string;
  /** The mapped column whose formula it is (`column` is the position in the formula, as in every problem). */
  readonly mappedColumn: string;
}

/** What the source said about a stream's entity, for the source definition (and connection) it was asked with. */
export interface KnownEntity {
  readonly source: string;
  readonly entity: EntityInfo;
}

export interface FormulaChecksSlice {
  /** By stream: the entity the source reported, as the formula editor last heard it. */
  readonly sourceEntities: Readonly<Record<string, KnownEntity>>;
  noteSourceEntity(stream: string, source: string, entity: EntityInfo | undefined): void;
}

/** Stands for a stream's source definition and its connection: an answer for another one is not used. */
export function sourceKeyOf(pipeline: Pipeline | null, stream: string): string | null {
  const definition = ownEntry(pipeline?.streams, stream)?.source;
  if (definition === undefined) return null;
  const connection = ownEntry(pipeline?.connections, definition.connection);
  return JSON.stringify([definition, connection ?? null]);
}

export function formulaProblems(
  pipeline: Pipeline | null,
  entities: FormulaChecksSlice['sourceEntities'],
): FormulaProblem[] {
  if (pipeline === null) return [];
  const found: FormulaProblem[] = [];
  for (const [stream, definition] of Object.entries(pipeline.streams)) {
    const known = ownEntry(entities, stream);
    const entity = known !== undefined && known.source === sourceKeyOf(pipeline, stream) ? known.entity : undefined;
    const scope = formulaScope(pipeline, stream, entity);
    for (const [column, mapping] of Object.entries(definition.mappings)) {
      const type = parseColumnType(mapping.type);
      const target = type.ok ? { column, type: type.type } : undefined;
      for (const diagnostic of diagnosticsFor(mapping.expression, scope, target)) {
        if (entity === undefined && diagnostic.code === 'type.unknown-field') continue;
        found.push({
          stream,
          mappedColumn: column,
          path: `streams.${stream}.mappings.${column}.expression`,
          message: diagnostic.message,
          severity: diagnostic.severity,
          code: `formula.${diagnostic.code}`,
          line: diagnostic.start.line,
          column: diagnostic.start.column,
        });
      }
    }
  }
  return found;
}

export const createFormulaChecksSlice: StateCreator<FormulaChecksSlice, [], [], FormulaChecksSlice> = (set, get) => ({
  sourceEntities: {},
  noteSourceEntity(stream, source, entity) {
    const { [stream]: _, ...others } = get().sourceEntities;
    set({ sourceEntities: entity === undefined ? others : { ...others, [stream]: { source, entity } } });
  },
});
