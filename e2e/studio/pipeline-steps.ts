/**
 * Steps of building a pipeline from New that more than one browser test takes, done as the analyst
 * does them: a GP connection pointed at the GP simulator and a DuckDB warehouse added through the
 * Connections screen's dialog and the connection page's boxes, the file saved with Save as, and saved
 * again once changed.
 */
import type { Locator, Page } from 'playwright-core';
import { pointConnectionAtSimulator, type SimulatorHandle } from '../../connectors/registry.ts';
import { gone, typeInto, visible } from './harness.ts';

/** Types into a box of the connection's page and presses Enter, as the analyst confirms a value. */
export async function setPart(page: Page, region: Locator, label: string, value: string): Promise<void> {
  await typeInto(page, region.getByLabel(label, { exact: true }), value);
  await page.keyboard.press('Enter');
}

/**
 * Adds the GP connection `gp` on the Connections screen: the dialog's required parts, then the
 * simulator's addresses and the secret's name (its value already in the keychain) on its page.
 * Returns the connection's region.
 */
export async function addGpConnection(page: Page, gp: SimulatorHandle, secretName: string): Promise<Locator> {
  await page.getByRole('tab', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a connection' });
  await typeInto(page, dialog.getByLabel('Name', { exact: true }), 'gp');
  await dialog.getByLabel('System').selectOption({ label: 'Microsoft Dynamics GP' });
  await typeInto(page, dialog.getByRole('textbox', { name: 'User name' }), 'CONTOSO\\gp.sync');
  await typeInto(page, dialog.getByLabel('Windows domain'), 'CONTOSO');
  await typeInto(page, dialog.getByLabel('Windows user'), 'gp.sync');
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await gone(dialog);
  const region = page.getByRole('region', { name: 'Connection gp' });
  const address = gpAddress(gp);
  await setPart(page, region, 'GP Web Services address', String(address.webServicesUrl));
  await setPart(page, region, 'Company key', String(address.companyKey));
  await setPart(page, region, 'SBA service address', String(address.baseUrl));
  await setPart(page, region, 'Company', String(address.company));
  await typeInto(page, region.getByRole('textbox', { name: /^Secret name/ }), secretName);
  await page.keyboard.press('Enter');
  await visible(region.getByText('Stored in the keychain'));
  return region;
}

/** The address parts a GP connection needs to reach the simulator, as `demo` points them. */
export function gpAddress(gp: SimulatorHandle): Readonly<Record<string, unknown>> {
  return pointConnectionAtSimulator('dynamics-gp', {}, { gp })!.address;
}

/** Adds the DuckDB warehouse `warehouse` (its file beside the pipeline) on the Connections screen. */
export async function addDuckDbWarehouse(page: Page, file = './warehouse.duckdb'): Promise<void> {
  await page.getByRole('tab', { name: 'Connections' }).click();
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add a connection' });
  await typeInto(page, dialog.getByLabel('Name', { exact: true }), 'warehouse');
  await dialog.getByLabel('System').selectOption({ label: 'Local warehouse (DuckDB file)' });
  await typeInto(page, dialog.getByLabel('Warehouse file'), file);
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await gone(dialog);
}

/** Save on a file never saved: the Save as dialog, the path typed, written when the unsaved mark goes. */
export async function saveAs(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Save as' });
  await typeInto(page, dialog.getByLabel('File path'), path);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await gone(dialog);
  await gone(page.locator('.dirty-mark'));
}

/** Saves the file opened and waits until it is written (the unsaved mark goes). */
export async function save(page: Page): Promise<void> {
  await visible(page.locator('.dirty-mark'));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await gone(page.locator('.dirty-mark'));
}
