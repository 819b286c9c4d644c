/** The selected screen, or the file's text and problems when it could not be read as a pipeline. */
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.tsx';
import { LookupsScreen } from '../screens/lookups/LookupsScreen.tsx';
import { MappingScreen } from '../screens/mapping/MappingScreen.tsx';
import { PlanScreen } from '../screens/plan/PlanScreen.tsx';
import { RunsScreen } from '../screens/runs/RunsScreen.tsx';
import { StreamSettingsScreen } from '../screens/settings/StreamSettingsScreen.tsx';
import { SourceScreen } from '../screens/source/SourceScreen.tsx';
import { useStudio } from '../state/store.ts';

export function ScreenView() {
  const documentNumber = useStudio((state) => state.documentNumber);
  // Keyed by the document: what a screen keeps for itself does not outlive the pipeline it was about.
  return <DocumentScreen key={documentNumber} />;
}

function DocumentScreen() {
  const screen = useStudio((state) => state.screen);
  const brokenText = useStudio((state) => state.brokenText);
  if (brokenText !== null) return <BrokenFile text={brokenText} />;
  switch (screen) {
    case 'connections':
      return <ConnectionsScreen />;
    case 'source':
      return <SourceScreen />;
    case 'mapping':
      return <MappingScreen />;
    case 'settings':
      return <StreamSettingsScreen />;
    case 'lookups':
      return <LookupsScreen />;
    case 'plan':
      return <PlanScreen />;
    case 'runs':
      return <RunsScreen />;
  }
}

function BrokenFile({ text }: { text: string }) {
  return (
    <section className="broken-file" aria-label="File that could not be read">
      <h2>This file could not be read as a pipeline</h2>
      <p>Fix the problems listed below in a text editor, then open it again. Nothing in it has been changed.</p>
      <pre className="file-text">{text}</pre>
    </section>
  );
}
