import { describe, expect, it } from 'vitest';
import { Decimal, PlainDate, Timestamp } from '../../model/values/index.ts';
import { T } from '../types.ts';
import { hashValues } from './hash.ts';
import { sha256Hex, utf8Encode } from './sha256.ts';
import { call, typeOf } from './testing.ts';

const sha = (text: string): string => sha256Hex(utf8Encode(text));

describe('SHA-256', () => {
  it('matches the FIPS 180-4 test vectors', () => {
    expect(sha('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
    expect(sha('a'.repeat(1_000_000))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0');
  });

  it('encodes UTF-8 like TextEncoder', () => {
    for (const text of ['é', '😀', '€', 'a\uD800b', 'plain']) {
      expect(Array.from(utf8Encode(text))).toEqual(Array.from(new TextEncoder().encode(text)));
    }
  });
});

describe('HASH', () => {
  it('is the documented SHA-256 of the JSON encoding', () => {
    expect(call('HASH', ['ACME', 42])).toBe(sha('["ACME",{"number":"42"}]'));
    expect(call('HASH', [null])).toBe(sha('[null]'));
  });

  it('gives equal values equal hashes', () => {
    expect(hashValues([1])).toBe(hashValues([Decimal.parse('1.00')]));
    expect(hashValues([Timestamp.parse('2024-03-01T09:00:00-06:00')])).toBe(
      hashValues([Timestamp.parse('2024-03-01T15:00:00Z')]),
    );
    expect(hashValues([{ b: 1, a: 'x' }])).toBe(hashValues([{ a: 'x', b: 1 }]));
  });

  it('keeps different values and kinds apart', () => {
    expect(hashValues(['1'])).not.toBe(hashValues([1]));
    expect(hashValues([null])).not.toBe(hashValues(['']));
    expect(hashValues(['a', 'b'])).not.toBe(hashValues(['ab']));
    expect(hashValues([PlainDate.of(2024, 1, 31)])).not.toBe(hashValues(['2024-01-31']));
    expect(hashValues(['a', null])).not.toBe(hashValues(['a']));
  });

  it('is never NULL and accepts any types', () => {
    expect(call('HASH', [null, null])).toMatch(/^[0-9a-f]{64}$/);
    expect(typeOf('HASH', [T.string, T.decimal, T.null, T.list(T.integer)])).toBe('string');
  });
});
