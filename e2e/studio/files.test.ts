/** File work in the studio: open an example, edit, undo/redo, unsaved-change protection, save, save as elsewhere, reopen, export. */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio } from './harness.ts';
import { planFigures } from './table-figures.ts';

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
    expect(readFileSync(join(dir, 'examples/copy.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'examples/csv-to-duckdb.json'), 'utf8'),
    );
    await page.getByRole('button', { name: 'Open…' }).click();
    await page
      .getByRole('dialog', { name: 'Open a pipeline' })
      .getByRole('button', { name: join(dir, 'examples/copy.json') })
      .click();
    await expectVisible(page.locator('.document-path', { hasText: 'copy.json' }));
  });

  it('saves as into another folder with its relative paths rebased, so the plan made there still finds the data', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    mkdirSync(join(dir, 'month-end'));
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    await page.getByRole('button', { name: 'Save as…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as' });
    await dialog.getByLabel('File path').fill('month-end/gl.json');
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The files stay in examples/, outside the new folder: a relative path may not climb out of it, so each gets its full path.
    await expectVisible(
      page.getByText(
        `Saved month-end/gl.json; relative paths point from its folder to the same files (./data is now ${join(dir, 'examples/data')},`,
        { exact: false },
      ),
    );
    const saved = JSON.parse(readFileSync(join(dir, 'month-end/gl.json'), 'utf8')) as {
      connections: Record<string, { address: Record<string, string> }>;
      lookups: Record<string, { file?: { path: string } }>;
    };
    expect(saved.connections.gl_export!.address.folder).toBe(join(dir, 'examples/data'));
    expect(saved.connections.warehouse!.address.path).toBe(join(dir, 'examples/warehouse.duckdb'));
    expect(saved.lookups.cost_centers!.file!.path).toBe(join(dir, 'examples/lookups/cost-centers.csv'));
    await page.locator('.dirty-mark').waitFor({ state: 'detached' });

    // Opened from its new folder, the plan reads the same 8 GL lines and the same cost centers (one account missing).
    await openPipeline(page, 'month-end/gl.json');
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const plan = page.getByRole('table', { name: 'What a run would write' });
    await expectVisible(plan);
    expect(await planFigures(plan)).toMatchObject({ 'Rows to read': '8', Held: '1' });
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
    // The studio was started with a state folder: the command names it, so the scheduled run carries on from its watermarks.
    await expectVisible(done.getByText(`ml-connector run "scheduled/gl.json" --state "${studio.stateDir}" --json`));
    await expectVisible(done.getByText(studio.stateDir, { exact: false }).last());
    await expectVisible(done.getByText('ML_CONNECTOR_SECRET_', { exact: false }).first());
    const exported = JSON.parse(readFileSync(join(dir, 'scheduled/gl.json'), 'utf8')) as {
      id?: string;
      lookups?: Record<string, { file?: { path: string } }>;
    };
    // Under another file name, the copy keeps the pipeline's identity (its runs, holds and watermarks are kept under it).
    expect(exported.id).toBe('gp-to-databricks');
    const lookupPaths = Object.values(exported.lookups ?? {}).flatMap((lookup) =>
      lookup.file ? [lookup.file.path] : [],
    );
    expect(lookupPaths.length).toBeGreaterThan(0);
    for (const path of lookupPaths) expect(path.startsWith(`${join(dir, 'examples')}/`)).toBe(true);
  });
});

async function expectVisible(locator: {
  waitFor(options: { state: 'visible'; timeout?: number }): Promise<void>;
}): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}
