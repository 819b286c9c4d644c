import { afterEach, describe, expect, it } from 'vitest';
import { createSapRfcClient } from '../client.ts';
import { fieldGroups } from '../read-table-fields.ts';
import { alphaInput, charLiteral, optionLines } from '../read-table-options.ts';
import { parseWaLine } from '../read-table-rows.ts';
import type { RfcAnswer } from '../rfc-xml.ts';
import { startSapSimulator, type RunningSapSimulator } from './index.ts';
import { LFA1_FIELDS, lfa1 } from './tables.ts';

const PASSWORD = 'sim-pw-9f2e';
const VENDORS = Array.from({ length: 12 }, (_, i) => ({
  LIFNR: alphaInput(String(100001 + i), 10),
  NAME1: `Vendor ${i} | Söhne & Co`,
  ERDAT: i % 3 === 0 ? '00000000' : `202403${String(1 + i).padStart(2, '0')}`,
  LOEVM: i === 4 ? 'X' : '',
}));

let sim: RunningSapSimulator | undefined;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function start(options: { shippedDefault?: boolean; notAuthorized?: string[] } = {}) {
  sim = await startSapSimulator({
    user: 'RFC_SYNC',
    password: PASSWORD,
    // The tests activate the service as an administrator would, except the one that checks SAP's default.
    ...(options.shippedDefault === true ? {} : { rfcServiceActive: true }),
    tables: [lfa1(VENDORS)],
    ...(options.notAuthorized === undefined ? {} : { notAuthorized: options.notAuthorized }),
  });
  const running = sim;
  closers.push(() => running.close());
  const client = createSapRfcClient({
    baseUrl: sim.url,
    client: '100',
    user: 'RFC_SYNC',
    passwordSecret: 'sap',
    resolveSecret: async () => PASSWORD,
    retry: { sleep: async () => {} },
    proxy: {},
  });
  closers.push(() => client.close());
  return client;
}

const read = (fields: string[], options: string[] = [], extra: Record<string, string> = {}) => ({
  functionName: 'RFC_READ_TABLE',
  imports: { QUERY_TABLE: 'LFA1', DELIMITER: '|', NO_DATA: '', ROWSKIPS: '0', ROWCOUNT: '0', ...extra },
  tables: {
    OPTIONS: options.map((TEXT) => ({ TEXT })),
    FIELDS: fields.map((FIELDNAME) => ({ FIELDNAME })),
    DATA: [],
  },
});

function rows(answer: RfcAnswer) {
  const fields = answer.table('FIELDS').map((f) => ({
    name: f['FIELDNAME']!,
    offset: Number(f['OFFSET']),
    length: Number(f['LENGTH']),
    type: f['TYPE']!,
  }));
  return answer.table('DATA').map((d) => parseWaLine(fields, d['WA'] ?? ''));
}

describe('the SAP simulator RFC_READ_TABLE', () => {
  it('starts with /sap/bc/soap/rfc inactive, as SAP ships it', async () => {
    const client = await start({ shippedDefault: true });
    await expect(client.call(read(['LIFNR']))).rejects.toMatchObject({ code: 'SAP_RFC_SERVICE_INACTIVE' });
  });

  it('refuses all fields of LFA1 (wider than 512) with DATA_BUFFER_EXCEEDED, and reads it in key-joined groups', async () => {
    const client = await start();
    await expect(client.call(read([]), { table: 'LFA1' })).rejects.toMatchObject({ code: 'SAP_DATA_BUFFER_EXCEEDED' });
    const keys = LFA1_FIELDS.filter((f) => f.name === 'LIFNR');
    const groups = fieldGroups(
      'LFA1',
      keys,
      LFA1_FIELDS.filter((f) => f.name !== 'MANDT'),
    );
    expect(groups.length).toBeGreaterThan(1);
    const joined = new Map<string, Record<string, unknown>>();
    for (const group of groups) {
      for (const row of rows(await client.call(read(group.map((f) => f.name)))))
        joined.set(String(row.values['LIFNR']), { ...joined.get(String(row.values['LIFNR'])), ...row.values });
    }
    expect(joined.size).toBe(VENDORS.length);
    expect(joined.get('0000100005')).toMatchObject({ NAME1: 'Vendor 4 | Söhne & Co', LOEVM: 'X' });
    expect(joined.get('0000100001')).toMatchObject({ ERDAT: null });
  });

  it('returns rows in no key order, so only a key range is a stable page', async () => {
    const client = await start();
    const keysRead = rows(await client.call(read(['LIFNR']))).map((r) => r.values['LIFNR']);
    expect(keysRead).not.toEqual([...keysRead].sort());
    const range = optionLines([
      'LIFNR',
      '>=',
      charLiteral('0000100003'),
      'AND',
      'LIFNR',
      '<=',
      charLiteral('0000100006'),
    ]);
    const inRange = rows(await client.call(read(['LIFNR'], range))).map((r) => r.values['LIFNR']);
    expect([...inRange].sort()).toEqual(['0000100003', '0000100004', '0000100005', '0000100006']);
  });

  it('refuses an OPTIONS line over 72 characters and a glued parenthesis with OPTION_NOT_VALID', async () => {
    const client = await start();
    const long = `LIFNR = '0000100003' AND NAME1 = '${'x'.repeat(40)}'`;
    expect(long.length).toBeGreaterThan(72);
    await expect(client.call(read(['LIFNR'], [long]))).rejects.toMatchObject({ code: 'SAP_OPTION_NOT_VALID' });
    await expect(client.call(read(['LIFNR'], ["(LIFNR = '0000100003' )"]))).rejects.toMatchObject({
      code: 'SAP_OPTION_NOT_VALID',
    });
  });

  it('answers NOT_AUTHORIZED for a table outside the user authorizations, FIELD_NOT_VALID for an unknown field', async () => {
    const client = await start({ notAuthorized: ['LFA1'] });
    await expect(client.call(read(['LIFNR']), { table: 'LFA1' })).rejects.toMatchObject({ code: 'SAP_NOT_AUTHORIZED' });
    const other = await start();
    await expect(other.call(read(['LIFNR', 'NOPE']))).rejects.toMatchObject({ code: 'SAP_FIELD_NOT_VALID' });
  });

  it('opens one security session for a client that resends the cookie', async () => {
    const client = await start();
    for (let i = 0; i < 4; i++) await client.call(read(['LIFNR']));
    expect(sim!.sessionsOpened()).toBe(1);
  });
});
