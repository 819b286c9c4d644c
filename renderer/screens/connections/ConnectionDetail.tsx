/**
 * One connection: where the system is (address parts, as its description lists them), how to sign in
 * (method, user name and the like, and each secret), notes, and Test. Every edit is a command, so it
 * can be undone and marks the pipeline unsaved; Test runs on the unsaved pipeline.
 */
import { useShallow } from 'zustand/react/shallow';
import { ownEntry } from '../../../engine/model/index.ts';
import type { SystemInfo } from '../../api/wire.ts';
import {
  authFieldsOf,
  authMethods,
  removeConnection,
  setAddressPart,
  setAuthField,
  setAuthMethod,
  setConnectionNotes,
  streamsUsing,
} from '../../commands/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { AddressSecretStatus } from './AddressSecretStatus.tsx';
import { CommitInput, CommitTextArea } from './CommitInput.tsx';
import { PingResultView } from './PingResultView.tsx';
import { SecretEntry } from './SecretEntry.tsx';
import { SignInPanel } from './SignInPanel.tsx';
import { WebhookPanel } from './WebhookPanel.tsx';
import { authFieldLabel, methodLabel, secretLabel, inSentence } from './words.ts';

type AddressPart = SystemInfo['addressParts'][number];

/** A port is a number in the file; anything else the analyst types is kept as text. */
function addressValue(part: AddressPart | undefined, text: string): string | number {
  const trimmed = text.trim();
  return part?.kind === 'port' && /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

export function ConnectionDetail({ name }: { readonly name: string }) {
  const connection = useStudio((state) => ownEntry(state.pipeline?.connections, name));
  const system = useStudio((state) => state.systems.find((candidate) => candidate.system === connection?.system));
  const usedBy = useStudio(useShallow((state) => (state.pipeline ? streamsUsing(state.pipeline, name) : [])));
  const s = studioStore().getState;
  if (!connection) return null;

  const parts: AddressPart[] = [...(system?.addressParts ?? [])];
  for (const extra of Object.keys(connection.address)) {
    if (!parts.some((part) => part.name === extra))
      parts.push({ name: extra, label: extra, kind: 'text', required: false, description: '' });
  }
  const methods = system?.authMethods.map((entry) => entry.method) ?? authMethods();
  const fields = authFieldsOf(connection.auth.method);
  const auth = connection.auth as Record<string, unknown>;
  const browserSignIn =
    system?.authMethods.find((entry) => entry.method === connection.auth.method)?.browserSignIn === true;

  return (
    <section className="conn-detail" aria-label={`Connection ${name}`}>
      <header className="conn-detail-head">
        <div>
          <h2>{name}</h2>
          <p className="muted">{system ? `${system.label}: ${system.description}` : connection.system}</p>
        </div>
        <button
          type="button"
          disabled={usedBy.length > 0}
          title={usedBy.length > 0 ? `Used by ${usedBy.join(', ')}` : undefined}
          onClick={() => {
            s().apply(`Remove connection ${name}`, removeConnection(name));
            s().selectConnection(null);
          }}
        >
          Remove connection
        </button>
      </header>

      <fieldset className="conn-group">
        <legend>Where it is</legend>
        {parts.map((part) => (
          <label key={part.name} className="conn-field">
            <span>
              {part.label}
              {part.required && (
                <span className="conn-required" aria-hidden="true">
                  {' '}
                  *
                </span>
              )}
            </span>
            <CommitInput
              aria-label={part.label}
              value={connection.address[part.name] === undefined ? '' : String(connection.address[part.name])}
              placeholder={part.example}
              spellCheck={false}
              onCommit={(text) =>
                s().apply(`Change ${part.label} of ${name}`, setAddressPart(name, part.name, addressValue(part, text)))
              }
            />
            {part.description && <small className="muted">{part.description}</small>}
            {part.kind === 'secret' && typeof connection.address[part.name] === 'string' && (
              <AddressSecretStatus connection={name} reference={connection.address[part.name] as string} />
            )}
          </label>
        ))}
      </fieldset>

      <fieldset className="conn-group">
        <legend>How to sign in</legend>
        <label className="conn-field">
          <span>Sign-in method</span>
          <select
            value={connection.auth.method}
            onChange={(event) => s().apply(`Change sign-in of ${name}`, setAuthMethod(name, event.target.value))}
          >
            {methods.map((method) => (
              <option key={method} value={method}>
                {methodLabel(method)}
              </option>
            ))}
          </select>
        </label>
        {fields
          .filter((field) => !field.secret)
          .map((field) => (
            <label key={field.name} className="conn-field">
              <span>
                {authFieldLabel(field.name)}
                {field.required && (
                  <span className="conn-required" aria-hidden="true">
                    {' '}
                    *
                  </span>
                )}
              </span>
              <CommitInput
                aria-label={authFieldLabel(field.name)}
                value={typeof auth[field.name] === 'string' ? (auth[field.name] as string) : ''}
                spellCheck={false}
                onCommit={(text) =>
                  s().apply(
                    `Change ${inSentence(authFieldLabel(field.name))} of ${name}`,
                    setAuthField(name, field.name, text.trim()),
                  )
                }
              />
            </label>
          ))}
        {fields
          .filter((field) => field.secret && typeof auth[field.name] === 'string')
          .map((field) => (
            <SecretEntry
              key={field.name}
              connection={name}
              field={field.name}
              reference={auth[field.name] as string}
              label={secretLabel(system, connection.auth.method, field.name)}
            />
          ))}
        {system && browserSignIn && <SignInPanel connection={name} systemLabel={system.label} />}
      </fieldset>

      <fieldset className="conn-group">
        <legend>Test</legend>
        <PingResultView name={name} test={system?.connectionTest} />
      </fieldset>

      {system?.webhooks && (
        <WebhookPanel connection={name} systemLabel={system.label} entities={system.webhooks.entities} />
      )}

      <label className="conn-field conn-notes">
        <span>Notes</span>
        <CommitTextArea
          aria-label="Notes"
          rows={3}
          value={connection.notes ?? ''}
          onCommit={(text) => s().apply(`Change notes of ${name}`, setConnectionNotes(name, text))}
        />
      </label>
      {usedBy.length > 0 && (
        <p className="muted">
          Used by the stream{usedBy.length === 1 ? '' : 's'} {usedBy.join(', ')}.
        </p>
      )}
    </section>
  );
}
