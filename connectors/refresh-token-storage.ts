/**
 * A connection that signs in with an OAuth refresh token (`oauth2-refresh-token`) gets a new refresh
 * token at each renewal, and the one it used stops working (BambooHR's are single-use, bamboohr.md §2).
 * The new one must be stored before it is used. Where it cannot be (no keychain: the token came from
 * an environment variable, which cannot be written), the connection is refused before its first
 * request: signing in would spend the only token there is and lose its successor.
 */
import { MlcError } from '../engine/model/errors.ts';
import type { ConnectionContext } from './connection-config.ts';

export const REFRESH_TOKEN_UNSTORABLE = 'REFRESH_TOKEN_UNSTORABLE';

export class RefreshTokenStorageError extends MlcError {
  override readonly name = 'RefreshTokenStorageError';
  declare readonly code: typeof REFRESH_TOKEN_UNSTORABLE;

  constructor(message: string) {
    super(REFRESH_TOKEN_UNSTORABLE, message);
  }
}

export async function refuseUnstorableRefreshToken(context: ConnectionContext): Promise<void> {
  const { auth } = context.connection;
  if (auth.method !== 'oauth2-refresh-token') return;
  const why =
    context.storeSecret === undefined
      ? 'nothing here can store it'
      : await context.storeSecret.unavailable?.(auth.refreshTokenSecret);
  if (why === undefined) return;
  throw new RefreshTokenStorageError(
    `connections.${context.name}: its refresh token "${auth.refreshTokenSecret}" is single-use (each sign-in returns the next one, which must be stored first), and ${why}. ` +
      'Make the OS keychain available (a desktop session, or a D-Bus Secret Service on a server) and store the token there with `ml-connector connect PIPELINE.json`, or sign this connection in with an API key for headless runs.',
  );
}
