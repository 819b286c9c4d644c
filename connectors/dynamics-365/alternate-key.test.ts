import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KEY_CHARACTERS_NOT_IN_URL, recordAddress, recordById } from './alternate-key.ts';
import { KeySyntaxError, readKeyPredicate } from './simulator/key-predicate.ts';

/** What the simulator's URL layer does before reading the predicate: one percent-decoding. */
function serverReads(path: string): ReturnType<typeof readKeyPredicate> {
  const inner = /^[a-z]+\((.*)\)$/.exec(path)?.[1];
  if (inner === undefined) throw new Error(`not a record path: ${path}`);
  return readKeyPredicate(decodeURIComponent(inner));
}

describe('alternate-key URL segments', () => {
  it('writes the documented shapes', () => {
    expect(recordAddress('accounts', [{ column: 'accountnumber', value: 'ABC123' }])).toEqual({
      kind: 'key',
      path: "accounts(accountnumber='ABC123')",
    });
    expect(
      recordAddress('contacts', [
        { column: 'firstname', value: 'Joe' },
        { column: 'emailaddress1', value: 'abc@example.com' },
      ]),
    ).toEqual({ kind: 'key', path: "contacts(firstname='Joe',emailaddress1='abc%40example.com')" });
  });

  it('doubles a quote and percent-encodes spaces and non-ASCII, never the quotes', () => {
    const address = recordAddress('accounts', [{ column: 'accountnumber', value: "O'Neil Müller 1" }]);
    expect(address).toEqual({ kind: 'key', path: "accounts(accountnumber='O''Neil%20M%C3%BCller%201')" });
  });

  it.each(KEY_CHARACTERS_NOT_IN_URL.map((character) => [character]))(
    'a key holding %s is looked up by $filter instead of put in the URL',
    (character) => {
      const address = recordAddress('accounts', [{ column: 'accountnumber', value: `V1${character}00'x` }]);
      expect(address.kind).toBe('lookup');
      if (address.kind !== 'lookup') return;
      expect(address.filter).toBe(`accountnumber eq 'V1${character}00''x'`);
      expect(address.reason).toContain(JSON.stringify(character));
      // and the simulator refuses that character in a URL key, as Dataverse does
      expect(() => readKeyPredicate(`accountnumber='V1${character}00'`)).toThrow(KeySyntaxError);
    },
  );

  it('refuses an empty key value instead of matching every record with an empty one', () => {
    expect(recordAddress('accounts', [{ column: 'accountnumber', value: '  ' }]).kind).toBe('refused');
    expect(recordAddress('accounts', []).kind).toBe('refused');
  });

  it('addresses by id in lower case and refuses what is not a GUID', () => {
    expect(recordById('accounts', '7D5E187C-6A03-EF11-9F89-000D3A5B8C1E')).toBe(
      'accounts(7d5e187c-6a03-ef11-9f89-000d3a5b8c1e)',
    );
    expect(() => recordById('accounts', "x') or (1=1")).toThrow(RangeError);
  });

  it('round trip: every value the writer puts in a URL is the value the server reads back', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('accountnumber', 'name', 'new_code'), fc.oneof(fc.string(), fc.integer())), {
          minLength: 1,
          maxLength: 3,
        }),
        (pairs) => {
          const unique = [...new Map(pairs).entries()].map(([column, value]) => ({ column, value }));
          const address = recordAddress('accounts', unique);
          if (address.kind !== 'key') return;
          const read = serverReads(address.path);
          expect(read.kind).toBe('key');
          if (read.kind !== 'key') return;
          expect(Object.fromEntries(read.values)).toEqual(Object.fromEntries(unique.map((p) => [p.column, p.value])));
        },
      ),
      { numRuns: 500 },
    );
  });
});
