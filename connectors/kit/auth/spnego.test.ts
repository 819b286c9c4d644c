/** SPNEGO tokens as GSS-API clients send them: a real one from curl --negotiate with gss-ntlmssp, and round trips. */
import { describe, expect, it } from 'vitest';
import { NegState, negTokenInit, negTokenResp, NTLMSSP_OID, readNegotiateToken, SpnegoError } from './spnego.ts';

/** What curl 7.88 sent through Debian's gss-ntlmssp 1.2 on its first Negotiate leg: NegTokenInit with an NTLM Type 1. */
const CURL_GSS_NTLMSSP_INIT =
  'YEgGBisGAQUFAqA+MDygDjAMBgorBgEEAYI3AgIKoioEKE5UTE1TU1AAAQAAABeCCOIAAAAAAAAAAAAAAAAAAAAABgIAAAAAAA8=';
const KERBEROS_OID = '1.2.840.113554.1.2.2';

describe('SPNEGO', () => {
  it('reads the NegTokenInit a GSS-API NTLM client sends: NTLMSSP offered, its Type 1 as the optimistic token', () => {
    const token = readNegotiateToken(Buffer.from(CURL_GSS_NTLMSSP_INIT, 'base64'));
    expect(token.kind).toBe('init');
    if (token.kind !== 'init') return;
    expect(token.mechTypes).toEqual([NTLMSSP_OID]);
    expect(token.mechToken?.subarray(0, 12)).toEqual(Buffer.from('NTLMSSP\0\x01\0\0\0', 'latin1'));
    expect(token.mechTypesDer.toString('hex')).toBe('300c060a2b06010401823702020a');
    expect(token.mechListMIC).toBeUndefined();
  });

  it('tells raw NTLM (what Windows clients send under Negotiate) from SPNEGO', () => {
    const raw = Buffer.from('NTLMSSP\0\x01\0\0\0\x07\x82\x08\xa2', 'latin1');
    expect(readNegotiateToken(raw)).toEqual({ kind: 'raw', bytes: raw });
  });

  it('writes the NegTokenResp an acceptor answers with, and reads one back with every field', () => {
    const type2 = Buffer.from('NTLMSSP\0\x02\0\0\0', 'latin1');
    const resp = negTokenResp({
      negState: NegState.acceptIncomplete,
      supportedMech: NTLMSSP_OID,
      responseToken: type2,
    });
    expect(readNegotiateToken(resp)).toEqual({
      kind: 'resp',
      negState: NegState.acceptIncomplete,
      supportedMech: NTLMSSP_OID,
      responseToken: type2,
    });
    // IIS's final answer for NTLM inside SPNEGO, without a MIC: a1 07 30 05 a0 03 0a 01 00.
    expect(negTokenResp({ negState: NegState.acceptCompleted }).toString('base64')).toBe('oQcwBaADCgEA');
    const mic = Buffer.alloc(16, 7);
    const long = Buffer.alloc(300, 1);
    expect(readNegotiateToken(negTokenResp({ responseToken: long, mechListMIC: mic }))).toEqual({
      kind: 'resp',
      responseToken: long,
      mechListMIC: mic,
    });
  });

  it('round-trips a NegTokenInit that prefers Kerberos and offers NTLM second', () => {
    const token = readNegotiateToken(
      negTokenInit({ mechTypes: [KERBEROS_OID, NTLMSSP_OID], mechToken: Buffer.from('krb5-ap-req') }),
    );
    expect(token).toMatchObject({
      kind: 'init',
      mechTypes: [KERBEROS_OID, NTLMSSP_OID],
      mechToken: Buffer.from('krb5-ap-req'),
    });
  });

  it('refuses what is neither NTLM nor SPNEGO, and a truncated token, with an error instead of a crash', () => {
    expect(() => readNegotiateToken(Buffer.from('hello'))).toThrow(SpnegoError);
    expect(() => readNegotiateToken(Buffer.from(CURL_GSS_NTLMSSP_INIT, 'base64').subarray(0, 30))).toThrow(SpnegoError);
  });
});
