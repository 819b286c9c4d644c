/**
 * What the preload exposes to the page as `window.mlcStudioHost`: two functions, no Electron object.
 * `invoke` returns the host's answer ({ result } or { error }) as data, because errors thrown across
 * the context bridge lose their code; the renderer's IPC transport turns an error answer into an
 * ApiCallError. Channel names are the contract's `<domain>.<method>`.
 */
export interface IpcRendererLike {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, data: unknown) => void): void;
  removeListener(channel: string, listener: (event: unknown, data: unknown) => void): void;
}

export interface PreloadApi {
  invoke(domain: string, method: string, payload: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
}

const NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

export function createPreloadApi(ipc: IpcRendererLike, eventChannel: string): PreloadApi {
  return Object.freeze({
    invoke(domain: string, method: string, payload: unknown) {
      // Only contract-shaped names reach main: a page cannot aim at some other IPC channel.
      if (typeof domain !== 'string' || typeof method !== 'string' || !NAME.test(domain) || !NAME.test(method)) {
        return Promise.resolve({
          error: { code: 'UNKNOWN_CHANNEL', message: 'There is no such channel in the studio API.' },
        });
      }
      return ipc.invoke(`${domain}.${method}`, payload);
    },
    subscribe(listener: (event: unknown) => void) {
      const forward = (_event: unknown, data: unknown) => listener(data);
      ipc.on(eventChannel, forward);
      return () => ipc.removeListener(eventChannel, forward);
    },
  });
}
