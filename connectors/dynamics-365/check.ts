/**
 * The connection test the descriptor names: one sign-in with no retry (a wrong secret is one
 * AUTH_FAILED, never a storm of refused sign-ins), `WhoAmI` (proves the application user: a missing one
 * is 403 0x80072560, said plainly), then each alternate key the connection's targets write by, Active.
 */
import { type PingResult, ping } from '../kit/descriptor.ts';
import type { KeyRequirement } from './client.ts';
import type { DynamicsConnectionConfig } from './config.ts';
import { dynamicsClient } from './destination/destination.ts';

export function testDynamicsConnection(
  config: DynamicsConnectionConfig & { readonly requiredKeys?: readonly KeyRequirement[] },
): Promise<PingResult> {
  return ping(async () => {
    const client = dynamicsClient({ ...config, retry: false });
    try {
      const who = await client.whoAmI();
      const keys = config.requiredKeys ?? [{ logicalName: 'account', columns: ['accountnumber'] }];
      const names: string[] = [];
      for (const key of keys) names.push(`${await client.requireActiveKey(key)} (${key.logicalName})`);
      return `signed in to Dynamics 365 at ${config.environmentUrl} as application user ${who.UserId}; alternate keys Active: ${names.join(', ')}`;
    } finally {
      await client.close();
    }
  });
}
