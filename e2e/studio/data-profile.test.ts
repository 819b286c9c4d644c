/**
 * Seeing the data on the CSV example: a clicked column's profile (and a source field's) with the
 * figures worked out from the example's eight GL lines, the preview filtered to held rows only, and,
 * after a run, the control totals per period drawn as source and destination bars with money amounts.
 */
import type { Locator } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

/** The profile's figures as shown: values, nulls, blanks, distinct, min and max. */
async function figures(profile: Locator): Promise<Record<string, string>> {
  const names = ['values', 'nulls', 'blanks', 'distinct', 'min', 'max'];
  const texts = await Promise.all(names.map((name) => profile.locator(`[data-figure="${name}"]`).textContent()));
  return Object.fromEntries(names.map((name, index) => [name, texts[index]!.trim()]));
}

async function topValues(profile: Locator): Promise<string[][]> {
  const rows = profile.getByRole('table', { name: 'Most common values' }).locator('tbody tr');
  return await rows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent!.trim())));
}

async function binCounts(profile: Locator): Promise<string[]> {
  return profile.locator('.profile-bar').evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-count')!));
}

describe('seeing the data', () => {
  it('profiles a clicked column and a source field, filters to held rows, and charts the totals per period', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, 'examples/csv-to-duckdb.json');
    const grid = page.getByRole('table', { name: 'Preview rows' });
    await visible(grid.getByRole('cell', { name: 'Invoice 4471, Contoso' }).first());

    // debit over the 7 mapped lines (the 8th is held): 0.00 four times, 1250.00, 310.45, 999.99.
    await grid.getByRole('button', { name: 'debit', exact: true }).click();
    const profile = page.getByRole('complementary', { name: 'Column profile' });
    await expect.poll(() => profile.getByRole('combobox', { name: 'Profile of' }).inputValue()).toBe('column:debit');
    expect(await figures(profile)).toEqual({
      values: '7',
      nulls: '0',
      blanks: '0',
      distinct: '4',
      min: '0.00',
      max: '1250.00',
    });
    expect(await topValues(profile)).toEqual([
      ['0.00', '4'],
      ['1250.00', '1'],
      ['310.45', '1'],
      ['999.99', '1'],
    ]);
    // Ten bins of 125.00: 0.00 x4 in the first, 310.45 in the third, 999.99 in the eighth, 1250.00 in the last.
    expect(await binCounts(profile)).toEqual(['4', '0', '1', '0', '0', '0', '0', '1', '0', '1']);

    // The source field TRXDATE over all 8 records, the held one included: 16 days in ten bins.
    await profile.getByRole('combobox', { name: 'Profile of' }).selectOption('field:TRXDATE');
    expect(await figures(profile)).toEqual({
      values: '8',
      nulls: '0',
      blanks: '0',
      distinct: '3',
      min: '2024-01-15',
      max: '2024-01-31',
    });
    expect(await topValues(profile)).toEqual([
      ['2024-01-31', '4'],
      ['2024-01-15', '2'],
      ['2024-01-20', '2'],
    ]);
    expect(await binCounts(profile)).toEqual(['2', '0', '0', '2', '0', '0', '0', '0', '0', '4']);

    // Held only: the one line whose account the cost center table misses.
    await page.getByRole('combobox', { name: 'Show' }).selectOption('held');
    const lines = grid.locator('tbody tr:not(.preview-spacer)');
    await expect.poll(() => lines.count()).toBe(1);
    await visible(lines.first().getByText('Held for review.'));
    expect(await lines.first().textContent()).toContain('000-6900-00');
    await page.getByRole('combobox', { name: 'Show' }).selectOption('all');
    await expect.poll(() => lines.count()).toBe(8);

    // A run, then its control totals as a chart: each period's source beside its destination.
    await page.getByRole('tab', { name: 'Runs' }).click();
    await page.getByRole('button', { name: 'Start run' }).click();
    await visible(page.getByRole('heading', { name: 'Run finished: 1 row held for review (below)' }));
    await page
      .getByRole('rowgroup', { name: /^Run / })
      .first()
      .getByRole('button', { name: /^Show the control totals of / })
      .click();
    const chart = page.getByRole('img', { name: 'gl_lines: this run: source and destination totals per period' });
    await visible(chart);
    const groups = chart.locator('.chart-group');
    expect(await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-period')))).toEqual([
      '2024-01 debit',
      '2024-01 credit',
      '2024-01 net amount',
    ]);
    const bars = (period: string) =>
      chart
        .locator(`.chart-group[data-period="${period}"] .chart-bar`)
        .evaluateAll((rects) => rects.map((rect) => [rect.getAttribute('class'), rect.getAttribute('data-amount')]));
    // The held line's 42.10 debit is missing from the destination: those groups are marked as differing by held rows.
    expect(await bars('2024-01 debit')).toEqual([
      ['chart-bar source', '2,602.54'],
      ['chart-bar destination', '2,560.44'],
    ]);
    expect(await bars('2024-01 credit')).toEqual([
      ['chart-bar source', '2,602.54'],
      ['chart-bar destination', '2,602.54'],
    ]);
    // Net (debit less credit): 0.00 at the source, -42.10 written; a negative bar is drawn from its size.
    expect(await bars('2024-01 net amount')).toEqual([
      ['chart-bar source', '0.00'],
      ['chart-bar destination negative', '-42.10'],
    ]);
    expect(
      await chart.locator('.chart-group.held').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-period'))),
    ).toEqual(['2024-01 debit', '2024-01 net amount']);
    expect(await chart.locator('.chart-group[data-period="2024-01 debit"] .chart-mark').count()).toBe(1);
  });
});
