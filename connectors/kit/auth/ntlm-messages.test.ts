import { describe, expect, it } from 'vitest';
import { ntHash, ntowfv2 } from './ntlm-crypto.ts';
import {
  createType1Message,
  createType3Message,
  decodeNtlmMessage,
  ntlmv2Responses,
  parseType2Message,
} from './ntlm-messages.ts';
import { AV_CHANNEL_BINDINGS, avPairs } from './ntlm-channel-binding.ts';
import { createNtlmChallenge } from '../simulator/ntlm-verifier.ts';
import { KitError } from '../errors.ts';

// MS-NLMP 4.2.1 and 4.2.4: User "User", domain "Domain", password "Password", server "Server".
// https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/7fc694c9-397a-446a-bd80-4635000f2c0f
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

describe('NTLM hashes (MS-NLMP test vectors)', () => {
  it('NT hash of "Password"', () => {
    expect(ntHash('Password').toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852');
  });

  it('NTOWFv2("Password", "User", "Domain")', () => {
    expect(ntowfv2('Password', 'User', 'Domain').toString('hex')).toBe('0c868a403bfd7a93a3001ef22ef02e3f');
  });

  it('NTLMv2 and LMv2 responses of 4.2.4', () => {
    const targetInfo = hex('02000c0044006f006d00610069006e0001000c0053006500720076006500720000000000');
    const { nt, lm } = ntlmv2Responses(
      { serverChallenge: hex('0123456789abcdef'), targetInfo, timestamp: undefined },
      { user: 'User', password: 'Password', domain: 'Domain' },
      hex('aaaaaaaaaaaaaaaa'),
      Buffer.alloc(8),
    );
    expect(nt.subarray(0, 16).toString('hex')).toBe('68cd0ab851e51c96aabc927bebef6a1c');
    expect(lm.toString('hex')).toBe('86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa');
  });
});

describe('NTLM messages', () => {
  it('Type 1 is a negotiate message with the NTLMSSP signature', () => {
    const bytes = decodeNtlmMessage(createType1Message());
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(bytes.readUInt32LE(8)).toBe(1);
  });

  it('parses a Type 2 and reads its challenge, target and timestamp', () => {
    const { header } = createNtlmChallenge({
      serverChallenge: hex('0102030405060708'),
      domain: 'CONTOSO',
      computer: 'GP01',
      timestampMs: 0,
    });
    const challenge = parseType2Message(header);
    expect(challenge.serverChallenge.toString('hex')).toBe('0102030405060708');
    expect(challenge.targetName).toBe('CONTOSO');
    expect(challenge.timestamp?.length).toBe(8);
  });

  it('refuses a message that is not a Type 2', () => {
    expect(() => parseType2Message(createType1Message())).toThrow(KitError);
    expect(() => parseType2Message('NTLM bm90IG50bG0=')).toThrow(/signature|truncated/);
  });

  it('refuses to answer a challenge without target info (NTLMv1 only)', () => {
    const { header } = createNtlmChallenge({ domain: 'D', computer: 'S' });
    const challenge = { ...parseType2Message(header), flags: 0x00000201, targetInfo: Buffer.alloc(0) };
    expect(() => createType3Message(challenge, { user: 'u', password: 'p', domain: 'D' })).toThrow(/NTLMv1/);
  });

  it('writes the domain as given (no upper-casing) and the response it hashed with', () => {
    const { header } = createNtlmChallenge({ domain: 'Contoso', computer: 'S' });
    const type3 = decodeNtlmMessage(
      createType3Message(parseType2Message(header), { user: 'ann', password: 'pw', domain: 'Contoso' }),
    );
    const domainLength = type3.readUInt16LE(28);
    const domainOffset = type3.readUInt32LE(32);
    expect(type3.subarray(domainOffset, domainOffset + domainLength).toString('utf16le')).toBe('Contoso');
  });

  it('adds MsvAvChannelBindings to the hashed target info only when given one (none on plain HTTP)', () => {
    const { header } = createNtlmChallenge({ domain: 'Contoso', computer: 'S', timestampMs: 0 });
    const challenge = parseType2Message(header);
    const credentials = { user: 'ann', password: 'pw', domain: 'Contoso' };
    /** The AV pairs inside the NTLMv2 blob of a Type 3 (after the 16-byte proof and 28 bytes of blob header). */
    const blobPairs = (type3: string) => {
      const bytes = decodeNtlmMessage(type3);
      const nt = bytes.subarray(bytes.readUInt32LE(24), bytes.readUInt32LE(24) + bytes.readUInt16LE(20));
      return avPairs(nt.subarray(16 + 28));
    };
    const plain = blobPairs(createType3Message(challenge, credentials));
    expect(plain.map((pair) => pair.id)).toEqual([2, 1, 7]);
    const binding = Buffer.alloc(16, 0xab);
    const bound = blobPairs(createType3Message(challenge, credentials, { channelBindings: binding }));
    expect(bound.map((pair) => pair.id)).toEqual([2, 1, 7, AV_CHANNEL_BINDINGS]);
    expect(bound.at(-1)?.value).toEqual(binding);
  });
});
