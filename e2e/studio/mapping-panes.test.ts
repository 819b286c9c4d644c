/**
 * The Mapping screen's splitters at 1440x900: dragged with the real mouse, the panes change by the
 * distance dragged; moved with the arrow keys, Home and End; never past a pane's minimum; the sizes
 * kept across a reload of the studio; a canvas that showed the whole drawing fits it again when its
 * pane shrinks.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

const EXAMPLE = 'examples/csv-to-duckdb.json';
const CANVAS_MIN = 160;

async function openExample(page: Page): Promise<void> {
  await openPipeline(page, EXAMPLE);
  await visible(page.getByRole('group', { name: 'Column account', exact: true }));
}

const canvasSplitter = (page: Page) => page.getByRole('separator', { name: /^Resize the canvas/ });
const editorSplitter = (page: Page) => page.getByRole('separator', { name: /^Resize the formula editor/ });

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} is not on screen`);
  return found;
}

const panes = async (page: Page) => ({
  canvas: await box(page.locator('.mapping-canvas-area')),
  editor: await box(page.locator('.mapping-editor-area')),
  preview: await box(page.locator('.mapping-preview-area')),
});

const valueOf = async (splitter: Locator) => Number(await splitter.getAttribute('aria-valuenow'));

/** A real pointer drag of a splitter by (dx, dy), in steps as a hand moves. */
async function dragBy(page: Page, splitter: Locator, dx: number, dy: number): Promise<void> {
  const start = await box(splitter);
  const x = start.x + start.width / 2;
  const y = start.y + start.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 10 });
  await page.mouse.up();
}

describe('mapping panes', () => {
  it('resizes the panes by mouse and keys, within their minimums, and keeps the sizes across a reload', async () => {
    studio = await launchStudio();
    const page = studio.page;
    page.setDefaultTimeout(10_000);
    await openExample(page);

    const splitter = canvasSplitter(page);
    expect(await splitter.getAttribute('aria-orientation')).toBe('horizontal');
    const before = await panes(page);
    await dragBy(page, splitter, 0, -120);
    const dragged = await panes(page);
    expect(dragged.canvas.height).toBeGreaterThan(before.canvas.height - 124);
    expect(dragged.canvas.height).toBeLessThan(before.canvas.height - 116);
    expect(Math.abs(dragged.editor.y - (before.editor.y - 120))).toBeLessThan(4);

    const side = editorSplitter(page);
    expect(await side.getAttribute('aria-orientation')).toBe('vertical');
    await dragBy(page, side, 150, 0);
    const wider = await panes(page);
    expect(Math.abs(wider.editor.width - (dragged.editor.width + 150))).toBeLessThan(4);
    expect(Math.abs(wider.preview.width - (dragged.preview.width - 150))).toBeLessThan(4);

    // Keys: the drag left the focus on the splitter it moved; a step is 2 percent.
    await splitter.focus();
    const value = await valueOf(splitter);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await valueOf(splitter)).toBe(Math.round(value + 4));
    expect((await panes(page)).canvas.height).toBeGreaterThan(wider.canvas.height + 20);
    await page.keyboard.press('End');
    expect(await valueOf(splitter)).toBe(Number(await splitter.getAttribute('aria-valuemax')));
    await page.keyboard.press('Home');
    expect(await valueOf(splitter)).toBe(Number(await splitter.getAttribute('aria-valuemin')));
    expect(Math.abs((await panes(page)).canvas.height - CANVAS_MIN)).toBeLessThan(4);

    // A drag far past the top stops at the canvas's minimum; the other way, at the bottom pane's.
    await page.keyboard.press('End');
    await dragBy(page, splitter, 0, -2000);
    expect((await panes(page)).canvas.height).toBeGreaterThanOrEqual(CANVAS_MIN - 1);
    await dragBy(page, splitter, 0, 2000);
    const lowest = await panes(page);
    expect(lowest.editor.height).toBeGreaterThanOrEqual(139);
    await dragBy(page, side, -2000, 0);
    expect((await panes(page)).editor.width).toBeGreaterThanOrEqual(239);

    // Sizes set by a drag are there again after a reload of the studio.
    await dragBy(page, splitter, 0, -200);
    const kept = await panes(page);
    await page.reload();
    await openExample(page);
    const reloaded = await panes(page);
    expect(Math.abs(reloaded.canvas.height - kept.canvas.height)).toBeLessThan(2);
    expect(Math.abs(reloaded.editor.width - kept.editor.width)).toBeLessThan(2);
  }, 60_000);

  it('fits the whole drawing again when the canvas was showing it all and its pane shrinks', async () => {
    studio = await launchStudio();
    const page = studio.page;
    page.setDefaultTimeout(10_000);
    await openExample(page);
    await page.getByRole('toolbar', { name: 'Mapping canvas' }).getByRole('button', { name: 'Fit view' }).click();
    const columns = page.locator('.mapping-canvas .react-flow__node-column');
    await expect.poll(() => columns.count()).toBe(13);

    await dragBy(page, canvasSplitter(page), 0, -150);
    const flowArea = await box(page.locator('.mapping-canvas-flow'));
    // Every column still drawn (the canvas draws only what is in view) and inside the smaller pane.
    await expect.poll(() => columns.count()).toBe(13);
    await expect
      .poll(async () => {
        const boxes = await Promise.all((await columns.all()).map(box));
        return boxes.every(
          (node) => node.y >= flowArea.y - 1 && node.y + node.height <= flowArea.y + flowArea.height + 1,
        );
      })
      .toBe(true);
  }, 60_000);
});
