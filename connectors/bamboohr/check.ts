/**
 * The connection test the descriptor names, in words for an analyst and never a stack trace. One
 * attempt, no retry: a wrong key must not become several failed sign-ins (§7: failed auth attempts
 * reportedly count toward rate limits, unconfirmed). The changed list works for both sign-ins and
 * needs no shared directory.
 */
import { Timestamp } from '../../engine/model/values/index.ts';
import { type PingResult, ping } from '../kit/descriptor.ts';
import { BambooClient, type BambooConnectionConfig } from './client.ts';
import { changedSince } from './fetch.ts';
import { sinceText } from './source.ts';

export function testBambooConnection(
  config: BambooConnectionConfig,
  now: () => number = Date.now,
): Promise<PingResult> {
  return ping(async () => {
    const client = new BambooClient({ ...config, retry: false });
    try {
      const since = sinceText(Timestamp.fromEpochMillis(now() - 86_400_000));
      const changed = await changedSince(client, since);
      const how = config.auth.method === 'api-key' ? 'an API key' : 'OAuth';
      return `signed in to BambooHR company "${config.companyDomain}" with ${how}; ${changed.employees.length} employees changed in the last day`;
    } finally {
      await client.close();
    }
  });
}
