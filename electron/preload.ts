/** The sandboxed preload (bundled to CommonJS): the studio host API on `window.mlcStudioHost`, nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.ts';
import { EVENT_CHANNEL } from './security.ts';

contextBridge.exposeInMainWorld('mlcStudioHost', createPreloadApi(ipcRenderer, EVENT_CHANNEL));
