/** Open, save and validate pipeline files: text in, canonical text and problems with JSON paths out. */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatPipeline, isUsable, parsePipelineText, type Problem } from '../../model/index.ts';
import { MlcError } from '../../model/errors.ts';
import { pipelineIdOf } from '../../runner/index.ts';
import { defaultStateDir } from '../../store/state-folder.ts';
import { hostStateDir, stateDirFor, type HostContext } from './context.ts';
import { headlessInstructions, rebasePipeline, type HeadlessInstructions } from './export-pipeline.ts';
import { recentFiles } from './recent-files.ts';

/** The example pipelines shipped with the studio, offered on the start screen. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../assets/examples/', import.meta.url));

interface Canonical {
  readonly text: string;
  readonly problems: readonly Problem[];
  readonly migrations: readonly string[];
  /** The text could be read as JSON (work in progress included) and holds no secret value. */
  readonly savable: boolean;
}

/** Problems that make canonical text lose or expose something: such a file is shown and saved only as written. */
const KEEP_AS_WRITTEN = new Set(['json', 'file', 'secret-in-file', 'duplicate-key']);

function canonical(text: string): Canonical {
  const load = parsePipelineText(text);
  const savable = !load.problems.some((p) => KEEP_AS_WRITTEN.has(p.code));
  // A pipeline that does not parse yet (or repeats a key) keeps the analyst's own text: nothing of theirs is rewritten away.
  return {
    text: load.pipeline && savable ? formatPipeline(load.pipeline) : text,
    problems: load.problems,
    migrations: load.migrations,
    savable,
  };
}

/** A pipeline moved to another folder, its relative paths still leading to the same files; text that is not a pipeline yet stays as written. */
function rebasedText(
  text: string,
  fromDir: string,
  toDir: string,
): { text: string; rewrittenPaths: HeadlessInstructions['rewrittenPaths'] } {
  const load = parsePipelineText(text);
  if (load.pipeline === undefined || load.problems.some((p) => KEEP_AS_WRITTEN.has(p.code)))
    return { text, rewrittenPaths: [] };
  const { pipeline, rewritten } = rebasePipeline(load.pipeline, fromDir, toDir);
  return { text: formatPipeline(pipeline), rewrittenPaths: rewritten };
}

async function writeAtomically(path: string, shown: string, text: string): Promise<void> {
  // Write beside, then rename: a crash mid-save never leaves half a pipeline file.
  const temporary = `${path}.${process.pid}.saving`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : 'the disk refused the write';
    throw new MlcError('PIPELINE_UNWRITABLE', `Cannot write ${shown}: ${reason}.`);
  }
}

export function pipelinesService(context: HostContext, examplesDir = EXAMPLES_DIR) {
  const recent = recentFiles(hostStateDir(context), context.cwd);
  return {
    async open(request: { path: string }) {
      const path = resolve(context.cwd, request.path);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code;
        const reason =
          code === 'ENOENT'
            ? 'there is no such file'
            : code === 'EISDIR'
              ? 'it is a folder, not a file'
              : 'it cannot be read';
        throw new MlcError('PIPELINE_UNREADABLE', `Cannot open the pipeline ${request.path}: ${reason}.`);
      }
      const { savable: _, ...result } = canonical(text);
      await recent.remember(request.path);
      return { path: request.path, ...result };
    },

    /** `from`: the file the text was opened from or last saved as; saved into another folder, its relative paths are rebased as Export rebases them. */
    async save(request: { path: string; text: string; from?: string | undefined }) {
      const to = resolve(context.cwd, request.path);
      const moved =
        request.from === undefined
          ? { text: request.text, rewrittenPaths: [] }
          : rebasedText(request.text, dirname(resolve(context.cwd, request.from)), dirname(to));
      const { savable, ...result } = canonical(moved.text);
      if (!savable) return { path: request.path, ...result, saved: false, rewrittenPaths: [] };
      await writeAtomically(to, request.path, result.text);
      await recent.remember(request.path);
      return { path: request.path, ...result, saved: true, rewrittenPaths: moved.rewrittenPaths };
    },

    /** The same pipeline written elsewhere for a scheduler, its relative paths still pointing at the same files. */
    async export(request: { path: string; text: string; to: string }) {
      const load = parsePipelineText(request.text);
      if (!isUsable(load)) {
        throw new MlcError(
          'PIPELINE_INVALID',
          `Fix the ${load.problems.length === 1 ? 'problem' : `${load.problems.length} problems`} in the pipeline before exporting it for headless use.`,
        );
      }
      const from = resolve(context.cwd, request.path);
      const to = resolve(context.cwd, request.to);
      const { pipeline: rebased, rewritten } = rebasePipeline(load.pipeline, dirname(from), dirname(to));
      // The copy keeps this pipeline's identity (its runs, holds, watermarks and the destinations' checkpoints
      // are kept under it), whatever the copy's file is called; and the command names the studio's state folder.
      const id = pipelineIdOf(load.pipeline, from);
      const pipeline = pipelineIdOf(rebased, to) === id ? rebased : { ...rebased, id };
      const stateDir = stateDirFor(context, from);
      // A scheduler's folder is often new: make it, unlike Save, which writes where the analyst already works.
      await mkdir(dirname(to), { recursive: true });
      await writeAtomically(to, request.to, formatPipeline(pipeline));
      return {
        path: request.to,
        ...headlessInstructions(pipeline, request.to, rewritten, {
          stateDir,
          nameIt: stateDir !== defaultStateDir(to),
        }),
      };
    },

    async recent() {
      return recent.list();
    },

    async examples() {
      const names = (await readdir(examplesDir)).filter((name) => name.endsWith('.json')).sort();
      return Promise.all(
        names.map(async (name) => {
          const path = join(examplesDir, name);
          const load = parsePipelineText(await readFile(path, 'utf8'));
          return {
            path,
            name: load.pipeline?.name ?? name,
            ...(load.pipeline?.notes ? { notes: load.pipeline.notes } : {}),
          };
        }),
      );
    },

    async validate(request: { text: string; path?: string | undefined }) {
      const { savable: _, ...result } = canonical(request.text);
      return { path: request.path ?? '', ...result };
    },
  };
}
