/** One entity of a source: its key and change-date field, then its fields (nested ones indented) with types and samples. */
import type { EntityInfo } from '../../api/wire.ts';
import { sampleText, type FieldRow } from './field-filter.ts';

export function EntityFields({ entity, rows }: { readonly entity: EntityInfo; readonly rows: readonly FieldRow[] }) {
  return (
    <section className="src-entity" aria-label={entity.label}>
      <h3>
        {entity.label} <span className="muted">({entity.entity})</span>
      </h3>
      <p className="muted src-entity-facts">
        Identified by {entity.key.join(' + ')}
        {entity.cursorField && <>; changes found by {entity.cursorField}</>}
      </p>
      <table className="grid src-fields">
        <thead>
          <tr>
            <th>Field</th>
            <th>Type</th>
            <th>Description</th>
            <th>Sample values</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ field, depth, path }) => (
            <tr key={path}>
              <td style={{ paddingLeft: 8 + depth * 18 }} className={depth > 0 ? 'src-nested' : undefined}>
                {depth > 0 && <span aria-hidden="true">↳ </span>}
                <code>{field.name}</code>
                {entity.key.includes(field.name) && depth === 0 && <span className="src-tag">key</span>}
              </td>
              <td>
                {field.isList
                  ? `list of ${field.fields ? 'records' : field.type}`
                  : field.fields
                    ? 'record'
                    : field.type}
              </td>
              <td className="src-description">{field.description ?? ''}</td>
              <td className="src-samples">
                {field.samples.length === 0 ? (
                  <span className="muted">{field.fields ? '' : 'no value in the first records'}</span>
                ) : (
                  field.samples.map((sample, index) => (
                    <span key={index} className="src-sample">
                      {sampleText(sample)}
                    </span>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
