/**
 * The server side of NTLM for simulators: a CHALLENGE (Type 2) message to send, and a check of the
 * client's AUTHENTICATE (Type 3) that recomputes the NTLMv2 proof from the account's password, as a
 * domain controller does (MS-NLMP 3.3.2). NTLMv1 responses are refused, as current Windows policy does.
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/5e550938-91d4-459f-b67d-75d70009e3f3
 *
 * Extended Protection (channel binding over TLS), as IIS's `extendedProtection tokenChecking` does it:
 * 'off' (IIS "None", its default) ignores the binding; 'allowed' ("Allow") accepts a Type 3 without one
 * but refuses one bound to another certificate; 'required' ("Require") refuses both. An all-zero binding
 * counts as a wrong one: IIS set to Allow or Require refuses it (gssapi/gss-ntlmssp issue 25, observed
 * against IIS), though MS-NLMP 2.2.2.1 calls zeros "absent". On plain HTTP there is no TLS channel to bind,
 * so nothing is checked. https://learn.microsoft.com/en-us/iis/configuration/system.webServer/security/authentication/windowsAuthentication/extendedprotection/
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AV_CHANNEL_BINDINGS, avPairs, channelBindingHash, encodeAvPair } from '../auth/ntlm-channel-binding.ts';
import { fileTime, hmacMd5, ntowfv2 } from '../auth/ntlm-crypto.ts';
import {
  NTLM_SIGNATURE,
  NtlmFlag,
  assertNtlmMessage,
  decodeNtlmMessage,
  readSecurityBuffer,
  writeSecurityBuffer,
} from '../auth/ntlm-messages.ts';

export interface NtlmAccount {
  readonly domain: string;
  readonly user: string;
  readonly password: string;
  /** The 8 bytes this connection's Type 2 message carried. */
  readonly serverChallenge: Buffer;
}

export type ExtendedProtection = 'off' | 'allowed' | 'required';

export interface ChannelBindingPolicy {
  readonly mode: ExtendedProtection;
  /** DER of the certificate this server presented on the connection; undefined on plain HTTP. */
  readonly serverCertificate: Buffer | undefined;
}

export type NtlmVerification =
  | { readonly ok: true; readonly user: string; readonly domain: string; readonly workstation: string }
  | { readonly ok: false; readonly reason: string };

export interface NtlmChallengeOptions {
  /** Default: 8 random bytes. Keep it per connection: the Type 3 on that connection answers it. */
  readonly serverChallenge?: Buffer;
  /** NetBIOS domain name, e.g. "CONTOSO". */
  readonly domain: string;
  /** NetBIOS computer name of the server, e.g. "GPWEB01". */
  readonly computer: string;
  /** Epoch ms for MsvAvTimestamp; omitted: no timestamp pair (the client then sends LMv2). */
  readonly timestampMs?: number;
  /**
   * The flags of the client's NEGOTIATE (Type 1). A Windows server grants the options asked for that it
   * supports (MS-NLMP 3.2.5.1.1): signing, sealing, key exchange, the version field. A client that needs
   * them (a GSS-API NTLM mechanism under SPNEGO asks for signing) refuses a challenge without them.
   */
  readonly requestedFlags?: number;
}

/** Options granted when asked for: sign, seal, key exchange, version. */
const GRANTED_ON_REQUEST = NtlmFlag.sign | NtlmFlag.seal | NtlmFlag.keyExchange | NtlmFlag.version;
/** The VERSION structure (MS-NLMP 2.2.2.10): Windows 10 / Server 2019 build 17763, NTLM revision 15. */
const WINDOWS_VERSION = Buffer.from([10, 0, 0x63, 0x45, 0, 0, 0, 0x0f]);

/** A Type 2 message as an `NTLM <base64>` header value, with the challenge it carries. */
export function createNtlmChallenge(options: NtlmChallengeOptions): {
  readonly header: string;
  readonly serverChallenge: Buffer;
} {
  const serverChallenge = options.serverChallenge ?? randomBytes(8);
  if (serverChallenge.length !== 8) throw new RangeError('an NTLM server challenge is 8 bytes');
  const targetName = Buffer.from(options.domain, 'utf16le');
  const pairs = [
    encodeAvPair(2, Buffer.from(options.domain, 'utf16le')),
    encodeAvPair(1, Buffer.from(options.computer, 'utf16le')),
  ];
  if (options.timestampMs !== undefined) pairs.push(encodeAvPair(7, fileTime(options.timestampMs)));
  pairs.push(Buffer.alloc(4)); // MsvAvEOL
  const targetInfo = Buffer.concat(pairs);
  const granted = (options.requestedFlags ?? 0) & GRANTED_ON_REQUEST;
  const withVersion = (granted & NtlmFlag.version) !== 0;
  const header = withVersion ? 56 : 48;
  const bytes = Buffer.alloc(header + targetName.length + targetInfo.length);
  NTLM_SIGNATURE.copy(bytes, 0);
  bytes.writeUInt32LE(2, 8);
  writeSecurityBuffer(bytes, 12, targetName.length, header);
  const flags =
    NtlmFlag.unicode |
    NtlmFlag.requestTarget |
    NtlmFlag.ntlm |
    NtlmFlag.alwaysSign |
    NtlmFlag.extendedSessionSecurity |
    NtlmFlag.targetInfo |
    NtlmFlag.bits128 |
    NtlmFlag.bits56 |
    0x00010000 |
    granted; // 0x00010000: target type domain
  bytes.writeUInt32LE(flags >>> 0, 20);
  if (withVersion) WINDOWS_VERSION.copy(bytes, 48);
  serverChallenge.copy(bytes, 24);
  writeSecurityBuffer(bytes, 40, targetInfo.length, header + targetName.length);
  targetName.copy(bytes, header);
  targetInfo.copy(bytes, header + targetName.length);
  return { header: `NTLM ${bytes.toString('base64')}`, serverChallenge };
}

/** True when an Authorization value carries an NTLM Type 1 message (the handshake's first leg). */
export function isNtlmType1(authorization: string | undefined): boolean {
  if (authorization === undefined || !/^(NTLM|Negotiate)\s+/i.test(authorization)) return false;
  const bytes = decodeNtlmMessage(authorization);
  return bytes.length >= 12 && bytes.subarray(0, 8).equals(NTLM_SIGNATURE) && bytes.readUInt32LE(8) === 1;
}

/**
 * Checks a Type 3 message (raw, base64 or a whole `NTLM ...` header value) against one account, and its
 * channel binding against `bindings` (default: Extended Protection off).
 */
export function verifyNtlmType3(
  type3: Buffer | string,
  account: NtlmAccount,
  bindings?: ChannelBindingPolicy,
): NtlmVerification {
  let bytes: Buffer;
  let fields: { lm: Buffer; nt: Buffer; domain: string; user: string; workstation: string };
  try {
    bytes = decodeNtlmMessage(type3);
    assertNtlmMessage(bytes, 3);
    if (bytes.length < 64) return { ok: false, reason: 'NTLM Type 3 message is truncated' };
    const unicode = (bytes.readUInt32LE(60) & NtlmFlag.unicode) !== 0;
    const text = (at: number): string => readSecurityBuffer(bytes, at).toString(unicode ? 'utf16le' : 'latin1');
    fields = {
      lm: readSecurityBuffer(bytes, 12),
      nt: readSecurityBuffer(bytes, 20),
      domain: text(28),
      user: text(36),
      workstation: text(44),
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'malformed NTLM Type 3 message' };
  }
  if (fields.nt.length === 24) return { ok: false, reason: 'NTLMv1 response refused; NTLMv2 is required' };
  if (fields.nt.length < 48) return { ok: false, reason: 'NTLMv2 response is too short' };
  if (fields.user.toUpperCase() !== account.user.toUpperCase()) return { ok: false, reason: 'unknown user' };
  if (fields.domain.toUpperCase() !== account.domain.toUpperCase()) return { ok: false, reason: 'unknown domain' };
  // The client hashed with the domain as it sent it, so the proof is recomputed with that spelling.
  const key = ntowfv2(account.password, fields.user, fields.domain);
  const proof = fields.nt.subarray(0, 16);
  const expected = hmacMd5(key, account.serverChallenge, fields.nt.subarray(16));
  if (!timingSafeEqual(proof, expected)) return { ok: false, reason: 'wrong password' };
  const refusal = bindings === undefined ? undefined : channelBindingRefusal(fields.nt, bindings);
  if (refusal !== undefined) return { ok: false, reason: refusal };
  return { ok: true, user: fields.user, domain: fields.domain, workstation: fields.workstation };
}

/** Why the Type 3's channel binding is refused under `policy`, or undefined when it passes. */
export function channelBindingRefusal(ntResponse: Buffer, policy: ChannelBindingPolicy): string | undefined {
  if (policy.mode === 'off' || policy.serverCertificate === undefined) return undefined;
  // NTLMv2_CLIENT_CHALLENGE (MS-NLMP 2.2.2.7) after the 16-byte proof: its AV pairs start at byte 28.
  const sent = avPairs(ntResponse.subarray(16 + 28)).find((pair) => pair.id === AV_CHANNEL_BINDINGS)?.value;
  if (sent === undefined) {
    return policy.mode === 'required'
      ? 'Extended Protection is required and the client sent no channel binding'
      : undefined;
  }
  if (sent.every((byte) => byte === 0)) return 'the client sent an all-zero channel binding over TLS';
  const expected = channelBindingHash(policy.serverCertificate);
  if (sent.length !== expected.length || !timingSafeEqual(sent, expected))
    return "the channel binding is for another certificate than this server's (a TLS-terminating proxy in between?)";
  return undefined;
}
