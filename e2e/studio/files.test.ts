/** File work in the studio: open an example, edit, undo/redo, unsaved-change protection, save, reopen, export. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('studio files', () => {
  it('shows the examples on the start screen and opens one', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await expectVisible(page.getByRole('heading', { name: 'Connect a system to your warehouse' }));
    await page.getByRole('button', { name: 'GL lines from CSV to the local warehouse' }).click();
    await expectVisible(page.getByText('GL lines from CSV to the local warehouse'));
    expect(await page.getByRole('combobox', { name: 'Stream' }).inputValue()).toBe('gl_lines');
    await studio.screenshot('start');
  });

  it('opens by path, saves as a new file byte-identical, and reopens it from the recent list', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('button', { name: 'Save as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as' });
    await dialog.getByLabel('File path').fill('examples/copy.json');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expectVisible(page.getByText('Saved examples/copy.json'));
    expect(readFileSync(join(dir, 'examples/copy.json'), 'utf8')).toBe(readFileSync(join(dir, 'examples/csv-to-duckdb.json'), 'utf8'));
    await page.getByRole('button', { name: 'Open…' }).click();
    await page.getByRole('dialog', { name: 'Open a pipeline' }).getByRole('button', { name: join(dir, 'examples/copy.json') }).click();
    await expectVisible(page.locator('.document-path', { hasText: 'copy.json' }));
  });

  it('refuses a path that does not exist with the reason, and keeps the start screen', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await page.getByRole('button', { name: 'Open…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open a pipeline' });
    await dialog.getByLabel('File path').fill('examples/nope.json');
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expectVisible(dialog.getByText('Cannot open the pipeline examples/nope.json: there is no such file.'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Connect a system to your warehouse' }));
  });

  it('exports for headless use with rebased paths and the environment variables for secrets', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, 'examples/gp-to-databricks.json');
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export for headless use' });
    await dialog.getByLabel('File path').fill('scheduled/gl.json');
    await dialog.getByRole('button', { name: 'Export' }).click();
    const done = page.getByRole('dialog', { name: 'Exported for headless runs' });
    await expectVisible(done.getByText('ml-connector run "scheduled/gl.json" --json'));
    await expectVisible(done.getByText('ML_CONNECTOR_SECRET_', { exact: false }).first());
    const exported = JSON.parse(readFileSync(join(dir, 'scheduled/gl.json'), 'utf8')) as { lookups?: Record<string, { file?: { path: string } }> };
    const lookupPaths = Object.values(exported.lookups ?? {}).flatMap((lookup) => (lookup.file ? [lookup.file.path] : []));
    expect(lookupPaths.length).toBeGreaterThan(0);
    for (const path of lookupPaths) expect(path.startsWith('../examples/')).toBe(true);
  });
});

async function expectVisible(locator: { waitFor(options: { state: 'visible'; timeout?: number }): Promise<void> }): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}
