/** Connection commands: pure, undo-friendly (same object when nothing changes), and in step with the file schema. */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, isUsable, parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import {
  addConnection,
  authFieldsOf,
  authFor,
  removeConnection,
  setAddressPart,
  setAuthField,
  setAuthMethod,
  setConnectionNotes,
} from './connections.ts';

function pipeline(): Pipeline {
  return {
    version: CURRENT_VERSION,
    name: 'Test',
    connections: {
      gp: {
        system: 'dynamics-gp',
        address: { baseUrl: 'http://127.0.0.1:47001', company: 'Fabrikam, Inc.' },
        auth: { method: 'ntlm', username: 'CONTOSO\\gp.sync', secret: 'gp_password' },
      },
      files: { system: 'file', address: { folder: './data' }, auth: { method: 'none' } },
    },
    streams: {},
  };
}

function usable(p: Pipeline): boolean {
  return isUsable(parsePipelineText(JSON.stringify(p)));
}

describe('connection commands', () => {
  it("reads each sign-in method's fields from the file schema, secrets marked", () => {
    expect(authFieldsOf('ntlm')).toEqual([
      { name: 'username', required: true, secret: false },
      { name: 'secret', required: true, secret: true },
      { name: 'workstation', required: false, secret: false },
    ]);
    expect(
      authFieldsOf('oauth2-refresh-token')
        .filter((f) => f.secret)
        .map((f) => f.name),
    ).toEqual(['secret', 'refreshTokenSecret']);
    expect(authFieldsOf('none')).toEqual([]);
  });

  it('adds a connection, and refuses a name already taken', () => {
    const before = pipeline();
    const added = addConnection('lake', {
      system: 'duckdb',
      address: { path: './w.duckdb' },
      auth: { method: 'none' },
    })(before);
    expect(Object.keys(added.connections)).toEqual(['gp', 'files', 'lake']);
    expect(usable(added)).toBe(true);
    expect(addConnection('gp', { system: 'file', address: {}, auth: { method: 'none' } })(before)).toBe(before);
  });

  it('sets and clears address parts, returning the same pipeline when nothing changes', () => {
    const before = pipeline();
    const changed = setAddressPart('gp', 'tenant', 'Tenant2')(before);
    expect(changed.connections.gp!.address).toEqual({
      baseUrl: 'http://127.0.0.1:47001',
      company: 'Fabrikam, Inc.',
      tenant: 'Tenant2',
    });
    expect(setAddressPart('gp', 'tenant', '')(changed).connections.gp!.address).not.toHaveProperty('tenant');
    expect(setAddressPart('gp', 'company', 'Fabrikam, Inc.')(before)).toBe(before);
    expect(setAddressPart('nope', 'company', 'x')(before)).toBe(before);
    expect(before.connections.gp!.address).not.toHaveProperty('tenant');
  });

  it('switches sign-in method keeping the user name and secret reference, naming new secrets after the connection', () => {
    const basic = setAuthMethod('gp', 'basic')(pipeline());
    expect(basic.connections.gp!.auth).toEqual({
      method: 'basic',
      username: 'CONTOSO\\gp.sync',
      secret: 'gp_password',
    });
    expect(authFor('bamboo', 'oauth2-refresh-token')).toEqual({
      method: 'oauth2-refresh-token',
      clientId: '',
      secret: 'bamboo_client_secret',
      refreshTokenSecret: 'bamboo_refresh_token',
    });
    // An API key's reference does not become the OAuth client secret's; a password stays a password.
    expect(authFor('bamboo', 'oauth2-refresh-token', { method: 'api-key', secret: 'hr_key' })).toMatchObject({
      secret: 'bamboo_client_secret',
    });
    expect(authFor('gp', 'basic', { method: 'ntlm', username: 'CORP\\ana', secret: 'gp_pw' })).toMatchObject({
      username: 'CORP\\ana',
      secret: 'gp_pw',
    });
    const none = setAuthMethod('gp', 'none')(pipeline());
    expect(none.connections.gp!.auth).toEqual({ method: 'none' });
    expect(usable(none)).toBe(true);
  });

  it('sets auth fields the method has, drops an optional one when emptied, ignores fields it does not have', () => {
    const before = pipeline();
    const renamed = setAuthField('gp', 'secret', 'gp_service_password')(before);
    expect(renamed.connections.gp!.auth).toMatchObject({ secret: 'gp_service_password' });
    const withStation = setAuthField('gp', 'workstation', 'WS1')(before);
    expect(setAuthField('gp', 'workstation', '')(withStation).connections.gp!.auth).not.toHaveProperty('workstation');
    expect(setAuthField('gp', 'clientId', 'x')(before)).toBe(before);
  });

  it('keeps notes only when there is something to say', () => {
    const noted = setConnectionNotes('files', 'Nightly export')(pipeline());
    expect(noted.connections.files!.notes).toBe('Nightly export');
    expect(setConnectionNotes('files', '  ')(noted).connections.files).not.toHaveProperty('notes');
  });

  it('removes a connection no stream uses, and keeps one a stream uses', () => {
    const before = pipeline();
    expect(Object.keys(removeConnection('files')(before).connections)).toEqual(['gp']);
    const used: Pipeline = {
      ...before,
      streams: {
        s: {
          source: { connection: 'files', entity: 'e', key: ['k'] },
          target: { connection: 'files', table: 't', writeMode: 'append' },
          mappings: { k: { type: 'string', expression: 'k' } },
        },
      },
    } as Pipeline;
    expect(removeConnection('files')(used)).toBe(used);
  });
});
