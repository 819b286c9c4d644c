import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createSapRfcClient, type SapRfcClient } from './client.ts';

const PASSWORD = 'pw-s3cret-ecc';
const OK = `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><rfc:RFC_READ_TABLE.Response xmlns:rfc="urn:sap-com:document:sap:rfc:functions"><DATA><item><WA>0000100003</WA></item></DATA><FIELDS/></rfc:RFC_READ_TABLE.Response></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
const fault = (name: string) =>
  `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>SOAP-ENV:Client</faultcode><faultstring>${name}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`;

interface Seen {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
}

type Answer = { status: number; type: string; body: string };

/** A loopback stand-in for SAP's ICM: opens a security session for every call without a live session cookie. */
async function sapServer(
  answers: Answer[],
): Promise<{ server: Server; seen: Seen[]; sessions: () => number; url: string }> {
  const seen: Seen[] = [];
  const live = new Set<string>();
  let opened = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers });
      const sent = /SAP_SESSIONID_ECC_100=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
      if (sent === undefined || !live.has(sent)) {
        opened += 1;
        const id = `s${opened}`;
        live.add(id);
        // Two cookies, the user context first: a client keeping only the first Set-Cookie loses the session.
        response.setHeader('set-cookie', [
          'sap-usercontext=sap-client=100; path=/',
          `SAP_SESSIONID_ECC_100=${id}; path=/; secure; HttpOnly`,
        ]);
      }
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      response.writeHead(answer.status, { 'content-type': answer.type });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, seen, sessions: () => opened, url: `http://127.0.0.1:${port}` };
}

const XML = 'text/xml; charset=utf-8';
const READ = { functionName: 'RFC_READ_TABLE', imports: { QUERY_TABLE: 'LFA1' }, tables: { DATA: [], FIELDS: [] } };
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup) await step();
  cleanup = [];
});

async function connect(
  answers: Answer[],
): Promise<{ client: SapRfcClient; sap: Awaited<ReturnType<typeof sapServer>> }> {
  const sap = await sapServer(answers);
  const client = createSapRfcClient({
    baseUrl: sap.url,
    client: '100',
    language: 'EN',
    user: 'RFC_SYNC',
    passwordSecret: 'sap-password',
    resolveSecret: async () => PASSWORD,
    retry: { sleep: async () => {}, baseDelayMs: 1 },
    proxy: {},
  });
  cleanup.push(
    () => client.close(),
    () => new Promise((resolve) => sap.server.close(() => resolve())),
  );
  return { client, sap };
}

describe('SAP RFC client', () => {
  it('sends sap-client, language and Basic, and reuses one security session across calls', async () => {
    const { client, sap } = await connect([{ status: 200, type: XML, body: OK }]);
    for (let i = 0; i < 3; i++) expect((await client.call(READ)).table('DATA')).toEqual([{ WA: '0000100003' }]);
    expect(sap.sessions()).toBe(1);
    for (const request of sap.seen) {
      expect(request.url).toBe('/sap/bc/soap/rfc?sap-client=100&sap-language=EN');
      expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`RFC_SYNC:${PASSWORD}`).toString('base64')}`);
      expect(request.headers['content-type']).toBe(XML);
    }
    expect(sap.seen[1]!.headers.cookie).toContain('SAP_SESSIONID_ECC_100=s1');
  });

  it('asks again after COMMUNICATION_FAILURE and a 503, then reads the answer', async () => {
    const { client, sap } = await connect([
      { status: 500, type: XML, body: fault('COMMUNICATION_FAILURE') },
      { status: 503, type: 'text/html', body: '<html>ICM busy</html>' },
      { status: 200, type: XML, body: OK },
    ]);
    expect((await client.call(READ)).table('DATA')).toHaveLength(1);
    expect(sap.seen).toHaveLength(3);
  });

  it('does not ask again after NOT_AUTHORIZED, and says which table in plain words', async () => {
    const { client, sap } = await connect([{ status: 500, type: XML, body: fault('NOT_AUTHORIZED') }]);
    const error = await client.call(READ, { table: 'LFA1' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SAP_NOT_AUTHORIZED', transient: false });
    expect((error as Error).message).toMatch(/RFC_READ_TABLE on LFA1.*may not read LFA1/);
    expect((error as Error).message).not.toContain(PASSWORD);
    expect(sap.seen).toHaveLength(1);
  });

  it('says the SOAP RFC service is inactive when ICM answers 403 with a page', async () => {
    const { client, sap } = await connect([{ status: 403, type: 'text/html', body: '<html>Forbidden</html>' }]);
    const error = await client.call(READ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SAP_RFC_SERVICE_INACTIVE' });
    expect(sap.seen).toHaveLength(1);
  });
});
