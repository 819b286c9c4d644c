/**
 * Range rows in the studio's lookup grid, on the shipped CSV example, as an analyst edits them: the
 * account types table switched to ranges by its checkbox, row 1 widened by typing to cover the digits
 * 1 to 3 (the balance sheet), the overlap with rows 2 and 3 shown on the rows in the check's words,
 * fixed by deleting those rows, and the preview's mapped values then taken from the range.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('studio lookup ranges', () => {
  it('edits range rows, shows an overlap on both rows until it is fixed, and the preview maps through the range', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    // account_type is LOOKUP(account_types, MID(ACTNUMST, 5, 1), "OTHER"): a payables line is a liability today.
    const preview = page.getByRole('table', { name: 'Preview rows' });
    const payables = preview.getByRole('row').filter({ hasText: '000-2100-00' }).first();
    await visible(payables.getByRole('cell', { name: 'LIABILITY', exact: true }));

    await page.getByRole('tab', { name: 'Lookup tables' }).click();
    await page
      .getByRole('list', { name: 'Lookup tables of this pipeline' })
      .getByRole('button', { name: /^account_types/ })
      .click();
    const grid = page.getByRole('table', { name: 'Rows of account_types' });
    await visible(grid);
    await page
      .getByRole('group', { name: 'Rules of account_types' })
      .getByRole('checkbox', { name: 'Key ranges (from … to, both included)' })
      .click();
    await expect.poll(() => grid.getByLabel('From, row 1').inputValue()).toBe('1');
    expect(await grid.getByLabel('To, row 1').inputValue()).toBe('1');
    expect(await grid.getByLabel('From, row 6').inputValue()).toBe('6');

    // Row 1 now runs from 1 to 3: it overlaps rows 2 and 3, and the grid says so on the rows.
    await typeInto(page, grid.getByLabel('To, row 1'), '3');
    await page.keyboard.press('Enter');
    await typeInto(page, grid.getByLabel('Value, row 1'), 'BALANCE SHEET');
    await page.keyboard.press('Enter');
    const problems = grid.getByRole('note');
    await visible(problems.filter({ hasText: 'Rows 1 and 2 of "account_types" overlap' }).first());
    const rowTwo = grid.getByRole('row').filter({ has: page.getByLabel('Value, row 2') });
    await visible(rowTwo.getByRole('note').filter({ hasText: 'Rows 1 and 2 of "account_types" overlap' }));
    const rowThree = grid.getByRole('row').filter({ has: page.getByLabel('Value, row 3') });
    await visible(rowThree.getByRole('note').filter({ hasText: 'Rows 1 and 3 of "account_types" overlap' }));
    await studio.screenshot('lookup-ranges-overlap');

    // Fixed: the rows the range now covers are deleted, and the marks go.
    await grid.getByRole('button', { name: 'Delete row 3' }).click();
    await grid.getByRole('button', { name: 'Delete row 2' }).click();
    await expect.poll(() => problems.count()).toBe(0);
    expect(await grid.getByLabel('From, row 2').inputValue()).toBe('4');

    // The preview maps through the range: the payables line (digit 2) is on the balance sheet, revenue stays.
    await page.getByRole('tab', { name: 'Mapping' }).click();
    await visible(payables.getByRole('cell', { name: 'BALANCE SHEET', exact: true }));
    const revenue = preview.getByRole('row').filter({ hasText: '000-4100-00' }).first();
    await visible(revenue.getByRole('cell', { name: 'REVENUE', exact: true }));
    await gone(payables.getByRole('cell', { name: 'LIABILITY', exact: true }));
  });
});
