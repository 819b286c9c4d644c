/**
 * Reading and writing pipeline files. Reading reports every problem at once (JSON syntax, secrets,
 * version, schema, references) and upgrades older versions. Writing is canonical: keys in the order
 * of the schema, maps in the order the analyst wrote them, 2-space indent, a final newline, so that
 * load -> save is byte-identical and git diffs show only what changed.
 */
import { checkAddressSecrets } from './connection-secrets.ts';
import { findDuplicateKeys } from './duplicate-keys.ts';
import { checkFilePaths } from './file-paths.ts';
import { parseKeepingEveryName } from './keep-every-name.ts';
import { checkLookups } from './lookup-checks.ts';
import { migrateToCurrent, type JsonObject } from './migrations.ts';
import { hasErrors, type Problem } from './problems.ts';
import { checkReferences } from './references.ts';
import { problemsFromZod } from './schema-problems.ts';
import { pipelineSchema, type Pipeline } from './schema/pipeline.ts';
import { findSecretsInDocument } from './secrets-guard.ts';

export interface PipelineLoad {
  /** The pipeline, when the file is structurally valid (it may still have problems with references). */
  readonly pipeline?: Pipeline;
  readonly problems: readonly Problem[];
  /** Descriptions of the upgrades applied to an older file; saving writes the current version. */
  readonly migrations: readonly string[];
}

export function parsePipelineText(text: string): PipelineLoad {
  const json = parseJson(text);
  if (!json.ok) return { problems: [json.problem], migrations: [] };
  const duplicates = findDuplicateKeys(text);
  const load = parsePipelineDocument(json.value);
  return duplicates.length === 0 ? load : { ...load, problems: [...duplicates, ...load.problems] };
}

export function parsePipelineDocument(document: unknown): PipelineLoad {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    return {
      problems: [topLevel('The file must contain one JSON object { ... } describing the pipeline.')],
      migrations: [],
    };
  }
  const secrets = findSecretsInDocument(document);
  const migrated = migrateToCurrent(document as JsonObject);
  if (!migrated.ok)
    return { problems: [...secrets, { ...topLevel(migrated.message), path: 'version' }], migrations: [] };
  const parsed = parseKeepingEveryName(pipelineSchema, migrated.document);
  if (!parsed.success) {
    return {
      problems: [...secrets, ...problemsFromZod(parsed.issues, migrated.document)],
      migrations: migrated.applied,
    };
  }
  const problems = [
    ...secrets,
    ...checkReferences(parsed.data),
    ...checkLookups(parsed.data),
    ...checkFilePaths(parsed.data),
    ...checkAddressSecrets(parsed.data),
  ];
  return { pipeline: parsed.data, problems, migrations: migrated.applied };
}

/** Canonical text of a pipeline: schema key order, 2-space indent, final newline. */
export function formatPipeline(pipeline: Pipeline): string {
  const parsed = parseKeepingEveryName(pipelineSchema, pipeline);
  // A pipeline that is not valid yet (an analyst's work in progress) is still saved, as written.
  const ordered = parsed.success ? parsed.data : pipeline;
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function isUsable(load: PipelineLoad): load is PipelineLoad & { pipeline: Pipeline } {
  return load.pipeline !== undefined && !hasErrors(load.problems);
}

function topLevel(message: string): Problem {
  return { path: '(top of the file)', message, severity: 'error', code: 'file' };
}

type JsonParse = { ok: true; value: unknown } | { ok: false; problem: Problem };

function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(detail);
    const lineColumn = /line (\d+) column (\d+)/.exec(detail);
    let line: number | undefined;
    let column: number | undefined;
    if (lineColumn) {
      line = Number(lineColumn[1]);
      column = Number(lineColumn[2]);
    } else if (position) {
      ({ line, column } = lineAndColumn(text, Number(position[1])));
    } else if (text.trim() === '') {
      return { ok: false, problem: { ...topLevel('The file is empty.'), code: 'json' } };
    } else {
      ({ line, column } = lineAndColumn(text, text.length));
    }
    const reason = detail.replace(/\s*in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    return {
      ok: false,
      problem: { ...topLevel(`The file is not valid JSON: ${reason}.`), code: 'json', line, column },
    };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
