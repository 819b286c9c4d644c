/**
 * The last guard that keeps secrets out of the run store: every free text and every string inside a
 * payload passes through here before it is written. Callers should not put secrets in errors in the
 * first place; this catches the vendor message that echoes a password or token back.
 *
 * The store masks the strings it is given; which strings (a value and its URL-encoded, JSON and base64
 * spellings) is the secret registry's business: the runner passes its `secretValues` as the hook.
 */
import type { Value } from '../model/values/index.ts';
import { SECRET_MASK } from '../secrets/index.ts';

/** Replaces every occurrence of each known secret value with `***`. */
export function scrub(text: string, secrets: readonly string[]): string {
  return maskAll(text, longestFirst(secrets));
}

function maskAll(text: string, sortedSecrets: readonly string[]): string {
  let result = text;
  for (const secret of sortedSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(SECRET_MASK);
  }
  return result;
}

/** Every string inside a value, record keys included; decimals, dates and timestamps carry no text. */
function scrubTree(value: Value, secrets: readonly string[]): Value {
  if (typeof value === 'string') return maskAll(value, secrets);
  if (Array.isArray(value)) return value.map((item: Value) => scrubTree(item, secrets));
  if (isPlainRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [maskAll(key, secrets), scrubTree(item, secrets)]),
    );
  }
  return value;
}

/**
 * Longest first, so a secret that contains a shorter one is masked whole; empty strings are skipped
 * because splitting on '' would mangle every character.
 */
function longestFirst(secrets: readonly string[]): string[] {
  return secrets.filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length);
}

function isPlainRecord(value: Value): value is { readonly [key: string]: Value } {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Applies the secrets known right now; the hook is asked at every write, since secrets can be added mid-session. */
export interface Scrubber {
  text(text: string): string;
  value(value: Value): Value;
}

export function createScrubber(secretValues: (() => readonly string[]) | undefined): Scrubber {
  const current = (): string[] => longestFirst(secretValues?.() ?? []);
  return {
    text: (text) => maskAll(text, current()),
    value: (value) => {
      const secrets = current();
      return secrets.length === 0 ? value : scrubTree(value, secrets);
    },
  };
}
