/** No keychain on the host: the studio says so once, offers this session only, and never fails silently. */
import { describe, expect, it } from 'vitest';
import { ApiCallError } from '../api/client.ts';
import { createStudioStore } from './store.ts';
import { fakeHost, type Call } from './testing.ts';

const NO_KEYCHAIN =
  'There is no OS keychain on this computer (no D-Bus session bus to reach the Secret Service), so the secret "gp_password" was not stored. Keep it for this session only (...), or set the environment variable ML_CONNECTOR_SECRET_GP_PASSWORD before starting the studio.';

function hostWithoutKeychain() {
  const calls: Call[] = [];
  const { client } = fakeHost(
    {
      'connections.setSecret': ({ name, sessionOnly }) => {
        if (sessionOnly !== true) throw new ApiCallError({ code: 'KEYCHAIN_UNAVAILABLE', message: NO_KEYCHAIN });
        return { name, where: 'this session only', changed: true };
      },
    },
    calls,
  );
  return { store: createStudioStore(client), calls };
}

describe('no keychain on the host', () => {
  it('says so with the host words and a choice, instead of a bare failure', async () => {
    const { store } = hostWithoutKeychain();
    expect(await store.getState().storeSecret('gp_password', 'pass@word1')).toBe(false);
    expect(store.getState().noKeychain).toEqual({ name: 'gp_password', message: NO_KEYCHAIN });
    // The value is not in the store's state, where tools could show it.
    expect(JSON.stringify(store.getState())).not.toContain('pass@word1');
  });

  it('keeps the secret for this session when asked, and later secrets go there at once with a notice', async () => {
    const { store, calls } = hostWithoutKeychain();
    await store.getState().storeSecret('gp_password', 'pass@word1');
    expect(await store.getState().answerNoKeychain(true)).toBe(true);
    expect(calls.at(-1)).toEqual({
      channel: 'connections.setSecret',
      payload: { name: 'gp_password', value: 'pass@word1', sessionOnly: true },
    });
    expect(store.getState().noKeychain).toBeNull();
    expect(store.getState().notice?.text).toMatch(/for this session only/);

    expect(await store.getState().storeSecret('databricks_token', 'dapi-1')).toBe(true);
    expect(calls.at(-1)!.payload).toEqual({ name: 'databricks_token', value: 'dapi-1', sessionOnly: true });
    expect(store.getState().noKeychain).toBeNull();
    expect(store.getState().notice?.text).toMatch(/"databricks_token" for this session only/);
  });

  it('sends nothing more when the analyst will set the environment variable instead', async () => {
    const { store, calls } = hostWithoutKeychain();
    await store.getState().storeSecret('gp_password', 'pass@word1');
    const sent = calls.length;
    expect(await store.getState().answerNoKeychain(false)).toBe(false);
    expect(calls).toHaveLength(sent);
    expect(store.getState().noKeychain).toBeNull();
    expect(store.getState().secretsForSession).toBe(false);
  });
});
