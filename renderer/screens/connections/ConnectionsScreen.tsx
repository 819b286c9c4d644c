/**
 * Connections: the pipeline's systems on the left (with whether their secrets are stored and how the
 * last test went), the selected one's settings on the right, and "Add connection". The connections come
 * from the open pipeline; the host is asked only what it alone knows (systems, the keychain, tests).
 */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ownEntry } from '../../../engine/model/index.ts';
import { connectionFingerprint } from '../../state/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { AddConnectionDialog } from './AddConnectionDialog.tsx';
import { ConnectionDetail } from './ConnectionDetail.tsx';
import { systemLabel } from './words.ts';
import './connections.css';

export function ConnectionsScreen() {
  const names = useStudio(useShallow((state) => Object.keys(state.pipeline?.connections ?? {})));
  const selected = useStudio((state) => state.selectedConnection);
  // The secret names in use, as one string: when one is added or renamed, ask the keychain again.
  const secretRefs = useStudio((state) =>
    JSON.stringify(Object.values(state.pipeline?.connections ?? {}).map((connection) => connection.auth)),
  );
  const listError = useStudio((state) => state.connectionsError);
  const [adding, setAdding] = useState(false);
  const s = studioStore().getState;

  useEffect(() => void s().loadSystems(), [s]);
  useEffect(() => void s().refreshConnections(), [s, secretRefs]);

  const current = selected !== null && names.includes(selected) ? selected : (names[0] ?? null);
  return (
    <section className="conn-screen" aria-label="Connections">
      <aside className="conn-list">
        <h2>Connections</h2>
        <ul aria-label="Connections of this pipeline">
          {names.map((name) => (
            <li key={name}>
              <ConnectionListItem name={name} selected={name === current} />
            </li>
          ))}
        </ul>
        {names.length === 0 && (
          <p className="muted">No connections yet. Add the system to read from, then the one to write to.</p>
        )}
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add connection
        </button>
        {listError && (
          <p className="conn-list-error" role="alert">
            Whether the secrets are stored could not be checked: {listError}
          </p>
        )}
      </aside>
      <div className="conn-main">{current !== null && <ConnectionDetail key={current} name={current} />}</div>
      {adding && <AddConnectionDialog onClose={() => setAdding(false)} />}
    </section>
  );
}

function ConnectionListItem({ name, selected }: { readonly name: string; readonly selected: boolean }) {
  const system = useStudio((state) =>
    systemLabel(state.systems, ownEntry(state.pipeline?.connections, name)?.system ?? ''),
  );
  const missing = useStudio(
    (state) =>
      state.connectionSummaries.find((summary) => summary.name === name)?.secrets.filter((secret) => !secret.stored)
        .length ?? 0,
  );
  const ping = useStudio((state) => {
    const last = state.pings[name];
    if (
      !last ||
      last.status === 'testing' ||
      last.tested !== connectionFingerprint(state.path, ownEntry(state.pipeline?.connections, name))
    )
      return null;
    return last.status === 'done' && last.result.ok ? 'ok' : 'failed';
  });
  return (
    <button
      type="button"
      className={`conn-item${selected ? ' conn-item-selected' : ''}`}
      aria-current={selected ? 'true' : undefined}
      onClick={() => studioStore().getState().selectConnection(name)}
    >
      <span className="conn-item-name">{name}</span>
      <span className="muted">{system}</span>
      {missing > 0 && <span className="conn-badge conn-missing">secret not stored</span>}
      {ping === 'ok' && <span className="conn-badge conn-ok">test passed</span>}
      {ping === 'failed' && <span className="conn-badge conn-fail">test failed</span>}
    </button>
  );
}
