/**
 * Open, save as, export, "discard unsaved changes?", "save with formula errors?" and "no keychain here". Paths are typed (or picked from recent
 * files): in a browser the page cannot see the disk, and the host resolves paths where it runs.
 */
import { useState, type FormEvent } from 'react';
import type { FormulaProblem } from '../state/formula-checks.ts';
import { studioStore, useStudio } from '../state/store.ts';
import { RecentFiles } from './RecentFiles.tsx';

export function Dialogs() {
  const dialog = useStudio((state) => state.dialog);
  const formulaSave = useStudio((state) => state.pendingFormulaSave);
  const noKeychain = useStudio((state) => state.noKeychain);
  if (noKeychain !== null) return <NoKeychainDialog name={noKeychain.name} message={noKeychain.message} />;
  if (formulaSave !== null) return <FormulaErrorsDialog path={formulaSave.path} errors={formulaSave.errors} />;
  switch (dialog) {
    case 'open':
      return <OpenDialog />;
    case 'save-as':
      return <PathDialog title="Save as" action="Save" onSubmit={(path) => studioStore().getState().saveAs(path)} />;
    case 'export':
      return <ExportDialog />;
    case 'discard':
      return <DiscardDialog />;
    default:
      return null;
  }
}

function Modal({ title, children }: { title: string; children: React.ReactNode }) {
  // The notice bar sits behind the dialog's backdrop: repeat an error here, where the analyst is looking.
  const notice = useStudio((state) => state.notice);
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        {notice?.kind === 'error' && <p className="dialog-error">{notice.text}</p>}
        {children}
      </div>
    </div>
  );
}

function PathDialog({
  title,
  action,
  onSubmit,
  initial,
}: {
  title: string;
  action: string;
  onSubmit: (path: string) => Promise<boolean>;
  initial?: string;
}) {
  const current = useStudio((state) => state.path);
  const [path, setPath] = useState(initial ?? current ?? 'pipeline.json');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim() !== '') void onSubmit(path.trim());
  };
  return (
    <Modal title={title}>
      <form onSubmit={submit}>
        <label className="field">
          File path
          <input autoFocus value={path} onChange={(event) => setPath(event.target.value)} spellCheck={false} />
        </label>
        <div className="dialog-actions">
          <button type="button" onClick={() => studioStore().getState().openDialog(null)}>
            Cancel
          </button>
          <button type="submit" className="primary">
            {action}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function OpenDialog() {
  const s = studioStore().getState;
  return (
    <Modal title="Open a pipeline">
      <PathForm action="Open" onSubmit={(path) => void s().openFile(path)} />
      <RecentFiles heading="h3" />
    </Modal>
  );
}

function PathForm({ action, onSubmit }: { action: string; onSubmit: (path: string) => void }) {
  const [path, setPath] = useState('');
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (path.trim() !== '') onSubmit(path.trim());
      }}
    >
      <label className="field">
        File path
        <input
          autoFocus
          value={path}
          placeholder="e.g. pipelines/gl-to-warehouse.json"
          onChange={(event) => setPath(event.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="dialog-actions">
        <button type="button" onClick={() => studioStore().getState().openDialog(null)}>
          Cancel
        </button>
        <button type="submit" className="primary">
          {action}
        </button>
      </div>
    </form>
  );
}

function ExportDialog() {
  const result = useStudio((state) => state.lastExport);
  const path = useStudio((state) => state.path);
  const [done, setDone] = useState(false);
  const suggested = (path ?? 'pipeline.json').replace(/\.json$/, '') + '.headless.json';
  if (done && result) {
    return (
      <Modal title="Exported for headless runs">
        <p>Give IT this file and the command to schedule:</p>
        <pre className="command">{result.command}</pre>
        {result.schedule !== undefined && (
          <section aria-label="Suggested schedule">
            <p>
              Suggested schedule: <strong>{result.schedule.words}</strong> (<code>{result.schedule.cron}</code>). Next
              runs:
            </p>
            <ul>
              {result.schedule.next.map((run) => (
                <li key={run.at}>{run.local}</li>
              ))}
            </ul>
          </section>
        )}
        <p>
          It carries on from where the studio's runs stopped: their state is in <code>{result.stateDir}</code> (the
          warehouse also records where each stream stopped).
        </p>
        {result.secrets.length > 0 && (
          <>
            <p>On a server without a keychain, set these environment variables to the secrets:</p>
            <ul>
              {result.secrets.map((secret) => (
                <li key={secret.name}>
                  <code>{secret.environmentVariable}</code> for {secret.name}
                </li>
              ))}
            </ul>
          </>
        )}
        <div className="dialog-actions">
          <button type="button" className="primary" onClick={() => studioStore().getState().openDialog(null)}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <PathDialog
      title="Export for headless use"
      action="Export"
      initial={suggested}
      onSubmit={async (to) => {
        const ok = await studioStore().getState().exportTo(to);
        setDone(ok);
        return ok;
      }}
    />
  );
}

function DiscardDialog() {
  const s = studioStore().getState;
  return (
    <Modal title="Unsaved changes">
      <p>This pipeline has changes that are not saved. Discard them?</p>
      <div className="dialog-actions">
        <button type="button" onClick={() => s().confirmDiscard(false)}>
          Keep editing
        </button>
        <button type="button" className="danger" onClick={() => s().confirmDiscard(true)}>
          Discard changes
        </button>
      </div>
    </Modal>
  );
}

/** Save found formulas that cannot run: it names them, and writes the file only if the analyst says so. */
function FormulaErrorsDialog({ path, errors }: { path: string; errors: readonly FormulaProblem[] }) {
  const confirm = (confirmed: boolean) => studioStore().getState().confirmFormulaSave(confirmed);
  const columns = [...new Set(errors.map((error) => error.mappedColumn))];
  return (
    <Modal title="Save with formula errors?">
      <p>
        {columns.length === 1 ? 'The formula of ' : 'The formulas of '}
        {columns.join(', ')} {columns.length === 1 ? 'has' : 'have'} errors: a run would stop at{' '}
        {columns.length === 1 ? 'it' : 'them'}.
      </p>
      <ul className="problem-list">
        {errors.map((error, index) => (
          <li key={index}>
            <strong>
              {error.stream} · {error.mappedColumn}
            </strong>{' '}
            (line {error.line}, column {error.column}): {error.message}
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" onClick={() => confirm(false)}>
          Keep editing
        </button>
        <button type="button" onClick={() => confirm(true)}>
          Save {path} anyway
        </button>
      </div>
    </Modal>
  );
}

/** The host has no OS keychain: it says so, and the analyst picks this session only or the environment variable. */
function NoKeychainDialog({ name, message }: { name: string; message: string }) {
  const answer = (keep: boolean) => void studioStore().getState().answerNoKeychain(keep);
  return (
    <Modal title="No keychain on this computer">
      <p>{message}</p>
      <div className="dialog-actions">
        <button type="button" onClick={() => answer(false)}>
          I will set the environment variable
        </button>
        <button type="button" onClick={() => answer(true)}>
          Keep "{name}" for this session only
        </button>
      </div>
    </Modal>
  );
}
