/** Open, save and validate pipeline files: text in, canonical text and problems with JSON paths out. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatPipeline, parsePipelineText, type Problem } from '../../model/index.ts';
import { MlcError } from '../../model/errors.ts';
import type { HostContext } from './context.ts';

interface Canonical {
  readonly text: string;
  readonly problems: readonly Problem[];
  readonly migrations: readonly string[];
  /** The text could be read as JSON (work in progress included) and holds no secret value. */
  readonly savable: boolean;
}

function canonical(text: string): Canonical {
  const load = parsePipelineText(text);
  const savable = !load.problems.some((p) => p.code === 'json' || p.code === 'file' || p.code === 'secret-in-file');
  // A pipeline that does not parse yet keeps the analyst's own text: nothing of theirs is rewritten away.
  return { text: load.pipeline ? formatPipeline(load.pipeline) : text, problems: load.problems, migrations: load.migrations, savable };
}

export function pipelinesService(context: HostContext) {
  return {
    async open(request: { path: string }) {
      const path = resolve(context.cwd, request.path);
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        const code = (error as { code?: string }).code;
        const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : 'it cannot be read';
        throw new MlcError('PIPELINE_UNREADABLE', `Cannot open the pipeline ${request.path}: ${reason}.`);
      }
      const { savable: _, ...result } = canonical(text);
      return { path: request.path, ...result };
    },

    async save(request: { path: string; text: string }) {
      const { savable, ...result } = canonical(request.text);
      if (!savable) return { path: request.path, ...result, saved: false };
      const path = resolve(context.cwd, request.path);
      // Write beside, then rename: a crash mid-save never leaves half a pipeline file.
      const temporary = `${path}.${process.pid}.saving`;
      await writeFile(temporary, result.text, 'utf8');
      await rename(temporary, path);
      return { path: request.path, ...result, saved: true };
    },

    async validate(request: { text: string; path?: string | undefined }) {
      const { savable: _, ...result } = canonical(request.text);
      return { path: request.path ?? '', ...result };
    },
  };
}
