/**
 * Gaps a new user hit: New after working on an example shows nothing of it; a formula typo shows in
 * the problems bar, adds no field to the canvas, and Save asks before writing it; a CA file that is
 * not there is named with its full path; without an OS keychain the studio says so and offers to keep
 * the secret for this session only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../../engine/secrets/index.ts';
import { failingKeytar, NO_SESSION_BUS } from '../../engine/secrets/test-support.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';

const CSV = 'examples/csv-to-duckdb.json';
const GP = 'examples/gp-to-databricks.json';

let studio: Studio | undefined;
afterEach(async () => {
  await studio?.close();
  studio = undefined;
});
afterAll(closeBrowser);

describe('a new document, formula errors, CA files and no keychain', () => {
  it('New after working on an example shows no preview, plan, test result or notice of it', async () => {
    studio = await launchStudio();
    const { page } = studio;
    await openPipeline(page, CSV);
    const rows = page.getByRole('table', { name: 'Preview rows' });
    await visible(rows.getByRole('cell', { name: 'Invoice 4471, Contoso' }).first());
    await page.getByRole('tab', { name: 'Write plan' }).click();
    const plan = page.getByRole('table', { name: 'What a run would write' });
    await visible(plan);
    await page.getByRole('tab', { name: 'Connections' }).click();
    const files = page.getByRole('region', { name: 'Connection gl_export' });
    await files.getByRole('button', { name: 'Test connection' }).click();
    await visible(files.getByRole('status', { name: 'Test result' }).getByText('Connected', { exact: true }));

    await page.getByRole('button', { name: 'New', exact: true }).click();
    await visible(page.getByRole('tab', { name: 'Connections', selected: true }));
    expect(await page.getByRole('status', { name: 'Test result' }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Write plan' }).click();
    await page.waitForTimeout(300);
    expect(await plan.count()).toBe(0);
    expect(await page.getByText('gl_lines').count()).toBe(0);
    await page.getByRole('tab', { name: 'Mapping' }).click();
    await page.waitForTimeout(300);
    expect(await rows.count()).toBe(0);
    expect(await page.getByText('Invoice 4471, Contoso').count()).toBe(0);
    await studio.screenshot('new-after-example');
  });

  it('a formula typo shows in the problems bar, adds no source field to the canvas, and Save asks first', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, CSV);
    await visible(
      page.getByRole('table', { name: 'Preview rows' }).getByRole('cell', { name: 'Invoice 4471, Contoso' }).first(),
    );
    await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
    await page.getByRole('group', { name: 'Formula box of description' }).click();
    await page.keyboard.press('ControlOrMeta+A');
    // The editor closes the parenthesis: UPPER(DSCRIPTNX), a field the source does not have.
    await page.keyboard.type('UPPER(DSCRIPTNX');
    await visible(
      page.getByRole('status', { name: 'Formula check' }).getByText('There is no field "DSCRIPTNX"', { exact: false }),
    );

    const bar = page.getByRole('contentinfo', { name: 'Problems' });
    await visible(bar.getByRole('button', { name: /^1 error/ }));
    await bar.getByRole('button', { name: /^1 error/ }).click();
    await visible(bar.getByText('streams.gl_lines.mappings.description.expression'));
    await visible(bar.getByText('There is no field "DSCRIPTNX" in gl_lines.', { exact: false }));
    expect(await page.getByRole('group', { name: /^Source field DSCRIPTNX/ }).count()).toBe(0);
    expect(await page.getByRole('group', { name: /^Source field DSCRIPTN, / }).count()).toBe(1);

    const before = readFileSync(join(dir, CSV), 'utf8');
    await page.keyboard.press('ControlOrMeta+S');
    const ask = page.getByRole('dialog', { name: 'Save with formula errors?' });
    await visible(ask);
    await visible(ask.getByText('The formula of description has errors', { exact: false }));
    await visible(ask.getByText('There is no field "DSCRIPTNX" in gl_lines.', { exact: false }));
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await gone(ask);
    expect(readFileSync(join(dir, CSV), 'utf8')).toBe(before);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await visible(ask);
    await ask.getByRole('button', { name: /^Save .*csv-to-duckdb\.json anyway$/ }).click();
    await visible(page.getByText(/^Saved .*csv-to-duckdb\.json$/));
    expect(readFileSync(join(dir, CSV), 'utf8')).toContain('UPPER(DSCRIPTNX)');
  });

  it('names the full path of a CA certificate file that is not there', async () => {
    studio = await launchStudio();
    const { page, dir } = studio;
    await openPipeline(page, GP);
    await page.getByRole('tab', { name: 'Connections' }).click();
    await page
      .getByRole('list', { name: 'Connections of this pipeline' })
      .getByRole('button', { name: /^lakehouse/ })
      .click();
    const lakehouse = page.getByRole('region', { name: 'Connection lakehouse' });
    await lakehouse.getByRole('button', { name: 'Test connection' }).click();
    const result = lakehouse.getByRole('status', { name: 'Test result' });
    await visible(result.getByText('Failed', { exact: true }));
    expect(await result.textContent()).toContain(
      `cannot read the CA certificate file ./databricks-simulator-ca.pem, looked for as ${join(dir, 'examples', 'databricks-simulator-ca.pem')} (there is no such file)`,
    );
  });

  it('without an OS keychain, says so once and keeps the secret for this session only when asked', async () => {
    const registry = new SecretRegistry();
    const secrets = createSecretResolver({
      registry,
      keychain: new KeychainSecretStore({ registry, keytar: failingKeytar(NO_SESSION_BUS) }),
      environment: new EnvironmentSecretStore({ registry, environment: {} }),
    });
    studio = await launchStudio({ secrets });
    const { page, dir } = studio;
    await openPipeline(page, GP);
    await page.getByRole('tab', { name: 'Connections' }).click();
    const gp = page.getByRole('region', { name: 'Connection gp' });
    await visible(gp.getByText('Not stored yet: enter it below'));
    const value = 'session-only-Passw0rd';
    await typeInto(page, gp.getByLabel('Windows password', { exact: true }), value);
    await gp.getByRole('button', { name: 'Save Windows password' }).click();

    const ask = page.getByRole('dialog', { name: 'No keychain on this computer' });
    await visible(ask);
    await visible(ask.getByText('There is no OS keychain on this computer', { exact: false }));
    await visible(ask.getByText('ML_CONNECTOR_SECRET_GP_PASSWORD', { exact: false }));
    await ask.getByRole('button', { name: 'Keep "gp_password" for this session only' }).click();
    await gone(ask);
    await visible(page.getByText('Kept the secret "gp_password" for this session only', { exact: false }));
    await visible(gp.getByText('Stored for this session only (no keychain on this computer)'));
    expect(await page.content()).not.toContain(value);
    expect(readFileSync(join(dir, GP), 'utf8')).not.toContain(value);
  });
});
