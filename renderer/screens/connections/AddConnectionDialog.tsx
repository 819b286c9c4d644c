/**
 * Add a connection: a name, the system (from the host's list), how to sign in, and what the system
 * needs to be found. What is asked here is what the pipeline needs to be valid; the rest (optional
 * parts, the secret's value) is filled in on the connection's page afterwards.
 */
import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { identifier, type Connection } from '../../../engine/model/index.ts';
import { addConnection, authFieldsOf, authFor } from '../../commands/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { authFieldLabel, methodLabel } from './words.ts';

export function AddConnectionDialog({ onClose }: { readonly onClose: () => void }) {
  const systems = useStudio((state) => state.systems);
  const taken = useStudio(useShallow((state) => Object.keys(state.pipeline?.connections ?? {})));
  const [name, setName] = useState('');
  const [systemId, setSystemId] = useState('');
  const [method, setMethod] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const system = systems.find((candidate) => candidate.system === systemId);
  const chosenMethod = system?.authMethods.some((entry) => entry.method === method)
    ? method
    : (system?.authMethods[0]?.method ?? 'none');
  const authInputs = authFieldsOf(chosenMethod).filter((field) => field.required && !field.secret);
  const addressInputs = system?.addressParts.filter((part) => part.required) ?? [];

  const problems: string[] = [];
  if (!identifier.safeParse(name).success)
    problems.push('Name: use letters, digits and underscores, starting with a letter or underscore (e.g. gp_ledger).');
  else if (taken.includes(name)) problems.push(`Name: there is already a connection named "${name}".`);
  if (!system) problems.push('System: choose one.');
  for (const field of authInputs)
    if ((values[`auth.${field.name}`] ?? '').trim() === '') problems.push(`${authFieldLabel(field.name)}: fill it in.`);
  for (const part of addressInputs)
    if ((values[`address.${part.name}`] ?? '').trim() === '') problems.push(`${part.label}: fill it in.`);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0 || !system) return;
    const address = Object.fromEntries(
      addressInputs.map((part) => [part.name, (values[`address.${part.name}`] ?? '').trim()]),
    );
    const auth = {
      ...authFor(name, chosenMethod),
      ...Object.fromEntries(authInputs.map((field) => [field.name, (values[`auth.${field.name}`] ?? '').trim()])),
    } as Connection['auth'];
    const s = studioStore().getState;
    s().apply(
      `Add connection ${name}`,
      addConnection(name, { system: system.system as Connection['system'], address, auth }),
    );
    s().selectConnection(name);
    onClose();
  };

  const input = (key: string, label: string, placeholder?: string) => (
    <label key={key} className="field">
      {label}
      <input
        value={values[key] ?? ''}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(event) => setValues({ ...values, [key]: event.target.value })}
      />
    </label>
  );

  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-modal="true" aria-label="Add a connection">
        <h2>Add a connection</h2>
        <form onSubmit={submit}>
          <label className="field">
            Name
            <input
              autoFocus
              value={name}
              placeholder="e.g. gp_ledger"
              spellCheck={false}
              onChange={(event) => setName(event.target.value)}
            />
          </label>
          <label className="field">
            System
            <select value={systemId} onChange={(event) => setSystemId(event.target.value)}>
              <option value="">Choose a system…</option>
              {systems.map((candidate) => (
                <option key={candidate.system} value={candidate.system}>
                  {candidate.label}
                </option>
              ))}
            </select>
          </label>
          {system && <p className="muted">{system.description}</p>}
          {system && system.authMethods.length > 1 && (
            <label className="field">
              Sign-in method
              <select value={chosenMethod} onChange={(event) => setMethod(event.target.value)}>
                {system.authMethods.map((entry) => (
                  <option key={entry.method} value={entry.method}>
                    {methodLabel(entry.method)}
                  </option>
                ))}
              </select>
            </label>
          )}
          {addressInputs.map((part) => input(`address.${part.name}`, part.label, part.example))}
          {authInputs.map((field) => input(`auth.${field.name}`, authFieldLabel(field.name)))}
          {tried && problems.length > 0 && (
            <ul className="dialog-error" role="alert">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Add connection
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
