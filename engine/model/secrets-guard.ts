/**
 * Refuses secrets written into a pipeline file. The file is handed to IT and committed to git, so a
 * password in it is a leak. Messages name where the secret is and where to put it instead; they
 * never repeat the value.
 */
import { formatPath, type Problem } from './problems.ts';

/** Keys that hold a secret value when they hold a string (compared without case, '-' or '_'). */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'secretvalue',
  'clientsecret',
  'apikey',
  'apitoken',
  'accesstoken',
  'refreshtoken',
  'token',
  'bearer',
  'bearertoken',
  'privatekey',
  'sharedsecret',
  'pat',
  'personalaccesstoken',
  'authorization',
  'webhooksecret',
  'signingkey',
]);

/** Fields that hold secret *references*; their values must look like names, not like secrets. */
const REFERENCE_KEYS = new Set(['secret', 'refreshTokenSecret']);

/** Prefixes of well-known token formats (Databricks PAT, JWT, GitHub, Slack, AWS access keys). */
const TOKEN_PREFIXES = /^(dapi[0-9a-f]{8}|eyJ[A-Za-z0-9_-]{10}|gh[pousr]_|xox[abprs]-|AKIA[0-9A-Z]{12})/;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s:]*:[^/@\s]+@/i;
const SECRET_QUERY = /[?&](password|pwd|token|access_token|api_key|apikey|key|sig|secret|client_secret)=[^&]+/i;

function normalise(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** A value that looks like a token rather than a name: long, no separators, mixed letters and digits. */
export function looksLikeSecretValue(value: string): boolean {
  if (TOKEN_PREFIXES.test(value)) return true;
  return (
    value.length >= 24 &&
    /^[A-Za-z0-9+/=]+$/.test(value) &&
    /\d/.test(value) &&
    /[a-z]/.test(value) &&
    /[A-Z]/.test(value)
  );
}

function advice(path: string): string {
  return (
    `store it in the keychain with \`ml-connector secrets set NAME\` (or, for headless runs, the ` +
    `environment variable ML_CONNECTOR_SECRET_NAME) and write only its name here, e.g. "secret": "gp_password". ` +
    `Found at ${path}.`
  );
}

export function findSecretsInDocument(document: unknown): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, path: PropertyKey[]): void => {
    if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childPath = [...path, key];
        const where = formatPath(childPath);
        if (typeof child === 'string' && child !== '' && SECRET_KEYS.has(normalise(key))) {
          problems.push({
            path: where,
            code: 'secret-in-file',
            severity: 'error',
            message: `A secret must not be written in the pipeline file: ${advice(where)}`,
          });
        } else if (typeof child === 'string' && REFERENCE_KEYS.has(key) && looksLikeSecretValue(child)) {
          problems.push({
            path: where,
            code: 'secret-in-file',
            severity: 'error',
            message: `This looks like the secret itself, not the name of a stored secret: ${advice(where)}`,
          });
        } else {
          visit(child, childPath);
        }
      }
      return;
    }
    if (typeof value === 'string' && (URL_WITH_PASSWORD.test(value) || SECRET_QUERY.test(value))) {
      const where = formatPath(path);
      problems.push({
        path: where,
        code: 'secret-in-file',
        severity: 'error',
        message: `This address carries a password or token: remove it from the address and ${advice(where)}`,
      });
    }
  };
  visit(document, []);
  return problems;
}
