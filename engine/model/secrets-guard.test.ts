import { describe, expect, it } from 'vitest';
import { parsePipelineDocument } from './pipeline-file.ts';
import { findSecretsInDocument, looksLikeSecretValue } from './secrets-guard.ts';
import { minimalPipeline } from './test-fixtures.ts';

const PASSWORD = 'S3cr3t-Pa55word!';
const TOKEN = 'dapi0123456789abcdef0123456789abcdef';

describe('secrets in a pipeline file', () => {
  it('refuses a password written in a connection, naming where and where to put it, never the value', () => {
    const document = JSON.parse(JSON.stringify(minimalPipeline()));
    document.connections.files.auth = { method: 'basic', username: 'sa', secret: 'gp_password', password: PASSWORD };
    const problems = parsePipelineDocument(document).problems.filter((p) => p.code === 'secret-in-file');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('connections.files.auth.password');
    expect(problems[0]!.message).toMatch(/ml-connector secrets set/);
    expect(problems[0]!.message).toMatch(/ML_CONNECTOR_SECRET_/);
    const everything = JSON.stringify(parsePipelineDocument(document));
    expect(everything).not.toContain(PASSWORD);
  });

  it('refuses a token pasted where a secret name belongs', () => {
    const document = JSON.parse(JSON.stringify(minimalPipeline()));
    document.connections.warehouse = {
      system: 'databricks',
      address: { host: 'x' },
      auth: { method: 'personal-access-token', secret: TOKEN },
    };
    const problems = parsePipelineDocument(document).problems;
    expect(
      problems.some((p) => p.path === 'connections.warehouse.auth.secret' && /secret itself/.test(p.message)),
    ).toBe(true);
    expect(JSON.stringify(problems)).not.toContain(TOKEN);
  });

  it('refuses credentials inside an address URL or query string', () => {
    const found = findSecretsInDocument({
      connections: { gp: { address: { baseUrl: `https://svc:${PASSWORD}@gp.example.com/GPService` } } },
      other: { url: `https://api.example.com/x?api_key=${TOKEN}` },
    });
    expect(found.map((p) => p.path)).toEqual(['connections.gp.address.baseUrl', 'other.url']);
    expect(JSON.stringify(found)).not.toContain(PASSWORD);
    expect(JSON.stringify(found)).not.toContain(TOKEN);
  });

  it('finds secrets anywhere, in notes objects and lists too, whatever the key casing', () => {
    const found = findSecretsInDocument({
      a: [{ Client_Secret: 'x1' }],
      b: { API_KEY: 'y' },
      c: { tokenUrl: 'https://login/token' },
    });
    expect(found.map((p) => p.path)).toEqual(['a[0].Client_Secret', 'b.API_KEY']);
  });

  it('accepts secret names and ordinary values', () => {
    expect(findSecretsInDocument(minimalPipeline())).toEqual([]);
    expect(looksLikeSecretValue('gp_password')).toBe(false);
    expect(looksLikeSecretValue('databricks.client-secret')).toBe(false);
    expect(looksLikeSecretValue(TOKEN)).toBe(true);
    expect(looksLikeSecretValue('eyJhbGciOiJIUzI1NiJ9.e30.abc')).toBe(true);
    expect(looksLikeSecretValue('aB3dE5fG7hJ9kL1mN3pQ5rS7')).toBe(true);
  });
});
