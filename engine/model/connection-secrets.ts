/**
 * The stored secrets a connection refers to, by name: its sign-in's (`auth.secret`,
 * `auth.refreshTokenSecret`) and those its system keeps in address parts (a connector's parts of kind
 * "secret", such as Dynamics GP's SQL login password for the company-database pre-check). Export lists
 * each with the environment variable a headless run reads, and the studio shows whether each is stored,
 * so one the list missed would only surface as a failed scheduled run.
 */
import { ownEntry } from './own-names.ts';
import { installedSystemRules } from './references.ts';
import { secretRef } from './schema/common.ts';
import type { Connection } from './schema/connection.ts';

/** Address parts of a system's connection that hold a stored secret's name, from the connector list's rules. */
export function secretAddressParts(system: string): readonly string[] {
  return ownEntry(installedSystemRules(), system)?.secretParts ?? [];
}

/** Every secret name the connection refers to, sign-in first, each once. */
export function secretNamesOf(connection: Connection): string[] {
  const { auth } = connection;
  const signIn =
    auth.method === 'none'
      ? []
      : auth.method === 'oauth2-refresh-token'
        ? [auth.secret, auth.refreshTokenSecret]
        : [auth.secret];
  // Only well-formed names: a value that is not one (a password typed in the box by mistake) is the
  // connector's error to name, and must not be echoed as a secret name or an environment variable.
  const inAddress = secretAddressParts(connection.system).flatMap((part) => {
    const value = ownEntry(connection.address, part);
    return typeof value === 'string' && secretRef.safeParse(value).success ? [value] : [];
  });
  return [...new Set([...signIn, ...inAddress])];
}
