/**
 * Keystroke -> updated preview grid, measured in Chromium against the real web host.
 *   tsx bench/studio-preview.ts [KEYS]
 * A GL pipeline over a generated 1,000-row CSV export, the studio opened on it, the `description`
 * column's formula set to a text in quotes, then digits typed inside the quotes with the keyboard:
 * each keystroke changes every row's value. The time is taken in the page, from the keydown event to
 * the moment the grid's first row shows the text that keystroke made (a MutationObserver).
 *   - pauses:  a keystroke after the previous one's preview is on screen and a short think time (how
 *     an analyst edits a formula: the pacing sends such a keystroke at once)
 *   - typing:  keystrokes every 120 ms (a fast typist), each timed to the first grid showing its text
 *     or a later one (paced requests fold keystrokes together, so a keystroke may never get its own)
 * Also where a paused keystroke's time goes (Resource Timing of the preview request).
 * Needs the studio built (`npm run build`). Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { makeGlFixture } from '../e2e/gl-fixture.ts';
import { closeBrowser, launchBrowser, openPipeline } from '../e2e/studio/harness.ts';
import { startStudioWeb } from '../scripts/studio-web.ts';

const KEYS = Number(process.argv[2] ?? 40);
const ROWS = 1000;
const THINK_MS = 250;
const TYPING_INTERVAL_MS = 120;

interface PageLog {
  readonly keys: number[];
  readonly shown: { text: string; at: number }[];
}

/** What the page keeps for us (set by `watchCell`); read through this, as this file has no DOM types. */
type PageGlobal = { benchLog: PageLog };

/**
 * Records keydown times and every text the first row's `column` cell shows, with the page's clock.
 * Page code as text: the TypeScript runner names functions with a helper the page does not have.
 */
async function watchCell(page: Page, column: string): Promise<void> {
  await page.evaluate(`(() => {
    const log = { keys: [], shown: [] };
    window.benchLog = log;
    window.addEventListener('keydown', () => log.keys.push(performance.now()), true);
    const table = document.querySelector('table[aria-label="Preview rows"]');
    const index = [...table.querySelectorAll('thead th')].map((th) => th.textContent).indexOf(${JSON.stringify(column)});
    let last = '';
    const look = () => {
      const row = table.querySelector('tbody tr:not(.preview-spacer):not(.held)');
      const text = (row && row.children[index] && row.children[index].textContent) || '';
      if (text !== last) {
        last = text;
        log.shown.push({ text, at: performance.now() });
      }
    };
    new MutationObserver(look).observe(table, { subtree: true, childList: true, characterData: true });
    look();
  })()`);
}

async function waitForText(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (wanted) => (globalThis as unknown as PageGlobal).benchLog.shown.some((shown) => shown.text === wanted),
    text,
    { timeout: 30_000 },
  );
}

/** For each keystroke, the time until the grid first showed its text (or a later keystroke's). */
function latencies(log: PageLog, prefix: string, digits: string, from: number): number[] {
  return log.keys.slice(from).map((at, k) => {
    const expected = prefix + digits.slice(0, k + 1);
    const shown = log.shown.find((entry) => entry.at >= at && entry.text.startsWith(expected));
    if (shown === undefined) throw new Error(`keystroke ${k + 1} never showed "${expected}" in the grid`);
    return shown.at - at;
  });
}

/**
 * Where a paused keystroke's time goes: in the page before the request leaves, the request (host:
 * compile + evaluate + JSON, and the transfer), and in the page after the answer until the grid shows it.
 */
function phases(
  log: PageLog,
  latency: readonly number[],
  from: number,
  requests: readonly { start: number; end: number }[],
) {
  const before: number[] = [];
  const request: number[] = [];
  const after: number[] = [];
  log.keys.slice(from).forEach((at, k) => {
    const sent = requests.find((candidate) => candidate.start >= at);
    if (sent === undefined) return;
    before.push(sent.start - at);
    request.push(sent.end - sent.start);
    after.push(at + latency[k]! - sent.end);
  });
  return { beforeRequest: summary(before), request: summary(request), afterAnswer: summary(after) };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(values: readonly number[]) {
  return {
    samples: values.length,
    p50: Math.round(percentile(values, 50)),
    p95: Math.round(percentile(values, 95)),
    max: Math.round(Math.max(...values)),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'mlc-bench-studio-'));
const fixture = await makeGlFixture(dir, ROWS);
const bridge = await startStudioWeb({ cwd: dir, stateDir: join(dir, 'state'), port: 0, log: () => {} });
const context = await (await launchBrowser()).newContext({ viewport: { width: 1440, height: 900 } });
try {
  const page = await context.newPage();
  await page.goto(bridge.url);
  await openPipeline(page, fixture.pipelinePath);
  await page.getByRole('table', { name: 'Preview rows' }).waitFor({ timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
  await watchCell(page, 'description');
  await page.getByRole('group', { name: 'Formula box of description' }).click();
  await page.keyboard.press('ControlOrMeta+A');
  // The editor closes the quote itself; the cursor then goes back inside it.
  await page.keyboard.type('"R');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  await waitForText(page, 'R');
  const digits = Array.from({ length: 2 * KEYS }, (_, i) => String((i * 7) % 10)).join('');

  // Pauses: one keystroke, its preview, a moment to look at it.
  const pausedFrom = await page.evaluate(() => (globalThis as unknown as PageGlobal).benchLog.keys.length);
  for (let k = 0; k < KEYS; k++) {
    await page.waitForTimeout(THINK_MS);
    await page.keyboard.press(digits[k]!);
    await waitForText(page, `R${digits.slice(0, k + 1)}`);
  }
  const pausedLog = await page.evaluate(() => (globalThis as unknown as PageGlobal).benchLog);
  const paused = latencies(pausedLog, 'R', digits.slice(0, KEYS), pausedFrom);
  const requests = (await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.includes('/api/preview/stream'))
      .map((entry) => ({ start: entry.startTime, end: (entry as unknown as { responseEnd: number }).responseEnd })),
  )) as { start: number; end: number }[];
  const stages = phases(pausedLog, paused, pausedFrom, requests);

  // Typing: keystrokes at a fast typist's pace, not waiting for the grid.
  await page.waitForTimeout(THINK_MS);
  const typingFrom = await page.evaluate(() => (globalThis as unknown as PageGlobal).benchLog.keys.length);
  for (let k = KEYS; k < 2 * KEYS; k++) {
    await page.keyboard.press(digits[k]!);
    await page.waitForTimeout(TYPING_INTERVAL_MS);
  }
  await waitForText(page, `R${digits}`);
  const typing = latencies(
    await page.evaluate(() => (globalThis as unknown as PageGlobal).benchLog),
    `R${digits.slice(0, KEYS)}`,
    digits.slice(KEYS),
    typingFrom,
  );

  console.log(JSON.stringify({ rows: ROWS, paused: summary(paused), typing: summary(typing), pausedStages: stages }));
} finally {
  await context.close();
  await closeBrowser();
  await bridge.close();
  rmSync(dir, { recursive: true, force: true });
}
