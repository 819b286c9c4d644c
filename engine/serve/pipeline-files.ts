/**
 * The pipelines a service runs, read again on every reload. A folder stands for the `*.json` pipeline
 * files in it (new ones are picked up); a file that changed is validated before it replaces the version
 * running, and an invalid one leaves the previous version in place with the reason why.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { problemLine } from '../model/index.ts';
import { loadPipelineFile, PipelineProblemsError, type LoadedPipeline } from '../runner/index.ts';

export type CatalogChange =
  | { readonly kind: 'loaded' | 'reloaded'; readonly path: string; readonly loaded: LoadedPipeline }
  | {
      readonly kind: 'refused';
      readonly path: string;
      readonly reason: string;
      /** The version that keeps running, when the file was valid before. */
      readonly kept: LoadedPipeline | undefined;
    }
  | { readonly kind: 'removed'; readonly path: string };

interface Known {
  readonly digest: string;
  readonly loaded: LoadedPipeline | undefined;
}

/** The pipeline files the targets name now: a file as given, a folder's `*.json` files in name order. */
export function pipelineFilesOf(targets: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  for (const target of targets) {
    const path = resolve(cwd, target);
    let folder = false;
    try {
      folder = statSync(path).isDirectory();
    } catch {
      // A file that is missing now is reported as refused when it is read, like any other unreadable file.
    }
    if (!folder) {
      files.push(path);
      continue;
    }
    for (const name of readdirSync(path).sort()) if (name.endsWith('.json')) files.push(join(path, name));
  }
  return [...new Set(files)];
}

export class PipelineCatalog {
  private readonly known = new Map<string, Known>();

  constructor(
    private readonly targets: readonly string[],
    private readonly cwd: string,
  ) {}

  /** Reads every file again; returns what changed since the last refresh. */
  refresh(): CatalogChange[] {
    const changes: CatalogChange[] = [];
    const present = pipelineFilesOf(this.targets, this.cwd);
    for (const path of present) {
      const digest = digestOf(path);
      const before = this.known.get(path);
      if (before && before.digest === digest) continue;
      try {
        const loaded = loadPipelineFile(path);
        this.known.set(path, { digest, loaded });
        changes.push({ kind: before?.loaded ? 'reloaded' : 'loaded', path, loaded });
      } catch (error) {
        this.known.set(path, { digest, loaded: before?.loaded });
        changes.push({ kind: 'refused', path, reason: reasonOf(error), kept: before?.loaded });
      }
    }
    for (const path of [...this.known.keys()]) {
      if (present.includes(path)) continue;
      this.known.delete(path);
      changes.push({ kind: 'removed', path });
    }
    return changes;
  }
}

function digestOf(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return 'unreadable';
  }
}

/** Every problem of an invalid file, each with its JSON path, in one line a log reader can act on. */
function reasonOf(error: unknown): string {
  if (error instanceof PipelineProblemsError) {
    const problems = error.problems.filter((p) => p.severity === 'error').map(problemLine);
    return `${error.message}: ${problems.join('; ')}`;
  }
  return error instanceof Error ? error.message : String(error);
}
