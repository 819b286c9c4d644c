/**
 * A warning's one-click fix, as an analyst meets it on the CSV example: a formula the engine reads
 * differently from a spreadsheet is flagged before any row runs, with the fix offered beside the
 * warning; one click writes it into the formula, the warning goes, and the preview follows.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('formula warnings with a fix', () => {
  it('offers the fix of an IF without an else, writes it on one click, and the warning goes', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    const grid = page.getByRole('table', { name: 'Preview rows' });
    const contoso = grid.getByRole('cell', { name: 'Invoice 4471, Contoso' });
    await visible(contoso.first());
    await expect(contoso.count()).resolves.toBe(2);
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await visible(page.getByRole('textbox', { name: 'Formula of description' }));

    // DEBITAMT may be empty or small: without an else, a spreadsheet gives FALSE there, this IF an empty value.
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    // The editor closes the parenthesis by itself.
    await page.keyboard.type('IF(DEBITAMT > 1000, DSCRIPTN');
    const check = page.getByRole('status', { name: 'Formula check' });
    const warning = check.getByText('IF without an else value gives FALSE in a spreadsheet', { exact: false });
    await visible(warning);
    await visible(page.locator('.formula-editor .squiggly-warning'));
    // The preview runs the formula as typed: only the line over 1000 keeps its description.
    await expect.poll(() => contoso.count(), { timeout: 10_000 }).toBe(1);

    await check.getByRole('button', { name: 'Write the else value out: NULL' }).click();
    await visible(page.locator('.formula-editor .view-lines', { hasText: 'IF(DEBITAMT > 1000, DSCRIPTN, NULL)' }));
    await gone(warning);
    await visible(check.getByText('No problems. Result type: string.'));
    await gone(page.locator('.formula-editor .squiggly-warning'));
    await expect.poll(() => contoso.count(), { timeout: 10_000 }).toBe(1);

    // The fix is one undo step.
    await page.getByRole('button', { name: 'Undo' }).click();
    await visible(warning);
  });
});
