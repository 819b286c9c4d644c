/** What the connection screens call things: sign-in methods and auth fields in an analyst's words. */
import type { SystemInfo } from '../../api/wire.ts';

const METHODS: Readonly<Record<string, string>> = {
  none: 'No sign-in',
  basic: 'User name and password',
  ntlm: 'Windows account (NTLM)',
  negotiate: 'Windows account (Kerberos, else NTLM)',
  'api-key': 'API key',
  'personal-access-token': 'Personal access token',
  'oauth2-client-credentials': 'OAuth app (client id and secret)',
  'oauth2-refresh-token': 'OAuth app with a refresh token',
};

export function methodLabel(method: string): string {
  return METHODS[method] ?? method;
}

const FIELDS: Readonly<Record<string, string>> = {
  username: 'User name',
  workstation: 'Workstation',
  clientId: 'Client id',
  tokenUrl: 'Token address',
  scope: 'Scopes',
};

export function authFieldLabel(field: string): string {
  return FIELDS[field] ?? field;
}

/** The label of a secret, from the system's description when it has one ("Windows password"). */
export function secretLabel(system: SystemInfo | undefined, method: string, field: string): string {
  const labels = system?.authMethods.find((candidate) => candidate.method === method)?.secrets ?? [];
  const label = field === 'secret' ? labels[0] : labels[1];
  return label ?? (field === 'refreshTokenSecret' ? 'Refresh token' : 'Secret');
}

export function systemLabel(systems: readonly SystemInfo[], system: string): string {
  return systems.find((candidate) => candidate.system === system)?.label ?? system;
}

/** Words that keep their capital inside a sentence. */
const PROPER = new Set(['Windows', 'BambooHR', 'OAuth', 'Databricks', 'GP', 'Dynamics']);

/**
 * A label as it reads inside a sentence ("Save API key", "Save Windows password", "Save client
 * secret"): the first word is lowered unless it is an acronym or a name, and nothing after it is touched.
 */
export function inSentence(label: string): string {
  const first = label.split(' ')[0] ?? '';
  return /^[A-Z][A-Z]/.test(first) || PROPER.has(first) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
