/** Helpers for the simulator's tests: real HTTP over loopback with undici, Basic or NTLM sign-in. */
import { Client } from 'undici';
import { createType1Message, createType3Message, parseType2Message } from '../../kit/auth/ntlm-messages.ts';
import { JsonNumber, parseJsonExact, type JsonTree } from '../../kit/json-exact.ts';
import type { GpUser } from './auth.ts';
import { encodeGpSegment } from './routes.ts';
import type { GpSimulator } from './server.ts';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

export async function send(
  client: Client,
  path: string,
  authorization?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const response = await client.request({
    path,
    method: 'GET',
    headers: { ...headers, ...(authorization === undefined ? {} : { authorization }) },
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

export function basic(user: GpUser): string {
  return `Basic ${Buffer.from(`${user.domain}\\${user.user}:${user.password}`).toString('base64')}`;
}

/** The first two legs of NTLM on `client`'s connection; returns the Type 2 header value. */
export async function ntlmChallenge(client: Client, path: string): Promise<string> {
  const reply = await send(client, path, createType1Message());
  const header = [reply.headers['www-authenticate']].flat()[0];
  if (reply.status !== 401 || header === undefined) throw new Error(`expected an NTLM challenge, got ${reply.status}`);
  return header;
}

export function ntlmAnswer(type2: string, user: GpUser): string {
  return createType3Message(parseType2Message(type2), {
    user: user.user,
    password: user.password,
    domain: user.domain,
    workstation: 'WS01',
  });
}

/** `/GPService/Tenants(...)/Companies(...)/<resource>` with the company encoded as the doc shows. */
export function resourcePath(sim: GpSimulator, resource: string): string {
  return `/GPService/Tenants(${sim.tenant})/Companies(${encodeGpSegment(sim.company)})/${resource}`;
}

export function payloadList(text: string): readonly { readonly [key: string]: JsonTree }[] {
  const tree = parseJsonExact(text) as { readonly Payload?: JsonTree };
  if (!Array.isArray(tree.Payload)) throw new Error(`no Payload array in ${text.slice(0, 80)}`);
  return tree.Payload as { readonly [key: string]: JsonTree }[];
}

/** The exact text of a money object's Value. */
export function moneyText(value: JsonTree | undefined): string {
  const inner = (value as { readonly Value?: JsonTree } | undefined)?.Value;
  if (!(inner instanceof JsonNumber)) throw new Error('not a GP money object');
  return inner.text;
}

export function openClient(sim: GpSimulator): Client {
  return new Client(sim.url, { pipelining: 1 });
}
