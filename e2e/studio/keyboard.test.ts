/**
 * The studio without a mouse: Tab leaves the formula editor (and Shift+Tab comes back) instead of
 * typing a tab into the formula; a source field is mapped to a column by keys only (Tab into the
 * canvas, arrows to the field, Enter, pick the column, Enter), drawn as an edge, saved, and undone with
 * Ctrl+Z; on a 300-column stream every kind of node is reached by keys and brought into view with a
 * ring, and a dialog closed by Escape gives the focus back to the node that opened it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, visible } from './harness.ts';
import { writeWidePipeline } from './wide-pipeline.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

const EXAMPLE = 'examples/csv-to-duckdb.json';

async function openExample(): Promise<Page> {
  studio = await launchStudio();
  studio.page.setDefaultTimeout(10_000);
  await openPipeline(studio.page, EXAMPLE);
  await visible(studio.page.getByRole('group', { name: 'Column account', exact: true }));
  return studio.page;
}

/** The accessible name of whatever has the keyboard focus, and whether it is inside the formula editor. */
async function focused(page: Page): Promise<{ label: string; inEditor: boolean }> {
  // A string, run in the page: the tests are compiled without the browser's types.
  return page.evaluate(`(() => {
    const element = document.activeElement;
    return {
      label: element?.getAttribute('aria-label') ?? '',
      inEditor: element !== null && element.closest('.monaco-editor') !== null,
    };
  })()`);
}

/** Tab from where the focus is until it lands on a node of the canvas (its one Tab stop). */
async function tabToCanvas(page: Page): Promise<void> {
  for (let presses = 0; presses < 40 && !/^Source field /.test((await focused(page)).label); presses++)
    await page.keyboard.press('Tab');
  expect((await focused(page)).label).toMatch(/^Source field /);
}

/** The outline style drawn around whatever has the focus ("none" when there is no ring). */
async function focusRing(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineWidth === '0px' ? 'none' : style.outlineStyle;
  })()`);
}

/** Whether the focused element lies wholly inside the canvas's visible area. */
async function focusedInView(page: Page): Promise<boolean> {
  return page.evaluate(`(() => {
    const node = document.activeElement.getBoundingClientRect();
    const area = document.querySelector('.mapping-canvas-flow').getBoundingClientRect();
    return node.width > 0 && node.left >= area.left && node.right <= area.right && node.top >= area.top && node.bottom <= area.bottom;
  })()`);
}

function savedFormula(dir: string, column: string): string {
  const saved = JSON.parse(readFileSync(join(dir, EXAMPLE), 'utf8')) as {
    streams: Record<string, { mappings: Record<string, { expression: string }> }>;
  };
  return saved.streams.gl_lines!.mappings[column]!.expression;
}

async function save(page: Page): Promise<void> {
  await page.keyboard.press('ControlOrMeta+S');
  await page.locator('.dirty-mark').waitFor({ state: 'detached' });
}

describe('keyboard', () => {
  it('moves the focus out of the formula editor with Tab and back with Shift+Tab, typing no tab', async () => {
    const page = await openExample();
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    expect((await focused(page)).inEditor).toBe(true);

    await page.keyboard.press('Tab');
    await expect.poll(async () => (await focused(page)).inEditor).toBe(false);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(async () => (await focused(page)).inEditor).toBe(true);
    // No tab character went into the formula, and nothing became unsaved.
    const formula = page
      .getByRole('group', { name: 'Column description', exact: true })
      .locator('.canvas-column-formula');
    expect((await formula.innerText()).trim()).toBe('TRIM_ENDS(DSCRIPTN)');
    expect(await page.locator('.dirty-mark').count()).toBe(0);
  });

  it('maps a field to a column by keys only, draws the edge, saves it, and undoes it with Ctrl+Z', async () => {
    const page = await openExample();
    const dir = studio!.dir;
    // Start from the canvas itself (the one click of the test: where the analyst's eyes are), then keys only.
    await page
      .getByRole('toolbar', { name: 'Mapping canvas' })
      .getByText(/columns/)
      .click();
    // The canvas is one Tab stop (its first source field); the arrow keys walk the fields.
    await tabToCanvas(page);
    const field = /^Source field DSCRIPTN, /;
    for (let presses = 0; presses < 20 && !field.test((await focused(page)).label); presses++)
      await page.keyboard.press('ArrowDown');
    expect((await focused(page)).label).toMatch(field);
    // The focused field shows a ring.
    expect(await focusRing(page)).toBe('solid');

    await page.keyboard.press('Enter');
    const pick = page.getByRole('dialog', { name: 'Map DSCRIPTN to a column' });
    const list = pick.getByRole('listbox', { name: 'Column' });
    await visible(list);
    // The keyboard's dialog is as readable to a screen reader as the screens are.
    expect(await seriousViolations(page)).toEqual([]);
    for (let presses = 0; presses < 20 && (await list.inputValue()) !== 'account'; presses++)
      await page.keyboard.press('ArrowDown');
    expect(await list.inputValue()).toBe('account');
    await page.keyboard.press('Enter');
    // account has a formula: the same question a drop asks, answered by Enter on its focused button.
    const ask = page.getByRole('dialog', { name: 'Replace the formula?' });
    await visible(ask);
    await page.keyboard.press('Enter');
    await gone(ask);

    const edge = page.getByRole('img', { name: 'Edge from field:DSCRIPTN to column:account', exact: true });
    await visible(edge);
    await save(page);
    expect(savedFormula(dir, 'account')).toBe('DSCRIPTN');

    await page.keyboard.press('Control+z');
    await gone(edge);
    await save(page);
    expect(savedFormula(dir, 'account')).toBe('ACTNUMST');
  });

  it('reaches every kind of node by keys on a 300-column stream, brings it into view, and returns from a dialog', async () => {
    studio = await launchStudio();
    const page = studio.page;
    page.setDefaultTimeout(10_000);
    writeWidePipeline(join(studio.dir, 'wide'));
    await openPipeline(page, 'wide/wide.json');
    await visible(page.getByRole('group', { name: 'Column col_001', exact: true }));
    await page
      .getByRole('toolbar', { name: 'Mapping canvas' })
      .getByText(/columns/)
      .click();
    await tabToCanvas(page);
    expect((await focused(page)).label).toMatch(/^Source field F001, /);

    // The last field starts out of view (the canvas does not even draw it); End goes to it.
    expect(await page.locator('.react-flow__node[data-id="field:F300"]').count()).toBe(0);
    await page.keyboard.press('End');
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Source field F300, /);
    expect(await focusedInView(page)).toBe(true);
    expect(await focusRing(page)).not.toBe('none');

    // Right walks across the bands: the formula nodes, the lookups, then the columns, each one in view with its ring.
    const across: string[] = [];
    for (const expected of [/^Formula of /, /^Lookup /, /^Column /]) {
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => (await focused(page)).label).toMatch(expected);
      expect(await focusedInView(page)).toBe(true);
      expect(await focusRing(page)).not.toBe('none');
      across.push((await focused(page)).label);
    }
    // Up the column band to the first column, which is far above: in view again.
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focused(page)).label).toBe('Column col_001');
    expect(await focusedInView(page)).toBe(true);

    // A dialog opened by keys from a node gives the focus back to that node when Escape closes it.
    for (let presses = 0; presses < 3; presses++) await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Source field /);
    await page.keyboard.press('Home');
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Source field F001, /);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Source field F002, /);
    await page.keyboard.press('Enter');
    const pick = page.getByRole('dialog', { name: 'Map F002 to a column' });
    await visible(pick);
    await page.keyboard.press('Escape');
    await gone(pick);
    await expect.poll(async () => (await focused(page)).label).toMatch(/^Source field F002, /);
    expect(await focusRing(page)).not.toBe('none');
  }, 60_000);
});
