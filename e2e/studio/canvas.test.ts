/**
 * The mapping canvas as an analyst uses it: drag a source field onto a column with the mouse (its
 * handle, or the column's card), answer "replace the formula?", undo and redo with the keyboard,
 * delete, copy and paste columns, auto-map by name through its preview, and a 300-field pipeline.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible, gone } from './harness.ts';
import { writeWidePipeline } from './wide-pipeline.ts';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

const EXAMPLE = 'examples/csv-to-duckdb.json';

function column(page: Page, name: string): Locator {
  return page.getByRole('group', { name: `Column ${name}`, exact: true });
}

function sourceField(page: Page, name: string): Locator {
  return page.getByRole('group', { name: new RegExp(`^Source field ${name}, `) });
}

function fieldHandle(page: Page, name: string): Locator {
  return page.getByLabel(`Drag ${name} onto a column`, { exact: true });
}

function columnHandle(page: Page, name: string): Locator {
  return page.getByLabel(`Drop a field here to map ${name}`, { exact: true });
}

function counts(page: Page): Locator {
  return page.getByRole('status', { name: 'Canvas contents' });
}

const unsavedMark = (page: Page) => page.getByLabel('unsaved changes');

async function centre(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real pointer drag: press on one point, move there in steps (React Flow needs moves), release. */
async function drag(
  page: Page,
  from: Locator | { x: number; y: number },
  to: Locator | { x: number; y: number },
): Promise<void> {
  await settled(page);
  const start = 'x' in from ? from : await centre(from);
  const end = 'x' in to ? to : await centre(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  // A hand holds still for a moment after pressing and before letting go: here, until the page has drawn
  // two frames, so the canvas (which tracks the pointer per animation frame) has seen the press and the
  // last move however busy the machine is.
  await drawn(page);
  await page.mouse.move(start.x + 20, start.y + 5, { steps: 4 });
  await page.mouse.move(end.x, end.y, { steps: 12 });
  // A person follows the target with their eye: if the view moved while the pointer travelled (a late
  // scroll-into-view on a busy machine), the pointer goes on to where the target is now before letting go.
  if (!('x' in to)) {
    const now = await centre(to);
    if (Math.abs(now.x - end.x) > 2 || Math.abs(now.y - end.y) > 2) await page.mouse.move(now.x, now.y, { steps: 6 });
  }
  // Hold over the target: a last small move there once the page has caught up, then two more frames.
  await drawn(page);
  const last = 'x' in to ? to : await centre(to);
  await page.mouse.move(last.x + 1, last.y);
  await drawn(page);
  await page.mouse.up();
}

/** Two animation frames: whatever the page draws next has been drawn. */
async function drawn(page: Page): Promise<void> {
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}

async function start(): Promise<Studio> {
  studio = await launchStudio();
  // A step that cannot happen fails at that step, well inside the test's own time limit.
  studio.page.setDefaultTimeout(10_000);
  return studio;
}

async function openExample(): Promise<Page> {
  studio = await start();
  await openPipeline(studio.page, EXAMPLE);
  await visible(column(studio.page, 'account'));
  return studio.page;
}

const viewport = (page: Page) =>
  page
    .locator('.mapping-canvas-flow .react-flow__viewport')
    .evaluate((element) => (element as unknown as { style: { transform: string } }).style.transform);

/**
 * Fits the view (button, or the F key) and waits until the canvas stands still for a few frames: a drag
 * measured while the view still moves (a late scroll-into-view on a busy machine) aims where cards were.
 */
async function fitView(page: Page, how: 'button' | 'key' = 'button'): Promise<void> {
  if (how === 'key') await page.keyboard.press('f');
  else await page.getByRole('toolbar', { name: 'Mapping canvas' }).getByRole('button', { name: 'Fit view' }).click();
  await settled(page);
}

async function settled(page: Page): Promise<void> {
  let last = await viewport(page);
  let still = 0;
  await expect
    .poll(
      async () => {
        await drawn(page);
        const now = await viewport(page);
        still = now === last ? still + 1 : 0;
        last = now;
        return still >= 3;
      },
      { timeout: 10_000, interval: 0 },
    )
    .toBe(true);
}

async function formulaOf(page: Page, name: string): Promise<string> {
  return (await column(page, name).locator('.canvas-column-formula').innerText()).trim();
}

async function expectFormula(page: Page, name: string, formula: string): Promise<void> {
  await expect.poll(() => formulaOf(page, name), { timeout: 10_000 }).toBe(formula);
}

describe('mapping canvas', () => {
  it('maps a dragged field onto a column after asking, and undo/redo put it back', async () => {
    const page = await openExample();
    await visible(sourceField(page, 'DSCRIPTN'));
    expect(await counts(page).innerText()).toContain('13 columns · 9 source fields');
    await visible(page.getByRole('img', { name: 'Overview of the whole mapping' }));
    await visible(page.getByRole('button', { name: 'Zoom In' }));
    await studio!.screenshot('canvas');

    await drag(page, fieldHandle(page, 'DSCRIPTN'), columnHandle(page, 'account'));
    const ask = page.getByRole('dialog', { name: 'Replace the formula?' });
    await visible(ask.getByText('ACTNUMST'));
    await ask.getByRole('button', { name: 'Keep the formula' }).click();
    await gone(ask);
    expect(await formulaOf(page, 'account')).toBe('ACTNUMST');
    expect(await unsavedMark(page).count()).toBe(0);

    await drag(page, fieldHandle(page, 'DSCRIPTN'), columnHandle(page, 'account'));
    await ask.getByRole('button', { name: 'Replace with DSCRIPTN' }).click();
    await expectFormula(page, 'account', 'DSCRIPTN');
    await visible(unsavedMark(page));

    await page.keyboard.press('Control+z');
    await expectFormula(page, 'account', 'ACTNUMST');
    await gone(unsavedMark(page));
    await page.keyboard.press('Control+Shift+z');
    await expectFormula(page, 'account', 'DSCRIPTN');
  });

  it('adds a column, maps a field dropped on its card without asking, and makes a new column from a drop on empty space', async () => {
    const page = await openExample();
    await page.getByRole('button', { name: 'Add column' }).click();
    const add = page.getByRole('dialog', { name: 'Add a column' });
    await add.getByLabel('Column name').fill('account_type');
    await add.getByRole('button', { name: 'Add column' }).click();
    await visible(add.getByText('There is already a column named account_type.'));
    await add.getByLabel('Column name').fill('memo');
    await add.getByRole('button', { name: 'Add column' }).click();
    await gone(add);
    // The new column is far down the list: the canvas brings it into view, waiting for a field.
    await visible(column(page, 'memo'));
    expect(await formulaOf(page, 'memo')).toBe('no field mapped yet');

    // Grab the field's card (not its handle) and drop it on the column's card (not its handle).
    await fitView(page, 'key');
    await visible(sourceField(page, 'DSCRIPTN'));
    await drag(
      page,
      sourceField(page, 'DSCRIPTN').locator('.canvas-node-name'),
      column(page, 'memo').locator('.canvas-column-formula'),
    );
    await expectFormula(page, 'memo', 'DSCRIPTN');
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expectFormula(page, 'memo', 'no field mapped yet');
    await page.keyboard.press('Control+y');
    await expectFormula(page, 'memo', 'DSCRIPTN');

    await fitView(page);
    const field = await centre(sourceField(page, 'CURNCYID'));
    const flow = (await page.locator('.mapping-canvas-flow').boundingBox())!;
    await drag(page, fieldHandle(page, 'CURNCYID'), { x: field.x + 260, y: flow.y + flow.height - 30 });
    const offer = page.getByRole('dialog', { name: 'New column from CURNCYID' });
    expect(await offer.getByLabel('Column name').inputValue()).toBe('currency_id');
    await offer.getByRole('button', { name: 'Add column' }).click();
    await expectFormula(page, 'currency_id', 'CURNCYID');
    expect(await counts(page).innerText()).toContain('15 columns');
  });

  it('makes a formula still being typed its own undo step before a field dropped on the same column', async () => {
    const page = await openExample();
    await column(page, 'account').click();
    await page.getByRole('group', { name: 'Formula box of account' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('LEFT(ACTNUMST, 3');
    await drag(page, fieldHandle(page, 'DSCRIPTN'), columnHandle(page, 'account'));
    const ask = page.getByRole('dialog', { name: 'Replace the formula?' });
    // The question shows the formula as typed: it became an undo step before the drop was looked at
    // (the editor does it when it loses focus; the canvas also does it before any edit of its own).
    await visible(ask.getByText('LEFT(ACTNUMST, 3)'));
    await ask.getByRole('button', { name: 'Replace with DSCRIPTN' }).click();
    await expectFormula(page, 'account', 'DSCRIPTN');
    await page.keyboard.press('Control+z');
    await expectFormula(page, 'account', 'LEFT(ACTNUMST, 3)');
    await page.keyboard.press('Control+z');
    await expectFormula(page, 'account', 'ACTNUMST');
  });

  it('deletes, copies and pastes selected columns with the keyboard, each one undo step', async () => {
    const page = await openExample();
    await column(page, 'line_number').click();
    await column(page, 'account').click({ modifiers: ['Shift'] });
    await visible(counts(page).getByText('2 selected', { exact: false }));
    await page.keyboard.press('Delete');
    await gone(column(page, 'line_number'));
    await gone(column(page, 'account'));
    expect(await counts(page).innerText()).toContain('11 columns');
    await page.keyboard.press('Control+z');
    await visible(column(page, 'line_number'));
    await visible(column(page, 'account'));

    await column(page, 'journal_entry').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await visible(column(page, 'journal_entry_2'));
    expect(await formulaOf(page, 'journal_entry_2')).toBe('JRNENTRY');
    await page.keyboard.press('Control+v');
    await visible(column(page, 'journal_entry_3'));
    expect(await counts(page).innerText()).toContain('15 columns');

    await page.keyboard.press('Control+a');
    await visible(counts(page).getByText('15 selected', { exact: false }));

    // Shift-drag a box around the first three columns' cards, from the empty space on their right.
    await fitView(page);
    const top = (await column(page, 'journal_entry').boundingBox())!;
    const third = (await column(page, 'account').boundingBox())!;
    // A click on empty canvas clears the selection (a Shift box adds to it, as Shift-click does).
    await page.mouse.click(third.x + third.width + 15, top.y - 12);
    await gone(counts(page).getByText('selected', { exact: false }));
    await page.keyboard.down('Shift');
    await drag(
      page,
      { x: third.x + third.width + 15, y: top.y - 12 },
      { x: top.x - 15, y: third.y + third.height + 4 },
    );
    await page.keyboard.up('Shift');
    await visible(counts(page).getByText('3 selected', { exact: false }));
    await page.keyboard.press('Control+z');
    await gone(column(page, 'journal_entry_3'));
    await visible(column(page, 'journal_entry_2'));
  });

  it('auto-maps by name after showing what it will do, as one undo step', async () => {
    const page = await openExample();
    // Leave DSCRIPTN and CURNCYID unmapped, and give CURNCYID a column waiting for it.
    await fitView(page);
    await column(page, 'description').click();
    await column(page, 'currency').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Backspace');
    await gone(column(page, 'currency'));
    await page.getByRole('button', { name: 'Add column' }).click();
    const add = page.getByRole('dialog', { name: 'Add a column' });
    await add.getByLabel('Column name').fill('currency_id');
    await add.getByRole('button', { name: 'Add column' }).click();
    await visible(column(page, 'currency_id'));

    await page.getByRole('button', { name: 'Auto-map by name' }).click();
    const preview = page.getByRole('dialog', { name: 'Auto-map by name' });
    const onto = preview.getByRole('region', { name: 'Fields onto columns' });
    await visible(onto.getByRole('row', { name: /CURNCYID currency_id CURNCYID reads as "currency id"/ }));
    const fresh = preview.getByRole('region', { name: 'New columns' });
    await visible(fresh.getByRole('row', { name: 'DSCRIPTN description string' }));
    await visible(preview.getByText('7 source fields are already mapped and stay as they are.'));
    await preview.getByRole('button', { name: 'Map 2 columns' }).click();
    await gone(preview);
    await expectFormula(page, 'currency_id', 'CURNCYID');
    await expectFormula(page, 'description', 'DSCRIPTN');

    await page.keyboard.press('Control+z');
    await gone(column(page, 'description'));
    await expectFormula(page, 'currency_id', 'no field mapped yet');
  });

  it('opens a pipeline with 300 fields and 300 columns, drawing what is in view and all of it when fitted', async () => {
    const { page, dir } = await start();
    writeWidePipeline(join(dir, 'wide'));
    await openPipeline(page, 'wide/wide.json');
    await visible(column(page, 'col_001'));
    await visible(counts(page).getByText('300 columns · 300 source fields', { exact: false }));
    // Only what is in view is drawn: far fewer than 300 column cards.
    const drawn = await page.locator('.react-flow__node-column').count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(100);
    await fitView(page);
    await column(page, 'col_300').waitFor({ state: 'attached', timeout: 10_000 });
    await sourceField(page, 'F300').waitFor({ state: 'attached', timeout: 10_000 });
    expect(await page.getByRole('group', { name: /^Lookup regions for / }).count()).toBe(20);
  });
});
