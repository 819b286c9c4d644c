/**
 * Runs: start or cancel a run and watch it, review the rows it held and replay them once fixed, and
 * read the audit history with its control totals. The history is read again whenever this screen
 * is shown for another file, and after every run and replay.
 */
import { useEffect } from 'react';
import { studioStore, useStudio } from '../../state/store.ts';
import { HeldRows } from './HeldRows.tsx';
import { RunControls } from './RunControls.tsx';
import { RunHistory } from './RunHistory.tsx';
import { RunProgressPanel } from './RunProgressPanel.tsx';
import './runs.css';

export function RunsScreen() {
  const path = useStudio((state) => state.path);
  const historyFor = useStudio((state) => state.runHistory.forPath);

  useEffect(() => {
    if (path !== null && historyFor !== path) void studioStore().getState().refreshRunHistory();
  }, [path, historyFor]);

  return (
    <section className="runs-screen" aria-label="Runs">
      <RunControls />
      <RunProgressPanel />
      <HeldRows />
      <RunHistory />
    </section>
  );
}
