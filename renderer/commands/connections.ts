/**
 * Edits to a pipeline's connections: add, remove, address parts, sign-in and notes. Pure: each returns
 * a new pipeline, or the same object when nothing changes (so `apply` records no empty undo step).
 * Secrets never pass through here: the auth block holds only their reference names.
 */
import {
  authSchema,
  hasOwnName,
  ownEntry,
  type Auth,
  type Connection,
  type Pipeline,
} from '../../engine/model/index.ts';

export type AddressValue = string | number | boolean;

/** A field of an auth block besides `method`, as the pipeline file's schema declares it. */
export interface AuthField {
  readonly name: string;
  readonly required: boolean;
  /** Holds a secret's reference name (`secret`, `refreshTokenSecret`), not a plain setting. */
  readonly secret: boolean;
}

const SECRET_FIELDS = ['secret', 'refreshTokenSecret'] as const;

/** The fields each sign-in method has, read from the file schema itself so the form never drifts from it. */
export function authFieldsOf(method: string): AuthField[] {
  const option = authSchema.options.find((candidate) => candidate.shape.method.value === method);
  if (!option) return [];
  return Object.entries(option.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>)
    .filter(([name]) => name !== 'method')
    .map(([name, schema]) => ({
      name,
      required: !schema.safeParse(undefined).success,
      secret: (SECRET_FIELDS as readonly string[]).includes(name),
    }));
}

export function authMethods(): string[] {
  return authSchema.options.map((option) => option.shape.method.value);
}

/** Reference names a new connection's secrets get, e.g. `gp_password`; the analyst may rename them. */
const SECRET_SUFFIX: Readonly<Record<string, readonly [string, string?]>> = {
  basic: ['password'],
  ntlm: ['password'],
  negotiate: ['password'],
  'api-key': ['api_key'],
  'personal-access-token': ['token'],
  'oauth2-client-credentials': ['client_secret'],
  'oauth2-refresh-token': ['client_secret', 'refresh_token'],
};

/**
 * A sign-in block for `method`, keeping what the previous block had in fields of the same name (the
 * user name survives a switch from NTLM to Basic), naming secrets after the connection otherwise, and
 * leaving other required fields empty for the analyst to fill.
 */
export function authFor(connectionName: string, method: string, previous?: Auth): Auth {
  const kept = (previous ?? {}) as Record<string, unknown>;
  const suffixes = SECRET_SUFFIX[method] ?? [];
  const previousSuffixes = previous ? (SECRET_SUFFIX[previous.method] ?? []) : [];
  const kindOf = (list: readonly (string | undefined)[], field: string) => (field === 'secret' ? list[0] : list[1]);
  const auth: Record<string, unknown> = { method };
  for (const field of authFieldsOf(method)) {
    const old = kept[field.name];
    // A secret reference survives only for the same kind of secret (a password stays a password); an API
    // key's reference must not silently become an OAuth client secret's.
    const sameKind = !field.secret || kindOf(previousSuffixes, field.name) === kindOf(suffixes, field.name);
    if (typeof old === 'string' && old !== '' && sameKind) auth[field.name] = old;
    else if (field.secret) auth[field.name] = `${connectionName}_${kindOf(suffixes, field.name) ?? 'secret'}`;
    else if (field.required) auth[field.name] = '';
  }
  return auth as Auth;
}

function withConnection(pipeline: Pipeline, name: string, change: (connection: Connection) => Connection): Pipeline {
  const connection = ownEntry(pipeline.connections, name);
  if (!connection) return pipeline;
  const next = change(connection);
  if (next === connection || JSON.stringify(next) === JSON.stringify(connection)) return pipeline;
  return { ...pipeline, connections: { ...pipeline.connections, [name]: next } };
}

/** Adds a connection at the end; refuses a name already taken. */
export function addConnection(name: string, connection: Connection): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    hasOwnName(pipeline.connections, name)
      ? pipeline
      : { ...pipeline, connections: { ...pipeline.connections, [name]: connection } };
}

/** The streams that read from or write to a connection: it cannot be removed while any does. */
export function streamsUsing(pipeline: Pipeline, name: string): string[] {
  return Object.entries(pipeline.streams)
    .filter(([, stream]) => stream.source.connection === name || stream.target.connection === name)
    .map(([stream]) => stream);
}

export function removeConnection(name: string): (p: Pipeline) => Pipeline {
  return (pipeline) => {
    if (!hasOwnName(pipeline.connections, name) || streamsUsing(pipeline, name).length > 0) return pipeline;
    return {
      ...pipeline,
      connections: Object.fromEntries(Object.entries(pipeline.connections).filter(([other]) => other !== name)),
    };
  };
}

/** Sets an address part; an empty value removes it (optional parts are left out of the file). */
export function setAddressPart(name: string, part: string, value: AddressValue | undefined): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withConnection(pipeline, name, (connection) => {
      if (value === undefined || value === '') {
        if (!hasOwnName(connection.address, part)) return connection;
        return {
          ...connection,
          address: Object.fromEntries(Object.entries(connection.address).filter(([key]) => key !== part)),
        };
      }
      return ownEntry(connection.address, part) === value
        ? connection
        : { ...connection, address: { ...connection.address, [part]: value } };
    });
}

export function setAuthMethod(name: string, method: string): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withConnection(pipeline, name, (connection) =>
      connection.auth.method === method ? connection : { ...connection, auth: authFor(name, method, connection.auth) },
    );
}

/** Sets a field of the sign-in block (user name, client id, a secret's reference name...); empty removes an optional one. */
export function setAuthField(name: string, field: string, value: string): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withConnection(pipeline, name, (connection) => {
      const known = authFieldsOf(connection.auth.method).find((candidate) => candidate.name === field);
      if (!known) return connection;
      const auth = { ...(connection.auth as Record<string, unknown>) };
      if (value === '' && !known.required) delete auth[field];
      else auth[field] = value;
      return { ...connection, auth: auth as Auth };
    });
}

export function setConnectionNotes(name: string, notes: string): (p: Pipeline) => Pipeline {
  return (pipeline) =>
    withConnection(pipeline, name, (connection) => {
      if (notes.trim() === '') {
        const { notes: _, ...rest } = connection;
        return rest;
      }
      return { ...connection, notes };
    });
}
