/** HTTP Basic (RFC 7617): the password comes from the secret store on first use and is kept for the client's life. */
import type { AuthPart } from '../http/client.ts';
import { withHeaders } from '../http/types.ts';
import type { RememberSecret, ResolveSecret } from './secrets.ts';

export interface BasicAuthOptions {
  readonly user: string;
  /** Name of the stored secret holding the password. */
  readonly passwordSecret: string;
  readonly resolveSecret: ResolveSecret;
  readonly remember?: RememberSecret;
}

export function basicAuth(options: BasicAuthOptions): AuthPart {
  let header: Promise<string> | undefined;
  const authorization = (): Promise<string> => {
    header ??= options.resolveSecret(options.passwordSecret).then((password) => {
      const value = Buffer.from(`${options.user}:${password}`, 'utf8').toString('base64');
      options.remember?.(value);
      return `Basic ${value}`;
    });
    return header;
  };
  return {
    kind: 'basic',
    interceptor: (next) => async (request) => next(withHeaders(request, { authorization: await authorization() })),
  };
}
