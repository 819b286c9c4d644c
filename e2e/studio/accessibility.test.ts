/**
 * axe-core on every screen of the studio, from the start screen through an opened example's tabs:
 * no serious or critical accessibility violation anywhere (names, contrast, roles).
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

/** Each tab and the region it shows (the screens' sections are named after their tab). */
const SCREENS = ['Connections', 'Source fields', 'Mapping', 'Stream settings', 'Lookup tables', 'Write plan', 'Runs'];

describe('accessibility', () => {
  it('finds no serious or critical violation on the start screen or any screen of an example', async () => {
    studio = await launchStudio();
    const page = studio.page;
    page.setDefaultTimeout(10_000);
    await visible(page.getByRole('heading', { name: 'Connect a system to your warehouse' }));
    const found: Record<string, string[]> = { 'start screen': await seriousViolations(page) };

    await openPipeline(page, 'examples/csv-to-duckdb.json');
    for (const screen of SCREENS) {
      await page.getByRole('tab', { name: screen, exact: true }).click();
      await visible(page.getByRole('region', { name: screen, exact: true }));
      found[screen] = await seriousViolations(page);
    }
    const failing = Object.fromEntries(Object.entries(found).filter(([, violations]) => violations.length > 0));
    expect(failing).toEqual({});
  });
});
