import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../engine/model/values/index.ts';
import { SAMPLE_GL_COLUMNS, formatCents, writeSampleGlLines } from './sample-gl.ts';
import { createFileSource } from './source.ts';

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-sample-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function digest(name: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(join(folder, name)))
    .digest('hex');
}

describe('writeSampleGlLines', () => {
  it('writes the same file for the same seed and a different one for another seed', async () => {
    const a = await writeSampleGlLines(join(folder, 'a.csv'), 2000, 11);
    const b = await writeSampleGlLines(join(folder, 'b.csv'), 2000, 11);
    const c = await writeSampleGlLines(join(folder, 'c.csv'), 2000, 12);
    expect(await digest('a.csv')).toBe(await digest('b.csv'));
    expect(b).toEqual(a);
    expect(await digest('c.csv')).not.toBe(await digest('a.csv'));
    expect(c.debitTotal).not.toBe(a.debitTotal);
  });

  it('writes realistic GP lines whose exact totals, read back through the file source, match what it returned', async () => {
    const totals = await writeSampleGlLines(join(folder, 'gl.csv'), 5000, 3);
    const source = createFileSource({
      connection: { folder },
      entities: [{ entity: 'gl', file: 'gl.csv', key: ['JRNENTRY', 'SEQNUMBR'] }],
    });
    const [schema] = await source.discover();
    expect(schema?.fields.map((field) => `${field.name}:${field.type}`)).toEqual([
      'JRNENTRY:integer',
      'SEQNUMBR:integer',
      'ACTNUMST:string',
      'TRXDATE:date',
      'DEBITAMT:decimal',
      'CRDTAMNT:decimal',
      'DSCRIPTN:string',
      'CURNCYID:string',
      'DEX_ROW_TS:timestamp',
    ]);
    expect(schema?.fields.map((field) => field.name)).toEqual([...SAMPLE_GL_COLUMNS]);

    let rows = 0;
    let debit = Decimal.ZERO;
    let credit = Decimal.ZERO;
    const perTimestamp = new Map<string, number>();
    const keys = new Set<string>();
    let quotedDescriptions = 0;
    let multiLine = 0;
    for await (const page of source.read({ entity: 'gl', key: [], pageSize: 1000 })) {
      expect(page.problems).toEqual([]);
      for (const record of page.records) {
        rows++;
        const d = record['DEBITAMT'] as Decimal;
        const c = record['CRDTAMNT'] as Decimal;
        // Exactly one side of every line is non-zero, with two decimal places.
        expect([d.isZero(), c.isZero()].filter((zero) => !zero)).toHaveLength(1);
        expect(d.toString()).toMatch(/^\d+\.\d{2}$/);
        debit = debit.add(d);
        credit = credit.add(c);
        expect(record['ACTNUMST']).toMatch(/^\d{3}-\d{4}-\d{2}$/);
        const ts = String(record['DEX_ROW_TS']);
        perTimestamp.set(ts, (perTimestamp.get(ts) ?? 0) + 1);
        keys.add(`${String(record['JRNENTRY'])}/${String(record['SEQNUMBR'])}`);
        const text = String(record['DSCRIPTN']);
        if (/[",]/.test(text)) quotedDescriptions++;
        if (text.includes('\n')) multiLine++;
      }
    }
    expect(rows).toBe(5000);
    expect(totals.rows).toBe(5000);
    expect(keys.size).toBe(5000); // the natural key is unique
    expect(debit.toString()).toBe(totals.debitTotal);
    expect(credit.toString()).toBe(totals.creditTotal);
    // Balanced journal entries: debits equal credits overall.
    expect(totals.debitTotal).toBe(totals.creditTotal);
    const periodRows = Object.values(totals.byPeriod).reduce((sum, period) => sum + period.rows, 0);
    expect(periodRows).toBe(5000);
    // Many rows share one DEX_ROW_TS, as a posting batch writes them.
    expect(Math.max(...perTimestamp.values())).toBeGreaterThanOrEqual(100);
    expect(perTimestamp.size).toBeLessThan(5000 / 50);
    expect(quotedDescriptions).toBeGreaterThan(0);
    const text = await readFile(join(folder, 'gl.csv'), 'utf8');
    expect(text).toContain('"Vendor ""ACME"" invoice"');
    // Records end in CRLF, as GP exports write; a line break typed into a description is a bare LF inside quotes.
    expect(text.split('\r\n').length).toBe(1 + 5000 + 1);
    expect(multiLine).toBeGreaterThan(0); // this seed writes some, so the parser's slow path is exercised
  });

  it('formats cents exactly', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(123456789012345678901n)).toBe('1234567890123456789.01');
    expect(formatCents(-150n)).toBe('-1.50');
  });
});
