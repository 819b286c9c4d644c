/**
 * Exit codes and the one-line error report. Scripts and schedulers branch on the exit code
 * (PRODUCT.md), people read the line; the stack is only for `--debug`.
 */
import { problemLine } from '../model/index.ts';
import { PipelineProblemsError } from '../runner/pipeline-loader.ts';

export const EXIT_OK = 0;
/** Some records were held for review, or a stream failed. */
export const EXIT_PROBLEMS = 1;
/** An invalid pipeline or invalid arguments. */
export const EXIT_INVALID = 2;
/**
 * The pipeline is already running in this state folder (another `run`, `replay`, the studio or `serve`
 * holds its lock): nothing was done; try again later. 75 is EX_TEMPFAIL, the code schedulers and mail
 * systems already read as "temporary failure, retry".
 */
export const EXIT_LOCKED = 75;
/** Stopped by Ctrl-C: the shell's own code for "ended by SIGINT" (128 + 2). */
export const EXIT_CANCELLED = 130;

/** A mistake on the command line: exit 2 with the message as it is. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The person stopped the command (Ctrl-C at a prompt): exit 130, like a cancelled run. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}

/**
 * Error codes that mean "what you gave me is wrong" rather than "something failed while working":
 * an unreadable or invalid pipeline, an id that is not in the audit trail, a malformed secret name,
 * a sign-in that cannot work here (a single-use refresh token with nowhere to keep the next one).
 */
const INVALID_INPUT_CODES = new Set([
  'INVALID_PIPELINE',
  'PIPELINE_UNREADABLE',
  'NOT_FOUND',
  'RUN_NOT_FOUND',
  'BATCH_NOT_FOUND',
  'SECRET_NAME_INVALID',
  'SECRET_VALUE_INVALID',
  'REFRESH_TOKEN_UNSTORABLE',
]);

export function isInvalidInputCode(code: string): boolean {
  return INVALID_INPUT_CODES.has(code);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_INVALID;
  if (error instanceof CancelledError) return EXIT_CANCELLED;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'RUN_LOCKED') return EXIT_LOCKED;
  return typeof code === 'string' && isInvalidInputCode(code) ? EXIT_INVALID : EXIT_PROBLEMS;
}

/** Error messages can carry a vendor's multi-line text; the report stays one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** The first error of an invalid pipeline, with its JSON path, and how many more there are. */
export function pipelineProblemsLine(error: PipelineProblemsError): string {
  const errors = error.problems.filter((p) => p.severity === 'error');
  const first = errors[0] ?? error.problems[0];
  if (!first) return `${error.file} is not a valid pipeline.`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more; see ml-connector validate ${error.file})` : '';
  return `${error.file}: ${problemLine(first)}${more}`;
}

export function errorMessage(error: unknown): string {
  if (error instanceof PipelineProblemsError) return pipelineProblemsLine(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What goes to stderr: `error: <one line>`, and with --debug the stack below it. */
export function errorReport(error: unknown, debug: boolean): string[] {
  const lines = [`error: ${oneLine(errorMessage(error)) || 'an unexpected error with no message'}`];
  if (debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}
