/**
 * The transport for the studio served by the web host: `POST /api/<domain>/<method>` with a JSON
 * body, and the run events from `GET /api/events` (Server-Sent Events). Same-origin only: the page
 * was loaded from the host, which set its per-launch token as a cookie, so no token handling here.
 */
import { ApiCallError, type Transport } from './client.ts';
import type { ApiError, StudioEvent } from './wire.ts';

export function httpTransport(base = ''): Transport {
  return {
    async invoke(domain, method, payload) {
      const response = await fetch(`${base}/api/${encodeURIComponent(domain)}/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(payload ?? {}),
      });
      const body = (await response.json().catch(() => undefined)) as { result?: unknown; error?: ApiError } | undefined;
      if (!response.ok || body === undefined || body.error) {
        throw new ApiCallError(
          body?.error ?? { code: `HTTP_${response.status}`, message: `The studio host answered ${response.status}.` },
        );
      }
      return body.result;
    },
    subscribe(listener) {
      const source = new EventSource(`${base}/api/events`, { withCredentials: true });
      source.onmessage = (message) => listener(JSON.parse(String(message.data)) as StudioEvent);
      return () => source.close();
    },
  };
}
