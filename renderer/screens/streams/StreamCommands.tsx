/**
 * Beside the top bar's stream picker: add a stream, and rename, duplicate or delete the one picked.
 * Each is one command (one undo step); a refusal is said in words in the dialog that asked.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { hasOwnName } from '../../../engine/model/index.ts';
import {
  deleteStream,
  dependentsOf,
  duplicateName,
  duplicateStream,
  renameStream,
  streamNameProblem,
} from '../../commands/streams.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { AddStreamDialog } from './AddStreamDialog.tsx';
import './streams.css';

type Asking = 'rename' | 'delete' | null;

export function StreamCommands() {
  const s = studioStore().getState;
  const open = useStudio((state) => state.pipeline !== null);
  const stream = useStudio((state) => state.stream);
  const exists = useStudio((state) => state.stream !== null && hasOwnName(state.pipeline?.streams ?? {}, state.stream));
  const firstStream = useStudio((state) => Object.keys(state.pipeline?.streams ?? {})[0] ?? null);
  const [asking, setAsking] = useState<Asking>(null);
  // Opened from here or from the Mapping screen's empty state, through the studio's one dialog slot.
  const adding = useStudio((state) => state.dialog === 'add-stream');

  // Undo and redo can take the picked stream away (an undone add or rename): pick one that is there.
  useEffect(() => {
    if (open && !exists && stream !== firstStream) s().selectStream(firstStream);
  }, [open, exists, stream, firstStream]);

  if (!open) return null;
  const duplicate = () => {
    const pipeline = s().pipeline;
    if (!pipeline || stream === null) return;
    const copy = duplicateName(pipeline, stream);
    s().apply(`Duplicate stream ${stream}`, duplicateStream(stream));
    s().selectStream(copy);
    s().notify({ kind: 'info', text: `Copied stream ${stream} as ${copy}.` });
  };
  return (
    <span className="stream-commands" role="group" aria-label="Stream commands">
      <button type="button" onClick={() => s().openDialog('add-stream')}>
        Add stream…
      </button>
      {exists && (
        <>
          <button type="button" onClick={() => setAsking('rename')}>
            Rename…
          </button>
          <button type="button" onClick={duplicate}>
            Duplicate
          </button>
          <button type="button" onClick={() => setAsking('delete')}>
            Delete…
          </button>
        </>
      )}
      {adding && <AddStreamDialog />}
      {asking === 'rename' && stream !== null && <RenameDialog stream={stream} onClose={() => setAsking(null)} />}
      {asking === 'delete' && stream !== null && <DeleteDialog stream={stream} onClose={() => setAsking(null)} />}
    </span>
  );
}

function StreamModal({ title, onClose, children }: { title: string; onClose: () => void; children: React.ReactNode }) {
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        <h2>{title}</h2>
        {children}
      </div>
    </div>
  );
}

function RenameDialog({ stream, onClose }: { stream: string; onClose: () => void }) {
  const s = studioStore().getState;
  const [name, setName] = useState(stream);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const pipeline = s().pipeline;
    if (!pipeline) return;
    const wanted = name.trim();
    const refusal = streamNameProblem(pipeline, wanted, stream);
    if (refusal) return setProblem(refusal);
    if (wanted !== stream) {
      s().apply(`Rename stream ${stream} to ${wanted}`, renameStream(stream, wanted));
      s().selectStream(wanted);
    }
    onClose();
  };
  const dependents = useStudio(useShallow((state) => (state.pipeline ? dependentsOf(state.pipeline, stream) : [])));
  return (
    <StreamModal title="Rename stream" onClose={onClose}>
      <form onSubmit={submit}>
        <label className="field">
          New name
          <input autoFocus value={name} spellCheck={false} onChange={(event) => setName(event.target.value)} />
        </label>
        {dependents.length > 0 && (
          <p className="muted">
            {dependents.join(', ')} {dependents.length === 1 ? 'waits' : 'wait'} for this stream and will follow the new
            name.
          </p>
        )}
        {problem !== null && (
          <p className="dialog-error" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Rename
          </button>
        </div>
      </form>
    </StreamModal>
  );
}

function DeleteDialog({ stream, onClose }: { stream: string; onClose: () => void }) {
  const s = studioStore().getState;
  const dependents = useStudio(useShallow((state) => (state.pipeline ? dependentsOf(state.pipeline, stream) : [])));
  const confirm = () => {
    s().apply(`Delete stream ${stream}`, deleteStream(stream));
    s().notify({ kind: 'info', text: `Deleted stream ${stream}: Undo brings it back.` });
    onClose();
  };
  return (
    <StreamModal title="Delete stream" onClose={onClose}>
      <p>
        Delete the stream <strong>{stream}</strong>, its columns and formulas? Undo brings it back.
      </p>
      {dependents.length > 0 && (
        <p role="note">
          {dependents.length === 1 ? 'This stream depends' : 'These streams depend'} on it:{' '}
          <strong>{dependents.join(', ')}</strong>. {dependents.length === 1 ? 'It' : 'They'} will no longer wait for
          it.
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={onClose}>
          Keep it
        </button>
        <button type="button" className="danger" onClick={confirm}>
          Delete stream
        </button>
      </div>
    </StreamModal>
  );
}
