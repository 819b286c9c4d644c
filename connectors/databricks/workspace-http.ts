/**
 * The workspace's REST side (Jobs, OAuth token endpoint) on the connector kit's HTTP client, so 429/503
 * with `Retry-After` (databricks.md section 6: integer seconds) and network resets are retried by code
 * the same way as every other connector, through the same proxy and trusting the connection's own CA.
 */
import { createHttpClient, type AuthPart, type HttpClient } from '../kit/http/client.ts';
import type { RetryOptions } from '../kit/http/retry.ts';
import { withHeaders, type Interceptor } from '../kit/http/types.ts';

export interface WorkspaceHttpOptions {
  /** `https://host:port`. */
  readonly baseUrl: string;
  readonly caCert?: string;
  readonly retry?: RetryOptions;
}

/** The databricks.md section 6 policy: exponential backoff 2 s -> 30 s, `Retry-After` honoured. */
export const WORKSPACE_RETRY: RetryOptions = { maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 30_000 };

/** A kit client for the workspace; `bearer` adds the Authorization header (omit it for the token endpoint). */
export function workspaceClient(options: WorkspaceHttpOptions, bearer?: Interceptor): HttpClient {
  const auth: AuthPart = {
    kind: bearer === undefined ? 'none' : 'databricks-bearer',
    interceptor: bearer ?? ((next) => next),
  };
  return createHttpClient({
    baseUrl: options.baseUrl,
    auth,
    connections: 4,
    ...(options.caCert === undefined ? {} : { caCert: options.caCert }),
    retry: { ...WORKSPACE_RETRY, ...options.retry },
  });
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
