/**
 * The selected destination column: its name, type and "required" beside its formula (Monaco, with
 * completions, hover types and problems marked where they are). Typing goes to the store as a
 * draft the preview follows at once; a pause in typing, or leaving the editor, makes it one undo step.
 */
import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { applyFix, check, formatType, parse, type Diagnostic, type Fix } from '../../../../engine/mapping/index.ts';
import { ownEntry, parseColumnType } from '../../../../engine/model/index.ts';
import { studioStore, useStudio } from '../../../state/store.ts';
import { ColumnSettings } from './ColumnSettings.tsx';
import { FormulaEditor } from './FormulaEditor.tsx';
import type { FormulaContext } from './formula-language.ts';
import { formulaScope } from './formula-scope.ts';
import { useSourceEntity } from './use-source-entity.ts';
import './editor.css';

export function ColumnEditor({ stream }: { stream: string }) {
  const selected = useStudio((state) => state.column);
  const columns = useStudio(
    useShallow((state) => Object.keys(ownEntry(state.pipeline?.streams, stream)?.mappings ?? {})),
  );
  const column = selected !== null && columns.includes(selected) ? selected : null;
  return (
    <section className="column-editor" aria-label="Column formula">
      <header className="column-editor-bar">
        <ColumnPicker columns={columns} column={column} />
      </header>
      {column === null ? (
        <p className="empty-state column-editor-empty">
          Select a column on the canvas, or pick one above, to see and edit its formula.
        </p>
      ) : (
        <SelectedColumn stream={stream} column={column} />
      )}
    </section>
  );
}

function ColumnPicker({ columns, column }: { columns: readonly string[]; column: string | null }) {
  return (
    <label className="column-picker">
      Column
      <select
        value={column ?? ''}
        onChange={(event) =>
          studioStore()
            .getState()
            .selectColumn(event.target.value || null)
        }
      >
        <option value="">(none selected)</option>
        {columns.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
}

function SelectedColumn({ stream, column }: { stream: string; column: string }) {
  const mapping = useStudio((state) => ownEntry(ownEntry(state.pipeline?.streams, stream)?.mappings, column));
  const draft = useStudio((state) =>
    state.draft?.stream === stream && state.draft.column === column ? state.draft.expression : null,
  );
  const source = useSourceEntity(stream);
  const [problems, setProblems] = useState<readonly Diagnostic[]>([]);

  // The scope changes with the source's answer and the pipeline's lookups, not with each keystroke.
  const lookupsText = useStudio((state) => JSON.stringify(state.pipeline?.lookups ?? {}));
  const declaredText = useStudio((state) =>
    JSON.stringify(ownEntry(state.pipeline?.streams, stream)?.source.fields ?? {}),
  );
  const scope = useMemo(() => {
    const { pipeline } = studioStore().getState();
    return pipeline ? formulaScope(pipeline, stream, source.entity) : undefined;
    // The texts stand for what the scope reads from the pipeline, so it is rebuilt when those change.
  }, [stream, source.entity, lookupsText, declaredText]);
  const type = mapping?.type;
  const context = useMemo<FormulaContext | undefined>(() => {
    if (scope === undefined || type === undefined) return undefined;
    const parsed = parseColumnType(type);
    return parsed.ok ? { scope, target: { column, type: parsed.type } } : { scope };
  }, [scope, type, column]);

  // Another column or another stream: the formula typed so far becomes its undo step first.
  useEffect(() => () => studioStore().getState().commitFormula(), [stream, column]);

  if (mapping === undefined || context === undefined) return null;
  const value = draft ?? mapping.expression;
  return (
    <div className="column-body">
      <div className="column-heading">
        <h3 className="column-name">{column}</h3>
        <span className="column-type-badge">{mapping.type}</span>
        {mapping.required === true && <span className="column-required-badge">required</span>}
      </div>
      <ColumnSettings key={`${stream}/${column}`} stream={stream} column={column} mapping={mapping} />
      <FormulaEditor
        stream={stream}
        column={column}
        value={value}
        context={context}
        onChange={(text) => studioStore().getState().editFormula(stream, column, text)}
        onCommit={() => studioStore().getState().commitFormula()}
        onProblems={setProblems}
      />
      <FormulaCheck
        text={value}
        context={context}
        problems={problems}
        sourceProblem={source.problem}
        onFix={(fix) => {
          // One click, one undo step: what was typed before is a step of its own, then the fix is one.
          const store = studioStore().getState();
          store.commitFormula();
          store.editFormula(stream, column, applyFix(value, fix));
          store.commitFormula();
        }}
      />
    </div>
  );
}

function FormulaCheck({
  text,
  context,
  problems,
  sourceProblem,
  onFix,
}: {
  text: string;
  context: FormulaContext;
  problems: readonly Diagnostic[];
  sourceProblem: string | null;
  onFix(fix: Fix): void;
}) {
  const errors = problems.filter((problem) => problem.severity === 'error');
  const gives = useMemo(
    () => (errors.length === 0 ? formatType(check(parse(text).ast, context.scope).type) : null),
    [errors.length, text, context],
  );
  return (
    <div className="formula-check" role="status" aria-label="Formula check">
      {problems.length > 0 ? (
        <ul className="formula-problems" aria-label="Problems in this formula">
          {problems.map((problem, index) => (
            <li key={index} className={`formula-problem formula-problem-${problem.severity}`}>
              <span className="formula-problem-where">
                Line {problem.start.line}, column {problem.start.column}:
              </span>{' '}
              {problem.message}
              {problem.fix !== undefined && (
                <>
                  {' '}
                  <button type="button" className="formula-problem-fix" onClick={() => onFix(problem.fix as Fix)}>
                    {problem.fix.title}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="formula-ok">No problems. Result type: {gives ?? 'unknown'}.</p>
      )}
      {sourceProblem !== null && (
        <p className="formula-source-note">
          The source could not be asked for its fields ({sourceProblem}); formulas are checked against the field types
          this stream declares.
        </p>
      )}
    </div>
  );
}
