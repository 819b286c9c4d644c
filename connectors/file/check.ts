/**
 * The file connection's test: the folder is there and is a folder. Answers in words, never throws.
 * `folder` is resolved; `shown` is the folder as the pipeline file writes it.
 */
import { stat } from 'node:fs/promises';
import { ping, type PingResult } from '../kit/descriptor.ts';

export function findFolder(folder: string, shown: string): Promise<PingResult> {
  return ping(async () => {
    if (!(await stat(folder)).isDirectory())
      throw Object.assign(new Error(`${shown} is not a folder`), { code: 'ENOTDIR' });
    return `folder ${shown} found`;
  });
}
