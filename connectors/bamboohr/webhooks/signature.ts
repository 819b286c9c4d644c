/**
 * BambooHR webhook signatures (bamboohr.md §8, confirmed by several independent clients and BambooHR's
 * PHP sample as they cite it): lowercase hex HMAC-SHA256, key = the webhook's privateKey, message = the
 * raw body bytes immediately followed by the `X-BambooHR-Timestamp` string, with no separator (not
 * `timestamp.body`). Verified over the bytes as received: re-serialised JSON would not match.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureVerdict =
  | { readonly ok: true; readonly timestampSeconds: number }
  | { readonly ok: false; readonly reason: 'missing-signature' | 'bad-timestamp' | 'bad-signature' | 'stale' };

export interface VerifyInput {
  readonly rawBody: Buffer;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
  readonly privateKey: string;
  /** Epoch ms; injected so tests move time instead of waiting. */
  readonly nowMs: number;
  /** How far the timestamp may be from now, either way. */
  readonly toleranceSeconds: number;
}

export function computeSignature(rawBody: Buffer, timestamp: string, privateKey: string): string {
  return createHmac('sha256', privateKey).update(rawBody).update(Buffer.from(timestamp, 'utf8')).digest('hex');
}

export function verifySignature(input: VerifyInput): SignatureVerdict {
  if (input.signature === undefined || input.signature === '' || input.timestamp === undefined)
    return { ok: false, reason: 'missing-signature' };
  // §8: Unix seconds, e.g. 1658248023.
  if (!/^\d{1,12}$/.test(input.timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const expected = Buffer.from(computeSignature(input.rawBody, input.timestamp, input.privateKey), 'hex');
  const given = /^[0-9a-fA-F]{64}$/.test(input.signature) ? Buffer.from(input.signature, 'hex') : Buffer.alloc(0);
  // Compared in constant time, and before the clock: a forged request learns nothing from timing.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature' };
  const timestampSeconds = Number(input.timestamp);
  if (Math.abs(input.nowMs / 1000 - timestampSeconds) > input.toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestampSeconds };
}
