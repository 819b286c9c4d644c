/**
 * "Values that differ from the last run" on the CSV example: before any run the filter is offered
 * disabled with its reason; after a run from the Runs tab, a formula changed on Mapping shows exactly
 * the rows whose values differ from what the warehouse holds, each changed value with the last run's
 * under it, and a line added to the source since as new.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

const DIFFERS = 'Values that differ from the last run';

/** The rows shown, each as its record label and its marked cells (column: now / last run). */
async function shownRows(page: Page): Promise<string[]> {
  const grid = page.getByRole('table', { name: 'Preview rows' });
  const headers = await grid.locator('thead th').evaluateAll((ths) => ths.map((th) => th.textContent!.trim()));
  const rows = await grid.locator('tbody tr:not(.preview-spacer)').evaluateAll((trs) =>
    trs.map((row) =>
      [...row.children].map((cell) => ({
        text: cell.textContent!.trim(),
        now: cell.classList.contains('differs') ? cell.querySelector('.value-now')!.textContent : null,
        before: cell.classList.contains('differs') ? cell.querySelector('.value-before')!.textContent : null,
      })),
    ),
  );
  return rows.map((cells) =>
    [
      cells[0]!.text,
      ...cells.flatMap((cell, index) => (cell.now === null ? [] : [`${headers[index]}: ${cell.now} / ${cell.before}`])),
    ].join(' | '),
  );
}

describe('values that differ from the last run', () => {
  it('is disabled with its reason before a run, then shows exactly the changed and new rows with the old and new values', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    const grid = page.getByRole('table', { name: 'Preview rows' });
    await visible(grid.getByRole('cell', { name: 'Invoice 4471, Contoso' }).first());

    const show = page.getByRole('combobox', { name: 'Show' });
    const option = show.getByRole('option', { name: DIFFERS });
    await expect.poll(() => option.isDisabled()).toBe(true);
    await visible(page.getByText(`${DIFFERS}: No run has written gl_lines yet. Run it on the Runs tab, then compare.`));
    // The reason is the select's description, so a screen reader says it with the filter.
    const described = await show.getAttribute('aria-describedby');
    await expect.poll(() => page.locator(`#${described}`).textContent()).toContain('No run has written gl_lines yet.');

    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Run finished: 1 row held for review (below)' }));

    // Back on Mapping: debit lines' descriptions in capitals, and a line the ledger exported since.
    appendFileSync(
      join(studio.dir, 'examples', 'data', 'gl-lines-2024-01.csv'),
      '1005,16384,000-4100-00,2024-01-31,0.00,5.00,Late fee,Z-US$,2024-02-01T10:00:00Z\n',
    );
    await page.getByRole('tab', { name: 'Mapping' }).click();
    await page.getByRole('button', { name: 'Read the source again' }).click();
    await visible(grid.getByRole('cell', { name: 'Late fee' }));
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    // The editor closes each parenthesis itself; typing one steps over it.
    await page.keyboard.type('IF(DEBITAMT > 0, UPPER(TRIM(DSCRIPTN)), TRIM(DSCRIPTN');
    await visible(grid.getByRole('cell', { name: 'INVOICE 4471, CONTOSO' }).first());

    await expect.poll(() => option.isDisabled()).toBe(false);
    await show.selectOption({ label: DIFFERS });
    // Lines 1001/32768, 1002/16384 and 1003/16384 are debit lines the run wrote; 1004/16384 is held
    // (never written, never shown here); credit lines are unchanged and hidden; 1005 is new.
    await expect
      .poll(() => shownRows(page))
      .toEqual([
        '2 | description: INVOICE 4471, CONTOSO / , last run: Invoice 4471, Contoso',
        '3 | description: OFFICE SUPPLIES / , last run: Office supplies',
        '5 | description: LAPTOP "PRO" 14IN / , last run: Laptop "Pro" 14in',
        '9 new since the last run',
      ]);
    await visible(page.getByRole('status').filter({ hasText: '3 rows differ from what gl_lines holds' }));
    await visible(page.getByText('1 new since the last run.', { exact: false }));
    // Under the pointer, the same in a sentence.
    expect(await grid.locator('td.differs').first().getAttribute('title')).toBe(
      'The last run wrote Invoice 4471, Contoso',
    );
    // Marked cells, the new-row mark and the note read as well as the rest of the screen (the formula
    // editor's completion list, still open from the typing, is closed first: it is the editor's own).
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    await page.keyboard.press('Escape');
    expect(await seriousViolations(page)).toEqual([]);
    await studio.screenshot('preview-differs-from-last-run');

    await show.selectOption('all');
    await expect.poll(() => grid.locator('tbody tr:not(.preview-spacer)').count()).toBe(9);
    expect(await grid.locator('td.differs').count()).toBe(0);
  });
});
