/**
 * No edge runs behind a node: on every stream of every example, each edge's drawn path (the real SVG,
 * sampled along its length in the page) is read against the boxes of the nodes drawn, and no sampled
 * point may fall inside a node that is not one of the edge's two ends. Read in canvas units (the
 * path's own coordinates and the nodes' positions), so the zoom of the view does not matter.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

const EXAMPLES = [
  'examples/csv-to-duckdb.json',
  'examples/gp-to-duckdb.json',
  'examples/gp-to-databricks.json',
  'examples/bamboohr-to-gp.json',
];

interface Crossing {
  readonly edge: string;
  readonly node: string;
  readonly at: { readonly x: number; readonly y: number };
}

/** Edges drawn and points of them inside another node, read in the page (a string: no browser types here). */
async function crossings(page: Page): Promise<{ edges: number; nodes: number; crossings: Crossing[] }> {
  return page.evaluate(`(() => {
    const boxes = [...document.querySelectorAll('.mapping-canvas .react-flow__node')].map((element) => {
      const match = /translate\\(([-\\d.]+)px,\\s*([-\\d.]+)px\\)/.exec(element.style.transform);
      const x = Number(match[1]);
      const y = Number(match[2]);
      return { id: element.getAttribute('data-id'), x, y, right: x + element.offsetWidth, bottom: y + element.offsetHeight };
    });
    const crossings = [];
    const edges = [...document.querySelectorAll('.mapping-canvas .react-flow__edge')];
    for (const edge of edges) {
      const id = edge.getAttribute('data-id');
      const [source, target] = JSON.parse(id);
      const path = edge.querySelector('.react-flow__edge-path');
      const length = path.getTotalLength();
      const steps = Math.max(2, Math.ceil(length / 2));
      for (let step = 0; step <= steps; step++) {
        const point = path.getPointAtLength((length * step) / steps);
        for (const box of boxes) {
          if (box.id === source || box.id === target) continue;
          // Strictly inside, by more than half a unit: a line drawn along a node's edge is not behind it.
          if (point.x > box.x + 0.5 && point.x < box.right - 0.5 && point.y > box.y + 0.5 && point.y < box.bottom - 0.5) {
            crossings.push({ edge: id, node: box.id, at: { x: Math.round(point.x), y: Math.round(point.y) } });
            break;
          }
        }
      }
    }
    // One line per edge and node is enough to read.
    const seen = new Set();
    const unique = crossings.filter((c) => !seen.has(c.edge + c.node) && seen.add(c.edge + c.node));
    return { edges: edges.length, nodes: boxes.length, crossings: unique };
  })()`);
}

const viewport = (page: Page) =>
  page
    .locator('.mapping-canvas-flow .react-flow__viewport')
    .evaluate((element) => (element as unknown as { style: { transform: string } }).style.transform);

/** Fit view, then wait until the view stands still for a few frames (all nodes drawn where they belong). */
async function fitAndSettle(page: Page): Promise<void> {
  await page.getByRole('toolbar', { name: 'Mapping canvas' }).getByRole('button', { name: 'Fit view' }).click();
  let last = await viewport(page);
  let still = 0;
  await expect
    .poll(
      async () => {
        await page.evaluate('new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))');
        const now = await viewport(page);
        still = now === last ? still + 1 : 0;
        last = now;
        return still >= 3;
      },
      { timeout: 10_000, interval: 0 },
    )
    .toBe(true);
}

describe('canvas edges', () => {
  it('draws no edge behind a node on any stream of the examples', async () => {
    studio = await launchStudio();
    const page = studio.page;
    page.setDefaultTimeout(10_000);
    const found: Record<string, Crossing[]> = {};
    let edgesSeen = 0;
    for (const example of EXAMPLES) {
      await openPipeline(page, example);
      const picker = page.getByRole('combobox', { name: 'Stream' });
      await visible(picker);
      const streams = await picker
        .locator('option')
        .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
      for (const stream of streams) {
        await picker.selectOption(stream);
        await visible(page.getByRole('toolbar', { name: 'Mapping canvas' }));
        await visible(page.locator('.mapping-canvas .react-flow__node-column').first());
        await fitAndSettle(page);
        const read = await crossings(page);
        edgesSeen += read.edges;
        if (read.crossings.length > 0) found[`${example} ${stream}`] = read.crossings;
      }
    }
    expect(edgesSeen).toBeGreaterThan(20);
    expect(found).toEqual({});
  }, 120_000);
});
