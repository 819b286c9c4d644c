/**
 * Stream settings and the schedule, on the GP example, by clicks and keys: lookback, page size (GP's
 * 10,000 refused with the reason and GP's limit of 1,000), a dependency (and a cycle refused), control
 * totals and notes; a schedule said in words with its next five runs. Saved, each value is in the file
 * on disk; the export says the same schedule words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parsePipelineText, readSchedule, type Pipeline } from '../../engine/model/index.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';

const GP = 'examples/gp-to-databricks.json';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

function onDisk(file: string): Pipeline {
  const load = parsePipelineText(readFileSync(join(studio!.dir, file), 'utf8'));
  if (!load.pipeline) throw new Error(`${file} does not load as a pipeline`);
  return load.pipeline;
}

describe('stream settings and schedule', () => {
  it('edits what the file holds about a stream and its schedule, refuses what GP or the run order could not take, and saves it all', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, GP);
    await page.getByRole('combobox', { name: 'Stream' }).selectOption('gl_journal_lines');
    await page.getByRole('tab', { name: 'Stream settings' }).click();
    const screen = page.getByRole('region', { name: 'Stream settings' });
    await visible(screen.getByRole('heading', { name: 'Settings of gl_journal_lines' }));

    await typeInto(page, screen.getByRole('textbox', { name: 'Lookback', exact: true }), 'PT2H');
    await page.keyboard.press('Enter');

    // GP serves at most 1,000 records a page: 10,000 is refused with the reason and the limit, and not written.
    await visible(
      screen.getByLabel('Page size limit').getByText('Microsoft Dynamics GP serves at most 1,000 records per page.'),
    );
    await typeInto(page, screen.getByRole('textbox', { name: 'Page size', exact: true }), '10000');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => screen.getByRole('alert', { name: 'Page size refused' }).textContent())
      .toBe(
        'Microsoft Dynamics GP serves at most 1,000 records per page, so 10,000 would be refused. Use 1,000 or less.',
      );
    await typeInto(page, screen.getByRole('textbox', { name: 'Page size', exact: true }), '500');
    await page.keyboard.press('Enter');
    await gone(screen.getByRole('alert', { name: 'Page size refused' }));

    // Vendors load before the journal lines too; then the accounts may not wait for the lines (a cycle).
    const dependencies = screen.getByRole('region', { name: 'Dependencies' });
    await dependencies.getByRole('checkbox', { name: 'vendors' }).check();
    await visible(dependencies.getByRole('img', { name: /^Load order: .*gl_journal_lines/ }));

    await screen.getByLabel('Destination column: amount', { exact: true }).fill('net_amount');
    await page.keyboard.press('Enter');
    await screen
      .getByRole('textbox', { name: 'Stream notes', exact: true })
      .fill('Lines of posted and unposted journals; ask finance before changing.');
    await page.keyboard.press('Tab');

    await page.getByRole('combobox', { name: 'Stream' }).selectOption('gl_accounts');
    await visible(screen.getByRole('heading', { name: 'Settings of gl_accounts' }));
    await screen
      .getByRole('region', { name: 'Dependencies' })
      .getByRole('checkbox', { name: 'gl_journal_lines' })
      .click();
    await expect
      .poll(() => screen.getByRole('alert', { name: 'Dependency refused' }).textContent())
      .toMatch(/would wait on each other, so none could start: .*gl_accounts.*gl_journal_lines/);
    expect(
      await screen
        .getByRole('region', { name: 'Dependencies' })
        .getByRole('checkbox', { name: 'gl_journal_lines' })
        .isChecked(),
    ).toBe(false);

    // The schedule: an impossible hour refused with the reason, then weekdays at 06:00 in words with five runs.
    const schedule = screen.getByRole('region', { name: 'Schedule' });
    await typeInto(page, schedule.getByRole('textbox', { name: 'Cron', exact: true }), '0 25 * * *');
    await page.keyboard.press('Enter');
    await expect.poll(() => schedule.getByRole('alert').first().textContent()).toMatch(/25 is outside the hour field/);
    await typeInto(page, schedule.getByRole('textbox', { name: 'Cron', exact: true }), '0 6 * * 1-5');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => schedule.getByLabel('Schedule in words').textContent())
      .toBe('At 06:00, Monday through Friday (America/Chicago)');
    const runs = schedule.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
    await expect.poll(() => runs.count()).toBe(5);
    const expected = readSchedule('0 6 * * 1-5', 'America/Chicago');
    expect(expected.ok && expected.next.map((run) => run.local)).toEqual(await runs.allTextContents());
    await studio.screenshot('stream-settings');

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await gone(page.locator('.dirty-mark'));
    const saved = onDisk(GP);
    const lines = saved.streams['gl_journal_lines']!;
    expect(lines.source.lookback).toBe('PT2H');
    expect(lines.source.pageSize).toBe(500);
    expect(lines.dependsOn).toEqual(['gl_accounts', 'vendors']);
    expect(saved.streams['gl_accounts']!.dependsOn).toBeUndefined();
    expect(lines.controlTotals!.target).toEqual({
      period: 'transaction_date',
      debit: 'debit',
      credit: 'credit',
      amount: 'net_amount',
    });
    expect(lines.notes).toBe('Lines of posted and unposted journals; ask finance before changing.');
    expect(saved.schedule).toEqual({ cron: '0 6 * * 1-5', timeZone: 'America/Chicago' });

    await page.getByRole('button', { name: 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export for headless use' });
    await exporting.getByLabel('File path').fill('scheduled/gl.json');
    await exporting.getByRole('button', { name: 'Export' }).click();
    const exported = page.getByRole('dialog', { name: 'Exported for headless runs' });
    const suggested = exported.getByRole('region', { name: 'Suggested schedule' });
    await visible(suggested.getByText('At 06:00, Monday through Friday (America/Chicago)'));
    await expect.poll(() => suggested.getByRole('listitem').count()).toBe(5);
    expect(onDisk('scheduled/gl.json').schedule).toEqual({ cron: '0 6 * * 1-5', timeZone: 'America/Chicago' });
  });
});
