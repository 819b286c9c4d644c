import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createType1Message, decodeNtlmMessage } from '../../kit/auth/ntlm-messages.ts';
import { NegState, negTokenInit, negTokenResp, NTLMSSP_OID, readNegotiateToken } from '../../kit/auth/spnego.ts';
import { UNAUTHORIZED_MESSAGE } from './auth.ts';
import { startGpSimulator, type GpSimulator } from './server.ts';
import { basic, ntlmAnswer, ntlmChallenge, openClient, resourcePath, send } from './test-support.ts';

let sim: GpSimulator;
beforeAll(async () => {
  sim = await startGpSimulator({ rows: 5, seed: 7 });
});
afterAll(async () => {
  await sim.close();
});

// Vendors: a resource a stock GP serves over SBA (the ledger is not under SBA).
const accounts = (): string => resourcePath(sim, 'Purchasing/Vendors.json');

describe('GP simulator sign-in', () => {
  it('answers a request without credentials with 401 offering Negotiate, NTLM and Basic', async () => {
    const client = openClient(sim);
    const reply = await send(client, accounts());
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toEqual(['Negotiate', 'NTLM', 'Basic realm="GPService"']);
    expect(JSON.parse(reply.text)).toEqual({ Message: UNAUTHORIZED_MESSAGE });
    await client.close();
  });

  it('signs in with NTLM: three legs on one kept-alive connection, then the connection stays signed in', async () => {
    const client = openClient(sim);
    const type2 = await ntlmChallenge(client, accounts());
    expect(type2).toMatch(/^NTLM [A-Za-z0-9+/=]+$/);
    const reply = await send(client, accounts(), ntlmAnswer(type2, sim.credentials));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).Payload).toHaveLength(5);
    // IIS keeps NTLM authentication per connection: the next request needs no header.
    expect((await send(client, accounts())).status).toBe(200);
    await client.close();
  });

  it('accepts the user and domain in another case and inside Negotiate', async () => {
    const client = openClient(sim);
    const type1 = (await import('../../kit/auth/ntlm-messages.ts')).createType1Message().replace(/^NTLM/, 'Negotiate');
    const first = await send(client, accounts(), type1);
    const challenge = [first.headers['www-authenticate']].flat()[0] ?? '';
    expect(challenge).toMatch(/^Negotiate /);
    const type3 = ntlmAnswer(challenge.replace(/^Negotiate/, 'NTLM'), {
      ...sim.credentials,
      user: sim.credentials.user.toUpperCase(),
      domain: 'contoso',
    });
    expect((await send(client, accounts(), type3.replace(/^NTLM/, 'Negotiate'))).status).toBe(200);
    await client.close();
  });

  it('takes NTLM inside SPNEGO when the client prefers Kerberos: names NTLMSSP, then challenges and accepts in NegTokenResps', async () => {
    const client = openClient(sim);
    const negotiate = (token: Buffer) => `Negotiate ${token.toString('base64')}`;
    const answer = (reply: { headers: Record<string, string | string[] | undefined> }) => {
      const value = [reply.headers['www-authenticate']].flat()[0] ?? '';
      return readNegotiateToken(Buffer.from(value.replace(/^Negotiate /, ''), 'base64'));
    };
    const kerberosFirst = negTokenInit({
      mechTypes: ['1.2.840.113554.1.2.2', NTLMSSP_OID],
      mechToken: Buffer.from('a Kerberos AP-REQ'),
    });
    const selected = await send(client, accounts(), negotiate(kerberosFirst));
    expect(selected.status).toBe(401);
    expect(answer(selected)).toEqual({ kind: 'resp', negState: NegState.acceptIncomplete, supportedMech: NTLMSSP_OID });
    const challenged = await send(
      client,
      accounts(),
      negotiate(negTokenResp({ responseToken: decodeNtlmMessage(createType1Message()) })),
    );
    const challenge = answer(challenged);
    if (challenge.kind !== 'resp' || challenge.responseToken === undefined)
      throw new Error('no NTLM challenge in the NegTokenResp');
    const type3 = ntlmAnswer(`NTLM ${challenge.responseToken.toString('base64')}`, sim.credentials);
    const accepted = await send(
      client,
      accounts(),
      negotiate(negTokenResp({ responseToken: decodeNtlmMessage(type3) })),
    );
    expect(accepted.status).toBe(200);
    expect(answer(accepted)).toEqual({ kind: 'resp', negState: NegState.acceptCompleted });
    await client.close();
    // SPNEGO that does not offer NTLM gets the plain 401.
    const other = openClient(sim);
    const kerberosOnly = negTokenInit({
      mechTypes: ['1.2.840.113554.1.2.2'],
      mechToken: Buffer.from('a Kerberos AP-REQ'),
    });
    const refused = await send(other, accounts(), negotiate(kerberosOnly));
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toEqual(['Negotiate', 'NTLM', 'Basic realm="GPService"']);
    await other.close();
  });

  it('refuses a wrong NTLM password with 401 and the documented body', async () => {
    const client = openClient(sim);
    const type2 = await ntlmChallenge(client, accounts());
    const reply = await send(client, accounts(), ntlmAnswer(type2, { ...sim.credentials, password: 'Password' }));
    expect(reply.status).toBe(401);
    expect(JSON.parse(reply.text)).toEqual({ Message: UNAUTHORIZED_MESSAGE });
    // Not signed in afterwards either.
    expect((await send(client, accounts())).status).toBe(401);
    await client.close();
  });

  it('refuses a Type 3 sent on another connection than its Type 1 / Type 2, as IIS does', async () => {
    const first = openClient(sim);
    const second = openClient(sim);
    const type2 = await ntlmChallenge(first, accounts());
    const reply = await send(second, accounts(), ntlmAnswer(type2, sim.credentials));
    expect(reply.status).toBe(401);
    // The challenge is still unanswered on the first connection, and only the right answer there passes.
    expect((await send(first, accounts(), ntlmAnswer(type2, sim.credentials))).status).toBe(200);
    await first.close();
    await second.close();
  });

  it('refuses a replayed Type 3 (a challenge is answered once)', async () => {
    const client = openClient(sim);
    const type2 = await ntlmChallenge(client, accounts());
    const type3 = ntlmAnswer(type2, sim.credentials);
    expect((await send(client, accounts(), type3)).status).toBe(200);
    const other = openClient(sim);
    await ntlmChallenge(other, accounts());
    expect((await send(other, accounts(), type3)).status).toBe(401);
    await client.close();
    await other.close();
  });

  it('accepts Basic with DOMAIN\\user and refuses a wrong password or a missing domain', async () => {
    const client = openClient(sim);
    expect((await send(client, accounts(), basic(sim.credentials))).status).toBe(200);
    const wrong = await send(client, accounts(), basic({ ...sim.credentials, password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toEqual({ Message: UNAUTHORIZED_MESSAGE });
    const noDomain = `Basic ${Buffer.from(`${sim.credentials.user}:${sim.credentials.password}`).toString('base64')}`;
    expect((await send(client, accounts(), noDomain)).status).toBe(401);
    await client.close();
  });

  it('refuses Basic when the install allows Windows NTLM only', async () => {
    const ntlmOnly = await startGpSimulator({ rows: 1, basic: false });
    const client = openClient(ntlmOnly);
    const reply = await send(client, resourcePath(ntlmOnly, 'Purchasing/Vendors.json'), basic(ntlmOnly.credentials));
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toEqual(['Negotiate', 'NTLM']);
    await client.close();
    await ntlmOnly.close();
  });
});
