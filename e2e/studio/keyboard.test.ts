/**
 * The studio without a mouse: Tab leaves the formula editor (and Shift+Tab comes back) instead of
 * typing a tab into the formula; a source field is mapped to a column by keys only (Tab to the field,
 * Enter, pick the column, Enter), drawn as an edge, saved, and undone with Ctrl+Z.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, visible } from './harness.ts';

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
    expect((await formula.innerText()).trim()).toBe('TRIM(DSCRIPTN)');
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
    const field = /^Source field DSCRIPTN, /;
    for (let presses = 0; presses < 40 && !field.test((await focused(page)).label); presses++)
      await page.keyboard.press('Tab');
    expect((await focused(page)).label).toMatch(field);
    // The focused field shows a ring.
    const ring = await page.evaluate(
      `getComputedStyle(document.activeElement.querySelector(':scope > .canvas-node')).outlineStyle`,
    );
    expect(ring).toBe('solid');

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
});
