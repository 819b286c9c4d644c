/** No pipeline open yet: start a new one, open one, or begin from an example. */
import { studioStore, useStudio } from '../state/store.ts';
import { RecentFiles } from './RecentFiles.tsx';

export function StartScreen() {
  const examples = useStudio((state) => state.examples);
  const s = studioStore().getState;
  return (
    <main className="start-screen">
      <h1>Connect a system to your warehouse</h1>
      <p>Open a pipeline file, start from an example, or begin a new one.</p>
      <div className="start-actions">
        <button type="button" className="primary" onClick={() => s().newFile()}>
          New pipeline
        </button>
        <button type="button" onClick={() => s().openDialog('open')}>
          Open a pipeline…
        </button>
      </div>
      <div className="start-lists">
        <section aria-label="Examples">
          <h2>Examples</h2>
          {examples.length === 0 ? <p className="muted">No examples found.</p> : null}
          <ul>
            {examples.map((example) => (
              <li key={example.path}>
                <button type="button" className="link" onClick={() => void s().openFile(example.path)}>
                  {example.name}
                </button>
                {example.notes && <p className="muted">{example.notes}</p>}
              </li>
            ))}
          </ul>
        </section>
        <RecentFiles heading="h2" emptyText="Pipelines you open or save appear here." />
      </div>
    </main>
  );
}
