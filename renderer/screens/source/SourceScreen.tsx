/**
 * Source fields: what the chosen connection offers (entities, their fields with types and a few sample
 * values), searchable. The connection is the one chosen on the Connections screen, else the selected
 * stream's source. It reads the unsaved pipeline, so a connection just edited is browsed as edited.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ownEntry } from '../../../engine/model/index.ts';
import { connectionFingerprint } from '../../state/connections.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { useEntities } from '../streams/use-entities.ts';
import { EntityFields } from './EntityFields.tsx';
import { visibleFields } from './field-filter.ts';
import './source.css';

export function SourceScreen() {
  const names = useStudio(useShallow((state) => Object.keys(state.pipeline?.connections ?? {})));
  const chosen = useStudio((state) => state.selectedConnection);
  const streamSource = useStudio((state) =>
    state.stream !== null ? (ownEntry(state.pipeline?.streams, state.stream)?.source.connection ?? null) : null,
  );
  const connection =
    chosen !== null && names.includes(chosen)
      ? chosen
      : streamSource !== null && names.includes(streamSource)
        ? streamSource
        : (names[0] ?? null);
  // Read again when the connection's settings change, not on every edit elsewhere in the pipeline.
  const settings = useStudio((state) =>
    connectionFingerprint(
      state.path,
      connection === null ? undefined : ownEntry(state.pipeline?.connections, connection),
    ),
  );
  const [search, setSearch] = useState('');
  const [reads, setReads] = useState(0);
  const load = useEntities(connection ?? '', `${settings}#${reads}`);

  if (connection === null) {
    return (
      <section className="empty-state" aria-label="Source fields">
        <h2>No connection yet</h2>
        <p>Add a connection on the Connections screen; its entities and fields show here.</p>
      </section>
    );
  }

  const shown =
    load.status === 'done'
      ? load.entities
          .map((entity) => ({ entity, rows: visibleFields(entity, search) }))
          .filter((entry) => entry.rows.length > 0)
      : [];
  return (
    <section className="src-screen" aria-label="Source fields">
      <header className="src-bar">
        <label>
          Connection{' '}
          <select
            aria-label="Connection"
            value={connection}
            onChange={(event) => studioStore().getState().selectConnection(event.target.value)}
          >
            {names.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          aria-label="Search fields"
          placeholder="Search by field name, description or sample value"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <button type="button" onClick={() => setReads(reads + 1)} disabled={load.status === 'loading'}>
          Read again
        </button>
      </header>
      {load.status === 'loading' && (
        <p className="src-note" role="status">
          Reading the fields of {connection}…
        </p>
      )}
      {load.status === 'failed' && (
        <div className="src-error" role="alert">
          <strong>Could not read the fields of "{connection}".</strong> {load.message}
          <p className="muted">
            Check its address and secret on the Connections screen, and use Test there to see the system's answer.
          </p>
        </div>
      )}
      {load.status === 'done' && load.entities.length === 0 && (
        <p className="src-note">"{connection}" offers no entities to read.</p>
      )}
      {load.status === 'done' && load.entities.length > 0 && shown.length === 0 && (
        <p className="src-note">No field matches "{search.trim()}".</p>
      )}
      {shown.map(({ entity, rows }) => (
        <EntityFields key={entity.entity} entity={entity} rows={rows} />
      ))}
    </section>
  );
}
