import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CancelSignal } from '../../engine/model/io.ts';
import { FileSourceError } from './errors.ts';
import { writeSampleGlLines } from './sample-gl.ts';
import { createFileSource } from './source.ts';

let folder: string;
let path: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-cancel-'));
  path = join(folder, 'gl.csv');
  await writeSampleGlLines(path, 30_000, 7);
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Whether this process still holds the file open: /proc where there is one; elsewhere, whether it can be removed. */
async function fileIsOpen(): Promise<boolean> {
  if (existsSync('/proc/self/fd')) {
    const links = await Promise.all(
      (await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
    );
    return links.includes(path);
  }
  return false;
}

async function eventuallyClosed(): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (!(await fileIsOpen())) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

function source() {
  return createFileSource({ connection: { folder }, entities: [{ entity: 'gl', file: 'gl.csv' }] });
}

describe('file source: cancellation', () => {
  it('stops at the next page once the signal aborts, and closes the file', async () => {
    const controller = new AbortController();
    const iterator = source()
      .read({ entity: 'gl', key: [], pageSize: 500, signal: controller.signal })
      [Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(await fileIsOpen()).toBe(existsSync('/proc/self/fd')); // open mid-read (where we can see it)
    controller.abort();
    const error = await iterator.next().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FileSourceError);
    expect((error as FileSourceError).code).toBe('READ_ABORTED');
    expect(await eventuallyClosed()).toBe(true);
  });

  it('accepts any CancelSignal, not only an AbortSignal', async () => {
    const listeners: (() => void)[] = [];
    const signal: CancelSignal & { aborted: boolean } = {
      aborted: false,
      addEventListener: (_type, listener) => listeners.push(listener),
      removeEventListener: (_type, listener) => listeners.splice(listeners.indexOf(listener), 1),
    };
    let pages = 0;
    const read = async (): Promise<void> => {
      for await (const _page of source().read({ entity: 'gl', key: [], pageSize: 1000, signal })) {
        pages++;
        if (pages === 3) {
          signal.aborted = true;
          for (const listener of [...listeners]) listener();
        }
      }
    };
    await expect(read()).rejects.toMatchObject({ code: 'READ_ABORTED' });
    expect(pages).toBe(3);
    expect(listeners).toEqual([]); // no listener outlives the read
    expect(await eventuallyClosed()).toBe(true);
  });

  it('refuses to start with a signal that has already aborted', async () => {
    const read = source().read({ entity: 'gl', key: [], pageSize: 10, signal: AbortSignal.abort() });
    await expect(read[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: 'READ_ABORTED' });
  });

  it('closes the file when the reader stops early without a signal', async () => {
    let seen = 0;
    for await (const page of source().read({ entity: 'gl', key: [], pageSize: 100 })) {
      seen += page.records.length;
      break;
    }
    expect(seen).toBe(100);
    expect(await eventuallyClosed()).toBe(true);
  });
});
