import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createType1Message, createType3Message, NtlmFlag, parseType2Message } from '../auth/ntlm-messages.ts';
import { createNtlmChallenge, isNtlmType1, verifyNtlmType3 } from './ntlm-verifier.ts';

const account = { domain: 'CONTOSO', user: 'sa.reader', password: 'Winter-2024!' };

function handshake(credentials: { user: string; password: string; domain: string }, timestampMs?: number) {
  const challenge = createNtlmChallenge({
    domain: 'CONTOSO',
    computer: 'GP01',
    ...(timestampMs === undefined ? {} : { timestampMs }),
  });
  const type3 = createType3Message(parseType2Message(challenge.header), credentials);
  return verifyNtlmType3(type3, { ...account, serverChallenge: challenge.serverChallenge });
}

describe('createNtlmChallenge', () => {
  it('grants signing, sealing, key exchange and the version field when the client asks, as a Windows server does', () => {
    const asked = NtlmFlag.unicode | NtlmFlag.sign | NtlmFlag.keyExchange | NtlmFlag.version | NtlmFlag.ntlm;
    const { header } = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01', requestedFlags: asked });
    const challenge = parseType2Message(header);
    expect(challenge.flags & (NtlmFlag.sign | NtlmFlag.keyExchange | NtlmFlag.version)).toBe(
      NtlmFlag.sign | NtlmFlag.keyExchange | NtlmFlag.version,
    );
    expect(challenge.flags & NtlmFlag.seal).toBe(0);
    expect(challenge.targetName).toBe('CONTOSO');
    // With the version field the payload starts 8 bytes later; the target info still reads and answers.
    expect(
      verifyNtlmType3(createType3Message(challenge, account), {
        ...account,
        serverChallenge: challenge.serverChallenge,
      }).ok,
    ).toBe(true);
    expect(
      parseType2Message(createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' }).header).flags & NtlmFlag.sign,
    ).toBe(0);
  });
});

describe('verifyNtlmType3', () => {
  it('accepts the right password (with and without a server timestamp)', () => {
    expect(handshake(account)).toMatchObject({ ok: true, user: 'sa.reader', domain: 'CONTOSO' });
    expect(handshake(account, Date.UTC(2024, 0, 1)).ok).toBe(true);
  });

  it('accepts user and domain in another case, as Windows does', () => {
    expect(handshake({ ...account, user: 'SA.Reader', domain: 'contoso' }).ok).toBe(true);
  });

  it('refuses a wrong password, an unknown user and an unknown domain', () => {
    expect(handshake({ ...account, password: 'winter-2024!' })).toEqual({ ok: false, reason: 'wrong password' });
    expect(handshake({ ...account, user: 'other' })).toEqual({ ok: false, reason: 'unknown user' });
    expect(handshake({ ...account, domain: 'FABRIKAM' })).toEqual({ ok: false, reason: 'unknown domain' });
  });

  it('refuses an answer to another challenge', () => {
    const first = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' });
    const second = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' });
    const type3 = createType3Message(parseType2Message(first.header), account);
    expect(verifyNtlmType3(type3, { ...account, serverChallenge: second.serverChallenge }).ok).toBe(false);
  });

  it('refuses garbage and a Type 1 in place of a Type 3', () => {
    expect(verifyNtlmType3('NTLM AAAA', { ...account, serverChallenge: Buffer.alloc(8) }).ok).toBe(false);
    expect(verifyNtlmType3(createType1Message(), { ...account, serverChallenge: Buffer.alloc(8) }).ok).toBe(false);
    expect(isNtlmType1(createType1Message())).toBe(true);
    expect(isNtlmType1('Basic abc')).toBe(false);
  });

  it('agrees with an independent implementation (httpntlm NTLMv2)', () => {
    const ntlm = createRequire(import.meta.url)('httpntlm/ntlm.js') as {
      parseType2Message(raw: string, callback: (error: Error) => void): unknown;
      createType3Message(type2: unknown, options: Record<string, string>): string;
    };
    const challenge = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' });
    const type2 = ntlm.parseType2Message(challenge.header, (error) => {
      throw error;
    });
    const type3 = ntlm.createType3Message(type2, {
      username: account.user,
      password: account.password,
      domain: account.domain,
      workstation: 'WS1',
    });
    expect(verifyNtlmType3(type3, { ...account, serverChallenge: challenge.serverChallenge })).toMatchObject({
      ok: true,
      workstation: 'WS1',
    });
    const wrong = ntlm.createType3Message(type2, { username: account.user, password: 'nope', domain: account.domain });
    expect(verifyNtlmType3(wrong, { ...account, serverChallenge: challenge.serverChallenge }).ok).toBe(false);
  });

  it('refuses an NTLMv1 response', () => {
    const ntlm = createRequire(import.meta.url)('httpntlm/ntlm.js') as {
      createType3Message(type2: unknown, options: Record<string, string>): string;
    };
    const serverChallenge = Buffer.from('0102030405060708', 'hex');
    // A challenge without extended security makes httpntlm answer with NTLMv1 (24-byte DES response).
    const type2 = { serverChallenge, negotiateFlags: 0x00000201 };
    const type3 = ntlm.createType3Message(type2, {
      username: account.user,
      password: account.password,
      domain: account.domain,
    });
    expect(verifyNtlmType3(type3, { ...account, serverChallenge })).toEqual({
      ok: false,
      reason: 'NTLMv1 response refused; NTLMv2 is required',
    });
  });
});
