/**
 * The NTLMv2 hashes (MS-NLMP 3.3.2), shared by the client's messages and the simulators' verifier.
 * MD4 comes from js-md4's pure JS `create()` path: Node 20's OpenSSL 3 refuses `createHash('md4')`
 * without `--openssl-legacy-provider`, and js-md4's one-call form delegates to exactly that on Node.
 * HMAC-MD5 is in OpenSSL's default provider, so node:crypto serves it.
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/5e550938-91d4-459f-b67d-75d70009e3f3
 */
import { createHmac } from 'node:crypto';
import md4 from 'js-md4';

export function utf16le(text: string): Buffer {
  return Buffer.from(text, 'utf16le');
}

/** NTOWFv1: MD4 of the UTF-16LE password (the "NT hash"). */
export function ntHash(password: string): Buffer {
  return Buffer.from(md4.create().update(utf16le(password)).arrayBuffer());
}

export function hmacMd5(key: Uint8Array, ...parts: readonly Uint8Array[]): Buffer {
  const hmac = createHmac('md5', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

/** NTOWFv2: HMAC-MD5 keyed by the NT hash over UPPER(user) + domain (the domain as sent, not upper-cased). */
export function ntowfv2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), utf16le(user.toUpperCase() + domain));
}

/** Windows FILETIME (100 ns ticks since 1601-01-01) as 8 little-endian bytes. */
export function fileTime(epochMs: number): Buffer {
  const ticks = (BigInt(Math.trunc(epochMs)) + 11_644_473_600_000n) * 10_000n;
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(ticks);
  return bytes;
}
