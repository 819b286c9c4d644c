/**
 * Errors of the secret stores. Callers branch on `code`, never on the message. Messages name the
 * secret and how to provide it, and never carry a value: native keychain text is scrubbed before it
 * is quoted, and the native error is not kept as `cause` because its text may echo what was sent.
 */
export type SecretErrorCode =
  /** Neither the keychain nor the environment has the secret. */
  | 'SECRET_MISSING'
  /** No OS keychain can be reached here (no D-Bus session, locked or refused storage, no native library). */
  | 'KEYCHAIN_UNAVAILABLE'
  /** The keychain answered but refused this one operation. */
  | 'KEYCHAIN_FAILED'
  /** set/delete on the environment store. */
  | 'SECRET_STORE_READ_ONLY'
  | 'SECRET_NAME_INVALID'
  | 'SECRET_VALUE_INVALID';

export class SecretError extends Error {
  override readonly name = 'SecretError';
  constructor(
    readonly code: SecretErrorCode,
    message: string,
    /** For KEYCHAIN_UNAVAILABLE / KEYCHAIN_FAILED: the short, scrubbed reason quoted in the message. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

export function keychainUnavailableError(reason: string): SecretError {
  return new SecretError(
    'KEYCHAIN_UNAVAILABLE',
    `The OS keychain is not available here (${reason}); headless runs can use ML_CONNECTOR_SECRET_<NAME> environment variables.`,
    reason,
  );
}

export function isSecretError(error: unknown, code?: SecretErrorCode): error is SecretError {
  return error instanceof SecretError && (code === undefined || error.code === code);
}
