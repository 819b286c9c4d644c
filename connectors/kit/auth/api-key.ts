/** An API key sent in a header (e.g. `x-api-key`, or `Authorization` with a scheme) or a query parameter. */
import type { AuthPart } from '../http/client.ts';
import { withHeaders } from '../http/types.ts';
import type { ResolveSecret } from './secrets.ts';

export interface ApiKeyAuthOptions {
  readonly keySecret: string;
  readonly resolveSecret: ResolveSecret;
  readonly in: 'header' | 'query';
  /** Header or query parameter name. */
  readonly name: string;
  /** Put before the key in a header, e.g. "Bearer" or "Token". */
  readonly scheme?: string;
}

export function apiKeyAuth(options: ApiKeyAuthOptions): AuthPart {
  let key: Promise<string> | undefined;
  return {
    kind: 'api-key',
    interceptor: (next) => async (request) => {
      key ??= options.resolveSecret(options.keySecret);
      const value = await key;
      if (options.in === 'query') return next({ ...request, query: { ...request.query, [options.name]: value } });
      return next(
        withHeaders(request, { [options.name]: options.scheme === undefined ? value : `${options.scheme} ${value}` }),
      );
    },
  };
}
