import { describe, expect, it } from 'vitest';
import { KitError } from './errors.ts';
import { type ConnectorDescriptor, assertDescriptor, descriptorProblems, ping } from './descriptor.ts';

const sound: ConnectorDescriptor = {
  id: 'dynamics-gp',
  label: 'Dynamics GP',
  description: 'Web services',
  authKinds: ['ntlm'],
  addressParts: [
    {
      name: 'baseUrl',
      label: 'Address',
      kind: 'url',
      required: true,
      description: 'GP web services',
      example: 'http://127.0.0.1:47001',
    },
  ],
  secrets: { ntlm: [{ name: 'passwordSecret', label: 'Password' }] },
  streams: [
    {
      entity: 'gl_accounts',
      label: 'GL accounts',
      key: ['ACTINDX'],
      cursorField: 'DEX_ROW_TS',
      fields: [
        { name: 'ACTINDX', type: 'integer' },
        { name: 'DEX_ROW_TS', type: 'timestamp' },
      ],
    },
  ],
  connectionTest: { label: 'Sign in and read one account' },
} as ConnectorDescriptor;

describe('descriptor', () => {
  it('accepts a sound descriptor and names every contradiction of a broken one', () => {
    expect(descriptorProblems(sound)).toEqual([]);
    const broken = {
      ...sound,
      id: 'GP',
      authKinds: ['ntlm', 'basic'],
      streams: [{ ...sound.streams[0]!, key: ['NOPE'], cursorField: 'GONE' }],
    } as ConnectorDescriptor;
    expect(descriptorProblems(broken)).toEqual([
      'id "GP" must be lower-case letters, digits and dashes',
      'stream gl_accounts: key NOPE is not a field',
      'stream gl_accounts: cursor GONE is not a field',
      'auth kind basic names no secret',
    ]);
    expect(() => assertDescriptor(broken)).toThrow(KitError);
  });

  it('ping reports failures in words with their code', async () => {
    await expect(ping(async () => 'signed in as sa')).resolves.toEqual({ ok: true, message: 'signed in as sa' });
    await expect(
      ping(async () => {
        throw new KitError('AUTH_FAILED', 'the server refused the credentials');
      }),
    ).resolves.toEqual({
      ok: false,
      message: 'the server refused the credentials',
      code: 'AUTH_FAILED',
    });
  });
});
