/**
 * What a command gets besides its arguments: where to write, the environment it runs in, and the
 * secrets. Every line written passes the secret scrub, so no command can leak a value by accident.
 */
import type { ParsedArgs } from './args.ts';
import type { CliSecrets } from './secrets.ts';

export interface Output {
  line(text: string): void;
  /** One JSON object on one line (the `--json` format). */
  json(value: unknown): void;
}

export interface CliContext {
  /** Results: what scripts read. */
  readonly out: Output;
  /** Errors, warnings and notes for people. */
  readonly err: Output;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdin: NodeJS.ReadStream;
  /** For the progress display, which draws on a terminal only. */
  readonly stderr: NodeJS.WriteStream;
  readonly secrets: CliSecrets;
}

export type CommandHandler = (args: ParsedArgs, context: CliContext) => Promise<number>;

export function scrubbedOutput(stream: NodeJS.WritableStream, scrub: (text: string) => string): Output {
  return {
    line: (text) => {
      stream.write(`${scrub(text)}\n`);
    },
    json: (value) => {
      stream.write(`${scrub(JSON.stringify(value))}\n`);
    },
  };
}
