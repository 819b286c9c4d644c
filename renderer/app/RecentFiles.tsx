/** The recent pipelines, newest first, each one click from opening (start screen and Open dialog). */
import { studioStore, useStudio } from '../state/store.ts';

export function RecentFiles({ heading, emptyText }: { heading: 'h2' | 'h3'; emptyText?: string }) {
  const recent = useStudio((state) => state.recent);
  const Heading = heading;
  if (recent.length === 0 && emptyText === undefined) return null;
  return (
    <section aria-label="Recent files">
      <Heading>Recent</Heading>
      {recent.length === 0 && <p className="muted">{emptyText}</p>}
      <ul className="recent-list">
        {recent.map((path) => (
          <li key={path}>
            <button type="button" className="link" onClick={() => void studioStore().getState().openFile(path)}>
              {path}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
