/**
 * The one place the renderer meets its host. In Electron the preload exposes `window.mlcStudioHost`
 * (IPC); in a browser the page talks to the web host it was served from (HTTP + event stream).
 * Nothing else in the renderer knows which it is.
 */
import { createStudioClient, type StudioClient, type Transport } from '../api/client.ts';
import { httpTransport } from '../api/http-transport.ts';
import { ipcTransport, type PreloadHost } from '../api/ipc-transport.ts';

declare global {
  interface Window {
    readonly mlcStudioHost?: PreloadHost;
  }
}

export function connectToHost(): StudioClient {
  const transport: Transport = window.mlcStudioHost ? ipcTransport(window.mlcStudioHost) : httpTransport();
  return createStudioClient(transport);
}
