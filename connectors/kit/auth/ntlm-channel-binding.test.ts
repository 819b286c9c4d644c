import { describe, expect, it } from 'vitest';
import {
  AV_CHANNEL_BINDINGS,
  avPairs,
  certificateSignatureOid,
  channelBindingHash,
  encodeAvPair,
  gssChannelBindingsStruct,
  tlsServerEndPointHash,
  withChannelBindings,
} from './ntlm-channel-binding.ts';

/**
 * Certificates and their expected tls-server-end-point hashes published with python's requests-ntlm
 * (tests/unit/test_requests_ntlm.py, TestCertificateHash): self-signed SERVER2016 certificates, one per
 * signature algorithm.
 */
const ECDSA_SHA1 =
  'MIIBjjCCATSgAwIBAgIQRCJw7nbtvJ5F8wikRmwgizAJBgcqhkjOPQQBMBUxEzARBgNVBAMMClNFUlZFUjIwMTYwHhcNMTcwNTMwMDgwMzE3Wh' +
  'cNMTgwNTMwMDgyMzE3WjAVMRMwEQYDVQQDDApTRVJWRVIyMDE2MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEk3fOh178kRglmnPKe9K/mbgi' +
  'gf8YgNq62rF2EpfzpyQY0eGw4xnmKDG73aZ+ATSlV2IybxiUVsKyMUnLhPfvmaNnMGUwDgYDVR0PAQH/BAQDAgWgMB0GA1UdJQQWMBQGCCsGAQ' +
  'UFBwMCBggrBgEFBQcDATAVBgNVHREEDjAMggpTRVJWRVIyMDE2MB0GA1UdDgQWBBQSK8qwmiQmyAWWya3FxQDj9wqQAzAJBgcqhkjOPQQBA0kA' +
  'MEYCIQCiOsP56Iqo+cHRvCp2toj65Mgxo/PQY1tn+S3WH4RJFQIhAJegGQuaPWg6aCWV+2+6pNCNMdg/Nix+mMOJ88qCBNHi';
const ECDSA_SHA256 =
  'MIIBjzCCATWgAwIBAgIQeNQTxkMgq4BF9tKogIGXUTAKBggqhkjOPQQDAjAVMRMwEQYDVQQDDApTRVJWRVIyMDE2MB4XDTE3MDUzMDA4MDMxN1' +
  'oXDTE4MDUzMDA4MjMxN1owFTETMBEGA1UEAwwKU0VSVkVSMjAxNjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDAfXTLOaC3ElgErlgk2tBlM' +
  'wf9XmGlGBw4vBtMJap1hAqbsdxFm6rhK3QU8PFFpv8Z/AtRG7ba3UwQprkssClejZzBlMA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAUBggrBg' +
  'EFBQcDAgYIKwYBBQUHAwEwFQYDVR0RBA4wDIIKU0VSVkVSMjAxNjAdBgNVHQ4EFgQUnFDE8824TYAiBeX4fghEEg33UgYwCgYIKoZIzj0EAwID' +
  'SAAwRQIhAK3rXA4/0i6nm/U7bi6y618Ci2Is8++M3tYIXnEsA7zSAiAw2s6bJoI+D7Xaey0Hp0gkks9z55y976keIEI+n3qkzw==';
const ECDSA_SHA384 =
  'MIIBjzCCATWgAwIBAgIQcO3/jALdQ6BOAoaoseLSCjAKBggqhkjOPQQDAzAVMRMwEQYDVQQDDApTRVJWRVIyMDE2MB4XDTE3MDUzMDA4MDMxOF' +
  'oXDTE4MDUzMDA4MjMxOFowFTETMBEGA1UEAwwKU0VSVkVSMjAxNjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABJLjZH274heB/8PhmhWWCIVQ' +
  'Wle1hBZEN3Tk2yWSKaz9pz1bjwb9t79lVpQE9tvGL0zP9AqJYHcVOO9YG9trqfejZzBlMA4GA1UdDwEB/wQEAwIFoDAdBgNVHSUEFjAUBggrBg' +
  'EFBQcDAgYIKwYBBQUHAwEwFQYDVR0RBA4wDIIKU0VSVkVSMjAxNjAdBgNVHQ4EFgQUkRajoFr8qZ/8L8rKB3zGiGolDygwCgYIKoZIzj0EAwMD' +
  'SAAwRQIgfi8dAxXljCMSvngtDtagGCTGBs7Xxh8Z3WX6ZwJZsHYCIQCD4iNReh1afXKYC0ipjXWAIkiihnEEycCIQMbkMNst7A==';

const der = (base64: string): Buffer => Buffer.from(base64, 'base64');

describe('tls-server-end-point (RFC 5929 §4.1)', () => {
  it('reads the signature algorithm of the certificate', () => {
    expect(certificateSignatureOid(der(ECDSA_SHA1))).toBe('1.2.840.10045.4.1');
    expect(certificateSignatureOid(der(ECDSA_SHA256))).toBe('1.2.840.10045.4.3.2');
    expect(certificateSignatureOid(der(ECDSA_SHA384))).toBe('1.2.840.10045.4.3.3');
  });

  it("hashes with the certificate's own hash, SHA-256 in place of SHA-1 (requests-ntlm's published values)", () => {
    expect(tlsServerEndPointHash(der(ECDSA_SHA1)).toString('hex').toUpperCase()).toBe(
      '1EC9AD46DEE9340E4503CFFDB5CD810CB26B778F46BE95D5EAF999DCB1C45EDA',
    );
    expect(tlsServerEndPointHash(der(ECDSA_SHA256)).toString('hex').toUpperCase()).toBe(
      'FECF1B2585449990D9E3B2C92D3F597EC8354E124EDA751D94837C2C89A2C155',
    );
    expect(tlsServerEndPointHash(der(ECDSA_SHA384)).toString('hex').toUpperCase()).toBe(
      'D2987AD8F20E8316A831261B74EF7B3E55155D0922E07FFE54620806982B68A73A5E3C478BAA5E7714135CB26D980749',
    );
  });
});

describe('MsvAvChannelBindings (MS-NLMP 2.2.2.1)', () => {
  it('lays out gss_channel_bindings_struct as ntlm-auth does: empty addresses, then the data length and data', () => {
    // python ntlm-auth tests/test_gss_channel_bindings.py, test_application_data
    expect(gssChannelBindingsStruct(Buffer.from('abc')).toString('hex')).toBe(`${'00'.repeat(16)}03000000616263`);
  });

  it('is the MD5 of the struct over "tls-server-end-point:" and the certificate hash', () => {
    // Computed independently with python hashlib from requests-ntlm's published SHA-256 of the certificate:
    // md5(b"\0" * 16 + struct.pack("<I", 53) + b"tls-server-end-point:" + sha256).
    expect(channelBindingHash(der(ECDSA_SHA256)).toString('hex')).toBe('32cf5f326f0d9aeffdd5d9b883e94868');
  });

  it('goes into the target info before MsvAvEOL, replacing one already there', () => {
    const domain = encodeAvPair(2, Buffer.from('CONTOSO', 'utf16le'));
    const original = Buffer.concat([domain, encodeAvPair(AV_CHANNEL_BINDINGS, Buffer.alloc(16, 1)), Buffer.alloc(4)]);
    const bound = withChannelBindings(original, Buffer.alloc(16, 7));
    expect(avPairs(bound)).toEqual([
      { id: 2, value: Buffer.from('CONTOSO', 'utf16le') },
      { id: AV_CHANNEL_BINDINGS, value: Buffer.alloc(16, 7) },
    ]);
    expect(bound.subarray(-4)).toEqual(Buffer.alloc(4));
  });
});
