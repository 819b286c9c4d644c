import { describe, expect, it } from 'vitest';
import { SecretError } from './errors.ts';
import { assertSecretName, environmentVariableFor, isSecretName } from './names.ts';

describe('secret names and their environment variables', () => {
  it('upper-cases the name and turns every other character into "_"', () => {
    expect(environmentVariableFor('gp.password-2')).toBe('ML_CONNECTOR_SECRET_GP_PASSWORD_2');
    expect(environmentVariableFor('gp_password')).toBe('ML_CONNECTOR_SECRET_GP_PASSWORD');
    expect(environmentVariableFor('BambooHR.apiKey')).toBe('ML_CONNECTOR_SECRET_BAMBOOHR_APIKEY');
    expect(environmentVariableFor('ifs--client.secret')).toBe('ML_CONNECTOR_SECRET_IFS__CLIENT_SECRET');
  });

  it('accepts the names a pipeline file may reference and nothing else', () => {
    expect(isSecretName('gp_password')).toBe(true);
    expect(isSecretName('sap.ecc-rfc_2')).toBe(true);
    expect(isSecretName('')).toBe(false);
    expect(isSecretName('2fa')).toBe(false);
    expect(isSecretName('has space')).toBe(false);
    expect(isSecretName('x'.repeat(65))).toBe(false);
  });

  it('rejects a bad name without repeating it, since it is often a password typed in the wrong place', () => {
    const typedByMistake = 'Hunter2!Pa$$';
    let caught: unknown;
    try {
      assertSecretName(typedByMistake);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SecretError);
    expect((caught as SecretError).code).toBe('SECRET_NAME_INVALID');
    expect((caught as SecretError).message).not.toContain(typedByMistake);
    expect((caught as SecretError).message).toMatch(/gp_password/);
  });
});
