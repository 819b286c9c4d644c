/**
 * Real Windows-authentication clients against the GP simulator, as an IT tester tries them: curl's own
 * NTLM (`--ntlm`, the raw NTLM messages), and `curl --negotiate` through GSS-API's NTLM mechanism
 * (Debian's gss-ntlmssp, which `npm test` installs), which wraps NTLM in SPNEGO: a NegTokenInit, then
 * NegTokenResps both ways, as IIS accepts. gss-ntlmssp takes the account from the file NTLM_USER_FILE
 * names (`DOMAIN:user:password`); curl's `-u :` means "the GSS-API default credentials".
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNegotiateToken, NegState, NTLMSSP_OID } from '../../kit/auth/spnego.ts';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { resourcePath } from './test-support.ts';

/** Where Debian's gss-ntlmssp registers its mechanism with MIT Kerberos' GSS-API. */
const GSS_NTLMSSP_CONFIG = '/etc/gss/mech.d/mech.ntlmssp.conf';

let sim: GpSimulator;
let dir: string;

beforeAll(async () => {
  sim = await startGpSimulator({ rows: 3, seed: 11 });
  dir = mkdtempSync(join(tmpdir(), 'mlc-gp-curl-'));
});
afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface CurlResult {
  readonly status: number;
  /** The headers of every response, the 401s of the handshake included. */
  readonly headers: string;
  readonly body: string;
}

function curl(args: readonly string[], env: Record<string, string> = {}): Promise<CurlResult> {
  const headersFile = join(dir, `headers-${Math.random().toString(36).slice(2)}`);
  const bodyFile = `${headersFile}.body`;
  const url = `${sim.url}${resourcePath(sim, 'Purchasing/Vendors.json')}?$top=2`;
  return new Promise((resolve, reject) => {
    execFile(
      'curl',
      [
        '--silent',
        '--show-error',
        '--noproxy',
        '*',
        '--max-time',
        '30',
        '--dump-header',
        headersFile,
        '--output',
        bodyFile,
        '--write-out',
        '%{http_code}',
        ...args,
        url,
      ],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`curl failed: ${stderr || error.message}`));
        resolve({
          status: Number(stdout),
          headers: readFileSync(headersFile, 'utf8'),
          body: readFileSync(bodyFile, 'utf8'),
        });
      },
    );
  });
}

function negotiateTokens(headers: string): Buffer[] {
  return [...headers.matchAll(/^WWW-Authenticate: Negotiate (\S+)\r?$/gim)].map((match) =>
    Buffer.from(match[1]!, 'base64'),
  );
}

function accountsFile(password: string): string {
  const file = join(dir, `ntlm-users-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, `${sim.credentials.domain}:${sim.credentials.user}:${password}\n`);
  return file;
}

describe('real NTLM clients against the GP simulator', () => {
  it('curl --negotiate through gss-ntlmssp signs in with NTLM inside SPNEGO, as IIS accepts it', async () => {
    expect(
      existsSync(GSS_NTLMSSP_CONFIG),
      'gss-ntlmssp is not installed: npm test installs it, else apt-get install -y gss-ntlmssp',
    ).toBe(true);
    const before = sim.stats.ntlm.accepted;
    const result = await curl(['--negotiate', '-u', ':'], { NTLM_USER_FILE: accountsFile(sim.credentials.password) });
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body) as { Payload: unknown[] }).Payload).toHaveLength(2);
    expect(sim.stats.ntlm.accepted).toBe(before + 1);
    // The challenge went back in a NegTokenResp naming NTLMSSP, and the answer ended with accept-completed.
    const [challenge, done] = negotiateTokens(result.headers).map(readNegotiateToken);
    expect(challenge).toMatchObject({ kind: 'resp', negState: NegState.acceptIncomplete, supportedMech: NTLMSSP_OID });
    expect(challenge?.kind === 'resp' && challenge.responseToken?.subarray(0, 12)).toEqual(
      Buffer.from('NTLMSSP\0\x02\0\0\0', 'latin1'),
    );
    expect(done).toEqual({ kind: 'resp', negState: NegState.acceptCompleted });
  });

  it('curl --negotiate with a wrong password is refused with 401', async () => {
    const before = sim.stats.ntlm.refused;
    const result = await curl(['--negotiate', '-u', ':'], { NTLM_USER_FILE: accountsFile('not-the-password') });
    expect(result.status).toBe(401);
    expect(sim.stats.ntlm.refused).toBe(before + 1);
  });

  // A guard for the raw NTLM path the SPNEGO change runs beside: curl's own NTLM code, no GSS-API.
  it("curl's own NTLM (--ntlm) signs in with the raw NTLM messages", async () => {
    const { domain, user, password } = sim.credentials;
    const result = await curl(['--ntlm', '-u', `${domain}\\${user}:${password}`]);
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body) as { Payload: unknown[] }).Payload).toHaveLength(2);
  });
});
