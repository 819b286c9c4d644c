/**
 * The connection test the descriptor names ("Sign in and read one GL account"), in words for an analyst
 * and never a stack trace. One attempt: a test answers at once rather than retrying for minutes, and a
 * wrong password must not become several sign-in failures (a domain lockout counts them).
 * GP Web Services: sign in and read one GL account. `GetGLAccountByKey` needs a key the test does not
 * know, so it lists accounts changed in the last 30 days (a short answer), and only when there are none,
 * the active ones (at most 1,000 summaries). SBA, when the connection names it: sign in and read GP's own
 * SBA help pages, to say which SBA streams this GP serves (`sba/help.ts`).
 */
import { type PingResult, ping } from '../kit/descriptor.ts';
import type { GpConnectionConfig } from './client.ts';
import { webServicesClient } from './ledger/source.ts';
import { sbaStreamsAvailable } from './sba/help.ts';

const RECENT_MS = 30 * 86_400_000;

export function testGpConnection(config: GpConnectionConfig): Promise<PingResult> {
  return ping(async () => {
    const single = { ...config, retry: false as const };
    const said: string[] = [];
    if (config.webServices !== undefined || config.baseUrl === undefined) said.push(await webServicesCheck(single));
    if (config.baseUrl !== undefined) said.push(await sbaCheck(single));
    return said.join('; ');
  });
}

async function webServicesCheck(config: GpConnectionConfig): Promise<string> {
  const client = webServicesClient(config, 'the connection test');
  try {
    const recent = await client.getGLAccountList({
      modified: { from: new Date(Date.now() - RECENT_MS).toISOString() },
    });
    const [first] = recent.length > 0 ? recent : await client.getGLAccountList({ isActive: true });
    const read =
      first === undefined ? 'the company has no active GL accounts' : `read GL account ${first.accountNumber}`;
    return `signed in to GP Web Services at ${config.webServices?.url ?? ''} as ${who(config)} (company key ${String(config.webServices?.companyKey)}); ${read}`;
  } finally {
    await client.close();
  }
}

async function sbaCheck(config: GpConnectionConfig): Promise<string> {
  const { available, missing } = await sbaStreamsAvailable(config);
  const serves = available.length === 0 ? 'serves none of the SBA streams' : `serves ${available.join(', ')}`;
  const reasons = missing.length === 0 ? '' : ` (${[...new Set(missing.map((m) => m.reason))].join('; ')})`;
  return `signed in to SBA at ${config.baseUrl ?? ''} as ${who(config)}: it ${serves}${reasons}`;
}

function who(config: GpConnectionConfig): string {
  return `${config.auth.domain}\\${config.auth.user}`;
}
