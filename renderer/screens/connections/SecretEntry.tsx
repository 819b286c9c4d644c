/**
 * One secret a connection refers to: its reference name (kept in the pipeline file), whether the
 * keychain holds it, a password box to store a new value, and Delete. The value typed goes to the host
 * once and the box is emptied at once, saved or not: it is never shown again, nor kept by the studio.
 */
import { useState, type FormEvent } from 'react';
import { setAuthField } from '../../commands/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { CommitInput } from './CommitInput.tsx';
import { inSentence } from './words.ts';

interface Props {
  readonly connection: string;
  /** The auth field holding the reference: `secret` or `refreshTokenSecret`. */
  readonly field: string;
  readonly reference: string;
  readonly label: string;
}

export function SecretEntry({ connection, field, reference, label }: Props) {
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const stored = useStudio(
    (state) =>
      state.connectionSummaries
        .find((summary) => summary.name === connection)
        ?.secrets.find((secret) => secret.name === reference)?.stored,
  );
  // No keychain on this computer and the analyst chose this session only: a stored secret is not in a keychain.
  const forSession = useStudio((state) => state.secretsForSession);
  const s = studioStore().getState;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const typed = value;
    setValue('');
    if (typed === '') return;
    setBusy(true);
    await s().storeSecret(reference, typed);
    setBusy(false);
  };

  return (
    <fieldset className="conn-secret" aria-label={`${label} (secret "${reference}")`}>
      <legend>{label}</legend>
      <label className="conn-field">
        <span>Secret name</span>
        <CommitInput
          value={reference}
          spellCheck={false}
          onCommit={(next) =>
            s().apply(`Rename the secret of ${connection}`, setAuthField(connection, field, next.trim()))
          }
        />
        <small className="muted">
          The pipeline file keeps this name only; the value stays in this computer's keychain.
        </small>
      </label>
      <p className={`conn-secret-state ${stored ? 'conn-stored' : 'conn-missing'}`} role="status">
        {stored === undefined
          ? 'Checking the keychain…'
          : stored
            ? forSession
              ? 'Stored for this session only (no keychain on this computer)'
              : `Stored in the keychain`
            : `Not stored yet: enter it below`}
      </p>
      <form className="conn-secret-form" onSubmit={(event) => void save(event)}>
        <label className="conn-field">
          <span>{stored ? `New ${inSentence(label)}` : label}</span>
          <input
            type="password"
            autoComplete="new-password"
            aria-label={label}
            value={value}
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy || value === ''}>
          Save {inSentence(label)}
        </button>
        <button type="button" disabled={busy || !stored} onClick={() => void s().forgetSecret(reference)}>
          Delete {inSentence(label)}
        </button>
      </form>
    </fieldset>
  );
}
