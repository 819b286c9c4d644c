/**
 * The simulator's SOAP endpoint against XML written by hand, as another client would send it: the facts
 * file's illustrative GetGLAccountList request (§3.1: IsActive before ModifiedDate, `xsi:nil` on the unused
 * NotEqualValue, the company key as `xsi:type="d:CompanyKey"`), and the requests GP refuses.
 */
import { Client } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSoapEnvelope } from '../../kit/soap/envelope.ts';
import { childrenNamed, textAt } from '../../kit/soap/xml.ts';
import { basic, ntlmAnswer, ntlmChallenge } from '../simulator/test-support.ts';
import { startGpSimulator, type GpSimulator } from '../simulator/server.ts';
import { GP_WS_PATH, SYSTEM_TEXT } from './wire.ts';

const ACTION = 'http://schemas.microsoft.com/dynamics/gp/2006/01/GetGLAccountList';

const AS_IN_FACTS = '<gp:ModifiedDate><gp:GreaterThan>2024-01-01T00:00:00Z</gp:GreaterThan></gp:ModifiedDate>';
/** The same criterion as a JAXB client writes it: every required nillable member present, the unused ones nil. */
const AS_JAXB_SENDS =
  '<gp:ModifiedDate><gp:EqualValue xsi:nil="true"/><gp:NotEqualValue xsi:nil="true"/>' +
  '<gp:From xsi:nil="true"/><gp:To xsi:nil="true"/><gp:GreaterThan>2024-01-01T00:00:00Z</gp:GreaterThan>' +
  '<gp:LessThan xsi:nil="true"/></gp:ModifiedDate>';

function illustrativeRequest(context: string, modifiedDate = AS_IN_FACTS): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
               xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
               xmlns:gp="http://schemas.microsoft.com/dynamics/gp/2006/01"
               xmlns:d="http://schemas.microsoft.com/dynamics/2006/01">
 <soap:Body>
  <gp:GetGLAccountList>
   <gp:criteria>
     <gp:IsActive><gp:EqualValue>true</gp:EqualValue><gp:NotEqualValue xsi:nil="true"/></gp:IsActive>
     ${modifiedDate}
   </gp:criteria>
   ${context}
  </gp:GetGLAccountList>
 </soap:Body>
</soap:Envelope>`;
}

const COMPANY_CONTEXT = `<gp:context>
     <d:OrganizationKey xsi:type="d:CompanyKey"><d:Id>-1</d:Id></d:OrganizationKey>
     <d:CultureName>en-US</d:CultureName>
     <d:CurrencyType>Transactional</d:CurrencyType>
   </gp:context>`;

let sim: GpSimulator;
let client: Client;
beforeEach(async () => {
  sim = await startGpSimulator({ rows: 30 });
  client = new Client(sim.url, { pipelining: 1 });
  // NTLM signs in the connection; the requests after it on this client need no header.
  const challenge = await ntlmChallenge(client, GP_WS_PATH);
  const signedIn = await client.request({
    path: GP_WS_PATH,
    method: 'GET',
    headers: { authorization: ntlmAnswer(challenge, sim.credentials) },
  });
  await signedIn.body.text();
});
afterEach(async () => {
  await client.close();
  await sim.close();
});

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await client.request({
    path: GP_WS_PATH,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${ACTION}"`, ...headers },
    body,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

function faultOf(text: string): { message: string; logId: string | undefined } {
  const message = readSoapEnvelope(text);
  if (message.kind !== 'fault') throw new Error(`expected a fault, got ${text.slice(0, 200)}`);
  return { message: message.fault.message, logId: textAt(message.fault.detail, 'LogId') };
}

describe('GP Web Services endpoint, by hand', () => {
  it.each([
    ['as the facts file writes it', AS_IN_FACTS],
    ['with the unused members xsi:nil, as JAXB sends them', AS_JAXB_SENDS],
  ])(
    "answers the facts file's illustrative request %s: active accounts modified after the instant, no amounts",
    async (_how, modifiedDate) => {
      const reply = await post(illustrativeRequest(COMPANY_CONTEXT, modifiedDate));
      expect(reply.status).toBe(200);
      const message = readSoapEnvelope(reply.text);
      if (message.kind !== 'body') throw new Error('expected a body');
      expect(message.body?.name).toBe('GetGLAccountListResponse');
      const accounts = childrenNamed(message.body?.children[0], 'GLAccountSummary');
      const expected = [...sim.store.map('gl_accounts').values()].filter(
        (record) => record.fields.IsActive === true && record.modifiedMs > Date.UTC(2024, 0, 1),
      );
      expect(accounts).toHaveLength(expected.length);
      expect(accounts.every((account) => textAt(account, 'IsActive') === 'true')).toBe(true);
      expect(reply.text).not.toMatch(/Amount|Balance/);
    },
  );

  it('refuses a SOAPAction that does not name the operation, as WCF does', async () => {
    const reply = await post(illustrativeRequest(COMPANY_CONTEXT), {
      soapaction: '"http://schemas.microsoft.com/dynamics/gp/2006/01/GetGLTransactionList"',
    });
    expect(reply.status).toBe(500);
    expect(faultOf(reply.text).message).toContain('ContractFilter mismatch');
    const none = await post(illustrativeRequest(COMPANY_CONTEXT), { soapaction: '' });
    expect(faultOf(none.text).message).toContain("The message with Action ''");
  });

  it('answers XML it cannot read with the generic system fault and a log id', async () => {
    const reply = await post('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>');
    expect(reply.status).toBe(500);
    const fault = faultOf(reply.text);
    expect(fault.message).toBe(SYSTEM_TEXT);
    expect(fault.logId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a Context without a company, with an abstract OrganizationKey, or naming a company that does not exist', async () => {
    const noCompany = `<gp:context><d:CurrencyType>Transactional</d:CurrencyType></gp:context>`;
    const untyped = COMPANY_CONTEXT.replace(' xsi:type="d:CompanyKey"', '');
    const byName = COMPANY_CONTEXT.replace('<d:Id>-1</d:Id>', '<d:Id>TWO</d:Id>');
    const unknown = COMPANY_CONTEXT.replace('<d:Id>-1</d:Id>', '<d:Id>2</d:Id>');
    for (const context of ['', noCompany, untyped, byName, unknown]) {
      const reply = await post(illustrativeRequest(context));
      expect(reply.status).toBe(500);
      expect(faultOf(reply.text).message).toBe(SYSTEM_TEXT);
    }
  });

  it('takes SOAP as text/xml only, and Windows sign-in only', async () => {
    const json = await post(illustrativeRequest(COMPANY_CONTEXT), { 'content-type': 'application/json' });
    expect(json.status).toBe(415);
    const fresh = new Client(sim.url);
    try {
      const response = await fresh.request({
        path: GP_WS_PATH,
        method: 'POST',
        headers: { authorization: basic(sim.credentials), 'content-type': 'text/xml', soapaction: `"${ACTION}"` },
        body: illustrativeRequest(COMPANY_CONTEXT),
      });
      await response.body.text();
      expect(response.statusCode).toBe(401);
      expect(String(response.headers['www-authenticate'])).toMatch(/NTLM/);
    } finally {
      await fresh.close();
    }
  });
});
