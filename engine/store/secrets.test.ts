import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SecretRegistry } from '../secrets/index.ts';
import { openRunStore } from './index.ts';
import { runStorePath } from './open-database.ts';
import { scrub } from './scrub.ts';
import { recordInput, rowsFor, runInput } from './test-support/ledger-batches.ts';
import { tempStateDir } from './test-support/processes.ts';

describe('scrub', () => {
  it('masks every occurrence of every secret', () => {
    expect(scrub('user=svc pass=hunter2 again hunter2', ['hunter2'])).toBe('user=svc pass=*** again ***');
    expect(scrub('nothing here', ['hunter2'])).toBe('nothing here');
  });

  it('masks a longer secret whole even when a shorter one is inside it', () => {
    expect(scrub('token abc123xyz', ['abc', 'abc123xyz'])).toBe('token ***');
  });

  it('ignores an empty secret instead of mangling the text', () => {
    expect(scrub('keep me', [''])).toBe('keep me');
  });
});

/** Bytes of the database file and its write-ahead log, where any stored text lands first. */
function storeBytes(stateDir: string): Buffer {
  const path = runStorePath(stateDir);
  const parts = [readFileSync(path)];
  if (existsSync(`${path}-wal`)) parts.push(readFileSync(`${path}-wal`));
  return Buffer.concat(parts);
}

describe('the run store keeps no secret', () => {
  it('masks a real secret in every message and payload before it reaches the file or the log', () => {
    const secret = `pw-${randomBytes(12).toString('hex')}`;
    // Written the same way as the secret but not a secret: shows the byte search would find it.
    const marker = `visible-${randomBytes(12).toString('hex')}`;
    const stateDir = tempStateDir();
    const store = openRunStore(stateDir, { secretValues: () => [secret] });
    store.startRun(runInput('r1'));
    const leakyRow = { vendorNote: `login with ${secret} (${marker})`, nested: { token: [secret] } };
    store.recordBatch(recordInput(1, 'r1', [...rowsFor(1, 1), leakyRow]));
    store.recordBatch(recordInput(2, 'r1', rowsFor(2, 1)));
    store.failBatch('batch-1', {
      code: 'AUTH_FAILED',
      message: `401 from server: password '${secret}' rejected (${marker})`,
      finishedAt: 'x',
    });
    const [holdId] = store.addHolds([
      {
        batchId: 'batch-2',
        stream: 'gl_entries',
        rowIndex: 0,
        sourceRecord: leakyRow,
        reasons: [{ column: 'vendorNote', code: 'BAD_VALUE', message: `cannot parse ${secret} (${marker})` }],
      },
    ]);
    store.finishRun('r1', {
      status: 'failed',
      finishedAt: 'x',
      error: { code: 'AUTH_FAILED', message: `bad ${secret} (${marker})` },
    });

    const whileOpen = storeBytes(stateDir);
    expect(whileOpen.includes(marker)).toBe(true);
    expect(whileOpen.includes(secret)).toBe(false);

    expect(store.getBatch('batch-1')?.error?.message).toBe(`401 from server: password '***' rejected (${marker})`);
    expect(store.getBatch('batch-1')?.payload[1]).toEqual({
      vendorNote: `login with *** (${marker})`,
      nested: { token: ['***'] },
    });
    const hold = store.listHolds().find((h) => h.id === holdId);
    expect(hold?.reasons[0]?.message).toBe(`cannot parse *** (${marker})`);
    expect(hold?.sourceRecord['vendorNote']).toBe(`login with *** (${marker})`);
    expect(store.getRun('r1')?.error?.message).toBe(`bad *** (${marker})`);
    store.close();

    // Closing checkpoints the log into the main file: check it again in its final form.
    const afterClose = storeBytes(stateDir);
    expect(afterClose.includes(marker)).toBe(true);
    expect(afterClose.includes(secret)).toBe(false);
  });

  it('asks for the secrets at every write, so a secret added mid-run is masked too', () => {
    const secrets: string[] = [];
    const stateDir = tempStateDir();
    const store = openRunStore(stateDir, { secretValues: () => secrets });
    store.startRun(runInput('r1'));
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1)));
    const lateSecret = `late-${randomBytes(8).toString('hex')}`;
    secrets.push(lateSecret);
    store.failBatch('batch-1', { code: 'X', message: `echo ${lateSecret}`, finishedAt: 'x' });
    expect(store.getBatch('batch-1')?.error?.message).toBe('echo ***');
    store.close();
    expect(storeBytes(stateDir).includes(lateSecret)).toBe(false);
  });

  it('masks the encoded spellings the secret registry hands over, as the runner wires it', () => {
    const registry = new SecretRegistry();
    const secret = `p@ss word/${randomBytes(8).toString('hex')}`;
    registry.remember(secret);
    const stateDir = tempStateDir();
    const store = openRunStore(stateDir, { secretValues: () => registry.secretValues() });
    store.startRun(runInput('r1'));
    store.recordBatch(recordInput(1, 'r1', rowsFor(1, 1)));
    const urlEncoded = encodeURIComponent(secret);
    const basic = Buffer.from(`svc:${secret}`).toString('base64');
    store.failBatch('batch-1', {
      code: 'HTTP_401',
      message: `GET /api?password=${urlEncoded} Authorization: Basic ${basic}`,
      finishedAt: 'x',
    });
    const message = store.getBatch('batch-1')?.error?.message ?? '';
    expect(message.startsWith('GET /api?password=*** Authorization: Basic ')).toBe(true);
    store.close();
    const bytes = storeBytes(stateDir);
    expect(bytes.includes(urlEncoded)).toBe(false);
    expect(bytes.includes(basic)).toBe(false);
  });
});
