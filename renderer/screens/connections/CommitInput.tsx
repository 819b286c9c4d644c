/**
 * A text box that edits a pipeline value: the analyst types freely and the edit is committed (one
 * undo step) when they press Enter or leave the box, not at every keystroke. Escape puts the saved
 * value back. When the value changes from outside (Undo, Redo, another screen) the box shows it.
 * Also used by the lookup grid.
 */
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'onBlur' | 'onKeyDown' | 'defaultValue'> & {
  readonly value: string;
  readonly onCommit: (value: string) => void;
  /** Focus the box when this number is given or changes (a row just added, "fill in" asked again). */
  readonly focusKey?: number | undefined;
};

export function CommitInput({ value, onCommit, focusKey, ...rest }: Props) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  // A value changed from outside replaces the draft in the same render (no frame showing the old one).
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  useEffect(() => {
    if (focusKey !== undefined) ref.current?.focus();
  }, [focusKey]);
  const commit = () => {
    if (draft !== value) onCommit(draft);
  };
  return (
    <input
      {...rest}
      ref={ref}
      value={draft}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        else if (event.key === 'Escape') setDraft(value);
      }}
    />
  );
}

/** The same for longer text (notes): committed when the analyst leaves the box. */
export function CommitTextArea({ value, onCommit, ...rest }: { readonly value: string; readonly onCommit: (value: string) => void; readonly 'aria-label'?: string; readonly rows?: number }) {
  const [draft, setDraft] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }
  return <textarea {...rest} value={draft} onChange={(event) => setDraft(event.target.value)} onBlur={() => draft !== value && onCommit(draft)} />;
}
