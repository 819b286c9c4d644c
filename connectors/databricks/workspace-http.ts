/**
 * The workspace's REST side (Jobs, OAuth token endpoint) on the connector kit's HTTP client, so 429/503
 * with `Retry-After` (databricks.md section 6: integer seconds) and network resets are retried by code
 * the same way as every other connector. The kit's agent has no CA option; the simulator and
 * TLS-inspecting proxies need one, so this module hands the client its own dispatcher.
 */
import { Agent } from 'undici';
import { createHttpClient, type AuthPart, type HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import type { TimeoutOptions } from '../kit/http/transport.ts';
import { withHeaders, type Interceptor } from '../kit/http/types.ts';

export interface WorkspaceHttpOptions {
  /** `https://host:port`. */
  readonly baseUrl: string;
  readonly caCert?: string;
  readonly retry?: RetryOptions;
}

/** The databricks.md section 6 policy: exponential backoff 2 s -> 30 s, `Retry-After` honoured. */
export const WORKSPACE_RETRY: RetryOptions = { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 30_000 };

/** A dispatcher that trusts `caCert` besides the system CAs, with the kit's usual pool settings. */
export function trustingDispatcher(caCert: string | undefined, timeouts: TimeoutOptions = {}): Agent {
  return new Agent({
    connections: 4,
    keepAliveTimeout: timeouts.keepAliveMs ?? 30_000,
    headersTimeout: timeouts.headersMs ?? 60_000,
    bodyTimeout: timeouts.bodyMs ?? 120_000,
    connect: { timeout: timeouts.connectMs ?? 15_000, ...(caCert === undefined ? {} : { ca: caCert }) },
  });
}

/** A kit client for the workspace; `bearer` adds the Authorization header (omit it for the token endpoint). */
export function workspaceClient(options: WorkspaceHttpOptions, bearer?: Interceptor): HttpClient {
  const auth: AuthPart = {
    kind: bearer === undefined ? 'none' : 'databricks-bearer',
    interceptor: bearer ?? ((next) => next),
    createDispatcher: (_origin, timeouts) => trustingDispatcher(options.caCert, timeouts),
  };
  return createHttpClient({ baseUrl: options.baseUrl, auth, retry: { ...WORKSPACE_RETRY, ...options.retry } });
}

/**
 * Bearer from `token()`; after a 401, `invalidate()` and one more try with a fresh token (an OAuth token
 * revoked or expired early). A second 401 goes up and becomes AUTH_FAILED, never retried.
 */
export function bearerFrom(token: () => Promise<string>, invalidate: () => void): Interceptor {
  return (next) => async (request) => {
    const response = await next(withHeaders(request, { authorization: `Bearer ${await token()}` }));
    if (response.status !== 401) return response;
    invalidate();
    return next(withHeaders(request, { authorization: `Bearer ${await token()}` }));
  };
}
