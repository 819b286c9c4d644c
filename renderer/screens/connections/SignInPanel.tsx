/**
 * "Sign in with <system>…": the OAuth sign-in through the browser that stores the connection's refresh
 * token. The host listens for the browser's return; the page to open is a link (a new tab in a browser;
 * the desktop app opens the system browser itself), and how it ended comes back from the host. The
 * token never reaches this page: the host puts it in the keychain and says only that it did.
 * The browser comes back to https://127.0.0.1:47011/callback (BambooHR redirects to registered HTTPS
 * addresses only), served with a certificate the host made once; the help says how to trust it.
 */
import { useState } from 'react';
import { isSignInUnderWay } from '../../state/sign-in.ts';
import { studioStore, useStudio } from '../../state/store.ts';
import { SignInCertificateHelp } from './SignInCertificateHelp.tsx';

/** The redirect's port unless another is given, the one `ml-connector connect` uses too. */
const DEFAULT_REDIRECT_PORT = 47011;

export function SignInPanel({
  connection,
  systemLabel,
}: {
  readonly connection: string;
  readonly systemLabel: string;
}) {
  const state = useStudio((s) => s.signIns[connection]);
  const s = studioStore().getState;
  const busy = isSignInUnderWay(state);
  const [port, setPort] = useState('');
  const portNumber =
    /^\d+$/.test(port.trim()) && Number(port) >= 1 && Number(port) <= 65_535 ? Number(port) : undefined;
  const portProblem = port.trim() !== '' && portNumber === undefined;

  return (
    <div className="conn-signin" role="group" aria-label="Sign in through the browser">
      <div className="conn-ping-bar">
        <button
          type="button"
          className="primary"
          disabled={busy || portProblem}
          onClick={() => void s().startSignIn(connection, portNumber)}
        >
          Sign in with {systemLabel}…
        </button>
        <span className="muted">
          Opens {systemLabel}'s sign-in page. Once you allow access, the refresh token goes to this computer's keychain;
          runs renew it.
        </span>
      </div>
      <p className="muted" aria-label="Sign-in help">
        {systemLabel} sends your browser back to https://127.0.0.1:{portNumber ?? DEFAULT_REDIRECT_PORT}/callback, which
        must be registered as the app's redirect URI (in {systemLabel}'s developer portal, exactly so). The first
        sign-in makes a certificate for that address on this computer; you trust it once, as the steps shown then say.
      </p>
      <label className="conn-field">
        <span>Redirect port</span>
        <input
          aria-label="Redirect port"
          value={port}
          inputMode="numeric"
          placeholder={String(DEFAULT_REDIRECT_PORT)}
          onChange={(event) => setPort(event.target.value)}
        />
        <small className={portProblem ? 'conn-fail' : 'muted'}>
          {portProblem
            ? 'A port is a whole number from 1 to 65535.'
            : `Only when the redirect URI registered with ${systemLabel} names another port than ${DEFAULT_REDIRECT_PORT}: https://127.0.0.1:PORT/callback.`}
        </small>
      </label>
      {state?.phase === 'starting' && <p role="status">Preparing the sign-in…</p>}
      {(state?.phase === 'waiting' || state?.phase === 'cancelling') && (
        <div className="conn-signin-wait" role="status" aria-label="Sign-in under way">
          {state.certificate !== undefined && (
            <SignInCertificateHelp caFile={state.certificate.caFile} madeNow={state.certificate.madeNow} />
          )}
          <p>
            {state.opened ? 'The sign-in page has opened in your browser. ' : ''}
            Sign in there and allow access; this page follows by itself.
          </p>
          <p>
            <a href={state.authorizeUrl} target="_blank" rel="noopener noreferrer">
              Open the {systemLabel} sign-in page
            </a>
          </p>
          <button
            type="button"
            disabled={state.phase === 'cancelling'}
            onClick={() => void s().cancelSignIn(connection)}
          >
            {state.phase === 'cancelling' ? 'Cancelling…' : 'Cancel sign-in'}
          </button>
        </div>
      )}
      {state?.phase === 'ended' && (
        <p
          className={`conn-ping-answer ${state.outcome.status === 'signed-in' ? 'conn-ok' : 'conn-fail'}`}
          role="status"
          aria-label="Sign-in result"
        >
          {state.outcome.status === 'signed-in' ? (
            <>
              <strong>Signed in</strong>: the refresh token is in the keychain (as "{state.outcome.storedAs}").
            </>
          ) : (
            <>
              <strong>{HEADINGS[state.outcome.status]}</strong>: {state.outcome.message}
            </>
          )}
        </p>
      )}
      {state?.phase === 'unknown' && (
        <p className="conn-ping-answer" role="status" aria-label="Sign-in result">
          <strong>The sign-in had already ended</strong>: whether the refresh token is stored shows above.
        </p>
      )}
      {state?.phase === 'failed' && (
        <p className="conn-ping-answer conn-fail" role="status" aria-label="Sign-in result">
          <strong>The sign-in did not start</strong>: {state.message}
        </p>
      )}
    </div>
  );
}

const HEADINGS = {
  refused: 'Not signed in',
  cancelled: 'Sign-in cancelled',
  'timed-out': 'Sign-in timed out',
  failed: 'Sign-in failed',
} as const;
