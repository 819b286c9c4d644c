/**
 * The stream's source fields for the canvas: those the pipeline declares at once, merged with what
 * the source itself lists once it answers. The asking is the formula editor's (one request per
 * source definition, shared by both); a source out of reach leaves the declared fields on the
 * canvas and a note saying why.
 */
import { useMemo } from 'react';
import { ownEntry } from '../../../../engine/model/index.ts';
import { useStudio } from '../../../state/store.ts';
import { useSourceEntity } from '../editor/use-source-entity.ts';
import type { SourceField } from './graph-types.ts';
import { sourceFieldList } from './source-fields.ts';

export interface SourceFields {
  readonly fields: readonly SourceField[];
  readonly loading: boolean;
  /** Why the source's own list is missing, in plain words; null when it arrived. */
  readonly note: string | null;
}

export function useSourceFields(stream: string): SourceFields {
  const declared = useStudio((state) => ownEntry(state.pipeline?.streams, stream)?.source.fields);
  const { entity, problem } = useSourceEntity(stream);
  const discovered = entity?.fields ?? null;
  const fields = useMemo(() => sourceFieldList(declared, discovered), [declared, discovered]);
  const note =
    problem === null
      ? null
      : `The source's own field list could not be read (${problem.replace(/\.$/, '')}); showing the fields this pipeline declares.`;
  return { fields, loading: entity === undefined && problem === null, note };
}
