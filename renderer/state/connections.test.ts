/** The connections slice: tests run on the unsaved text, results are tied to what was tested, secrets go out and never stay. */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, installedSystemRules, type Pipeline } from '../../engine/model/index.ts';
import { ApiCallError } from '../api/client.ts';
import { setAddressPart } from '../commands/connections.ts';
import { connectionFingerprint } from './connections.ts';
import { openedStore, type Answers } from './testing.ts';

const PIPELINE: Pipeline = {
  version: CURRENT_VERSION,
  name: 'Test',
  connections: {
    gp: {
      system: 'dynamics-gp',
      address: { baseUrl: 'http://127.0.0.1:47001', company: 'Fabrikam, Inc.' },
      auth: { method: 'ntlm', username: 'CONTOSO\\u', secret: 'gp_password' },
    },
  },
  streams: {},
};

function opened(answers: Answers) {
  return openedStore(answers, 'p.json', PIPELINE);
}

describe('connections slice', () => {
  it('tests a connection with the unsaved pipeline text and keeps the answer with what was tested', async () => {
    const { store, calls } = opened({
      'connections.test': () => ({ ok: false, test: 'Sign in', message: '401: denied', code: 'AUTH_FAILED' }),
    });
    store.getState().apply('Edit address', setAddressPart('gp', 'company', 'Unsaved Co'));
    await store.getState().testConnection('gp');
    const sent = calls.find((call) => call.channel === 'connections.test')!.payload;
    expect(sent.pipeline.path).toBe('p.json');
    expect(JSON.parse(sent.pipeline.text).connections.gp.address.company).toBe('Unsaved Co');
    const ping = store.getState().pings.gp!;
    expect(ping).toMatchObject({ status: 'done', result: { ok: false, message: '401: denied' } });
    expect(ping.tested).toBe(connectionFingerprint('p.json', store.getState().pipeline!.connections.gp));
    store.getState().apply('Edit again', setAddressPart('gp', 'company', 'Other'));
    expect(ping.tested).not.toBe(connectionFingerprint('p.json', store.getState().pipeline!.connections.gp));
  });

  it("turns a refused test into a failed ping with the host's words, not a thrown error", async () => {
    const { store } = opened({
      'connections.test': () => {
        throw new ApiCallError({ code: 'INVALID_PIPELINE', message: 'p.json has 1 problem' });
      },
    });
    await store.getState().testConnection('gp');
    expect(store.getState().pings.gp).toMatchObject({ status: 'failed', message: 'p.json has 1 problem' });
  });

  it('sends a secret to the host, then asks again which secrets are stored; the value is kept nowhere in the store', async () => {
    let stored = false;
    const { store, calls } = opened({
      'connections.setSecret': () => {
        stored = true;
        return { name: 'gp_password', where: 'the OS keychain', changed: true };
      },
      'connections.list': () => [
        {
          name: 'gp',
          system: 'dynamics-gp',
          address: {},
          authMethod: 'ntlm',
          secrets: [{ name: 'gp_password', stored }],
        },
      ],
    });
    expect(await store.getState().storeSecret('gp_password', 'S3cret-value!')).toBe(true);
    expect(calls.map((call) => call.channel)).toEqual(['connections.setSecret', 'connections.list']);
    expect(store.getState().connectionSummaries[0]!.secrets).toEqual([{ name: 'gp_password', stored: true }]);
    expect(store.getState().notice).toEqual({
      kind: 'info',
      text: 'Saved the secret "gp_password" in the keychain. The pipeline file keeps only its name.',
    });
    const { pipeline, past, ...rest } = store.getState();
    expect(JSON.stringify([pipeline, past, rest])).not.toContain('S3cret-value!');
  });

  it("says why a secret was not saved, and keeps the list's error apart from the form", async () => {
    const { store } = opened({
      'connections.setSecret': () => {
        // A keychain that refused (no keychain at all is keychain-fallback.test.ts: a choice, not a notice).
        throw new ApiCallError({ code: 'KEYCHAIN_FAILED', message: 'The OS keychain could not store it.' });
      },
      'connections.list': () => {
        throw new ApiCallError({ code: 'INVALID_PIPELINE', message: 'p.json has 1 problem' });
      },
    });
    expect(await store.getState().storeSecret('gp_password', 'x')).toBe(false);
    expect(store.getState().notice).toEqual({
      kind: 'error',
      text: 'The secret "gp_password" was not saved: The OS keychain could not store it.',
    });
    await store.getState().refreshConnections();
    expect(store.getState().connectionsError).toBe('p.json has 1 problem');
  });

  it('hands the systems and their roles to the pipeline checks run on each edit', async () => {
    const { store } = opened({
      'connections.systems': () => [
        { system: 'file', label: 'Files', roles: ['source'], addressParts: [{ name: 'folder', kind: 'path' }] },
        {
          system: 'databricks',
          label: 'Databricks',
          roles: ['destination'],
          afterLoad: 'Databricks',
          addressParts: [{ name: 'host', kind: 'host' }],
        },
        {
          system: 'dynamics-gp',
          label: 'Dynamics GP',
          roles: ['source', 'destination'],
          addressParts: [
            { name: 'caCertFile', kind: 'path' },
            { name: 'sqlPasswordSecret', kind: 'secret' },
          ],
        },
        // An older host that does not say the roles: the system is still known, just not checked for direction.
        { system: 'bamboohr', label: 'BambooHR' },
      ],
    });
    await store.getState().loadSystems();
    expect(installedSystemRules()).toEqual({
      file: { roles: ['source'], pathParts: ['folder'], secretParts: [] },
      databricks: { roles: ['destination'], afterLoad: 'Databricks', pathParts: [], secretParts: [] },
      // Export and the secret status list the secret named in GP's address, as the host does.
      'dynamics-gp': {
        roles: ['source', 'destination'],
        pathParts: ['caCertFile'],
        secretParts: ['sqlPasswordSecret'],
      },
      bamboohr: { pathParts: [], secretParts: [] },
    });
  });

  it('loads the systems once', async () => {
    const { store, calls } = opened({ 'connections.systems': () => [{ system: 'file', label: 'Files' }] });
    await store.getState().loadSystems();
    await store.getState().loadSystems();
    expect(store.getState().systems).toHaveLength(1);
    expect(calls.filter((call) => call.channel === 'connections.systems')).toHaveLength(1);
  });
});
