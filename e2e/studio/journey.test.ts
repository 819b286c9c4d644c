/**
 * An analyst's whole afternoon on the CSV example, in one go and through the screens only: fix the
 * missing cost center from the coverage report, change a formula and watch the preview follow, save,
 * see the write plan, run with nothing held, then close the studio and reopen the file from the recent
 * list: every change is still there, and the file on disk is what the studio showed.
 */
import { readFileSync } from 'node:fs';
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

describe('studio journey', () => {
  it('fixes a lookup, edits a formula, saves, plans, runs clean, and finds it all again after reopening', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');

    // The coverage report names the account with no cost center; one click adds it, the value is typed.
    await page.getByRole('tab', { name: 'Lookup tables' }).click();
    const coverage = page.getByRole('group', { name: 'Coverage of cost_centers' });
    await coverage.getByRole('button', { name: 'Add 000-6900-00 in cost_centers' }).click();
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")'))
      .toMatch(/^Value, row \d+$/);
    await page.keyboard.type('CC-FACILITIES');
    await page.keyboard.press('Enter');
    await visible(coverage.getByText('all 6 keys in the first 8 records have a row.', { exact: false }));

    // A formula changed in the editor; the preview follows.
    await page.getByRole('tab', { name: 'Mapping' }).click();
    const grid = page.getByRole('table', { name: 'Preview rows' });
    await visible(grid.getByRole('cell', { name: 'Invoice 4471, Contoso' }).first());
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('UPPER(TRIM(DSCRIPTN');
    await visible(grid.getByRole('cell', { name: 'INVOICE 4471, CONTOSO' }).first());
    // Nothing is held any more: the account now has its cost center.
    await expect.poll(() => grid.getByText('Held for review.').count()).toBe(0);

    await page.keyboard.press('ControlOrMeta+S');
    await visible(page.getByText('Saved examples/csv-to-duckdb.json'));
    await page.locator('.dirty-mark').waitFor({ state: 'detached' });

    // The plan, then the run: all eight lines written, none held.
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const plan = page.getByRole('table', { name: 'What a run would write' });
    await visible(plan);
    expect(await planFigures(plan)).toMatchObject({ 'Rows to read': '8', Inserts: '8', Held: '0' });
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: /^Run finished/ }));
    const progress = page.getByRole('table', { name: 'Progress per stream' });
    expect(await rowFigures(progress, 'gl_lines', ['Read', 'Written', 'Held'])).toEqual(['8', '8', '0']);

    // The file on disk has both changes, and no secret (this example has none to leak).
    const saved = readFileSync(join(dir, 'examples/csv-to-duckdb.json'), 'utf8');
    expect(saved).toContain('"expression": "UPPER(TRIM(DSCRIPTN))"');
    expect(saved).toMatch(/"key": "000-6900-00",\s*"value": "CC-FACILITIES"/);

    // Close (reload the page: a fresh studio), reopen from the recent list: everything as it was.
    await page.reload();
    await visible(page.getByRole('heading', { name: 'Connect a system to your warehouse' }));
    await page
      .getByRole('region', { name: 'Recent files' })
      .getByRole('button', { name: join(dir, 'examples/csv-to-duckdb.json') })
      .click();
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await visible(page.getByRole('group', { name: 'Formula box of description' }).getByText('UPPER(TRIM(DSCRIPTN))'));
    await page.getByRole('tab', { name: 'Lookup tables' }).click();
    await visible(
      page
        .getByRole('group', { name: 'Coverage of cost_centers' })
        .getByText('all 6 keys in the first 8 records have a row.', { exact: false }),
    );
    await page.getByRole('tab', { name: 'Runs' }).click();
    await visible(page.getByRole('rowgroup', { name: /^Run / }).first());
    expect(await page.locator('.dirty-mark').count()).toBe(0);
  });
});
