/**
 * The faults of a `--faults` spec applied to live requests, apart from any one server: `startSimulator`
 * uses it, and a system simulator with its own node:http server (one that must see the raw socket, as an
 * NTLM one does) calls `inject` before its handler. One seeded draw per request, so a seed replays the
 * same faults in the same order for the same request sequence.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FaultKind, type FaultRule, faultPlan, parseFaultSpec } from './faults.ts';

export type FaultCounts = Record<FaultKind, number>;

/** How the injected 429/500/503/401 bodies look: each system answers in its own error shape. */
export type SendFault = (
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string>,
) => void;

export interface FaultInjectorOptions {
  readonly faults?: string | readonly FaultRule[];
  readonly seed?: number;
  /** Seconds in the Retry-After of an injected 429 / 503. Default 1. */
  readonly retryAfterSeconds?: number;
  readonly send?: SendFault;
}

export interface FaultInjector {
  readonly counts: FaultCounts;
  /**
   * Draws this request's fault and applies it; true when the fault answered (or dropped) the request.
   * `expire` is the system's: it expires the request's credential and says whether the server should
   * answer 401 now (true) or let the handler find the credential gone (false). Without it, no fault.
   */
  inject(raw: IncomingMessage, response: ServerResponse, expire?: () => boolean): Promise<boolean>;
}

export const sendJsonFault: SendFault = (response, status, message, headers) => {
  const codes: Record<number, string> = {
    401: 'invalid_token',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'Unavailable',
  };
  const body = JSON.stringify(
    status === 401
      ? { error: 'invalid_token', error_description: message }
      : { error: { code: codes[status] ?? 'Error', message } },
  );
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  response.end(body);
};

export function emptyFaultCounts(): FaultCounts {
  return { '429': 0, '500': 0, '503': 0, reset: 0, slow: 0, expire: 0 };
}

export function createFaultInjector(options: FaultInjectorOptions): FaultInjector {
  const rules = typeof options.faults === 'string' ? parseFaultSpec(options.faults) : (options.faults ?? []);
  const decide = faultPlan(rules, options.seed ?? 1);
  const retryAfter = { 'retry-after': String(options.retryAfterSeconds ?? 1) };
  const send = options.send ?? sendJsonFault;
  const counts = emptyFaultCounts();
  return {
    counts,
    async inject(raw, response, expire) {
      const fault = decide();
      if (fault.kind === 'none') return false;
      counts[fault.kind] += 1;
      switch (fault.kind) {
        case '429':
          send(response, 429, 'Rate limit exceeded (simulated)', retryAfter);
          return true;
        case '500':
          send(response, 500, 'Internal server error (simulated)', {});
          return true;
        case '503':
          send(response, 503, 'Service unavailable (simulated)', retryAfter);
          return true;
        case 'reset':
          // An RST, not a clean close: what a load balancer or a crashed worker does to a client.
          raw.socket.resetAndDestroy();
          return true;
        case 'slow':
          await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 0));
          return false;
        case 'expire':
          if (expire?.() !== true) return false;
          send(response, 401, 'The access token expired (simulated)', {
            'www-authenticate': 'Bearer error="invalid_token", error_description="The access token expired"',
          });
          return true;
      }
    },
  };
}
