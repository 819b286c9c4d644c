/**
 * Add a stream: the source connection and one of the entities it offers (its fields, types and sample
 * values shown), key and change-date field as the connector describes the entity, then the destination
 * connection, the table, the write mode and, for a merge, the key columns. One command adds it all
 * (one undo step); the canvas then opens on it with auto-map offered.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { EntityInfo } from '../../api/wire.ts';
import {
  addStream,
  columnForField,
  newStreamDefinition,
  newStreamProblems,
  snakeName,
  uniqueStreamName,
  WRITE_MODES,
  type NewStream,
} from '../../commands/streams.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { EntityFields } from '../source/EntityFields.tsx';
import { visibleFields } from '../source/field-filter.ts';
import '../source/source.css';
import { useEntities } from './use-entities.ts';
import './streams.css';

type WriteMode = NewStream['writeMode'];

/** The pipeline's connections a stream may use in `role`, as the systems' catalog says (all of them until it arrives). */
function useConnectionsFor(role: 'source' | 'destination'): string[] {
  return useStudio(
    useShallow((state) =>
      Object.entries(state.pipeline?.connections ?? {})
        .filter(([, connection]) => {
          const system = state.systems.find((candidate) => candidate.system === connection.system);
          return system === undefined || system.roles.includes(role);
        })
        .map(([name]) => name),
    ),
  );
}

export function AddStreamDialog() {
  const s = studioStore().getState;
  const sources = useConnectionsFor('source');
  const destinations = useConnectionsFor('destination');
  useEffect(() => void s().loadSystems(), []);

  const [sourceConnection, setSourceConnection] = useState(sources[0] ?? '');
  const load = useEntities(sourceConnection);
  const [entityName, setEntityName] = useState('');
  const entities = load.status === 'done' ? load.entities : [];
  const entity = entities.find((candidate) => candidate.entity === entityName);

  const [key, setKey] = useState('');
  const [cursor, setCursor] = useState('');
  // A system may be both (GP): the destination offered first is another connection than the source.
  const [targetConnection, setTargetConnection] = useState(
    () => destinations.find((connection) => connection !== sourceConnection) ?? destinations[0] ?? '',
  );
  const [table, setTable] = useState('');
  const [writeMode, setWriteMode] = useState<WriteMode>('merge');
  const [mergeFields, setMergeFields] = useState<readonly string[]>([]);
  const [name, setName] = useState('');
  const [tried, setTried] = useState(false);

  // Choosing an entity fills in what the connector says of it; the analyst may change each afterwards.
  const chooseEntity = (chosen: EntityInfo | undefined) => {
    setEntityName(chosen?.entity ?? '');
    if (!chosen) return;
    const pipeline = s().pipeline;
    const base = snakeName(chosen.entity);
    setKey(chosen.key.join(', '));
    setCursor(chosen.cursorField ?? '');
    setTable(base);
    setMergeFields(chosen.key);
    setName(pipeline ? uniqueStreamName(pipeline, base) : base);
  };

  const keyFields = key
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const spec: NewStream = {
    name: name.trim(),
    sourceConnection,
    entity: entityName,
    key: keyFields,
    cursor: cursor === '' ? undefined : cursor,
    targetConnection,
    table: table.trim(),
    writeMode,
    mergeFields,
    fieldTypes: Object.fromEntries((entity?.fields ?? []).map((field) => [field.name, field.type])),
  };
  const pipeline = useStudio((state) => state.pipeline);
  const problems = pipeline ? newStreamProblems(pipeline, spec) : [];

  const close = () => s().openDialog(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (problems.length > 0) return;
    s().apply(`Add stream ${spec.name}`, addStream(spec.name, newStreamDefinition(spec)));
    s().selectStream(spec.name);
    s().show('mapping');
    s().offerAutoMap(spec.name);
    close();
  };

  const toggleMergeField = (field: string, on: boolean) =>
    setMergeFields(
      on ? [...mergeFields.filter((other) => other !== field), field] : mergeFields.filter((other) => other !== field),
    );
  const scalarFields = (entity?.fields ?? []).filter((field) => field.fields === undefined && field.isList !== true);

  return (
    <div className="modal-backdrop">
      <div
        className="modal add-stream"
        role="dialog"
        aria-modal="true"
        aria-label="Add a stream"
        onKeyDown={(event) => event.key === 'Escape' && close()}
      >
        <h2>Add a stream</h2>
        <form onSubmit={submit}>
          <fieldset className="add-stream-part">
            <legend>Read from</legend>
            <label className="field">
              Source connection
              <select
                aria-label="Source connection"
                autoFocus
                value={sourceConnection}
                onChange={(event) => {
                  setSourceConnection(event.target.value);
                  chooseEntity(undefined);
                }}
              >
                {sources.length === 0 && <option value="">No source connection yet</option>}
                {sources.map((connection) => (
                  <option key={connection} value={connection}>
                    {connection}
                  </option>
                ))}
              </select>
            </label>
            {sources.length === 0 && (
              <p className="muted">
                A stream reads from a source connection: add one on the Connections screen first (GP, BambooHR, CSV
                files…).
              </p>
            )}
            {load.status === 'loading' && (
              <p className="muted" role="status">
                Asking {sourceConnection} what it offers…
              </p>
            )}
            {load.status === 'failed' && (
              <p className="dialog-error" role="alert">
                Could not read what "{sourceConnection}" offers. {load.message}
              </p>
            )}
            {load.status === 'done' && (
              <label className="field">
                Entity
                <select
                  aria-label="Entity"
                  value={entityName}
                  onChange={(event) =>
                    chooseEntity(entities.find((candidate) => candidate.entity === event.target.value))
                  }
                >
                  <option value="">Choose what to read…</option>
                  {entities.map((candidate) => (
                    <option key={candidate.entity} value={candidate.entity}>
                      {candidate.label} ({candidate.entity})
                    </option>
                  ))}
                </select>
              </label>
            )}
            {entity && (
              <>
                <div className="add-stream-fields">
                  <EntityFields entity={entity} rows={visibleFields(entity, '')} />
                </div>
                <div className="add-stream-row">
                  <label className="field">
                    Key fields
                    <input value={key} spellCheck={false} onChange={(event) => setKey(event.target.value)} />
                  </label>
                  <label className="field">
                    Change-date field
                    <select
                      aria-label="Change-date field"
                      value={cursor}
                      onChange={(event) => setCursor(event.target.value)}
                    >
                      <option value="">None: read everything each run</option>
                      {scalarFields.map((field) => (
                        <option key={field.name} value={field.name}>
                          {field.name}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              </>
            )}
          </fieldset>

          <fieldset className="add-stream-part">
            <legend>Write to</legend>
            <div className="add-stream-row">
              <label className="field">
                Destination connection
                <select
                  aria-label="Destination connection"
                  value={targetConnection}
                  onChange={(event) => setTargetConnection(event.target.value)}
                >
                  {destinations.length === 0 && <option value="">No destination connection yet</option>}
                  {destinations.map((connection) => (
                    <option key={connection} value={connection}>
                      {connection}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                Table
                <input
                  value={table}
                  spellCheck={false}
                  placeholder="e.g. gl_accounts"
                  onChange={(event) => setTable(event.target.value)}
                />
              </label>
            </div>
            <label className="field">
              Write mode
              <select
                aria-label="Write mode"
                value={writeMode}
                onChange={(event) => setWriteMode(event.target.value as WriteMode)}
              >
                {WRITE_MODES.map(({ mode, words }) => (
                  <option key={mode} value={mode}>
                    {words}
                  </option>
                ))}
              </select>
            </label>
            {writeMode === 'merge' && entity && (
              <fieldset className="add-stream-merge" aria-label="Merge key">
                <legend>Merge key: the columns that identify a row</legend>
                {scalarFields.map((field) => (
                  <label key={field.name} className="add-stream-check">
                    <input
                      type="checkbox"
                      checked={mergeFields.includes(field.name)}
                      onChange={(event) => toggleMergeField(field.name, event.target.checked)}
                    />
                    {columnForField(field.name)}
                  </label>
                ))}
              </fieldset>
            )}
          </fieldset>

          <label className="field">
            Stream name
            <input value={name} spellCheck={false} onChange={(event) => setName(event.target.value)} />
          </label>

          {tried && problems.length > 0 && (
            <ul className="dialog-error" aria-label="What is missing">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Add stream
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
