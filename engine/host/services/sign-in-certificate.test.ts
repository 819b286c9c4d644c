/**
 * The studio's own certificate for the sign-in's HTTPS redirect: made once, kept (the key in the
 * keychain, the certificates as files), served again while good, and made anew when its key is gone
 * or does not match, or when it nears its end. The CA vouches for 127.0.0.1 and nothing else.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSecrets } from './context.ts';
import { SIGN_IN_CA_FILE, SIGN_IN_KEY_SECRET, signInCertificates } from './sign-in-certificate.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlc-sign-in-cert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keychain(): HostSecrets & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    resolve: async (name) => values.get(name) ?? Promise.reject(new Error(`No secret named "${name}".`)),
    lookup: async (name) => (values.has(name) ? { source: 'keychain' } : undefined),
    set: async (name, value) => void values.set(name, value),
    delete: async (name) => values.delete(name),
    describe: () => 'a keychain in memory',
  };
}

describe('the sign-in certificate', () => {
  it('is made once, for 127.0.0.1 only, by a CA whose file is the one to trust; its key stays in the keychain', async () => {
    const folder = join(dir, 'once');
    const secrets = keychain();
    const remembered: string[] = [];
    const current = signInCertificates({ folder, secrets, remember: (value) => remembered.push(value) });
    const [first, same] = await Promise.all([current(), current()]);
    expect(first.madeNow).toBe(true);
    expect(same.cert).toBe(first.cert);
    expect(first.caFile).toBe(join(folder, SIGN_IN_CA_FILE));
    const ca = new X509Certificate(readFileSync(first.caFile));
    const server = new X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBeUndefined();
    expect(secrets.values.get(SIGN_IN_KEY_SECRET)).toBe(first.key);
    expect(remembered).toContain(first.key);

    const later = await current();
    expect(later).toEqual({ ...first, madeNow: false });
  });

  it('is made anew when its key is gone from the keychain or belongs to another certificate, and before it expires', async () => {
    const folder = join(dir, 'renewed');
    const secrets = keychain();
    let now = new Date('2027-01-10T00:00:00Z');
    const current = signInCertificates({ folder, secrets, remember: () => {}, now: () => now });
    const first = await current();

    secrets.values.delete(SIGN_IN_KEY_SECRET);
    const rekeyed = await current();
    expect(rekeyed.madeNow).toBe(true);
    expect(rekeyed.cert).not.toBe(first.cert);

    const other = keychain();
    await signInCertificates({ folder: join(dir, 'other'), secrets: other, remember: () => {} })();
    secrets.values.set(SIGN_IN_KEY_SECRET, other.values.get(SIGN_IN_KEY_SECRET)!);
    const matched = await current();
    expect(matched.madeNow).toBe(true);
    expect(new X509Certificate(matched.cert).checkPrivateKey(createPrivateKey(matched.key))).toBe(true);

    // 825 days of validity: within its last 30 it is replaced, and its CA with it.
    now = new Date(now.getTime() + 800 * 24 * 3600 * 1000);
    const renewed = await current();
    expect(renewed.madeNow).toBe(true);
    expect(new Date(new X509Certificate(renewed.cert).validTo).getTime()).toBeGreaterThan(
      now.getTime() + 800 * 24 * 3600 * 1000,
    );
  });
});
