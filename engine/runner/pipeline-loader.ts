/** Reads a pipeline file from disk; every problem is reported at once, with the file's own words. */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { isUsable, parsePipelineText, type Pipeline, type Problem } from '../model/index.ts';
import { MlcError } from '../model/errors.ts';

export class PipelineProblemsError extends MlcError {
  constructor(
    readonly file: string,
    readonly problems: readonly Problem[],
  ) {
    const errors = problems.filter((p) => p.severity === 'error');
    super('INVALID_PIPELINE', `${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'}`);
  }
}

export interface LoadedPipeline {
  readonly pipeline: Pipeline;
  readonly path: string;
  /** Relative paths inside the file resolve against this folder. */
  readonly dir: string;
  /** Identifies the pipeline's state (run store, destination checkpoints): `pipelineIdOf`. */
  readonly id: string;
  /** Warnings (problems that do not stop a run) and applied migrations. */
  readonly warnings: readonly Problem[];
  readonly migrations: readonly string[];
}

/**
 * The pipeline's identity, under which the run store keeps its runs, holds and watermarks and the
 * destinations keep their checkpoints: the file's `id`, else its file name without extension.
 */
export function pipelineIdOf(pipeline: Pipeline, path: string): string {
  return pipeline.id ?? basename(path, extname(path));
}

export function loadPipelineFile(file: string): LoadedPipeline {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : 'it cannot be read';
    throw new MlcError('PIPELINE_UNREADABLE', `Cannot open the pipeline ${file}: ${reason}.`);
  }
  const load = parsePipelineText(text);
  if (!isUsable(load)) throw new PipelineProblemsError(file, load.problems);
  return {
    pipeline: load.pipeline,
    path,
    dir: dirname(path),
    id: pipelineIdOf(load.pipeline, path),
    warnings: load.problems,
    migrations: load.migrations,
  };
}
