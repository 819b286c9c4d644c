/**
 * Under an address part that holds a stored secret's name (kind "secret", such as GP's SQL login
 * password for the company-database pre-check): whether the keychain holds that secret, as the host's
 * connection list says, the same answer the sign-in's secrets get. The value is stored with
 * `ml-connector secrets set NAME`; the studio never shows it.
 */
import { useStudio } from '../../state/store.ts';

export function AddressSecretStatus({
  connection,
  reference,
}: {
  readonly connection: string;
  readonly reference: string;
}) {
  const stored = useStudio(
    (state) =>
      state.connectionSummaries
        .find((summary) => summary.name === connection)
        ?.secrets.find((secret) => secret.name === reference)?.stored,
  );
  // Not listed (yet): the list is being refreshed, or the name is not a well-formed secret name.
  if (stored === undefined) return null;
  return (
    <small className={`conn-secret-state ${stored ? 'conn-stored' : 'conn-missing'}`}>
      {stored
        ? `Secret "${reference}": kept in the keychain`
        : `Secret "${reference}": not in the keychain yet; store it with ml-connector secrets set ${reference}`}
    </small>
  );
}
