/**
 * A column's destination type and whether it is required, beside its formula. Each change is one
 * undo step. A type is taken when the analyst leaves the box or presses Enter, and only if it is one
 * the destination understands; otherwise the box says what to write instead.
 */
import { useId, useState } from 'react';
import { parseColumnType, type MappingDefinition } from '../../../../engine/model/index.ts';
import { updateColumn } from '../../../commands/mappings.ts';
import { studioStore } from '../../../state/store.ts';
import { CommitInput } from '../../connections/CommitInput.tsx';

const COMMON_TYPES = ['string', 'integer', 'decimal(18,2)', 'decimal(19,4)', 'boolean', 'date', 'timestamp'];

export function ColumnSettings({
  stream,
  column,
  mapping,
}: {
  stream: string;
  column: string;
  mapping: MappingDefinition;
}) {
  const [typeProblem, setTypeProblem] = useState<string | null>(null);
  const listId = useId();
  const problemId = useId();

  function takeType(text: string): void {
    const parsed = parseColumnType(text);
    if (!parsed.ok) return setTypeProblem(parsed.message);
    setTypeProblem(null);
    studioStore()
      .getState()
      .apply(`Change the type of ${column}`, updateColumn(stream, column, { type: text.trim().toLowerCase() }));
  }

  function setRequired(required: boolean): void {
    // Not required is the default: leave the key out rather than write "required": false.
    studioStore()
      .getState()
      .apply(
        `${required ? 'Require' : 'Do not require'} ${column}`,
        updateColumn(stream, column, { required: required ? true : undefined }),
      );
  }

  return (
    <div className="column-settings">
      {/* Escape in the box puts the column's type back, and with it goes the complaint about what was typed. */}
      <label className="column-type" onKeyDown={(event) => event.key === 'Escape' && setTypeProblem(null)}>
        Type
        <CommitInput
          value={mapping.type}
          list={listId}
          spellCheck={false}
          aria-invalid={typeProblem !== null}
          aria-describedby={typeProblem !== null ? problemId : undefined}
          onCommit={takeType}
        />
        <datalist id={listId}>
          {COMMON_TYPES.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      </label>
      <label className="column-required">
        <input
          type="checkbox"
          checked={mapping.required === true}
          onChange={(event) => setRequired(event.target.checked)}
        />
        Required (hold rows where it comes out empty)
      </label>
      {typeProblem !== null && (
        <p className="column-type-problem" id={problemId} role="alert">
          {typeProblem}
        </p>
      )}
    </div>
  );
}
