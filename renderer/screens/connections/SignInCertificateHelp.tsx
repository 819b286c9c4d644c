/**
 * How to trust the certificate of the sign-in's HTTPS redirect (BambooHR sends the browser back to
 * https:// addresses only). The host makes the certificate the first time and keeps it; the analyst
 * trusts its CA once, in the operating system's list (browsers other than Firefox read that list).
 * Shown open, first, when the certificate was made for this sign-in; folded away afterwards.
 */
export function SignInCertificateHelp({ caFile, madeNow }: { readonly caFile: string; readonly madeNow: boolean }) {
  return (
    <details className="conn-signin-trust" open={madeNow} aria-label="Trust the sign-in certificate">
      <summary>
        {madeNow
          ? 'First, once on this computer: trust the sign-in certificate the studio has just made, then restart your browser.'
          : 'Your browser says the connection back to 127.0.0.1 is not private? Trust the sign-in certificate (once).'}
      </summary>
      <p>
        The certificate authority to trust is the file <code>{caFile}</code>. It can vouch for this computer's sign-in
        address (127.0.0.1) only: its own key was destroyed as soon as it had signed.
      </p>
      <ul>
        <li>
          <strong>Windows</strong>: open the file, choose Install Certificate…, Current User, "Place all certificates in
          the following store", Browse…, Trusted Root Certification Authorities, then Finish, and Yes to the warning.
        </li>
        <li>
          <strong>macOS</strong>: open the file (Keychain Access adds it to "login"), open it there, and under Trust
          choose "Always Trust".
        </li>
        <li>
          <strong>Firefox</strong>: Settings, Privacy &amp; Security, View Certificates…, Authorities, Import…, and tick
          "Trust this CA to identify websites".
        </li>
      </ul>
      <p className="muted">
        If your computer is managed and this is not allowed, ask IT to add this file to the trusted authorities.
      </p>
    </details>
  );
}
