/**
 * Turns what the native keyring library throws into one of two plain errors: "no keychain here"
 * (fall back to the environment) or "the keychain refused this". The native text is quoted only
 * after scrubbing, shortened to its first line.
 */
import { SecretError, keychainUnavailableError } from './errors.ts';
import type { SecretRegistry } from './registry.ts';

/**
 * What keyring-rs and its D-Bus layer say when there is no keychain to talk to: no session bus
 * (zbus), no Secret Service on it, a locked or refused store ("Couldn't access platform storage",
 * also the kernel-keyring fallback's AccessDenied), or a platform failure.
 */
const UNAVAILABLE =
  /couldn't access platform storage|platform secure storage failure|zbus|d-?bus|org\.freedesktop\.secrets/i;
const NO_BUS = /zbus|d-?bus/i;
const MAX_REASON = 160;

export function nativeMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

export function isUnavailableMessage(message: string): boolean {
  return UNAVAILABLE.test(message);
}

export function shortReason(message: string, registry: SecretRegistry): string {
  if (NO_BUS.test(message) && /connect/i.test(message)) return 'no D-Bus session bus to reach the Secret Service';
  const firstLine = registry.scrub(message).split(/\r?\n/, 1)[0]?.trim() ?? '';
  if (firstLine === '') return 'no reason given';
  return firstLine.length > MAX_REASON ? `${firstLine.slice(0, MAX_REASON - 3)}...` : firstLine;
}

/**
 * `task` says what was tried, e.g. 'store the secret "gp_password"'. The caller has already remembered
 * any value it sent, so the registry masks it if the native text echoes it.
 */
export function keychainFailure(error: unknown, task: string, registry: SecretRegistry): SecretError {
  const message = nativeMessage(error);
  const reason = shortReason(message, registry);
  if (isUnavailableMessage(message)) return keychainUnavailableError(reason);
  return new SecretError('KEYCHAIN_FAILED', `The OS keychain could not ${task}: ${reason}.`, reason);
}
