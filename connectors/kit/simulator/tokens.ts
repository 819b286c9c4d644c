/**
 * Bearer tokens for simulators of OAuth2 systems: issued with a lifetime, checked on each request,
 * and expirable on demand (the `expire` fault), so clients meet expiry mid-run as they do in production.
 */
import type { SimRequest } from './server.ts';

export class SimTokenIssuer {
  readonly #tokens = new Map<string, { readonly subject: string; expiresAt: number }>();
  #issued = 0;

  constructor(
    private readonly seed = 1,
    private readonly now: () => number = Date.now,
  ) {}

  issue(
    subject: string,
    lifetimeSeconds: number,
  ): { readonly access_token: string; readonly token_type: 'Bearer'; readonly expires_in: number } {
    this.#issued += 1;
    const token = `sim-${this.seed.toString(36)}-${this.#issued.toString(36)}-${Buffer.from(subject).toString('hex').slice(0, 16)}`;
    this.#tokens.set(token, { subject, expiresAt: this.now() + lifetimeSeconds * 1000 });
    return { access_token: token, token_type: 'Bearer', expires_in: lifetimeSeconds };
  }

  /** The subject of a valid bearer token in the request, or undefined (missing, unknown, expired). */
  subjectOf(request: Pick<SimRequest, 'headers'>): string | undefined {
    const token = bearer(request);
    const entry = token === undefined ? undefined : this.#tokens.get(token);
    return entry !== undefined && entry.expiresAt > this.now() ? entry.subject : undefined;
  }

  /** Expires the request's token now; true if there was one to expire. */
  expire(request: Pick<SimRequest, 'headers'>): boolean {
    const token = bearer(request);
    const entry = token === undefined ? undefined : this.#tokens.get(token);
    if (entry === undefined) return false;
    entry.expiresAt = this.now() - 1;
    return true;
  }
}

function bearer(request: Pick<SimRequest, 'headers'>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}
