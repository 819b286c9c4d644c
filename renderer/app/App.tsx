/** The studio's frame: the file bar, the screens' tabs, the screen, dialogs and notices. */
import { useStudio } from '../state/store.ts';
import { Dialogs } from './Dialogs.tsx';
import { NavBar } from './NavBar.tsx';
import { NoticeBar } from './NoticeBar.tsx';
import { ProblemsBar } from './ProblemsBar.tsx';
import { ScreenView } from './ScreenView.tsx';
import { useShortcuts } from './shortcuts.ts';
import { StartScreen } from './StartScreen.tsx';
import { TopBar } from './TopBar.tsx';

export function App() {
  const hasPipeline = useStudio((state) => state.pipeline !== null || state.brokenText !== null);
  useShortcuts();
  return (
    <div className="studio">
      <TopBar />
      <NoticeBar />
      {hasPipeline ? (
        <div className="workspace">
          <NavBar />
          <main className="screen">
            <ScreenView />
          </main>
        </div>
      ) : (
        <StartScreen />
      )}
      {hasPipeline && <ProblemsBar />}
      <Dialogs />
    </div>
  );
}
