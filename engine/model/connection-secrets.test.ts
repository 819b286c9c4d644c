/**
 * A connection's secrets as every lister sees them (Export's environment variables, the studio's
 * keychain status): the sign-in's and the address parts the system rules mark as secret names, and
 * the file check that keeps a secret itself out of such a part.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAddressSecrets, secretNamesOf } from './connection-secrets.ts';
import { parsePipelineDocument } from './pipeline-file.ts';
import { installSystemRules } from './references.ts';
import type { Connection } from './schema/connection.ts';
import { minimalPipeline, TEST_SYSTEM_RULES } from './test-fixtures.ts';

beforeAll(() => installSystemRules(TEST_SYSTEM_RULES));

const TOKEN = 'dapi0123456789abcdef0123456789abcdef';

function gp(address: Record<string, string | number>): Connection {
  return {
    system: 'dynamics-gp',
    address: { baseUrl: 'https://gp.example.com', ...address },
    auth: { method: 'ntlm', username: 'CONTOSO\\gp.sync', secret: 'gp_password' },
  } as Connection;
}

describe("a connection's secrets", () => {
  it('are the sign-in secret and the SQL login password named in the address, each once', () => {
    expect(secretNamesOf(gp({ sqlPasswordSecret: 'gp_sql_password' }))).toEqual(['gp_password', 'gp_sql_password']);
    expect(secretNamesOf(gp({ sqlPasswordSecret: 'gp_password' }))).toEqual(['gp_password']);
    expect(secretNamesOf(gp({}))).toEqual(['gp_password']);
  });

  it('are only names: a password or token typed where the name belongs is refused by the file check, never repeated', () => {
    const pipeline = minimalPipeline();
    pipeline.connections.gp = gp({ sqlPasswordSecret: TOKEN });
    pipeline.connections.gp_other = gp({ sqlPasswordSecret: 'S3cr3t Pa55word!' });
    pipeline.connections.gp_named = gp({ sqlPasswordSecret: 'gp_sql_password' });
    expect(secretNamesOf(pipeline.connections.gp!)).toEqual(['gp_password']);
    const problems = checkAddressSecrets(pipeline);
    expect(problems.map((problem) => [problem.path, problem.code, problem.severity])).toEqual([
      ['connections.gp.address.sqlPasswordSecret', 'secret-in-file', 'error'],
      ['connections.gp_other.address.sqlPasswordSecret', 'schema', 'error'],
    ]);
    expect(JSON.stringify(problems)).not.toContain(TOKEN);
    expect(JSON.stringify(problems)).not.toContain('Pa55word');
    // validate, run and the studio read the file through this check.
    expect(parsePipelineDocument(pipeline).problems).toEqual(expect.arrayContaining(problems));
  });
});
