/**
 * Lookup tables in the studio, on the shipped CSV example: the coverage report names the GL account the
 * cost centers table misses, one click adds it (copying the file table into the pipeline), the analyst
 * types its cost center and the report shows it covered; a CSV import reports its bad line and merges
 * the rest; a row edit is undone.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible, typeInto } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('studio lookup tables', () => {
  it('lists the account missing from the cost centers, adds it in one click, and shows it covered once its value is typed', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('tab', { name: 'Lookup tables' }).click();

    const coverage = page.getByRole('group', { name: 'Coverage of cost_centers' });
    await visible(coverage.getByText('of 6 keys in the first 8 records, 1 has no row.', { exact: false }));
    expect(await coverage.getByRole('listitem').allTextContents()).toEqual([
      expect.stringMatching(/^000-6900-00 in 1 record\s*Add$/),
    ]);
    await visible(
      page
        .getByRole('group', { name: 'Coverage of account_types' })
        .getByText('all 4 keys in the first 8 records have a row.', { exact: false }),
    );

    await coverage.getByRole('button', { name: 'Add 000-6900-00 in cost_centers' }).click();
    await visible(
      page.getByText('cost_centers now keeps its rows in the pipeline file (copied from ./lookups/cost-centers.csv', {
        exact: false,
      }),
    );
    const grid = page.getByRole('table', { name: 'Rows of cost_centers' });
    expect(await grid.getByLabel('Key, row 9').inputValue()).toBe('000-6900-00');
    // The row is there, its value not yet: the report says so, and the cursor waits in the value.
    await visible(
      coverage.getByText('of 6 keys in the first 8 records, 1 has a row with no value yet.', { exact: false }),
    );
    await visible(coverage.getByText(': its row has no value yet'));
    await studio.screenshot('lookups');
    await expect.poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")')).toBe('Value, row 9');
    await page.keyboard.type('CC-FACILITIES');
    await page.keyboard.press('Enter');
    await visible(coverage.getByText('all 6 keys in the first 8 records have a row.', { exact: false }));
    expect(await coverage.getByRole('listitem').count()).toBe(0);
    await visible(page.locator('.dirty-mark'));
  });

  it('imports a CSV into a table, naming the line it could not use, and undoes a row edit', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('tab', { name: 'Lookup tables' }).click();
    await page
      .getByRole('list', { name: 'Lookup tables of this pipeline' })
      .getByRole('button', { name: /^account_types/ })
      .click();
    const grid = page.getByRole('table', { name: 'Rows of account_types' });
    await visible(grid);

    // A row edit, then Undo: the grid shows the value from before.
    const sixth = grid.getByLabel('Value, row 6');
    await typeInto(page, sixth, 'OPERATING EXPENSE');
    await page.keyboard.press('Enter');
    await visible(page.locator('.dirty-mark'));
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => sixth.inputValue()).toBe('EXPENSE');
    await page.locator('.dirty-mark').waitFor({ state: 'detached' });

    // Import: columns chosen, the bad line named by its number, the good rows merged by key.
    const csv = join(dir, 'account-types.csv');
    writeFileSync(csv, 'digit,account_type\n1,ASSETS\n7,"OTHER INCOME, NET"\n8,OTHER EXPENSE,extra\n');
    const importer = page.getByRole('region', { name: 'Import from a CSV file' });
    await importer.getByLabel('CSV file').setInputFiles(csv);
    await importer.getByLabel('Key column').selectOption('digit');
    await importer.getByLabel('Value column').selectOption('account_type');
    await visible(importer.getByText('2 rows ready to import from account-types.csv; 1 line cannot be used.'));
    await visible(importer.getByText('Line 4: expected 2 values like the header, found 3'));
    await importer.getByRole('button', { name: 'Import 2 rows' }).click();
    await visible(page.getByText('Imported 2 rows from account-types.csv into account_types; 1 line was left out.'));
    await expect.poll(() => grid.getByLabel('Value, row 1').inputValue()).toBe('ASSETS');
    await expect.poll(() => grid.getByLabel('Key, row 7').inputValue()).toBe('7');
    await expect.poll(() => grid.getByLabel('Value, row 7').inputValue()).toBe('OTHER INCOME, NET');
    expect(await grid.getByRole('row').count()).toBe(8);
  });
});
