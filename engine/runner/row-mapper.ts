/**
 * Maps source records to destination rows with the compiled mapping (the same code path preview
 * uses). Records already held (a value the source could not read) are not mapped; every other record
 * becomes a row or a hold with its reasons. Nothing is dropped silently.
 */
import type { EvalContext } from '../mapping/functions/spec.ts';
import { evaluate, type CompiledMapping } from '../mapping/index.ts';
import type { DataRow } from '../model/io.ts';
import type { HoldReason } from '../store/index.ts';

export interface MappedBatch {
  readonly rows: DataRow[];
  /** For each row, the index of the source record it came from. */
  readonly sourceIndexes: number[];
}

export class RowMapper {
  constructor(readonly mapping: CompiledMapping) {}

  /** Maps records; adds the reasons of rows that cannot be produced to `holds` (by record index). */
  map(records: readonly DataRow[], holds: Map<number, HoldReason[]>, context: EvalContext): MappedBatch {
    const candidates: DataRow[] = [];
    const candidateIndexes: number[] = [];
    records.forEach((record, index) => {
      if (!holds.has(index)) {
        candidates.push(record);
        candidateIndexes.push(index);
      }
    });
    const result = evaluate(this.mapping, candidates, context);
    for (const held of result.held) {
      const sourceIndex = candidateIndexes[held.index]!;
      holds.set(
        sourceIndex,
        held.reasons.map((reason) => ({ column: reason.column, code: reason.code, message: reason.message })),
      );
    }
    const heldCandidates = new Set(result.held.map((held) => held.index));
    const sourceIndexes: number[] = [];
    candidateIndexes.forEach((sourceIndex, candidate) => {
      if (!heldCandidates.has(candidate)) sourceIndexes.push(sourceIndex);
    });
    return { rows: result.rows, sourceIndexes };
  }
}
