/**
 * "Export for headless use": the pipeline written where IT will run it, with its relative paths
 * (lookup CSVs, file folders, the DuckDB file, CA certificates, the $schema) rewritten so they still
 * point at the same files from the new folder, plus what IT needs to know: the command to schedule and
 * the environment variables that carry the secrets on a machine without a keychain. No secret value is
 * involved. A data file that would sit outside the new folder gets its full path, as a relative path
 * may not climb out of the pipeline's folder (engine/model/file-paths.ts).
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import {
  fileAddressParts,
  formatPath,
  isAbsolutePath,
  ownEntry,
  readPipelineSchedule,
  secretNamesOf,
  type Pipeline,
} from '../../model/index.ts';
import { environmentVariableFor } from '../../secrets/index.ts';

export interface HeadlessInstructions {
  readonly command: string;
  /** The state folder the command uses: the one the studio used for this pipeline (watermarks, holds, history). */
  readonly stateDir: string;
  readonly secrets: readonly { readonly name: string; readonly environmentVariable: string }[];
  readonly rewrittenPaths: readonly { readonly where: string; readonly from: string; readonly to: string }[];
  /** When the pipeline suggests a schedule: it in words and its next runs, as the studio's schedule editor says them. */
  readonly schedule?: HeadlessSchedule;
}

export interface HeadlessSchedule {
  readonly cron: string;
  readonly timeZone: string;
  readonly words: string;
  readonly next: readonly { readonly at: string; readonly local: string }[];
}

export function rebasePipeline(
  pipeline: Pipeline,
  fromDir: string,
  toDir: string,
): { pipeline: Pipeline; rewritten: HeadlessInstructions['rewrittenPaths'] } {
  const rewritten: { where: string; from: string; to: string }[] = [];
  /** `mayClimbOut`: the $schema, which only editors read, may stay relative wherever it is. */
  const rebase = (where: string, value: string, mayClimbOut = false): string => {
    if (isAbsolute(value) || isAbsolutePath(value) || fromDir === toDir) return value;
    const moved = relative(toDir, resolve(fromDir, value)).split(sep).join('/');
    const outside = isAbsolute(moved) || (!mayClimbOut && (moved === '..' || moved.startsWith('../')));
    const next = outside ? resolve(fromDir, value) : moved.startsWith('.') ? moved : `./${moved}`;
    if (next !== value) rewritten.push({ where, from: value, to: next });
    return next;
  };
  const connections = Object.fromEntries(
    Object.entries(pipeline.connections).map(([name, connection]) => {
      const address = { ...connection.address };
      for (const part of fileAddressParts(connection.system)) {
        const value = address[part];
        if (typeof value === 'string' && value !== '')
          address[part] = rebase(formatPath(['connections', name, 'address', part]), value);
      }
      return [name, { ...connection, address }];
    }),
  );
  const lookups = Object.fromEntries(
    Object.entries(pipeline.lookups ?? {}).map(([name, lookup]) =>
      lookup.file
        ? [
            name,
            {
              ...lookup,
              file: { ...lookup.file, path: rebase(formatPath(['lookups', name, 'file', 'path']), lookup.file.path) },
            },
          ]
        : [name, lookup],
    ),
  );
  // The JSON Schema editors read, when it is named by a file path rather than a web address.
  const schema =
    pipeline.$schema === undefined || /^[a-z][a-z0-9+.-]+:/i.test(pipeline.$schema)
      ? pipeline.$schema
      : rebase('$schema', pipeline.$schema, true);
  return {
    pipeline: {
      ...pipeline,
      ...(schema !== undefined ? { $schema: schema } : {}),
      connections,
      ...(pipeline.lookups ? { lookups } : {}),
    } as Pipeline,
    rewritten,
  };
}

/**
 * `state`: the studio's state folder for this pipeline, and whether the command must name it (it is not
 * the exported file's own default, `.ml-connector` beside it), so the scheduled run carries on from the
 * watermarks the studio reached instead of loading everything again.
 */
export function headlessInstructions(
  pipeline: Pipeline,
  exportedPath: string,
  rewrittenPaths: HeadlessInstructions['rewrittenPaths'],
  state: { readonly stateDir: string; readonly nameIt: boolean },
  now: Date = new Date(),
): HeadlessInstructions {
  const names = [...new Set(Object.values(pipeline.connections).flatMap(secretNamesOf))];
  const schedule = readPipelineSchedule(pipeline, now);
  return {
    ...(pipeline.schedule !== undefined && schedule?.ok === true
      ? {
          schedule: {
            cron: pipeline.schedule.cron,
            timeZone: schedule.timeZone,
            words: schedule.words,
            next: schedule.next,
          },
        }
      : {}),
    command: `ml-connector run "${exportedPath}"${state.nameIt ? ` --state "${state.stateDir}"` : ''} --json`,
    stateDir: state.stateDir,
    secrets: names.map((name) => ({ name, environmentVariable: environmentVariableFor(name) })),
    rewrittenPaths,
  };
}
