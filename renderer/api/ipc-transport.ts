/**
 * The transport inside the desktop app: the preload's `window.mlcStudioHost` answers data
 * ({ result } or { error }), turned here into a result or an ApiCallError like the HTTP transport.
 */
import { ApiCallError, type Transport } from './client.ts';
import type { ApiError, StudioEvent } from './wire.ts';

export interface PreloadHost {
  invoke(domain: string, method: string, payload: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
}

export function ipcTransport(host: PreloadHost): Transport {
  return {
    async invoke(domain, method, payload) {
      const answer = (await host.invoke(domain, method, payload ?? {})) as
        { result?: unknown; error?: ApiError } | undefined;
      if (answer === undefined || answer === null || answer.error) {
        throw new ApiCallError(answer?.error ?? { code: 'NO_ANSWER', message: 'The studio host did not answer.' });
      }
      return answer.result;
    },
    subscribe(listener) {
      return host.subscribe((event) => listener(event as StudioEvent));
    },
  };
}
