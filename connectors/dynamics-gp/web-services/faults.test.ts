/** The list cap, faults as plain errors, what the kit may resend, and no password in any error text. */
import { afterEach, describe, expect, it } from 'vitest';
import { startGpSimulator } from '../simulator/server.ts';
import { GpWebServicesClient } from './client.ts';
import { GpWebServicesError } from './errors.ts';
import { clientConfig, startRig, type Rig } from './test-support.ts';
import { GP_LIST_CAP, SYSTEM_TEXT } from './wire.ts';

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const noSleep = { sleep: () => Promise.resolve(), maxAttempts: 5 };

describe('GP Web Services lists', () => {
  it('return at most 1,000 items, silently: 1,500 matching journals give exactly 1,000 and no flag', async () => {
    rig = await startRig({ rows: 1500 });
    const { sim, client } = rig;
    expect(sim.store.map('gl_journal_entries').size).toBe(1500);
    const summaries = await client.getGLTransactionList({});
    expect(GP_LIST_CAP).toBe(1000);
    expect(summaries).toHaveLength(1000);
    expect(Array.isArray(summaries)).toBe(true);
    expect(Object.keys(summaries)).toHaveLength(1000);
    // In no order a client could lean on: neither ModifiedDate nor journal number.
    const stamps = summaries.map((summary) => summary.modifiedDate);
    expect(stamps).not.toEqual([...stamps].sort());
    const ids = summaries.map((summary) => summary.journalId);
    expect(ids).not.toEqual([...ids].sort((a, b) => a - b));
  });

  it('cap at the listCap option, so a window overflows with few rows', async () => {
    rig = await startRig({ rows: 40, listCap: 7 });
    expect(await rig.client.getGLAccountList({})).toHaveLength(7);
    expect(await rig.client.getGLTransactionList({ states: ['Open'] })).toHaveLength(7);
  });
});

describe('GP Web Services faults', () => {
  it('a fault on a read is answered once: the kit does not resend it', async () => {
    rig = await startRig({}, { retry: noSleep });
    const { sim, client } = rig;
    await client.getGLAccountList({ isActive: true });
    const before = sim.stats.requests;
    expect(await client.getGLAccountByKey('no-such-account')).toBeUndefined();
    expect(sim.stats.requests - before).toBe(1);
  });

  it('a 5xx without a fault on a read is resent by the kit', async () => {
    rig = await startRig({ faults: '503:0.5', seed: 3 }, { retry: { ...noSleep, maxAttempts: 20 } });
    const accounts = await rig.client.getGLAccountList({});
    expect(accounts.length).toBe(rig.sim.store.map('gl_accounts').size);
    expect(rig.sim.stats.faults['503']).toBeGreaterThan(0);
  });

  it('a write is never resent, not even after a 503 (GP may have acted on it)', async () => {
    rig = await startRig({ faults: '503:1' }, { retry: noSleep });
    const error = await rig.client
      .createGLTransaction({ batchId: 'B1', date: '2025-01-31', reference: 'R1', lines: [] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'HTTP_503' });
    expect(rig.sim.stats.requests).toBe(1);
    // A read meeting the same answer is resent until the attempts are spent.
    await expect(rig.client.getGLAccountList({})).rejects.toMatchObject({ code: 'HTTP_503' });
    expect(rig.sim.stats.requests).toBe(1 + noSleep.maxAttempts);
  });

  it('works over HTTPS with the private CA the connection names', async () => {
    const sim = await startGpSimulator({ rows: 10, tls: true });
    const client = new GpWebServicesClient(clientConfig(sim, sim.caCert === undefined ? {} : { caCert: sim.caCert }));
    try {
      expect(sim.webServicesUrl).toMatch(/^https:/);
      expect((await client.getGLAccountList({})).length).toBe(sim.store.map('gl_accounts').size);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('a company key that does not exist is a service fault: the generic words and the log id', async () => {
    rig = await startRig({}, { companyKey: 7 });
    const error = await rig.client.getGLAccountList({}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GpWebServicesError);
    expect(error).toMatchObject({ code: 'GP_SERVICE_FAULT', operation: 'GetGLAccountList', transient: false });
    expect((error as Error).message).toContain(SYSTEM_TEXT);
    expect((error as GpWebServicesError).logId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never puts the password in an error text: a wrong password, and a fault that repeats it', async () => {
    rig = await startRig();
    const { sim } = rig;
    const password = sim.credentials.password;
    const wrong = new GpWebServicesClient(
      clientConfig(sim, { resolveSecret: () => Promise.resolve(`${password}-wrong`) }),
    );
    const denied = (await wrong.getGLAccountList({}).catch((caught: unknown) => caught)) as Error;
    await wrong.close();
    expect(denied).toMatchObject({ code: 'AUTH_FAILED' });
    expect(`${denied.message} ${denied.stack ?? ''} ${JSON.stringify(denied)}`).not.toContain(password);

    // GP repeats an unknown account number in its message; here the account number is the password.
    const error = await rig.client
      .createGLTransaction({
        batchId: 'B1',
        date: '2025-01-31',
        reference: 'R1',
        lines: [
          { accountNumber: password, debit: '1.00', credit: '0.00' },
          { accountNumber: '000-2110-00', debit: '0.00', credit: '1.00' },
        ],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    if (!(error instanceof GpWebServicesError)) throw new Error('expected a refusal');
    expect(error.code).toBe('GP_VALIDATION');
    expect(error.messages.join(' ')).toContain('***');
    const everything = `${error.message} ${error.messages.join(' ')} ${error.stack ?? ''} ${JSON.stringify(error)}`;
    expect(everything).not.toContain(password);
  });
});
