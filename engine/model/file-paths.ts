/**
 * Files and folders a pipeline names on this machine: lookup CSVs, a file connection's folder, the
 * DuckDB warehouse file, CA certificate files, and the files a stream reads from its connection's
 * folder. One rule for all of them, checked when the file is read, so `validate`, `run`, `preview`,
 * `plan` and the studio give the same answer:
 *
 * - A relative path resolves against the pipeline file's folder and must stay inside it. That folder
 *   is what travels with the file (a git checkout, a copy on the server IT runs it on); a path that
 *   climbs out of it with ".." points somewhere else, or nowhere, once the file is moved.
 * - A file kept elsewhere (a share the ERP exports to, a certificate IT keeps apart) is named by its
 *   full path, which says so plainly. Export and Save as write such full paths for files that would
 *   otherwise sit outside the new folder.
 * - A stream's file (`source.options.file` of a file connection) names a file inside its connection's
 *   folder: no full path, no "..". Files elsewhere belong to another connection, whose folder is theirs.
 *
 * Environment-neutral: paths are read as text, with "/" and "\" both separators, so a file written on
 * Windows is judged the same on Linux.
 */
import { ownEntry } from './own-names.ts';
import { formatPath, type Problem } from './problems.ts';
import { installedSystemRules } from './references.ts';
import type { Pipeline } from './schema/pipeline.ts';

/** Address parts of a system's connection that name a file or folder on this machine, from the connector list's rules. */
export function fileAddressParts(system: string): readonly string[] {
  return ownEntry(installedSystemRules(), system)?.pathParts ?? [];
}

export interface PathSetting {
  /** Where it is written, e.g. ['lookups', 'cost_centers', 'file', 'path']. */
  readonly at: readonly (string | number)[];
  readonly value: string;
  /** What a relative value resolves against. */
  readonly base: 'pipeline folder' | 'connection folder';
}

/** Every path setting of the pipeline, in file order: connections, lookups, then streams. */
export function pathSettings(pipeline: Pipeline): PathSetting[] {
  const settings: PathSetting[] = [];
  for (const [name, connection] of Object.entries(pipeline.connections)) {
    for (const part of fileAddressParts(connection.system)) {
      const value = ownEntry(connection.address, part);
      if (typeof value === 'string' && value !== '')
        settings.push({ at: ['connections', name, 'address', part], value, base: 'pipeline folder' });
    }
  }
  for (const [name, lookup] of Object.entries(pipeline.lookups ?? {})) {
    if (lookup.file)
      settings.push({ at: ['lookups', name, 'file', 'path'], value: lookup.file.path, base: 'pipeline folder' });
  }
  for (const [name, stream] of Object.entries(pipeline.streams)) {
    if (ownEntry(pipeline.connections, stream.source.connection)?.system !== 'file') continue;
    const file = ownEntry(stream.source.options, 'file');
    if (typeof file === 'string' && file !== '')
      settings.push({ at: ['streams', name, 'source', 'options', 'file'], value: file, base: 'connection folder' });
  }
  return settings;
}

export function checkFilePaths(pipeline: Pipeline): Problem[] {
  const problems: Problem[] = [];
  for (const setting of pathSettings(pipeline)) {
    const message =
      setting.base === 'pipeline folder' ? pipelinePathProblem(setting.value) : connectionFileProblem(setting.value);
    if (message !== undefined)
      problems.push({ path: formatPath(setting.at), code: 'path-outside-folder', severity: 'error', message });
  }
  return problems;
}

/** Why a path resolved against the pipeline's folder is refused, or undefined when it is fine. */
export function pipelinePathProblem(value: string): string | undefined {
  if (isAbsolutePath(value) || !climbsOut(value)) return undefined;
  const name = value.split(/[\\/]/).pop() || 'data';
  return `"${value}" is outside the pipeline's folder; a relative path must stay inside it, as the folder moves with the file. Write the full path of a file kept elsewhere (e.g. /srv/exports/${name})`;
}

/** Why a stream's file name is refused, or undefined when it names a file inside its connection's folder. */
export function connectionFileProblem(value: string): string | undefined {
  const segments = value.split(/[\\/]/);
  // "C:name" is relative to a drive's current folder on Windows: not inside this folder either.
  if (
    !isAbsolutePath(value) &&
    !/^[A-Za-z]:/.test(value) &&
    !segments.some((segment) => segment === '..' || segment === '')
  )
    return undefined;
  return `"${value}" must name a file inside the connection's folder (no leading '/', no '..'); files in another folder need a connection whose folder is theirs`;
}

/** A full path: /x, \x, C:\x or C:/x, \\server\share. */
export function isAbsolutePath(value: string): boolean {
  return /^[\\/]/.test(value) || /^[A-Za-z]:[\\/]/.test(value);
}

/** Whether a relative path's ".." segments take it above the folder it starts in. */
function climbsOut(value: string): boolean {
  let depth = 0;
  for (const segment of value.split(/[\\/]/)) {
    if (segment === '..') depth--;
    else if (segment !== '' && segment !== '.') depth++;
    if (depth < 0) return true;
  }
  return false;
}
