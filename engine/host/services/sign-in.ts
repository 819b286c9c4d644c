/**
 * The studio's OAuth sign-in of a connection (`connections.signIn`): the CLI's `connect` (the registry's
 * `connectOAuth`: an HTTPS loopback redirect, https://127.0.0.1:47011/callback unless a port is given,
 * served with the studio's own certificate (`sign-in-certificate.ts`), the refresh token stored in the
 * keychain), split
 * in two because a studio request cannot wait for a person in a browser. The request answers with the
 * page to open as soon as the loopback listener is up; how it ended (signed in, refused, cancelled,
 * timed out) follows as a `sign-in-finished` event. The token goes from the token endpoint to the
 * keychain and the scrub registry only: nothing here returns or publishes it.
 */
import { randomUUID } from 'node:crypto';
import { connectOAuth, type ConnectionContext } from '../../../connectors/registry.ts';
import { errorCode, MlcError } from '../../model/errors.ts';
import type { SignInCertificate } from './sign-in-certificate.ts';

export type SignInOutcome =
  | { readonly status: 'signed-in'; readonly storedAs: string }
  | { readonly status: 'refused' | 'cancelled' | 'timed-out' | 'failed'; readonly message: string };

export interface SignInEvent {
  readonly type: 'sign-in-finished';
  readonly signIn: string;
  readonly connection: string;
  readonly outcome: SignInOutcome;
}

export interface SignInsOptions {
  readonly publish: (event: SignInEvent) => void;
  /** The desktop app opens the page in the system browser itself (its window opens no other windows). */
  readonly openExternal?: ((url: string) => unknown) | undefined;
  /** How long the browser has to come back; a forgotten sign-in must not hold a port for ever. */
  readonly timeoutMs?: number;
  /** Timers, injected so tests end a sign-in by time without waiting. */
  readonly setTimer?: (run: () => void, ms: number) => () => void;
  /** The redirect's certificate, asked for once the sign-in is otherwise ready (the studio's own, made once). */
  readonly certificate?: () => Promise<SignInCertificate>;
  /** Stands in for the registry's `connectOAuth` in unit tests. */
  readonly connect?: typeof connectOAuth;
}

interface Session {
  readonly connection: string;
  readonly controller: AbortController;
  /** Why the wait was aborted, when it was: the person, the clock, or a newer sign-in of the same connection. */
  why?: 'cancelled' | 'timed-out';
}

export interface SignInStarted {
  readonly signIn: string;
  readonly authorizeUrl: string;
  readonly opened: boolean;
  /** The CA file the browser must trust for the HTTPS redirect, and whether it was made just now (not trusted yet). */
  readonly certificate?: { readonly caFile: string; readonly madeNow: boolean };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

const defaultTimer = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

function outcomeOf(error: unknown, session: Session, timeoutMs: number): SignInOutcome {
  if (session.why === 'cancelled')
    return { status: 'cancelled', message: 'The sign-in was cancelled; nothing was stored.' };
  if (session.why === 'timed-out') {
    return {
      status: 'timed-out',
      message: `The browser did not come back within ${Math.round(timeoutMs / 60_000)} minutes; nothing was stored. Sign in again.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { status: errorCode(error) === 'AUTH_FAILED' ? 'refused' : 'failed', message };
}

export function createSignIns(options: SignInsOptions) {
  const sessions = new Map<string, Session>();
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const setTimer = options.setTimer ?? defaultTimer;
  const connect = options.connect ?? connectOAuth;

  const stop = (id: string, why: Session['why']): boolean => {
    const session = sessions.get(id);
    if (session === undefined) return false;
    session.why ??= why;
    session.controller.abort();
    return true;
  };

  return {
    /** Starts the sign-in; resolves with the page to open once the loopback redirect listens. */
    async start(context: ConnectionContext, port?: number): Promise<SignInStarted> {
      // One sign-in per connection: a newer one replaces a forgotten one (and frees its port).
      for (const [id, session] of sessions) if (session.connection === context.name) stop(id, 'cancelled');
      const id = randomUUID();
      const session: Session = { connection: context.name, controller: new AbortController() };
      sessions.set(id, session);
      let pageKnown!: (url: string) => void;
      let failedEarly!: (error: unknown) => void;
      const page = new Promise<string>((resolve, reject) => {
        pageKnown = resolve;
        failedEarly = reject;
      });
      let listening = false;
      let trust: SignInStarted['certificate'];
      const certificate = options.certificate;
      const cancelTimer = setTimer(() => stop(id, 'timed-out'), timeoutMs);
      const finish = (outcome: SignInOutcome) => {
        cancelTimer();
        sessions.delete(id);
        options.publish({ type: 'sign-in-finished', signIn: id, connection: context.name, outcome });
      };
      connect(context, {
        ...(port === undefined ? {} : { port }),
        ...(certificate === undefined
          ? {}
          : {
              redirectCertificate: async () => {
                const made = await certificate();
                trust = { caFile: made.caFile, madeNow: made.madeNow };
                return { cert: made.cert, key: made.key };
              },
            }),
        signal: session.controller.signal,
        onAuthorizeUrl: (url) => {
          listening = true;
          pageKnown(url);
        },
      }).then(
        (result) => finish({ status: 'signed-in', storedAs: result.storedAs }),
        (error: unknown) => {
          // Before the page is known the request itself fails (a missing client secret, no offline_access).
          if (!listening) {
            cancelTimer();
            sessions.delete(id);
            failedEarly(
              // The connector's words name the port and the address to register for another one.
              errorCode(error) === 'EADDRINUSE'
                ? new MlcError('PORT_IN_USE', `${capitalised((error as Error).message)}.`)
                : error,
            );
          } else finish(outcomeOf(error, session, timeoutMs));
        },
      );
      const authorizeUrl = await page;
      let opened = false;
      if (options.openExternal !== undefined && /^https?:\/\//i.test(authorizeUrl)) {
        try {
          await options.openExternal(authorizeUrl);
          opened = true;
        } catch {
          // No browser could be opened: the studio shows the link to open by hand.
        }
      }
      return { signIn: id, authorizeUrl, opened, ...(trust === undefined ? {} : { certificate: trust }) };
    },

    cancel(id: string): { cancelled: boolean } {
      return { cancelled: stop(id, 'cancelled') };
    },

    /** Ends every sign-in still waiting (the host is closing). */
    close(): void {
      for (const id of [...sessions.keys()]) stop(id, 'cancelled');
    },
  };
}

export type SignIns = ReturnType<typeof createSignIns>;
