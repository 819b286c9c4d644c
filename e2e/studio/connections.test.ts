/**
 * Connections and source fields in the studio, against a GP simulator on a free port: a wrong
 * password is refused with GP's own words and the right one accepted; Test uses the unsaved pipeline;
 * the saved file and the page carry no secret value while the keychain holds it; a connection is
 * added; the GP source's fields are browsed and searched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { closeBrowser, launchStudio, openPipeline, type Studio, visible, typeInto } from './harness.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { pointPipelineAt, startSimulators, type RunningSimulators } from './simulators.ts';

const FILE = 'examples/gp-to-databricks.json';
const WRONG = 'Wrong-Passw0rd!';

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

describe('studio connections', () => {
  it("refuses a wrong GP password with the system's words, accepts the right one, and keeps the secret out of the file and the page", async () => {
    simulators = await startSimulators(['gp']);
    const password = simulators.gp!.secrets.gp_password!;
    secrets = testSecrets();
    const secretName = uniqueSecretName('gp_password');
    created.push(secretName);
    studio = await launchStudio({ secrets: secrets.host });
    const { page, dir } = studio;
    pointPipelineAt(join(dir, FILE), simulators, { secretNames: { 'dynamics-gp': secretName } });
    await openPipeline(page, FILE);
    await page.getByRole('tab', { name: 'Connections' }).click();

    const gp = page.getByRole('region', { name: 'Connection gp' });
    await visible(gp.getByText('Not stored yet: enter it below'));
    const passwordBox = gp.getByLabel('Windows password', { exact: true });
    const result = gp.getByRole('status', { name: 'Test result' });

    // A wrong password: stored, then refused by GP's own sign-in check.
    await typeInto(page, passwordBox, WRONG);
    await gp.getByRole('button', { name: 'Save Windows password' }).click();
    await visible(gp.getByText('Stored in the keychain'));
    expect(await passwordBox.inputValue()).toBe('');
    await gp.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Failed', { exact: true }));
    expect(await result.textContent()).toContain(
      'the server refused the credentials: Authorization has been denied for this request.',
    );
    expect(await result.getAttribute('class')).toContain('conn-fail');

    // The right one: accepted, with what GP answered.
    await typeInto(page, passwordBox, password);
    await page.keyboard.press('Enter');
    await visible(page.getByText(`Saved the secret "${secretName}" in the keychain.`));
    await gp.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Connected', { exact: true }));
    expect(await result.textContent()).toContain(
      `signed in to GP Web Services at ${String(simulators.gp!.address.webServicesUrl)} as CONTOSO\\gp.sync (company key -1); read GL account`,
    );
    expect(await result.getAttribute('class')).toContain('conn-ok');

    // Test runs on the unsaved pipeline: an address typed (not saved) is the one tried; Undo brings the good one back.
    const address = gp.getByLabel('GP Web Services address', { exact: true });
    await typeInto(page, address, 'http://127.0.0.1:1/DynamicsGPWebServices/DynamicsGPService.asmx');
    await page.keyboard.press('Enter');
    await visible(gp.getByText('These settings have changed since this test: test again.'));
    await gp.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Failed', { exact: true }));
    expect(await result.textContent()).toMatch(/ECONNREFUSED|refused/i);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => address.inputValue()).toBe(String(simulators.gp!.address.webServicesUrl));
    await gp.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Connected', { exact: true }));
    await studio.screenshot('connections');

    // Saved: the file names the secret and holds neither value; the keychain holds the right one; the page shows neither.
    await gp.getByLabel('Notes').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Checked from the studio.');
    await gp.getByRole('heading', { name: 'gp' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(page.getByText(`Saved ${FILE}`));
    const saved = readFileSync(join(dir, FILE), 'utf8');
    expect(saved).toContain(`"secret": "${secretName}"`);
    expect(saved).toContain('Checked from the studio.');
    expect(saved).not.toContain(password);
    expect(saved).not.toContain(WRONG);
    expect(await secrets.stored(secretName)).toBe(password);
    const html = await page.content();
    expect(html).not.toContain(password);
    expect(html).not.toContain(WRONG);

    // Deleting the secret empties the keychain entry.
    await gp.getByRole('button', { name: 'Delete Windows password' }).click();
    await visible(gp.getByText('Not stored yet: enter it below'));
    expect(await secrets.stored(secretName)).toBeUndefined();
  });

  it("adds a connection from the list of systems, tests it, and browses and searches the GP source's fields", async () => {
    simulators = await startSimulators(['gp']);
    secrets = testSecrets();
    const secretName = uniqueSecretName('gp_password');
    created.push(secretName);
    await secrets.host.set(secretName, simulators.gp!.secrets.gp_password!);
    studio = await launchStudio({ secrets: secrets.host });
    const { page, dir } = studio;
    pointPipelineAt(join(dir, FILE), simulators, { secretNames: { 'dynamics-gp': secretName } });
    await openPipeline(page, FILE);
    await page.getByRole('tab', { name: 'Connections' }).click();

    await page.getByRole('button', { name: 'Add connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a connection' });
    await dialog.getByRole('button', { name: 'Add connection' }).click();
    await visible(dialog.getByText('System: choose one.'));
    await typeInto(page, dialog.getByLabel('Name'), 'ledger_exports');
    await dialog.getByLabel('System').selectOption({ label: 'CSV / JSONL files' });
    await typeInto(page, dialog.getByLabel('Folder'), './data');
    await dialog.getByRole('button', { name: 'Add connection' }).click();
    await dialog.waitFor({ state: 'detached' });

    const added = page.getByRole('region', { name: 'Connection ledger_exports' });
    await visible(added.getByRole('heading', { name: 'ledger_exports' }));
    expect(await page.getByRole('list', { name: 'Connections of this pipeline' }).getByRole('listitem').count()).toBe(
      3,
    );
    await added.getByRole('button', { name: 'Test connection' }).click();
    await visible(added.getByRole('status', { name: 'Test result' }).getByText('Connected', { exact: true }));
    expect(await added.getByRole('status', { name: 'Test result' }).textContent()).toContain('folder ./data found');
    await visible(page.locator('.dirty-mark'));

    // The source fields of GP: entities, types and sample values; the search narrows them.
    await page.getByRole('tab', { name: 'Source fields' }).click();
    await page.getByLabel('Connection', { exact: true }).selectOption('gp');
    const accounts = page.getByRole('region', { name: 'GL accounts' });
    await visible(accounts.getByRole('heading', { name: 'GL accounts (gl_accounts)' }));
    const accountRow = accounts.getByRole('row').filter({ hasText: 'AccountNumber' });
    expect(await accountRow.textContent()).toMatch(
      /AccountNumberkeystringFormatted account, e\.g\. 000-1100-00\d{3}-\d{4}-\d{2}/,
    );
    await typeInto(page, page.getByLabel('Search fields'), 'vendordoc');
    await visible(page.getByRole('region', { name: 'Payables invoices' }).getByText('VendorDocumentNumber'));
    await accounts.waitFor({ state: 'detached' });
    expect(await page.getByRole('region', { name: 'Payables invoices' }).getByRole('row').count()).toBe(2);
    await typeInto(page, page.getByLabel('Search fields'), 'no field is called this');
    await visible(page.getByText('No field matches "no field is called this".'));
    await typeInto(page, page.getByLabel('Search fields'), 'vendor');
    await visible(page.getByRole('region', { name: 'Vendors' }));
    await studio.screenshot('source');
  });
});
