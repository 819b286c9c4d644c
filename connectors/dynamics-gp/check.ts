/**
 * The connection test the descriptor names ("Sign in and read one GL account"), in words for an analyst
 * and never a stack trace. One attempt: a test answers at once rather than retrying for minutes, and a
 * wrong password must not become several sign-in failures (a domain lockout counts them).
 */
import { type PingResult, ping } from '../kit/descriptor.ts';
import { GpClient, type GpConnectionConfig } from './client.ts';

export function testGpConnection(config: GpConnectionConfig): Promise<PingResult> {
  return ping(async () => {
    const client = new GpClient({ ...config, retry: false });
    try {
      const [first] = await client.list('Financial/GLAccounts', { $top: 1 });
      const account = first?.AccountNumber;
      const read =
        account === undefined || account === null
          ? 'the company has no GL accounts'
          : `read GL account ${String(account)}`;
      return `signed in to ${config.baseUrl} as ${config.auth.domain}\\${config.auth.user}; ${read}`;
    } finally {
      await client.close();
    }
  });
}
