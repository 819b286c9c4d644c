/**
 * A pipeline built from New by clicks and keys: a GP connection (pointed at the GP simulator on a free
 * port) and a DuckDB warehouse are added as an analyst adds them; a stream is added through the Add
 * stream dialog (an entity from what GP lists, key and change-date field as GP's connector describes
 * it, table, merge and its key), auto-map is accepted and the canvas shows the columns; the file on disk
 * has the stream. Then it is renamed, duplicated and deleted, each checked in the saved file, and Undo
 * brings the deleted stream back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gpConnectorDescriptor } from '../../connectors/dynamics-gp/descriptor.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';
import { addDuckDbWarehouse, addGpConnection, save, saveAs } from './pipeline-steps.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { startSimulators, type RunningSimulators } from './simulators.ts';

const FILE = 'built-by-hand.json';

let studio: Studio | undefined;
let simulators: RunningSimulators | undefined;
let secrets: TestSecrets | undefined;
const created: string[] = [];

afterEach(async () => {
  await secrets?.forget(created.splice(0));
  await studio?.close();
  await simulators?.close();
  studio = undefined;
  simulators = undefined;
});
afterAll(closeBrowser);

interface SavedStream {
  source: { connection: string; entity: string; key: string[]; cursor?: string };
  target: { connection: string; table: string; writeMode: string; mergeKey?: string[] };
  mappings: Record<string, { type: string; expression: string }>;
}

function savedStreams(dir: string): Record<string, SavedStream> {
  return (JSON.parse(readFileSync(join(dir, FILE), 'utf8')) as { streams: Record<string, SavedStream> }).streams;
}

describe('adding a stream in the studio', () => {
  it('adds a GP -> DuckDB stream from New through the dialog, maps it, saves it, and renames, duplicates and deletes it', async () => {
    simulators = await startSimulators(['gp'], { rows: 20 });
    secrets = testSecrets();
    const secretName = uniqueSecretName('gp_password');
    created.push(secretName);
    await secrets.host.set(secretName, simulators.gp!.secrets.gp_password!);
    studio = await launchStudio({ secrets: secrets.host });
    const { page, dir } = studio;
    // A step that cannot happen fails with its locator instead of waiting for the test's own time limit.
    page.setDefaultTimeout(10_000);

    // New, then the GP connection as the analyst adds it (the dialog's required parts, the rest on its
    // page) and the DuckDB warehouse.
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await addGpConnection(page, simulators.gp!, secretName);
    await addDuckDbWarehouse(page);

    // Mapping shows no stream yet and offers to add one.
    await page.getByRole('tab', { name: 'Mapping' }).click();
    await visible(page.getByRole('heading', { name: 'No stream yet' }));
    await page.getByRole('region', { name: 'Mapping' }).getByRole('button', { name: 'Add stream…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Add a stream' });
    expect(await dialog.getByLabel('Source connection', { exact: true }).inputValue()).toBe('gp');
    // GP can be written to as well; the destination offered first is the other connection.
    expect(await dialog.getByLabel('Destination connection', { exact: true }).inputValue()).toBe('warehouse');

    // The entity from what GP lists; its fields with types and sample values; key and cursor as GP's connector says.
    const entity = dialog.getByLabel('Entity', { exact: true });
    await visible(entity);
    await entity.selectOption('gl_accounts');
    const described = gpConnectorDescriptor.streams.find((stream) => stream.entity === 'gl_accounts')!;
    // GP keys an account by its number; the merge key's column is named as auto-map names columns.
    expect(described.key).toEqual(['AccountNumber']);
    const keyColumns = ['account_number'];
    expect(described.cursorField).toBeDefined();
    expect(await dialog.getByLabel('Key fields', { exact: true }).inputValue()).toBe(described.key.join(', '));
    expect(await dialog.getByLabel('Change-date field', { exact: true }).inputValue()).toBe(described.cursorField);
    const accountRow = dialog.getByRole('row').filter({ hasText: 'AccountNumber' }).first();
    expect(await accountRow.getByRole('cell').nth(1).textContent()).toBe('string');
    expect(await accountRow.getByRole('cell').last().textContent()).toMatch(/\d{3}-\d{4}-\d{2}/);
    expect(await dialog.getByLabel('Table', { exact: true }).inputValue()).toBe('gl_accounts');
    expect(await dialog.getByLabel('Stream name', { exact: true }).inputValue()).toBe('gl_accounts');
    expect(await dialog.getByLabel('Write mode', { exact: true }).inputValue()).toBe('merge');

    // A merge without a key is refused in words; the key's column checked again, it is added.
    const mergeKey = dialog.getByRole('group', { name: 'Merge key' });
    for (const column of keyColumns) await mergeKey.getByLabel(column, { exact: true }).uncheck();
    await typeInto(page, dialog.getByLabel('Table', { exact: true }), 'gl_accounts');
    await dialog.getByRole('button', { name: 'Add stream' }).click();
    await visible(dialog.getByText('A merge needs a key: choose the columns that identify a row.'));
    for (const column of keyColumns) await mergeKey.getByLabel(column, { exact: true }).check();
    await studio.screenshot('add-stream');
    await dialog.getByRole('button', { name: 'Add stream' }).click();
    await gone(dialog);

    // The canvas opens on the new stream with auto-map offered; accepted, the columns are on the canvas.
    const autoMap = page.getByRole('dialog', { name: 'Auto-map by name' });
    await visible(autoMap);
    await autoMap.getByRole('button', { name: /^Map \d+ columns?$/ }).click();
    await gone(autoMap);
    expect(await page.locator('.stream-picker select').inputValue()).toBe('gl_accounts');
    const counts = page.getByRole('status', { name: 'Canvas contents' });
    await expect
      .poll(async () => Number(/^(\d+) columns/.exec((await counts.textContent()) ?? '')?.[1] ?? 0))
      .toBeGreaterThan(described.key.length);
    const columnCount = Number(/^(\d+) columns/.exec((await counts.textContent()) ?? '')![1]);
    await visible(page.locator('.react-flow__node').filter({ hasText: 'AccountNumber' }).first());

    await saveAs(page, FILE);
    let streams = savedStreams(dir);
    expect(Object.keys(streams)).toEqual(['gl_accounts']);
    expect(streams.gl_accounts!.source).toEqual({
      connection: 'gp',
      entity: 'gl_accounts',
      key: [...described.key],
      cursor: described.cursorField,
    });
    expect(streams.gl_accounts!.target).toEqual({
      connection: 'warehouse',
      table: 'gl_accounts',
      writeMode: 'merge',
      mergeKey: keyColumns,
    });
    expect(Object.keys(streams.gl_accounts!.mappings)).toHaveLength(columnCount);
    expect(streams.gl_accounts!.mappings.account_number?.expression).toBe('AccountNumber');

    // From the top bar, the same entity again gets the next free name; Cancel adds nothing.
    await page.getByRole('group', { name: 'Stream commands' }).getByRole('button', { name: 'Add stream…' }).click();
    dialog = page.getByRole('dialog', { name: 'Add a stream' });
    await dialog.getByLabel('Entity', { exact: true }).selectOption('gl_accounts');
    expect(await dialog.getByLabel('Stream name', { exact: true }).inputValue()).toBe('gl_accounts_2');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await gone(dialog);
    expect(await page.locator('.dirty-mark').count()).toBe(0);

    // Rename: an empty name and a name already used are refused in words; a good one is saved.
    const commands = page.getByRole('group', { name: 'Stream commands' });
    await commands.getByRole('button', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename stream' });
    await typeInto(page, rename.getByLabel('New name'), ' ');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await visible(rename.getByText('A stream needs a name.'));
    await typeInto(page, rename.getByLabel('New name'), 'ledger accounts');
    await page.keyboard.press('Enter');
    await visible(rename.getByText(/^"ledger accounts" cannot name a stream/));
    await typeInto(page, rename.getByLabel('New name'), 'ledger_accounts');
    await page.keyboard.press('Enter');
    await gone(rename);
    await save(page);
    streams = savedStreams(dir);
    expect(Object.keys(streams)).toEqual(['ledger_accounts']);
    // Undo gives the old name back (in the file too), Redo the new one.
    await page.getByRole('button', { name: 'Undo' }).click();
    expect(await page.locator('.stream-picker select').inputValue()).toBe('gl_accounts');
    await save(page);
    expect(Object.keys(savedStreams(dir))).toEqual(['gl_accounts']);
    await page.getByRole('button', { name: 'Redo' }).click();
    await save(page);
    expect(Object.keys(savedStreams(dir))).toEqual(['ledger_accounts']);

    // Duplicate: a copy under the next free name, picked.
    await commands.getByRole('button', { name: 'Duplicate' }).click();
    await visible(page.getByText('Copied stream ledger_accounts as ledger_accounts_2.'));
    expect(await page.locator('.stream-picker select').inputValue()).toBe('ledger_accounts_2');
    await save(page);
    streams = savedStreams(dir);
    expect(Object.keys(streams)).toEqual(['ledger_accounts', 'ledger_accounts_2']);
    expect(streams.ledger_accounts_2).toEqual(streams.ledger_accounts);

    // A name already used is refused when renaming the copy.
    await commands.getByRole('button', { name: 'Rename…' }).click();
    await typeInto(page, rename.getByLabel('New name'), 'ledger_accounts');
    await page.keyboard.press('Enter');
    await visible(rename.getByText('There is already a stream named "ledger_accounts".'));
    await rename.getByRole('button', { name: 'Cancel' }).click();
    await gone(rename);

    // Delete asks first; Keep it changes nothing; Delete removes it; Undo brings it back.
    await commands.getByRole('button', { name: 'Delete…' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete stream' });
    await visible(remove.getByText('ledger_accounts_2', { exact: true }));
    await remove.getByRole('button', { name: 'Keep it' }).click();
    await gone(remove);
    await commands.getByRole('button', { name: 'Delete…' }).click();
    await remove.getByRole('button', { name: 'Delete stream' }).click();
    await gone(remove);
    await visible(page.getByText('Deleted stream ledger_accounts_2: Undo brings it back.'));
    expect(await page.locator('.stream-picker select').inputValue()).toBe('ledger_accounts');
    await save(page);
    expect(Object.keys(savedStreams(dir))).toEqual(['ledger_accounts']);

    await page.getByRole('button', { name: 'Undo' }).click();
    await save(page);
    streams = savedStreams(dir);
    expect(Object.keys(streams)).toEqual(['ledger_accounts', 'ledger_accounts_2']);
    expect(streams.ledger_accounts_2).toEqual(streams.ledger_accounts);
  });

  it('renames a stream others depend on (they follow), and names them before deleting it; Undo restores both', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    page.setDefaultTimeout(10_000);
    const example = 'examples/gp-to-databricks.json';
    const read = () =>
      (JSON.parse(readFileSync(join(dir, example), 'utf8')) as { streams: Record<string, { dependsOn?: string[] }> })
        .streams;
    const saveExample = async () => {
      await visible(page.locator('.dirty-mark'));
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await gone(page.locator('.dirty-mark'));
    };
    await openPipeline(page, example);
    const picker = page.locator('.stream-picker select');
    const commands = page.getByRole('group', { name: 'Stream commands' });

    await picker.selectOption('gl_accounts');
    await commands.getByRole('button', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename stream' });
    await visible(rename.getByText('gl_journal_lines waits for this stream and will follow the new name.'));
    await typeInto(page, rename.getByLabel('New name'), 'accounts');
    await page.keyboard.press('Enter');
    await gone(rename);
    await saveExample();
    expect(Object.keys(read())).toEqual(['accounts', 'vendors', 'gl_journal_lines', 'payables_invoices']);
    expect(read().gl_journal_lines!.dependsOn).toEqual(['accounts']);

    await picker.selectOption('vendors');
    await commands.getByRole('button', { name: 'Delete…' }).click();
    const remove = page.getByRole('dialog', { name: 'Delete stream' });
    expect(await remove.getByRole('note').textContent()).toBe(
      'This stream depends on it: payables_invoices. It will no longer wait for it.',
    );
    await remove.getByRole('button', { name: 'Delete stream' }).click();
    await gone(remove);
    await saveExample();
    expect(Object.keys(read())).toEqual(['accounts', 'gl_journal_lines', 'payables_invoices']);
    expect(read().payables_invoices).not.toHaveProperty('dependsOn');

    await page.getByRole('button', { name: 'Undo' }).click();
    await saveExample();
    expect(Object.keys(read())).toEqual(['accounts', 'vendors', 'gl_journal_lines', 'payables_invoices']);
    expect(read().payables_invoices!.dependsOn).toEqual(['vendors']);
  });
});
