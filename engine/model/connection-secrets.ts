/**
 * The stored secrets a connection refers to, by name: its sign-in's (`auth.secret`,
 * `auth.refreshTokenSecret`) and those its system keeps in address parts (a connector's parts of kind
 * "secret", such as Dynamics GP's SQL login password for the company-database pre-check). Export lists
 * each with the environment variable a headless run reads, and the studio shows whether each is stored,
 * so one the list missed would only surface as a failed scheduled run.
 */
import { ownEntry } from './own-names.ts';
import { formatPath, type Problem } from './problems.ts';
import { installedSystemRules } from './references.ts';
import { secretRef } from './schema/common.ts';
import type { Connection } from './schema/connection.ts';
import type { Pipeline } from './schema/pipeline.ts';
import { looksLikeSecretValue } from './secrets-guard.ts';

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
  // Only names: a value that is not one (a password typed in the box by mistake) is refused by
  // checkAddressSecrets, and must not be echoed as a secret name or an environment variable meanwhile.
  const inAddress = secretAddressParts(connection.system).flatMap((part) => {
    const value = ownEntry(connection.address, part);
    return typeof value === 'string' && secretRef.safeParse(value).success && !looksLikeSecretValue(value)
      ? [value]
      : [];
  });
  return [...new Set([...signIn, ...inAddress])];
}

/**
 * An address part of kind "secret" holds a name, as `auth.secret` does, and is held to the same rule
 * (which the file's schema applies to `auth.secret`): a value that is no name, or looks like a token,
 * is the secret itself written in the file. Messages never repeat the value.
 */
export function checkAddressSecrets(pipeline: Pipeline): Problem[] {
  const problems: Problem[] = [];
  for (const [name, connection] of Object.entries(pipeline.connections)) {
    for (const part of secretAddressParts(connection.system)) {
      const value = ownEntry(connection.address, part);
      if (value === undefined || value === '') continue;
      const path = formatPath(['connections', name, 'address', part]);
      if (typeof value === 'string' && looksLikeSecretValue(value))
        problems.push({
          path,
          code: 'secret-in-file',
          severity: 'error',
          message: `This looks like the secret itself, not the name of a stored secret: store it with \`ml-connector secrets set NAME\` and write only its name here, e.g. "gp_sql_password".`,
        });
      else if (!secretRef.safeParse(value).success)
        problems.push({
          path,
          code: 'schema',
          severity: 'error',
          message: `A secret reference is a name such as "gp_sql_password" (letters, digits, _ . -), not the secret itself; store the secret with \`ml-connector secrets set NAME\`.`,
        });
    }
  }
  return problems;
}
