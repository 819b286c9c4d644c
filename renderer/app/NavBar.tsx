/** The screens, in the order an analyst works: connect, look at the source, map, check, run. */
import { studioStore, useStudio } from '../state/store.ts';
import type { ScreenId } from '../state/ui.ts';

const LABELS: readonly (readonly [ScreenId, string])[] = [
  ['connections', 'Connections'],
  ['source', 'Source fields'],
  ['mapping', 'Mapping'],
  ['settings', 'Stream settings'],
  ['lookups', 'Lookup tables'],
  ['plan', 'Write plan'],
  ['runs', 'Runs'],
];

export function NavBar() {
  const screen = useStudio((state) => state.screen);
  return (
    <nav className="nav-bar" role="tablist" aria-label="Screens">
      {LABELS.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={screen === id}
          onClick={() => studioStore().getState().show(id)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}
