/**
 * Signing a connection in through the browser (OAuth with a refresh token): the host answers with the
 * page to open, the analyst signs in there, and a `sign-in-finished` event says how it ended. The
 * refresh token never comes here: the host puts it in the keychain, and this slice only hears that it did.
 * Kept per connection name; the host runs one sign-in per connection.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { StudioClient } from '../api/client.ts';
import type { SignInOutcome, StudioEvent } from '../api/wire.ts';
import { pipelineRef, type ConnectionsSlice } from './connections.ts';
import type { DocumentSlice } from './document.ts';
import { messageOf } from './files.ts';
import type { UiSlice } from './ui.ts';

export type SignInState =
  | { readonly phase: 'starting' }
  | {
      readonly phase: 'waiting' | 'cancelling';
      readonly signIn: string;
      readonly authorizeUrl: string;
      readonly opened: boolean;
      /** The redirect's certificate to trust (once), when the sign-in serves one. */
      readonly certificate?: { readonly caFile: string; readonly madeNow: boolean };
    }
  | { readonly phase: 'ended'; readonly outcome: SignInOutcome }
  /** The sign-in could not start (no client secret stored, the pipeline has a problem). */
  | { readonly phase: 'failed'; readonly message: string }
  /** It ended without the studio hearing how (its event was lost): the keychain says whether the token came. */
  | { readonly phase: 'unknown' };

export interface SignInSlice {
  readonly signIns: Readonly<Record<string, SignInState>>;
  /** `port`: the redirect's port when the app's registered redirect address names one. */
  startSignIn(connection: string, port?: number): Promise<void>;
  cancelSignIn(connection: string): Promise<void>;
  receiveSignInEvent(event: StudioEvent): void;
}

type Needs = SignInSlice & ConnectionsSlice & DocumentSlice & UiSlice;
type Finished = Extract<StudioEvent, { type: 'sign-in-finished' }>;

export function isSignInUnderWay(state: SignInState | undefined): boolean {
  return (
    state !== undefined && (state.phase === 'starting' || state.phase === 'waiting' || state.phase === 'cancelling')
  );
}

export function createSignInSlice(client: StudioClient): StateCreator<Needs, [], [], SignInSlice> {
  return (set, get) => {
    // The end can overtake the answer (the desktop host opens the page itself, and a quick consent
    // comes back at once): ends of sign-ins not yet known are kept until their answer arrives.
    const early = new Map<string, SignInOutcome>();
    const put = (connection: string, state: SignInState) => set({ signIns: { ...get().signIns, [connection]: state } });

    const end = (connection: string, outcome: SignInOutcome) => {
      put(connection, { phase: 'ended', outcome });
      // The refresh token's "stored" mark on the connection's page comes from the host's keychain.
      if (outcome.status === 'signed-in') void get().refreshConnections();
    };

    return {
      signIns: {},

      async startSignIn(connection, port) {
        get().commitEdits();
        const pipeline = pipelineRef(get());
        if (pipeline === null || isSignInUnderWay(get().signIns[connection])) return;
        put(connection, { phase: 'starting' });
        try {
          const started = await client.connections.signIn({
            pipeline,
            connection,
            ...(port === undefined ? {} : { port }),
          });
          const ended = early.get(started.signIn);
          early.delete(started.signIn);
          if (ended) end(connection, ended);
          else put(connection, { phase: 'waiting', ...started });
        } catch (error) {
          put(connection, { phase: 'failed', message: messageOf(error) });
        }
      },

      async cancelSignIn(connection) {
        const state = get().signIns[connection];
        if (state?.phase !== 'waiting') return;
        put(connection, { ...state, phase: 'cancelling' });
        try {
          const { cancelled } = await client.connections.cancelSignIn({ signIn: state.signIn });
          // The host no longer knew it and no event has said how it ended (it may have been lost on the
          // way): the keychain's answer on this page says whether the token was stored.
          if (!cancelled && get().signIns[connection]?.phase === 'cancelling') {
            put(connection, { phase: 'unknown' });
            void get().refreshConnections();
          }
        } catch (error) {
          if (get().signIns[connection]?.phase === 'cancelling') put(connection, { ...state, phase: 'waiting' });
          get().notify({ kind: 'error', text: `The sign-in could not be cancelled: ${messageOf(error)}` });
        }
      },

      receiveSignInEvent(event) {
        if (event.type !== 'sign-in-finished') return;
        const { connection, signIn, outcome } = event as Finished;
        const state = get().signIns[connection];
        if (state?.phase === 'starting') early.set(signIn, outcome);
        else if ((state?.phase === 'waiting' || state?.phase === 'cancelling') && state.signIn === signIn)
          end(connection, outcome);
      },
    };
  };
}
