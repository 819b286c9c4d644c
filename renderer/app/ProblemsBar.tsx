/** The pipeline's problems, each with where it is (JSON path, and line/column inside a formula). */
import { useState } from 'react';
import { useStudio } from '../state/store.ts';

export function ProblemsBar() {
  const problems = useStudio((state) => state.problems);
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
              <code>{problem.path}</code> {problem.message}
            </li>
          ))}
        </ul>
      )}
    </footer>
  );
}
