/**
 * A text box that edits a pipeline value: the analyst types freely and the edit is committed (one
 * undo step) when they press Enter or leave the box, not at every keystroke. Escape puts the saved
 * value back. When the value changes from outside (Undo, Redo, another screen) the box shows it.
 * Also used by the lookup grid and the column settings.
 *
 * While the box holds text the pipeline does not, it is one of the document's field edits: the
 * pipeline shows as unsaved, and Save, Export, Plan and Run commit the text first, as Enter would.
 */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { studioStore } from '../../state/store.ts';

type Props = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'value' | 'onChange' | 'onBlur' | 'onKeyDown' | 'defaultValue'
> & {
  readonly value: string;
  readonly onCommit: (value: string) => void;
  /** Focus the box when this number is given or changes (a row just added, "fill in" asked again). */
  readonly focusKey?: number | undefined;
};

/**
 * The typed text of a box showing `value`: `draft` to show, `type` for each keystroke, `commit` for
 * Enter and leaving the box, `revert` for Escape. Registers the box as a field edit while it differs.
 */
function useCommittedText(value: string, onCommit: (value: string) => void) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  // A value changed from outside replaces the draft in the same render (no frame showing the old one).
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  const latest = useRef({ draft, value, onCommit });
  latest.current = { draft, value, onCommit };
  const commit = useCallback(() => {
    const { draft: typed, value: current, onCommit: take } = latest.current;
    if (typed === current) return;
    // Taken: a second commit before the box shows the new value (Ctrl+S, then leaving the box) is not a second undo step.
    latest.current = { ...latest.current, value: typed };
    take(typed);
  }, []);
  const revert = useCallback(() => setDraft(latest.current.value), []);

  const id = useId();
  const pending = draft !== value;
  // A layout effect: registered before the next key is handled, so Ctrl+S right after typing finds it.
  useLayoutEffect(() => {
    if (!pending) return;
    studioStore().getState().beginEdit(id, { commit, discard: revert });
    return () => studioStore().getState().endEdit(id);
  }, [pending, id, commit, revert]);

  return { draft, type: setDraft, commit, revert };
}

export function CommitInput({ value, onCommit, focusKey, ...rest }: Props) {
  const { draft, type, commit, revert } = useCommittedText(value, onCommit);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusKey !== undefined) ref.current?.focus();
  }, [focusKey]);
  return (
    <input
      {...rest}
      ref={ref}
      value={draft}
      onChange={(event) => type(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        else if (event.key === 'Escape') revert();
      }}
    />
  );
}

/** The same for longer text (notes): committed when the analyst leaves the box. */
export function CommitTextArea({
  value,
  onCommit,
  ...rest
}: {
  readonly value: string;
  readonly onCommit: (value: string) => void;
  readonly 'aria-label'?: string;
  readonly rows?: number;
}) {
  const { draft, type, commit } = useCommittedText(value, onCommit);
  return <textarea {...rest} value={draft} onChange={(event) => type(event.target.value)} onBlur={commit} />;
}
