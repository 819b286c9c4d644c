/**
 * The formula editor and the live preview, as an analyst uses them on the CSV example: a formula
 * with a mistake is marked where it is and explained, the preview keeps its last good rows until the
 * formula is fixed and then shows the new values, a pause in typing is one undo step, held rows sit
 * among the rows with their reason, a clicked value shows where it came from, completions appear
 * while typing a function name, and the source is read again only when asked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible, gone } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

/** Opens the example, waits for its preview, and picks a column in the editor's column list. */
async function openColumn(page: Page, column: string): Promise<void> {
  await openPipeline(page, 'examples/csv-to-duckdb.json');
  await visible(
    page.getByRole('table', { name: 'Preview rows' }).getByRole('cell', { name: 'Invoice 4471, Contoso' }).first(),
  );
  await page.getByRole('combobox', { name: 'Column' }).selectOption(column);
  await visible(page.getByRole('textbox', { name: `Formula of ${column}` }));
}

/** Clicks into the formula box (below the text, so the cursor goes to the end of the formula). */
async function clickIntoFormula(page: Page, column: string): Promise<void> {
  await page.getByRole('group', { name: `Formula box of ${column}` }).click();
}

/** Replaces the formula by typing, as a person does: click into the box, select all, type. */
async function typeFormula(page: Page, column: string, text: string): Promise<void> {
  await clickIntoFormula(page, column);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

describe('formula editor and live preview', () => {
  it('marks a mistake where it is, keeps the last good preview, shows the new values once fixed, and undoes the typing in one step', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openColumn(page, 'description');
    const grid = page.getByRole('table', { name: 'Preview rows' });
    await expect(page.getByRole('heading', { name: 'description' }).isVisible()).resolves.toBe(true);

    // The editor closes the parenthesis by itself, so this reads UPPER(DSCRIPTNX): an unknown field.
    await typeFormula(page, 'description', 'UPPER(DSCRIPTNX');
    const squiggle = page.locator('.formula-editor .squiggly-error');
    await squiggle.waitFor({ state: 'attached', timeout: 10_000 });
    const check = page.getByRole('status', { name: 'Formula check' });
    await visible(
      check.getByText('Line 1, column 7: There is no field "DSCRIPTNX" in gl_lines. Did you mean "DSCRIPTN"?'),
    );
    const alert = page
      .getByRole('alert')
      .filter({ hasText: 'A formula has an error, so the preview still shows the last good result.' });
    await visible(alert);
    await visible(alert.getByText('description, line 1, column 7: There is no field "DSCRIPTNX"', { exact: false }));
    await expect(grid.getByRole('cell', { name: 'Invoice 4471, Contoso' }).count()).resolves.toBe(2);
    // The marked word explains itself under the pointer, too.
    await page.keyboard.press('Escape');
    await page.locator('.formula-editor .view-line span span', { hasText: 'DSCRIPTNX' }).hover();
    await visible(
      page.locator('.monaco-hover').getByText('There is no field "DSCRIPTNX" in gl_lines.', { exact: false }).first(),
    );

    // The cursor sits before the closing parenthesis: one Backspace removes the stray X.
    await clickIntoFormula(page, 'description');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Backspace');
    await visible(grid.getByRole('cell', { name: 'INVOICE 4471, CONTOSO' }).first());
    await gone(alert);
    await gone(squiggle);
    await visible(check.getByText('No problems. Result type: string.'));

    // Leaving the editor makes what was typed an undo step; a quick run of keystrokes is one step.
    await page.getByRole('heading', { name: 'description' }).click();
    await typeFormula(page, 'description', 'LOWER(DSCRIPTN)');
    await visible(grid.getByRole('cell', { name: 'invoice 4471, contoso' }).first());
    await page.getByRole('button', { name: 'Undo' }).click();
    await visible(grid.getByRole('cell', { name: 'INVOICE 4471, CONTOSO' }).first());
    await visible(page.locator('.formula-editor .view-lines', { hasText: 'UPPER(DSCRIPTN)' }));
  });

  it('shows held rows with their reason, where a value comes from, and completions while typing a function name', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openColumn(page, 'net_amount');
    const grid = page.getByRole('table', { name: 'Preview rows' });

    const held = grid.getByRole('row').filter({ hasText: 'Held for review.' });
    await visible(
      held.getByText('cost_center: Lookup table "cost_centers" has no entry for the key "000-6900-00".', {
        exact: false,
      }),
    );
    await expect(held.count()).resolves.toBe(1);

    await grid.getByRole('cell', { name: 'CC-ADMIN' }).click();
    const origin = page.getByRole('complementary', { name: 'Where this value comes from' });
    await visible(origin.getByText('cost_center, record 3'));
    await visible(origin.getByText('LOOKUP(cost_centers, ACTNUMST)'));
    await visible(origin.getByRole('row', { name: 'ACTNUMST 000-6100-00' }));
    await visible(origin.getByText('Lookup tables: cost_centers'));
    await studio.screenshot('mapping');

    await held.getByRole('cell').filter({ hasText: 'Held for review.' }).click();
    await visible(origin.getByText('cost_center, record 7'));
    await visible(origin.getByRole('row', { name: 'ACTNUMST 000-6900-00' }));

    await typeFormula(page, 'net_amount', 'ROU');
    const suggestions = page.getByRole('listbox', { name: 'Suggest' });
    await visible(suggestions.getByRole('option', { name: 'ROUND, ROUND(number, [digits]), Function' }));
    await page.keyboard.press('Enter');
    // Taking ROUND writes "ROUND(" and offers the fields at once.
    await visible(suggestions.getByRole('option', { name: 'DEBITAMT, decimal, Field' }));
    await page.keyboard.press('Escape');
    await visible(page.locator('.formula-editor .view-lines', { hasText: 'ROUND()' }));
  });

  it('edits the column type and "required" beside the formula, reads the source again only when asked, and saves what was just typed', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openColumn(page, 'description');
    const type = page.getByRole('combobox', { name: 'Type' });
    await type.fill('money');
    await type.press('Enter');
    const refused = page.getByRole('alert').filter({
      hasText: '"money" is not a column type; use string, integer, decimal(p,s), boolean, date or timestamp',
    });
    await visible(refused);
    await type.press('Escape');
    await gone(refused);
    await type.fill('integer');
    await type.press('Enter');
    const check = page.getByRole('status', { name: 'Formula check' });
    await visible(check.getByText('Line 1, column 1:', { exact: false }));
    await visible(page.locator('.column-type-badge', { hasText: 'integer' }));
    await page.getByRole('checkbox', { name: 'Required' }).check();
    await visible(page.locator('.column-required-badge'));
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await visible(check.getByText('No problems. Result type: string.'));
    await expect(page.getByRole('checkbox', { name: 'Required' }).isChecked()).resolves.toBe(false);

    // New data in the source folder: the kept sample does not show it until the analyst asks.
    writeFileSync(
      join(dir, 'examples/data/gl-lines-2024-02.csv'),
      'JRNENTRY,SEQNUMBR,ACTNUMST,TRXDATE,DEBITAMT,CRDTAMNT,DSCRIPTN,CURNCYID,DEX_ROW_TS\n2001,16384,000-1100-00,2024-02-01,5.00,0.00,February rent,Z-US$,2024-02-01T08:00:00Z\n',
    );
    const grid = page.getByRole('table', { name: 'Preview rows' });
    await clickIntoFormula(page, 'description');
    await page.keyboard.press('End');
    // Spaces too: the canvas on the same screen must not take them for itself.
    await page.keyboard.type(' & " ."');
    await visible(grid.getByRole('cell', { name: 'Office supplies .' }).first());
    await expect(grid.getByRole('cell', { name: 'February rent .' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Read the source again' }).click();
    await visible(grid.getByRole('cell', { name: 'February rent .' }));

    // Saving straight from the formula, before any pause in typing, saves what was typed.
    await clickIntoFormula(page, 'description');
    await page.keyboard.press('End');
    await page.keyboard.type(' & "!"');
    await page.keyboard.press('ControlOrMeta+S');
    await visible(page.getByText(/^Saved /));
    const saved = JSON.parse(readFileSync(join(dir, 'examples/csv-to-duckdb.json'), 'utf8')) as {
      streams: Record<string, { mappings: Record<string, { expression: string }> }>;
    };
    expect(saved.streams.gl_lines!.mappings.description!.expression).toBe('TRIM_ENDS(DSCRIPTN) & " ." & "!"');
  });
});
