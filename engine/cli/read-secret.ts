/**
 * Reads a secret value from standard input: typed without echo on a terminal, or piped in
 * (`printf %s "$TOKEN" | ml-connector secrets set NAME`). Never from an argument, which would
 * land in the shell's history and in the process list.
 */
import { CancelledError, UsageError } from './errors.ts';

/** Piped text minus the one line ending `echo` or a here-string adds; inner whitespace is kept. */
export function valueFromPipedText(text: string): string {
  return text.replace(/\r?\n$/, '');
}

export async function readSecretValue(
  stdin: NodeJS.ReadStream,
  prompt: (text: string) => void,
  label: string,
): Promise<string> {
  const value = stdin.isTTY ? await readHidden(stdin, prompt, label) : valueFromPipedText(await readAll(stdin));
  if (value === '') throw new UsageError(`the value for "${label}" is empty; nothing was stored.`);
  return value;
}

async function readAll(stdin: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Raw mode, so the terminal shows nothing of what is typed; Enter ends, Ctrl-C or Ctrl-D on an empty line cancels. */
function readHidden(stdin: NodeJS.ReadStream, prompt: (text: string) => void, label: string): Promise<string> {
  prompt(`Value for ${label} (typing is hidden, Enter to finish): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      prompt('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || (char === '\u0004' && value === ''))
          return finish(new CancelledError('cancelled; nothing was stored.'));
        if (char === '\u007f' || char === '\b') value = Array.from(value).slice(0, -1).join('');
        else if (char >= ' ') value += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
