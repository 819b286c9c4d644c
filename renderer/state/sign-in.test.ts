/**
 * The sign-in slice over a fake host: the page to open from the answer, the end from the event (also
 * when it overtakes the answer), cancel, and a sign-in that cannot start.
 */
import { describe, expect, it } from 'vitest';
import { CURRENT_VERSION, type Pipeline } from '../../engine/model/index.ts';
import { ApiCallError } from '../api/client.ts';
import type { StudioEvent } from '../api/wire.ts';
import { openedStore, type Answers } from './testing.ts';

const PIPELINE: Pipeline = {
  version: CURRENT_VERSION,
  name: 'HR',
  connections: {
    hr: {
      system: 'bamboohr',
      address: { companyDomain: 'acme' },
      auth: {
        method: 'oauth2-refresh-token',
        clientId: 'app',
        secret: 'hr_client_secret',
        refreshTokenSecret: 'hr_refresh_token',
      },
    },
  },
  streams: {},
};
const PAGE = 'https://acme.bamboohr.com/authorize.php?client_id=app&state=s';

function fakeHost(answers: Answers) {
  return openedStore(answers, 'hr.json', PIPELINE);
}

const finished = (
  signIn: string,
  outcome: Extract<StudioEvent, { type: 'sign-in-finished' }>['outcome'],
): StudioEvent => ({ type: 'sign-in-finished', signIn, connection: 'hr', outcome });

describe('sign-in slice', () => {
  it('shows the page to open, then "signed in" from the host\'s event, and asks the keychain again', async () => {
    const { store, calls, emit } = fakeHost({
      'connections.signIn': () => ({ signIn: 's-1', authorizeUrl: PAGE, opened: false }),
      'connections.list': () => [
        {
          name: 'hr',
          system: 'bamboohr',
          address: {},
          authMethod: 'oauth2-refresh-token',
          secrets: [{ name: 'hr_refresh_token', stored: true }],
        },
      ],
    });
    await store.getState().startSignIn('hr');
    expect(store.getState().signIns.hr).toEqual({ phase: 'waiting', signIn: 's-1', authorizeUrl: PAGE, opened: false });
    expect(calls[0]).toMatchObject({
      channel: 'connections.signIn',
      payload: { connection: 'hr', pipeline: { path: 'hr.json' } },
    });
    expect(calls[0]!.payload).not.toHaveProperty('port');
    emit(finished('another', { status: 'signed-in', storedAs: 'x' }));
    expect(store.getState().signIns.hr?.phase).toBe('waiting');
    emit(finished('s-1', { status: 'signed-in', storedAs: 'hr_refresh_token' }));
    expect(store.getState().signIns.hr).toEqual({
      phase: 'ended',
      outcome: { status: 'signed-in', storedAs: 'hr_refresh_token' },
    });
    await expect.poll(() => store.getState().connectionSummaries[0]?.secrets[0]?.stored).toBe(true);
  });

  it('keeps an end that overtakes the answer (the desktop host opened the page itself)', async () => {
    let emitNow: (() => void) | undefined;
    const { store, emit } = fakeHost({
      'connections.signIn': () => {
        emitNow!();
        return { signIn: 's-2', authorizeUrl: PAGE, opened: true };
      },
      'connections.list': () => [],
    });
    emitNow = () =>
      emit(
        finished('s-2', {
          status: 'refused',
          message: 'the authorization server refused the sign-in: The user denied access.',
        }),
      );
    await store.getState().startSignIn('hr');
    expect(store.getState().signIns.hr).toEqual({
      phase: 'ended',
      outcome: { status: 'refused', message: 'the authorization server refused the sign-in: The user denied access.' },
    });
  });

  it("cancels a sign-in under way; the host's event says it ended", async () => {
    const { store, calls, emit } = fakeHost({
      'connections.signIn': () => ({ signIn: 's-3', authorizeUrl: PAGE, opened: false }),
      'connections.cancelSignIn': () => ({ cancelled: true }),
    });
    await store.getState().startSignIn('hr', 47080);
    expect(calls[0]!.payload.port).toBe(47080);
    const cancelling = store.getState().cancelSignIn('hr');
    expect(store.getState().signIns.hr?.phase).toBe('cancelling');
    await cancelling;
    expect(calls.at(-1)).toEqual({ channel: 'connections.cancelSignIn', payload: { signIn: 's-3' } });
    emit(finished('s-3', { status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' }));
    expect(store.getState().signIns.hr).toEqual({
      phase: 'ended',
      outcome: { status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' },
    });
  });

  it('asks the keychain when the host no longer knows the sign-in being cancelled (its end was lost)', async () => {
    const { store, calls } = fakeHost({
      'connections.signIn': () => ({ signIn: 's-4', authorizeUrl: PAGE, opened: false }),
      'connections.cancelSignIn': () => ({ cancelled: false }),
      'connections.list': () => [],
    });
    await store.getState().startSignIn('hr');
    await store.getState().cancelSignIn('hr');
    expect(store.getState().signIns.hr).toEqual({ phase: 'unknown' });
    await expect.poll(() => calls.some((call) => call.channel === 'connections.list')).toBe(true);
  });

  it("says why a sign-in could not start, in the host's words", async () => {
    const { store } = fakeHost({
      'connections.signIn': () => {
        throw new ApiCallError({ code: 'SECRET_MISSING', message: 'No secret named "hr_client_secret".' });
      },
    });
    await store.getState().startSignIn('hr');
    expect(store.getState().signIns.hr).toEqual({ phase: 'failed', message: 'No secret named "hr_client_secret".' });
    // Another try is allowed at once.
    await store.getState().startSignIn('hr');
    expect(store.getState().signIns.hr?.phase).toBe('failed');
  });
});
