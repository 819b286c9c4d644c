/** A GP connection as the module reads it, for tests of `gpConfig`: one connection named gp, no secrets. */
import type { Connection, ConnectionContext, Pipeline } from '../../engine/model/index.ts';

export function gpConnectionContext(
  address: Connection['address'],
  method: 'ntlm' | 'basic' = 'ntlm',
): ConnectionContext {
  const connection = {
    system: 'dynamics-gp',
    address,
    auth: { method, username: 'CONTOSO\\gp.sync', secret: 'gp_password' },
  } as Connection;
  return {
    name: 'gp',
    connection,
    pipeline: { connections: { gp: connection }, streams: {} } as unknown as Pipeline,
    pipelineDir: '.',
    resolveSecret: () => Promise.resolve(''),
    storeSecret: () => Promise.resolve(),
  };
}
