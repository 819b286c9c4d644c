/**
 * "Export for headless use": the pipeline written where IT will run it, with its relative paths
 * (lookup CSVs, file folders, the DuckDB file, the $schema) rewritten so they still point at the same files from
 * the new folder, plus what IT needs to know: the command to schedule and the environment variables
 * that carry the secrets on a machine without a keychain. No secret value is involved.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Connection, Pipeline } from '../../model/index.ts';
import { environmentVariableFor } from '../../secrets/index.ts';

/** Address parts that name a file or folder on disk (file and DuckDB connectors). */
const PATH_PARTS = ['path', 'folder'] as const;

export interface HeadlessInstructions {
  readonly command: string;
  readonly secrets: readonly { readonly name: string; readonly environmentVariable: string }[];
  readonly rewrittenPaths: readonly { readonly where: string; readonly from: string; readonly to: string }[];
}

export function secretNamesOf(connection: Connection): string[] {
  const { auth } = connection;
  if (auth.method === 'none') return [];
  return auth.method === 'oauth2-refresh-token' ? [auth.secret, auth.refreshTokenSecret] : [auth.secret];
}

export function rebasePipeline(pipeline: Pipeline, fromDir: string, toDir: string): { pipeline: Pipeline; rewritten: HeadlessInstructions['rewrittenPaths'] } {
  const rewritten: { where: string; from: string; to: string }[] = [];
  const rebase = (where: string, value: string): string => {
    if (isAbsolute(value) || fromDir === toDir) return value;
    const moved = relative(toDir, resolve(fromDir, value)).split(sep).join('/');
    const next = moved.startsWith('.') ? moved : `./${moved}`;
    if (next !== value) rewritten.push({ where, from: value, to: next });
    return next;
  };
  const connections = Object.fromEntries(
    Object.entries(pipeline.connections).map(([name, connection]) => {
      const address = { ...connection.address };
      for (const part of PATH_PARTS) {
        const value = address[part];
        if (typeof value === 'string') address[part] = rebase(`connections.${name}.address.${part}`, value);
      }
      return [name, { ...connection, address }];
    }),
  );
  const lookups = Object.fromEntries(
    Object.entries(pipeline.lookups ?? {}).map(([name, lookup]) =>
      lookup.file ? [name, { ...lookup, file: { ...lookup.file, path: rebase(`lookups.${name}.file.path`, lookup.file.path) } }] : [name, lookup],
    ),
  );
  // The JSON Schema editors read, when it is named by a file path rather than a web address.
  const schema = pipeline.$schema === undefined || /^[a-z][a-z0-9+.-]+:/i.test(pipeline.$schema) ? pipeline.$schema : rebase('$schema', pipeline.$schema);
  return { pipeline: { ...pipeline, ...(schema !== undefined ? { $schema: schema } : {}), connections, ...(pipeline.lookups ? { lookups } : {}) } as Pipeline, rewritten };
}

export function headlessInstructions(pipeline: Pipeline, exportedPath: string, rewrittenPaths: HeadlessInstructions['rewrittenPaths']): HeadlessInstructions {
  const names = [...new Set(Object.values(pipeline.connections).flatMap(secretNamesOf))];
  return {
    command: `ml-connector run "${exportedPath}" --json`,
    secrets: names.map((name) => ({ name, environmentVariable: environmentVariableFor(name) })),
    rewrittenPaths,
  };
}
