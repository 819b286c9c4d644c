/**
 * A connector described as data (as n8n declares credentials and Airbyte's declarative manifests declare
 * streams): what the CLI `check`, the studio's connection form and the docs read. Code lives only in
 * `ping`, the connection test, which answers in words for an analyst and never throws.
 */
import type { EntitySchema } from '../../engine/model/io.ts';
import { KitError } from './errors.ts';

export type AuthKind =
  'none' | 'basic' | 'ntlm' | 'negotiate' | 'oauth2-client-credentials' | 'oauth2-refresh-token' | 'api-key';

export interface AddressPart {
  readonly name: string;
  readonly label: string;
  /** `path`: a file or folder on this machine; `secret`: the name of a stored secret, never its value. */
  readonly kind: 'url' | 'host' | 'port' | 'text' | 'path' | 'secret';
  readonly required: boolean;
  readonly description: string;
  /** Shown in the form, e.g. the simulator's address. */
  readonly example?: string;
}

/**
 * The address part every HTTPS connection has: the CA certificate that signed the server's certificate
 * when it is not a public CA (an on-premises server, a proxy that re-signs HTTPS), trusted for that
 * connection only, besides the system's CAs.
 */
export const CA_CERT_FILE_PART: AddressPart = {
  name: 'caCertFile',
  label: 'CA certificate file',
  kind: 'path',
  required: false,
  description:
    "Only when the server's certificate is signed by your organisation's own CA (on-premises servers often are) or a proxy re-signs HTTPS: " +
    "that CA's certificate as a PEM file, from your IT department. A relative path resolves against the pipeline file's folder. " +
    'It is trusted besides the system CAs, for this connection only; certificate checks stay on.',
};

export interface SecretPart {
  /** Key in the connection's auth block that holds the secret's *reference*, e.g. "passwordSecret". */
  readonly name: string;
  readonly label: string;
}

export interface ConnectorDescriptor {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly authKinds: readonly AuthKind[];
  readonly addressParts: readonly AddressPart[];
  /** Secrets each auth kind needs (references into the secret store). */
  readonly secrets: Partial<Readonly<Record<AuthKind, readonly SecretPart[]>>>;
  readonly streams: readonly EntitySchema[];
  readonly connectionTest: { readonly label: string };
  /** The simulator's CLI name and default port (PRODUCT.md), when it has one. */
  readonly simulator?: { readonly system: string; readonly defaultPort: number };
}

export interface PingResult {
  readonly ok: boolean;
  readonly message: string;
  /** The error code when not ok (AUTH_FAILED, ECONNREFUSED...), for the CLI's JSON output. */
  readonly code?: string;
}

/** Every way a descriptor can contradict itself, as plain sentences; empty when it is sound. */
export function descriptorProblems(descriptor: ConnectorDescriptor): string[] {
  const problems: string[] = [];
  if (!/^[a-z][a-z0-9-]*$/.test(descriptor.id))
    problems.push(`id "${descriptor.id}" must be lower-case letters, digits and dashes`);
  if (descriptor.authKinds.length === 0) problems.push('no auth kind');
  const names = new Set<string>();
  for (const stream of descriptor.streams) {
    if (names.has(stream.entity)) problems.push(`stream ${stream.entity} is declared twice`);
    names.add(stream.entity);
    const fields = new Set(stream.fields.map((field) => field.name));
    if (stream.key.length === 0) problems.push(`stream ${stream.entity} has no key`);
    for (const key of stream.key)
      if (!fields.has(key)) problems.push(`stream ${stream.entity}: key ${key} is not a field`);
    if (stream.cursorField !== undefined && !fields.has(stream.cursorField))
      problems.push(`stream ${stream.entity}: cursor ${stream.cursorField} is not a field`);
  }
  for (const kind of descriptor.authKinds) {
    if (kind !== 'none' && (descriptor.secrets[kind] ?? []).length === 0)
      problems.push(`auth kind ${kind} names no secret`);
  }
  return problems;
}

export function assertDescriptor(descriptor: ConnectorDescriptor): ConnectorDescriptor {
  const problems = descriptorProblems(descriptor);
  if (problems.length > 0) throw new KitError('CONFIG_INVALID', `connector ${descriptor.id}: ${problems.join('; ')}`);
  return descriptor;
}

/** Runs a connection test and turns any failure into words with its code (never a stack trace). */
export async function ping(test: () => Promise<string>): Promise<PingResult> {
  try {
    return { ok: true, message: await test() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return {
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
}
