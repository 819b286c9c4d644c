/**
 * The pipeline's problems, each with where it is (JSON path, and line/column inside a formula): the
 * pipeline checks, and the formulas' own errors (as typed, so the bar follows the editor).
 */
import { useMemo, useState } from 'react';
import { formulaProblems } from '../state/formula-checks.ts';
import { pipelineWithDraft } from '../state/preview.ts';
import { useStudio } from '../state/store.ts';

export function ProblemsBar() {
  const checked = useStudio((state) => state.problems);
  const pipeline = useStudio((state) => state.pipeline);
  const draft = useStudio((state) => state.draft);
  const entities = useStudio((state) => state.sourceEntities);
  const problems = useMemo(
    () => [...checked, ...formulaProblems(pipeline && pipelineWithDraft(pipeline, draft), entities)],
    [checked, pipeline, draft, entities],
  );
  const [open, setOpen] = useState(false);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const label =
    problems.length === 0
      ? 'No problems'
      : `${errors} error${errors === 1 ? '' : 's'}, ${problems.length - errors} warning${problems.length - errors === 1 ? '' : 's'}`;
  return (
    <footer className="problems-bar" aria-label="Problems">
      <button type="button" onClick={() => setOpen(!open)} disabled={problems.length === 0} aria-expanded={open}>
        {label}
      </button>
      {open && (
        <ul className="problem-list">
          {problems.map((problem, index) => (
            <li key={index} className={`problem-${problem.severity}`}>
              <code>{problem.path}</code>
              {problem.line !== undefined && ` (line ${problem.line}, column ${problem.column ?? 1})`} {problem.message}
            </li>
          ))}
        </ul>
      )}
    </footer>
  );
}
