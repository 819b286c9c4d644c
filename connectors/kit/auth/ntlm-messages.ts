/**
 * NTLM messages for the client side of the handshake: NEGOTIATE (Type 1), CHALLENGE (Type 2) parsing and
 * AUTHENTICATE (Type 3) with an NTLMv2 response only. NTLMv1 (DES over the NT hash) is never sent: it is
 * crackable and refused by current Windows policy, so a server that offers no target info (needed for
 * NTLMv2) gets a clear error instead. Runs on Node 20 without flags (see ntlm-crypto.ts).
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/b38c36ed-2804-4868-a9ff-8dd3182128e4
 */
import { randomBytes } from 'node:crypto';
import { KitError } from '../errors.ts';
import { avPairs, withChannelBindings } from './ntlm-channel-binding.ts';
import { fileTime, hmacMd5, ntowfv2 } from './ntlm-crypto.ts';

export const NTLM_SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1');

export const NtlmFlag = {
  unicode: 0x00000001,
  oem: 0x00000002,
  requestTarget: 0x00000004,
  sign: 0x00000010,
  seal: 0x00000020,
  ntlm: 0x00000200,
  alwaysSign: 0x00008000,
  extendedSessionSecurity: 0x00080000,
  targetInfo: 0x00800000,
  version: 0x02000000,
  bits128: 0x20000000,
  keyExchange: 0x40000000,
  bits56: 0x80000000,
} as const;

const CLIENT_FLAGS =
  NtlmFlag.unicode |
  NtlmFlag.oem |
  NtlmFlag.requestTarget |
  NtlmFlag.ntlm |
  NtlmFlag.alwaysSign |
  NtlmFlag.extendedSessionSecurity |
  NtlmFlag.bits128 |
  NtlmFlag.bits56;

/** AV pair id (MS-NLMP 2.2.2.1) the client reads. */
const AV_TIMESTAMP = 7;

export interface NtlmChallenge {
  readonly flags: number;
  readonly serverChallenge: Buffer;
  readonly targetName: string;
  /** The AV pairs, hashed into the NTLMv2 response verbatim. */
  readonly targetInfo: Buffer;
  /** The server's MsvAvTimestamp, if it sent one (then the client must use it). */
  readonly timestamp: Buffer | undefined;
}

export interface NtlmCredentials {
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  readonly workstation?: string;
}

export interface NtlmType3Options {
  /** Test seams: a fixed client challenge and clock make the Type 3 message reproducible. */
  readonly clientChallenge?: Buffer;
  readonly now?: () => number;
  /**
   * Over TLS: the MsvAvChannelBindings value (`channelBindingHash` of the server's certificate), added to
   * the target info hashed into the NTLMv2 response (Extended Protection). Omitted on plain HTTP: no pair
   * is sent, as requests-ntlm and pyspnego do (an all-zero value is refused by IIS when it checks bindings).
   */
  readonly channelBindings?: Buffer;
}

function protocolError(message: string): KitError {
  return new KitError('NTLM_PROTOCOL', message, {
    help: 'The server answered the NTLM handshake with a message the client cannot use.',
  });
}

/** Accepts raw bytes, base64, or a whole `NTLM <base64>` / `Negotiate <base64>` header value. */
export function decodeNtlmMessage(message: Buffer | string): Buffer {
  if (typeof message !== 'string') return message;
  const token = message.trim().replace(/^(NTLM|Negotiate)\s+/i, '');
  return Buffer.from(token, 'base64');
}

export function assertNtlmMessage(bytes: Buffer, type: 1 | 2 | 3): void {
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(NTLM_SIGNATURE))
    throw protocolError('not an NTLM message (bad signature)');
  const actual = bytes.readUInt32LE(8);
  if (actual !== type) throw protocolError(`expected an NTLM Type ${type} message, got Type ${actual}`);
}

/** A security buffer (length, max length, offset) at `at`, bounds-checked against the message. */
export function readSecurityBuffer(bytes: Buffer, at: number): Buffer {
  if (at + 8 > bytes.length) throw protocolError('NTLM message is truncated');
  const length = bytes.readUInt16LE(at);
  const offset = bytes.readUInt32LE(at + 4);
  if (offset + length > bytes.length) throw protocolError('NTLM message field points past its end');
  return bytes.subarray(offset, offset + length);
}

export function writeSecurityBuffer(into: Buffer, at: number, length: number, offset: number): void {
  into.writeUInt16LE(length, at);
  into.writeUInt16LE(length, at + 2);
  into.writeUInt32LE(offset, at + 4);
}

/** Type 1: no domain or workstation supplied (the Type 3 carries them), as browsers do. */
export function createType1Message(): string {
  const bytes = Buffer.alloc(32);
  NTLM_SIGNATURE.copy(bytes, 0);
  bytes.writeUInt32LE(1, 8);
  bytes.writeUInt32LE(CLIENT_FLAGS >>> 0, 12);
  writeSecurityBuffer(bytes, 16, 0, 32);
  writeSecurityBuffer(bytes, 24, 0, 32);
  return `NTLM ${bytes.toString('base64')}`;
}

export function parseType2Message(message: Buffer | string): NtlmChallenge {
  const bytes = decodeNtlmMessage(message);
  assertNtlmMessage(bytes, 2);
  if (bytes.length < 48) throw protocolError('NTLM challenge is truncated');
  const flags = bytes.readUInt32LE(20);
  const name = readSecurityBuffer(bytes, 12);
  const targetName = flags & NtlmFlag.unicode ? name.toString('utf16le') : name.toString('latin1');
  const targetInfo = flags & NtlmFlag.targetInfo ? readSecurityBuffer(bytes, 40) : Buffer.alloc(0);
  return {
    flags,
    serverChallenge: Buffer.from(bytes.subarray(24, 32)),
    targetName,
    targetInfo,
    timestamp: findAvPair(targetInfo, AV_TIMESTAMP),
  };
}

function findAvPair(targetInfo: Buffer, id: number): Buffer | undefined {
  return avPairs(targetInfo).find((pair) => pair.id === id)?.value;
}

/** NTLMv2 responses (MS-NLMP 3.3.2): NTProofStr + the client blob, and LMv2 (zeros when the server sent a timestamp). */
export function ntlmv2Responses(
  challenge: Pick<NtlmChallenge, 'serverChallenge' | 'targetInfo' | 'timestamp'>,
  credentials: NtlmCredentials,
  clientChallenge: Buffer,
  timestamp: Buffer,
): { readonly nt: Buffer; readonly lm: Buffer } {
  const key = ntowfv2(credentials.password, credentials.user, credentials.domain);
  const blob = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]),
    timestamp,
    clientChallenge,
    Buffer.alloc(4),
    challenge.targetInfo,
    Buffer.alloc(4),
  ]);
  const proof = hmacMd5(key, challenge.serverChallenge, blob);
  const lm =
    challenge.timestamp === undefined
      ? Buffer.concat([hmacMd5(key, challenge.serverChallenge, clientChallenge), clientChallenge])
      : Buffer.alloc(24);
  return { nt: Buffer.concat([proof, blob]), lm };
}

export function createType3Message(
  challenge: NtlmChallenge,
  credentials: NtlmCredentials,
  options: NtlmType3Options = {},
): string {
  if (!(challenge.flags & NtlmFlag.targetInfo) || challenge.targetInfo.length === 0) {
    throw protocolError('the server offered only NTLMv1 (no target info); the client sends NTLMv2 only');
  }
  const clientChallenge = options.clientChallenge ?? randomBytes(8);
  const timestamp = challenge.timestamp ?? fileTime((options.now ?? Date.now)());
  // No MIC is sent (and so no MsvAvFlags): adding MsvAvChannelBindings changes only the hashed target info.
  const targetInfo =
    options.channelBindings === undefined
      ? challenge.targetInfo
      : withChannelBindings(challenge.targetInfo, options.channelBindings);
  const { nt, lm } = ntlmv2Responses({ ...challenge, targetInfo }, credentials, clientChallenge, timestamp);
  const unicode = (challenge.flags & NtlmFlag.unicode) !== 0;
  const encode = (text: string): Buffer => Buffer.from(text, unicode ? 'utf16le' : 'latin1');
  const fields = [encode(credentials.domain), encode(credentials.user), encode(credentials.workstation ?? ''), lm, nt];
  const header = 64;
  const bytes = Buffer.alloc(header + fields.reduce((sum, field) => sum + field.length, 0));
  NTLM_SIGNATURE.copy(bytes, 0);
  bytes.writeUInt32LE(3, 8);
  // Field order in the header (MS-NLMP 2.2.1.3): LM, NT, domain, user, workstation, session key.
  const [domain, user, workstation] = fields as [Buffer, Buffer, Buffer, Buffer, Buffer];
  let offset = header;
  const place = (field: Buffer, at: number): void => {
    writeSecurityBuffer(bytes, at, field.length, offset);
    field.copy(bytes, offset);
    offset += field.length;
  };
  place(domain, 28);
  place(user, 36);
  place(workstation, 44);
  place(lm, 12);
  place(nt, 20);
  writeSecurityBuffer(bytes, 52, 0, offset);
  const flags = (challenge.flags & CLIENT_FLAGS) | (unicode ? NtlmFlag.unicode : NtlmFlag.oem);
  bytes.writeUInt32LE(flags >>> 0, 60);
  return `NTLM ${bytes.toString('base64')}`;
}
