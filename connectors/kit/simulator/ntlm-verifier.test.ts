import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { channelBindingHash } from '../auth/ntlm-channel-binding.ts';
import { createType1Message, createType3Message, NtlmFlag, parseType2Message } from '../auth/ntlm-messages.ts';
import { makeSimulatorTls } from './certificate.ts';
import { createNtlmChallenge, isNtlmType1, verifyNtlmType3, type ExtendedProtection } from './ntlm-verifier.ts';

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

describe('Extended Protection (channel binding over TLS)', () => {
  const serverCertificate = new X509Certificate(makeSimulatorTls('gp').cert).raw;
  const proxyCertificate = new X509Certificate(makeSimulatorTls('proxy').cert).raw;

  /** A Type 3 carrying `binding` (none when undefined), checked by a server in `mode` presenting `served`. */
  function bound(binding: Buffer | undefined, mode: ExtendedProtection, served: 'tls' | 'plain' = 'tls') {
    const challenge = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01', timestampMs: Date.now() });
    const type3 = createType3Message(
      parseType2Message(challenge.header),
      account,
      binding === undefined ? {} : { channelBindings: binding },
    );
    return verifyNtlmType3(
      type3,
      { ...account, serverChallenge: challenge.serverChallenge },
      { mode, serverCertificate: served === 'tls' ? serverCertificate : undefined },
    );
  }

  it("accepts the binding of the server's own certificate in every mode", () => {
    for (const mode of ['off', 'allowed', 'required'] as const)
      expect(bound(channelBindingHash(serverCertificate), mode).ok).toBe(true);
  });

  it('refuses a Type 3 without a binding only when required', () => {
    expect(bound(undefined, 'off').ok).toBe(true);
    expect(bound(undefined, 'allowed').ok).toBe(true);
    expect(bound(undefined, 'required')).toEqual({
      ok: false,
      reason: 'Extended Protection is required and the client sent no channel binding',
    });
  });

  it("refuses a binding for another certificate (a TLS-terminating proxy's) when allowed or required", () => {
    const wrong = channelBindingHash(proxyCertificate);
    expect(bound(wrong, 'off').ok).toBe(true);
    for (const mode of ['allowed', 'required'] as const)
      expect(bound(wrong, mode)).toMatchObject({ ok: false, reason: expect.stringMatching(/another certificate/) });
  });

  it('refuses an all-zero binding over TLS when checking, as IIS does', () => {
    expect(bound(Buffer.alloc(16), 'allowed')).toMatchObject({ ok: false, reason: expect.stringMatching(/all-zero/) });
  });

  it('checks nothing on plain HTTP, where there is no TLS channel to bind', () => {
    expect(bound(undefined, 'required', 'plain').ok).toBe(true);
  });

  it('still proves the password first: a bound Type 3 with a wrong password is refused as such', () => {
    const challenge = createNtlmChallenge({ domain: 'CONTOSO', computer: 'GP01' });
    const type3 = createType3Message(
      parseType2Message(challenge.header),
      { ...account, password: 'wrong' },
      { channelBindings: channelBindingHash(serverCertificate) },
    );
    expect(
      verifyNtlmType3(
        type3,
        { ...account, serverChallenge: challenge.serverChallenge },
        { mode: 'required', serverCertificate },
      ),
    ).toEqual({ ok: false, reason: 'wrong password' });
  });
});
