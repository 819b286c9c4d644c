/**
 * Time to open a pipeline with 300 mapped columns, measured in Chromium against the real web host.
 *   tsx bench/studio-open.ts [RUNS]
 * A generated pipeline (300 source fields, 300 columns: plain fields, ROUND and IF formulas, 20
 * lookups) is opened through the studio's Open dialog. The time is taken in the page, from the click
 * on "Open" to the first painted frame where the mapping canvas shows its column cards in view and
 * counts all 300 columns (it draws only what is in view; "fit view" draws the rest).
 *   - first:  the first open in a fresh page (the mapping screen and its editor are built for the first time)
 *   - again:  later opens, alternating with the baseline, so each one replaces a different pipeline
 *   - baseline: the 13-column example GL pipeline opened the same way in the same page
 * Needs the studio built (`npm run build`). Prints one JSON line.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { closeBrowser, launchStudio } from '../e2e/studio/harness.ts';
import { wideColumnName, writeWidePipeline } from '../e2e/studio/wide-pipeline.ts';

const RUNS = Number(process.argv[2] ?? 8);
const COLUMNS = 300;

interface Target {
  readonly path: string;
  /** A column card that only this pipeline has, and the canvas's count of its columns. */
  readonly column: string;
  readonly count: string;
}

/**
 * Opens `target` through the Open dialog and returns the milliseconds from the click on "Open" to the
 * frame after the canvas showed it. Page code as text: the TypeScript runner names functions with a
 * helper the page does not have.
 */
async function timedOpen(page: Page, target: Target): Promise<number> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a pipeline' });
  await dialog.getByLabel('File path').fill(target.path);
  const elapsed = await page.evaluate(`new Promise((resolve, reject) => {
    const button = [...document.querySelectorAll('[role="dialog"] button')].find((candidate) => candidate.textContent === 'Open');
    const column = ${JSON.stringify(`[data-id="column:${target.column}"]`)};
    const count = ${JSON.stringify(target.count)};
    const started = performance.now();
    button.click();
    const look = () => {
      const status = document.querySelector('[aria-label="Canvas contents"]');
      const shown = document.querySelector(column) && status && status.textContent.includes(count) && !document.querySelector('[role="dialog"]');
      if (shown) requestAnimationFrame(() => resolve(performance.now() - started));
      else if (performance.now() - started > 30000) reject(new Error('the canvas did not show ' + count));
      else requestAnimationFrame(look);
    };
    look();
  })`);
  return elapsed as number;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const studio = await launchStudio();
try {
  const { page, dir } = studio;
  const wide: Target = {
    path: writeWidePipeline(join(dir, 'wide'), COLUMNS),
    column: wideColumnName(0),
    count: `${COLUMNS} columns`,
  };
  const example: Target = { path: 'examples/csv-to-duckdb.json', column: 'journal_entry', count: '13 columns' };
  const first = await timedOpen(page, wide);
  const drawn = await page.locator('.react-flow__node-column').count();
  const again: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baseline.push(await timedOpen(page, example));
    again.push(await timedOpen(page, wide));
  }
  const round = (value: number) => Math.round(value);
  console.log(
    JSON.stringify({
      columns: COLUMNS,
      drawn,
      first: round(first),
      again: { p50: round(percentile(again, 50)), max: round(Math.max(...again)) },
      baseline: { columns: 13, p50: round(percentile(baseline, 50)) },
    }),
  );
} finally {
  await studio.close();
  await closeBrowser();
}
