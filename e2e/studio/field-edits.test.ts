/**
 * Text typed into a field and not yet committed (no Enter, the cursor still in the box), for every kind
 * of field the studio edits the pipeline with: lookup grid cells (key, value, effective-from date),
 * the connection form (an address part, a sign-in field, a secret's name, the notes), a column's type.
 * Ctrl+S saves it (the file on disk holds it, the unsaved mark goes); a type the destination cannot
 * take is not saved and stays marked unsaved; opening another file or closing the page asks first.
 * (The formula editor's Ctrl+S is in editor-preview.test.ts.) Export, Plan and Run use it too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialog, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parsePipelineText, type Pipeline } from '../../engine/model/index.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';
import { planFigures } from './table-figures.ts';

const CSV = 'examples/csv-to-duckdb.json';
const GP = 'examples/gp-to-databricks.json';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

function onDisk(file: string): Pipeline {
  const load = parsePipelineText(readFileSync(join(studio!.dir, file), 'utf8'));
  if (!load.pipeline) throw new Error(`${file} does not load as a pipeline`);
  return load.pipeline;
}

/** Types into a box and stays there: no Enter, no Tab, the cursor still in it. */
async function typeAndStay(page: Page, box: Locator, text: string): Promise<void> {
  await typeInto(page, box, text);
  await expect.poll(() => box.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
}

/** Ctrl+S from where the cursor is, then waits until the file on disk shows what `read` looks for. */
async function saveWithKeys(
  page: Page,
  file: string,
  read: (pipeline: Pipeline) => unknown,
  expected: unknown,
): Promise<void> {
  // The unsaved mark is up before saving: the typing counts as a change.
  await visible(page.locator('.dirty-mark'));
  await page.keyboard.press('Control+s');
  await expect.poll(() => read(onDisk(file))).toEqual(expected);
  await gone(page.locator('.dirty-mark'));
}

/** The studio on the CSV example, showing the grid of its account_types table (rows kept in the file). */
async function accountTypes(): Promise<{ page: Page; grid: Locator }> {
  studio = await launchStudio();
  const { page } = studio;
  await openPipeline(page, CSV);
  await page.getByRole('tab', { name: 'Lookup tables' }).click();
  await page
    .getByRole('list', { name: 'Lookup tables of this pipeline' })
    .getByRole('button', { name: /^account_types/ })
    .click();
  return { page, grid: page.getByRole('table', { name: 'Rows of account_types' }) };
}

/** The CSV example's one account without a cost center (it holds a GL line): its row added, its value typed and left as it is. */
async function missingCostCenterTyped(): Promise<{ page: Page }> {
  studio = await launchStudio();
  const { page } = studio;
  await openPipeline(page, CSV);
  await page.getByRole('tab', { name: 'Lookup tables' }).click();
  await page
    .getByRole('group', { name: 'Coverage of cost_centers' })
    .getByRole('button', { name: 'Add 000-6900-00 in cost_centers' })
    .click();
  await typeAndStay(
    page,
    page.getByRole('table', { name: 'Rows of cost_centers' }).getByLabel('Value, row 9'),
    'CC-FACILITIES',
  );
  return { page };
}

describe('text typed into a field, not yet committed', () => {
  it('is saved by Ctrl+S from a lookup cell: a key, a value and an effective-from date', async () => {
    const { page, grid } = await accountTypes();

    await typeAndStay(page, grid.getByLabel('Value, row 1'), 'CURRENT ASSETS');
    await saveWithKeys(page, CSV, (p) => p.lookups!.account_types!.rows![0]!.value, 'CURRENT ASSETS');
    await visible(page.getByText(`Saved ${CSV}`));

    await typeAndStay(page, grid.getByLabel('Key, row 2'), '2L');
    await saveWithKeys(page, CSV, (p) => p.lookups!.account_types!.rows![1]!.key, '2L');

    // An effective-dated table, new, with one row: its date box.
    await page.getByRole('button', { name: 'New table' }).click();
    const dialog = page.getByRole('dialog', { name: 'New lookup table' });
    await dialog.getByLabel('Name').fill('fx_rates');
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: 'Add table' }).click();
    await gone(dialog);
    await page.getByRole('region', { name: 'Lookup table fx_rates' }).getByRole('button', { name: 'Add row' }).click();
    await typeAndStay(
      page,
      page.getByRole('table', { name: 'Rows of fx_rates' }).getByLabel('Effective from, row 1'),
      '2024-07-01',
    );
    await saveWithKeys(page, CSV, (p) => p.lookups!.fx_rates!.rows![0]!.effectiveFrom, '2024-07-01');
  });

  it("is saved by Ctrl+S from the connection form: an address part, a sign-in field, a secret's name and the notes", async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, GP);
    await page.getByRole('tab', { name: 'Connections' }).click();
    const gp = page.getByRole('region', { name: 'Connection gp' });

    await typeAndStay(page, gp.getByLabel('SBA service address', { exact: true }), 'http://gp.contoso.example:8080');
    await saveWithKeys(page, GP, (p) => p.connections.gp!.address.baseUrl, 'http://gp.contoso.example:8080');

    await typeAndStay(page, gp.getByLabel('User name', { exact: true }), 'CONTOSO\\finance.sync');
    await saveWithKeys(
      page,
      GP,
      (p) => (p.connections.gp!.auth as { username?: string }).username,
      'CONTOSO\\finance.sync',
    );

    await typeAndStay(page, gp.getByRole('textbox', { name: /^Secret name/ }), 'gp_finance_password');
    await saveWithKeys(page, GP, (p) => (p.connections.gp!.auth as { secret?: string }).secret, 'gp_finance_password');

    const notes = gp.getByLabel('Notes');
    await notes.click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type(' Moved to the finance service account.');
    await saveWithKeys(
      page,
      GP,
      (p) => p.connections.gp!.notes?.endsWith(' Moved to the finance service account.'),
      true,
    );
  });

  it("is saved by Ctrl+S from a column's type box, and a type the destination cannot take stays unsaved with the reason", async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, CSV);
    // A type its formula's result fits (an integer entry number as a decimal): a type it does not fit is a
    // formula error, and Save would ask first (new-document.test.ts).
    await page.getByRole('combobox', { name: 'Column' }).selectOption('journal_entry');
    const type = page.getByRole('combobox', { name: 'Type' });
    await typeAndStay(page, type, 'decimal(18,0)');
    await saveWithKeys(page, CSV, (p) => p.streams.gl_lines!.mappings.journal_entry!.type, 'decimal(18,0)');

    await typeAndStay(page, type, 'money');
    await page.keyboard.press('Control+s');
    await visible(page.getByRole('alert').filter({ hasText: '"money" is not a column type' }));
    expect(onDisk(CSV).streams.gl_lines!.mappings.journal_entry!.type).toBe('decimal(18,0)');
    await visible(page.locator('.dirty-mark'));
  });

  it('is asked about before another file is opened, and before the page is closed', async () => {
    const { page, grid } = await accountTypes();
    const value = grid.getByLabel('Value, row 3');

    await typeAndStay(page, value, 'LONG-TERM LIABILITIES');
    await page.keyboard.press('Control+o');
    await visible(page.getByRole('dialog', { name: 'Unsaved changes' }));
    await page.getByRole('button', { name: 'Keep editing' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await gone(page.locator('.dirty-mark'));

    await typeAndStay(page, value, 'LONG-TERM LIABILITIES');
    const asked = new Promise<Dialog>((resolve) => page.once('dialog', resolve));
    await page.close({ runBeforeUnload: true });
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    expect(page.isClosed()).toBe(false);
  });

  it('goes into the exported file', async () => {
    const { page } = await missingCostCenterTyped();
    await page.getByRole('button', { name: 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export for headless use' });
    await exporting.getByLabel('File path').fill('scheduled/gl.json');
    await exporting.getByRole('button', { name: 'Export' }).click();
    await page
      .getByRole('dialog', { name: 'Exported for headless runs' })
      .getByRole('button', { name: 'Done' })
      .click();
    expect(onDisk('scheduled/gl.json').lookups!.cost_centers!.rows!.at(-1)).toEqual({
      key: '000-6900-00',
      value: 'CC-FACILITIES',
    });
  });

  it('goes into the write plan and the run: the GL line it held goes through', async () => {
    const { page } = await missingCostCenterTyped();
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const plan = page.getByRole('table', { name: 'What a run would write' });
    await visible(plan);
    await expect.poll(() => planFigures(plan)).toMatchObject({ Inserts: '8', Held: '0' });
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Run finished: every row was written' }));
    // None of it was saved: the file still reads its cost centers from the CSV.
    expect(onDisk(CSV).lookups!.cost_centers!.file).toBeDefined();
  });
});
