/**
 * End to end through the real CLI: the CSV example into its DuckDB warehouse, in a temp copy of the
 * examples folder. One GL line of the sample has an account missing from the cost center table, so
 * it is held: the run exits 1, `holds` shows it, `audit` reconciles around it, and a replay after
 * the lookup is fixed writes it.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyOfExamples, nonEmptyLines, tempDir } from './test-support.ts';

const PIPELINE = 'csv-to-duckdb.json';
const UNMAPPED_ACCOUNT = '000-6900-00';
const temp = tempDir();
afterAll(() => temp.remove());

const json = (text: string) => nonEmptyLines(text).map((line) => JSON.parse(line) as Record<string, any>);

describe('run, holds, audit and replay on the example', () => {
  let folder: string;
  let runId: string;
  let runOutput: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    folder = copyOfExamples(join(temp.path, 'text'));
    // Relative pipeline path and no --state: the state folder defaults to .ml-connector here.
    runOutput = await cli(['run', PIPELINE], { cwd: folder });
  });

  it('exits 1 because one GL line is held, and says so on stdout', () => {
    expect(runOutput.stderr).not.toContain('error:');
    expect(runOutput.code).toBe(1);
    expect(runOutput.stdout).toMatch(/1 row held for review/);
    expect(runOutput.stdout).toMatch(/gl_lines\s+held\s+8\s+7\s+1\s+0/);
    expect(existsSync(join(folder, '.ml-connector'))).toBe(true);
    expect(existsSync(join(folder, 'warehouse.duckdb'))).toBe(true);
  });

  it('lists the held line with its reason and batch id in `holds`', async () => {
    const text = await cli(['holds', '--stream', 'gl_lines'], { cwd: folder });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('1 row held for review');
    expect(text.stdout).toContain(UNMAPPED_ACCOUNT);
    const lines = json((await cli(['holds', '--json'], { cwd: folder })).stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      type: 'hold',
      stream: 'gl_lines',
      status: 'open',
      sourceRecord: { ACTNUMST: UNMAPPED_ACCOUNT, DEBITAMT: '42.10' },
    });
    expect(lines[0]!.reasons[0].column).toBe('cost_center');
    expect(typeof lines[0]!.batchId).toBe('string');
    runId = lines[0]!.runId;
  });

  it('shows the run in `audit`, and its batch reconciled around the held line in `audit RUN`', async () => {
    const list = await cli(['audit'], { cwd: folder });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${runId}\\s+held\\s+run\\s+\\S+\\s+gl_lines\\s+8\\s+7\\s+1`));

    const detail = await cli(['audit', runId], { cwd: folder });
    expect(detail.code).toBe(0);
    expect(detail.stdout).toContain('committed');
    expect(detail.stdout).toMatch(/rows\s+8\s+7 \+ 1 held\s+ok/);
    // The held line's 42.10 debit is the whole difference, and it is attributed to the hold, not flagged.
    expect(detail.stdout).toMatch(
      /2024-01 debit\s+2602\.54\s+2560\.44\s+differs: 1 held row is not written \(difference 42\.10\)/,
    );
    expect(detail.stdout).not.toContain('MISMATCH');

    const lines = json((await cli(['audit', runId, '--json'], { cwd: folder })).stdout);
    expect(lines[0]).toMatchObject({ type: 'run', runId, status: 'held', openHolds: 1 });
    expect(lines.filter((l) => l.type === 'batch').map((l) => l.reconciliation.verdict)).toEqual(['held']);
  });

  it('refuses an unknown run id with exit 2', async () => {
    const result = await cli(['audit', 'no-such-run'], { cwd: folder });
    expect(result.code).toBe(2);
    expect(nonEmptyLines(result.stderr)).toHaveLength(1);
  });

  it('writes the held line once the lookup has the account, and then nothing is held', async () => {
    appendFileSync(join(folder, 'lookups', 'cost-centers.csv'), `${UNMAPPED_ACCOUNT},CC-FACILITIES\n`);
    const replayed = await cli(['replay', runId, '--pipeline', PIPELINE, '--json'], { cwd: folder });
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(json(replayed.stdout).at(-1)).toMatchObject({
      type: 'summary',
      status: 'ok',
      replayed: 1,
      resolved: 1,
      stillHeld: 0,
    });
    const holds = await cli(['holds'], { cwd: folder });
    expect(holds.stdout).toContain('No rows held');
  });
});

describe('run --json', () => {
  it('prints one JSON object per line, the last the summary scripts read', async () => {
    const folder = copyOfExamples(join(temp.path, 'json'));
    const state = join(temp.path, 'json-state');
    const result = await cli(['run', join(folder, PIPELINE), '--json'], { env: { ML_CONNECTOR_STATE: state } });
    expect(result.code).toBe(1);
    const lines = json(result.stdout);
    expect(lines[0]!.type).toBe('run-started');
    expect(lines.filter((l) => l.type === 'summary')).toHaveLength(1);
    const summary = lines.at(-1)!;
    expect(summary).toMatchObject({ type: 'summary', status: 'held' });
    expect(
      summary.streams.map(({ name, read, written, held, failed }: Record<string, unknown>) => ({
        name,
        read,
        written,
        held,
        failed,
      })),
    ).toEqual([{ name: 'gl_lines', read: 8, written: 7, held: 1, failed: 0 }]);
    // ML_CONNECTOR_STATE chose the state folder.
    expect(existsSync(state)).toBe(true);
    expect(existsSync(join(folder, '.ml-connector'))).toBe(false);
  });
});

describe('validate, preview and plan on the example', () => {
  let folder: string;
  beforeAll(() => {
    folder = copyOfExamples(join(temp.path, 'read-only'));
  });

  it('validates the example (exit 0) without writing anything', async () => {
    const result = await cli(['validate', PIPELINE], { cwd: folder });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('is valid');
    expect(existsSync(join(folder, 'warehouse.duckdb'))).toBe(false);
    expect(existsSync(join(folder, '.ml-connector'))).toBe(false);
  });

  it('reports a formula error with its JSON path, line and column', async () => {
    const pipeline = JSON.parse(readFileSync(join(folder, PIPELINE), 'utf8'));
    pipeline.streams.gl_lines.mappings.net_amount.expression = 'ROUND(DEBITAMT - CRDTAMNT, 2) + ACTNMST';
    writeFileSync(join(folder, 'bad-formula.json'), JSON.stringify(pipeline, null, 2));
    const validate = await cli(['validate', 'bad-formula.json'], { cwd: folder });
    expect(validate.code).toBe(2);
    expect(validate.stderr).toMatch(
      /streams\.gl_lines\.mappings\.net_amount\.expression \(line 1, column \d+\): .*ACTNMST/,
    );
    const run = await cli(['run', 'bad-formula.json'], { cwd: folder });
    expect(run.code).toBe(2);
    expect(nonEmptyLines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('streams.gl_lines.mappings.net_amount.expression');
  });

  it('previews mapped rows and the held row with its reason', async () => {
    const text = await cli(['preview', PIPELINE, '--stream', 'gl_lines'], { cwd: folder });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('cost_center');
    expect(text.stdout).toContain('CC-SALES-NA');
    expect(text.stdout).toMatch(/Held rows:\n {2}JRNENTRY=1004, SEQNUMBR=16384: cost_center: .*000-6900-00/);
    const lines = json(
      (await cli(['preview', PIPELINE, '--stream', 'gl_lines', '--limit', '3', '--json'], { cwd: folder })).stdout,
    );
    expect(lines.filter((l) => l.type === 'row')).toHaveLength(3);
    expect(lines.find((l) => l.type === 'row')!.row).toMatchObject({
      journal_entry: 1001,
      credit: '1250.00',
      posting_date: '2024-01-15',
    });
    expect(lines.at(-1)).toEqual({ type: 'summary', stream: 'gl_lines', read: 3, rows: 3, held: 0 });
  });

  it('requires --stream for preview and suggests a close stream name', async () => {
    expect((await cli(['preview', PIPELINE], { cwd: folder })).code).toBe(2);
    const typo = await cli(['preview', PIPELINE, '--stream', 'gl_line'], { cwd: folder });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean "gl_lines"?');
  });

  it('plans 8 reads: 7 inserts and 1 held before the first run', async () => {
    const result = await cli(['plan', PIPELINE, '--json', '--state', join(temp.path, 'plan-state')], { cwd: folder });
    expect(result.code).toBe(0);
    expect(json(result.stdout)).toEqual([
      {
        type: 'stream',
        name: 'gl_lines',
        table: 'gl_lines',
        writeMode: 'merge',
        read: 8,
        inserts: 7,
        updates: 0,
        unchanged: 0,
        held: 1,
      },
    ]);
  });
});
