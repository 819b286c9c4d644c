/**
 * The write plan and the Runs screen, acted out by an analyst on the CSV -> DuckDB example: the plan
 * before the first run (all inserts, one row to be held), a run with its counts and the held row's
 * reason, the plan after it (unchanged), the lookup table fixed, the held batch replayed and resolved,
 * the audit history with both runs reconciled, and a run that reads those lines again counting them as
 * already loaded, not written.
 */
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';
import { planFigures, rowFigures } from './table-figures.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('studio runs', () => {
  it('plans, runs, shows the held row, replays it after the lookup is fixed, and reconciles both runs', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');

    // Before the first run: every row is new, and the account missing from the cost center table would be held.
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const plan = page.getByRole('table', { name: 'What a run would write' });
    await visible(plan);
    expect(await planFigures(plan)).toEqual({
      'Rows to read': '8',
      Inserts: '7',
      Updates: '0',
      Unchanged: '0',
      Held: '1',
    });
    await visible(page.getByRole('term').filter({ hasText: 'Unchanged' }));
    await studio.screenshot('plan');

    await page.getByRole('tab', { name: 'Runs' }).click();
    await visible(page.getByText('No runs yet.'));
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Run finished: 1 row held for review (below)' }));
    const progress = page.getByRole('table', { name: 'Progress per stream' });
    expect(await rowFigures(progress, 'gl_lines', ['Status', 'Read', 'Written', 'Held'])).toEqual([
      'Done: some rows held for review',
      '8',
      '7',
      '1',
    ]);

    // The held row: why, and the source record's own values (amounts as the exact text the ledger had).
    const held = page.getByRole('table', { name: /^Held rows of batch / });
    await visible(held);
    await visible(held.getByText('cost_center: Lookup table "cost_centers" has no entry for the key "000-6900-00".'));
    await visible(held.getByRole('definition').filter({ hasText: /^42\.10$/ }));
    await visible(held.getByRole('definition').filter({ hasText: /^Unmapped account: held for review$/ }));
    const firstRun = page.getByRole('rowgroup', { name: /^Run / });
    await visible(firstRun.getByText('Differ only by the held rows'));

    // After the run the same rows are there already: nothing new, the unmapped one still held.
    await page.getByRole('tab', { name: 'Write plan' }).click();
    await visible(plan);
    expect(await planFigures(plan)).toMatchObject({ Inserts: '0', Updates: '0', Unchanged: '3', Held: '1' });

    // FP&A adds the account to the cost center table the pipeline reads; the analyst replays the held batch.
    appendFileSync(join(dir, 'examples/lookups/cost-centers.csv'), '000-6900-00,CC-FACILITIES\n');
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: /^Replay the held rows of batch / }).click();
    await visible(page.getByText('Replayed 1 row: 1 now passes and was written, 0 still held.'));
    await visible(page.getByText('No rows are held for review.'));
    await page.getByText('Resolved by a replay (1)').click();
    const resolved = page.getByRole('table', { name: 'Held rows since resolved' });
    await visible(resolved.getByRole('definition').filter({ hasText: /^000-6900-00$/ }));
    await visible(resolved.getByText(/ by replay /));

    // The history: the replay matches on its own, and the first run matches once its held row went through.
    const replayRun = page.getByRole('rowgroup', { name: /^Replay / });
    await visible(replayRun.getByText('Totals match', { exact: true }));
    await visible(firstRun.getByText('Totals match once the held rows were replayed'));
    await firstRun.getByRole('button', { name: /^Show the control totals of / }).click();
    const reconciled = page.getByRole('table', { name: 'gl_lines: including what the replay of its held rows wrote' });
    await visible(reconciled);
    expect(await rowFigures(reconciled, 'Rows', ['Source', 'Destination', 'Check'])).toEqual(['8', '8', 'Match']);
    expect(await rowFigures(reconciled, '2024-01 debit', ['Source', 'Destination', 'Difference', 'Check'])).toEqual([
      '2,602.54',
      '2,602.54',
      '0.00',
      'Match',
    ]);
    const ownTotals = page.getByRole('table', { name: 'gl_lines: this run' });
    expect(await rowFigures(ownTotals, '2024-01 debit', ['Destination', 'Difference', 'Check'])).toEqual([
      '2,560.44',
      '42.10',
      'Differs by the held rows',
    ]);
    await studio.screenshot('runs');

    await page.getByRole('tab', { name: 'Write plan' }).click();
    await visible(plan);
    expect(await planFigures(plan)).toMatchObject({ Inserts: '0', Updates: '0', Unchanged: '4', Held: '0' });

    // A run now reads those 4 lines again (the lookback window): counted as already loaded, not as written.
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(
      page.getByRole('heading', { name: 'Run finished: 0 rows written; 4 read again were already in the destination' }),
    );
    expect(await rowFigures(progress, 'gl_lines', ['Read', 'Written', 'Held', 'Already loaded'])).toEqual([
      '4',
      '0',
      '0',
      '4',
    ]);
    const newest = page.getByRole('rowgroup', { name: /^Run / }).first();
    await visible(newest.getByText('Totals match', { exact: true }));
    const history = page.getByRole('table', { name: 'Runs and replays' });
    const headers = (await history.locator('thead th').allTextContents()).map((text) => text.trim());
    const cells = (await newest.locator('td').allTextContents()).map((text) => text.trim());
    const figure = (column: string) => cells[headers.indexOf(column)];
    expect(['Read', 'Written', 'Held', 'Already loaded'].map(figure)).toEqual(['4', '0', '0', '4']);
    await newest.getByRole('button', { name: /^Show the control totals of / }).click();
    const again = page.getByRole('table', { name: 'gl_lines: this run' });
    expect(await rowFigures(again, 'Rows', ['Source', 'Destination', 'Difference', 'Check'])).toEqual([
      '4',
      '4 (4 already loaded)',
      '0',
      'Match',
    ]);
  });

  it('shows a long run live (counts, rate, time left) and cancels it between batches', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    // A month of 200,000 more lines: the run takes seconds, long enough to watch and cancel.
    const lines = ['JRNENTRY,SEQNUMBR,ACTNUMST,TRXDATE,DEBITAMT,CRDTAMNT,DSCRIPTN,CURNCYID,DEX_ROW_TS'];
    for (let i = 0; i < 200_000; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`${20_000 + i},16384,000-6100-00,2024-02-${day},10.00,0.00,Line ${i},Z-US$,2024-02-${day}T10:00:00Z`);
    }
    writeFileSync(join(dir, 'examples/data/gl-lines-2024-02.csv'), `${lines.join('\n')}\n`);
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('tab', { name: 'Runs' }).click();

    await page.getByLabel('Full refresh: read everything again from the start').check();
    await visible(page.getByRole('note').filter({ hasText: 'reads every source record again' }));
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Running (full refresh)…' }));
    // Progress arrives after each committed batch: the time left appears once the source has said how much there is.
    const progress = page.getByRole('table', { name: 'Progress per stream' });
    await visible(progress.getByRole('cell').filter({ hasText: /^\d+ (s|min)/ }));
    const [read, written] = await rowFigures(progress, 'gl_lines', ['Read', 'Written']);
    expect(Number(read!.replaceAll(',', ''))).toBeGreaterThan(0);
    expect(Number(written!.replaceAll(',', ''))).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Cancel run' }).click();
    await visible(page.getByRole('heading', { name: /^Run cancelled/ }));
    expect(await rowFigures(progress, 'gl_lines', ['Status'])).toEqual(['Cancelled']);
    const cancelled = page.getByRole('rowgroup', { name: /^Run / });
    await visible(cancelled.getByText('Cancelled'));
    // Stopped part way: not every line was read.
    expect(await cancelled.textContent()).not.toContain('200,008');
  });

  it('says why the plan cannot be made when the destination cannot be opened', async () => {
    studio = await launchStudio();
    const { page } = studio;
    // A warehouse file in a folder that does not exist: the message names the file.
    const file = join(studio.dir, 'examples/csv-to-duckdb.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('./warehouse.duckdb', './missing-folder/warehouse.duckdb'));
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'The write plan could not be made.' });
    await visible(alert);
    expect(await alert.textContent()).toContain('missing-folder/warehouse.duckdb');
  });
});

/** The figures of a table row, by column header, as the analyst reads them. */
