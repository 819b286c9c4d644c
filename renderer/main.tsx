/** The studio's entry: connect to the host, make the store, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { connectToHost } from './app/host.ts';
import { installStudio } from './state/store.ts';
import './styles.css';

const store = installStudio(connectToHost());
void store.getState().refreshFileLists();
// The systems' roles, so the checks run on each edit refuse a connection used the wrong way round.
void store.getState().loadSystems();

// Closing the tab or window with unsaved changes asks first (Electron's main process asks the same).
window.addEventListener('beforeunload', (event) => {
  if (store.getState().dirty) event.preventDefault();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
