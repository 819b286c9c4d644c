/**
 * Secret names (the references a pipeline file holds) and the environment variables that stand in
 * for the keychain on headless machines.
 */
import { secretRef } from '../model/schema/common.ts';
import { SecretError } from './errors.ts';

export const ENVIRONMENT_PREFIX = 'ML_CONNECTOR_SECRET_';

/** `gp.password-2` -> `ML_CONNECTOR_SECRET_GP_PASSWORD_2`: upper case, every other character as `_`. */
export function environmentVariableFor(name: string): string {
  return ENVIRONMENT_PREFIX + name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export function isSecretName(name: string): boolean {
  return secretRef.safeParse(name).success;
}

/**
 * Same rule as a reference in the pipeline file. The message does not repeat the rejected text: a name
 * that breaks the rule is often a password typed in the wrong place.
 */
export function assertSecretName(name: string): void {
  if (!isSecretName(name)) {
    throw new SecretError(
      'SECRET_NAME_INVALID',
      'A secret name starts with a letter and uses letters, digits, "_", "." and "-" (at most 64 characters), e.g. "gp_password".',
    );
  }
}
