/** The SAP ECC connection as a pipeline names it: each part checked with its JSON path, secrets never shown. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Connection, Pipeline } from '../../engine/model/index.ts';
import type { ConnectionContext } from '../kit/module/connection-parts.ts';
import { makeClientCertificate } from '../kit/testing/client-certificate.ts';
import { clientOptions } from './config.ts';
import { sapConfig, sapModule } from './module.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlc-sap-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function context(address: Record<string, unknown>, method = 'basic'): ConnectionContext {
  const connection = {
    system: 'sap-ecc',
    address: { baseUrl: 'https://ecc.example.com:44300', sapClient: '100', companyCode: '1000', ...address },
    auth: { method, username: 'RFC_SYNC', secret: 'sap_password' },
  } as unknown as Connection;
  return {
    name: 'ecc',
    connection,
    pipeline: { connections: { ecc: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: dir,
    resolveSecret: (name) => Promise.resolve(name === 'key_pass' ? 'pass-7Qz' : 'pw-never-shown'),
  };
}

describe('SAP ECC connection', () => {
  it('reads the parts the descriptor offers, language EN by default', () => {
    expect(sapConfig(context({}))).toMatchObject({
      baseUrl: 'https://ecc.example.com:44300',
      sapClient: '100',
      companyCode: '1000',
      language: 'EN',
      user: 'RFC_SYNC',
      passwordSecret: 'sap_password',
    });
  });

  it.each([
    [{ sapClient: '1' }, 'connections.ecc.address.sapClient: the SAP client is three digits'],
    [{ companyCode: 'TOO-LONG' }, 'connections.ecc.address.companyCode'],
    [{ baseUrl: 'https://ecc.example.com/sap/bc/soap/rfc' }, 'connections.ecc.address.baseUrl'],
    [{ clientCertFile: './client.pem' }, 'connections.ecc.address.clientKeyFile: a client certificate needs both'],
  ])('refuses %j in words naming the part', (address, words) => {
    expect(() => sapConfig(context(address))).toThrow(words);
  });

  it('refuses another sign-in method', () => {
    expect(() => sapConfig(context({}, 'ntlm'))).toThrow('connections.ecc.auth.method: SAP ECC signs in with basic');
  });

  it("reads a client certificate's files and resolves its key passphrase only when the client is made", async () => {
    const made = makeClientCertificate('RFC_SYNC', 'pass-7Qz');
    writeFileSync(join(dir, 'client.pem'), made.cert);
    writeFileSync(join(dir, 'client-key.pem'), made.key);
    const config = sapConfig(
      context({
        clientCertFile: './client.pem',
        clientKeyFile: './client-key.pem',
        clientKeyPassphraseSecret: 'key_pass',
      }),
    );
    expect(config.clientCertificate).toEqual({ cert: made.cert, key: made.key, passphraseSecret: 'key_pass' });
    expect(JSON.stringify(config)).not.toContain('pass-7Qz');
    expect((await clientOptions(config)).clientCertificate?.passphrase).toBe('pass-7Qz');
  });

  it('points a connection at its simulator: baseUrl, client and company code', () => {
    expect(
      sapModule.pointAtSimulator!(
        {},
        {
          url: 'http://127.0.0.1:47004',
          address: { baseUrl: 'http://127.0.0.1:47004', sapClient: '100', companyCode: '1000' },
        },
        './sap-ca.pem',
      ),
    ).toEqual({ baseUrl: 'http://127.0.0.1:47004', sapClient: '100', companyCode: '1000' });
  });

  it('starts its simulator with the service active and says user, password, client and company code', async () => {
    const handle = await sapModule.startSimulator!({ port: 0, rows: 6 });
    try {
      expect(handle.banner.join('\n')).toMatch(/user RFC_SYNC, password \S+, client 100, company code 1000/);
      expect(
        await sapModule.testConnection({
          ...sapConfig(context(handle.address)),
          resolveSecret: async () => handle.secrets.sap_password!,
        }),
      ).toMatchObject({ ok: true });
      const wrong = await sapModule.testConnection(sapConfig(context(handle.address)));
      expect(wrong).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
      expect(wrong.message).not.toContain('pw-never-shown');
    } finally {
      await handle.close();
    }
  });
});
