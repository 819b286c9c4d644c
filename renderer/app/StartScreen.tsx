/** No pipeline open yet: start a new one, open one, or begin from an example. */
import { studioStore, useStudio } from '../state/store.ts';

export function StartScreen() {
  const examples = useStudio((state) => state.examples);
  const recent = useStudio((state) => state.recent);
  const s = studioStore().getState;
  return (
    <main className="start-screen">
      <h1>Connect a system to your warehouse</h1>
      <p>Open a pipeline file, start from an example, or begin a new one.</p>
      <div className="start-actions">
        <button type="button" className="primary" onClick={() => s().newFile()}>New pipeline</button>
        <button type="button" onClick={() => s().openDialog('open')}>Open a pipeline…</button>
      </div>
      <div className="start-lists">
        <section aria-label="Examples">
          <h2>Examples</h2>
          {examples.length === 0 ? <p className="muted">No examples found.</p> : null}
          <ul>
            {examples.map((example) => (
              <li key={example.path}>
                <button type="button" className="link" onClick={() => void s().openFile(example.path)}>{example.name}</button>
                {example.notes && <p className="muted">{example.notes}</p>}
              </li>
            ))}
          </ul>
        </section>
        <section aria-label="Recent files">
          <h2>Recent</h2>
          {recent.length === 0 ? <p className="muted">Pipelines you open or save appear here.</p> : null}
          <ul>
            {recent.map((path) => (
              <li key={path}>
                <button type="button" className="link" onClick={() => void s().openFile(path)}>{path}</button>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </main>
  );
}
