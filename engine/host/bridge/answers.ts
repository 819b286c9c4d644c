/** How the bridge answers: JSON bodies with the secret scrub applied, and errors as a code and a sentence, never a stack. */
import type { ServerResponse } from 'node:http';
import { problemLine } from '../../model/index.ts';
import { PipelineProblemsError } from '../../runner/index.ts';
import type { SecretRegistry } from '../../secrets/index.ts';

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** Scrubs the value's strings, then the text again: a secret split across a value and its escaping is still caught. */
export function scrubbedJson(registry: SecretRegistry, value: unknown): string {
  return registry.scrub(JSON.stringify(registry.scrubValue(value)));
}

export function sendJson(response: ServerResponse, registry: SecretRegistry, status: number, body: unknown): void {
  response.writeHead(status, JSON_HEADERS).end(scrubbedJson(registry, body));
}

export function sendError(response: ServerResponse, registry: SecretRegistry, status: number, error: ErrorBody): void {
  sendJson(response, registry, status, { error });
}

const NOT_FOUND_CODES = new Set(['NOT_FOUND', 'PIPELINE_UNREADABLE', 'ENOENT']);

/**
 * An engine error as an answer. Errors with a stable code are the analyst's to read (422, or 404 for
 * something missing); anything else is our fault: 500 with a plain sentence, the detail in the host's log.
 */
export function errorAnswer(error: unknown): { status: number; body: ErrorBody; log: boolean } {
  if (error instanceof PipelineProblemsError) {
    const lines = error.problems.filter((p) => p.severity === 'error').map(problemLine);
    return { status: 422, body: { code: error.code, message: [error.message, ...lines].join('\n') }, log: false };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && typeof code === 'string' && code !== 'UNEXPECTED') {
    return { status: NOT_FOUND_CODES.has(code) ? 404 : 422, body: { code, message: error.message }, log: false };
  }
  return {
    status: 500,
    body: { code: 'UNEXPECTED', message: 'The studio host hit an unexpected error; its log has the detail.' },
    log: true,
  };
}
