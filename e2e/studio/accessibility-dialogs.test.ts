/**
 * axe-core with every dialog of the studio open, and in the states a plan and a run leave behind (the
 * write plan computed; a finished run with held rows, its control totals as a table and a chart), on
 * the CSV example and on the GP example into DuckDB (against the GP simulator). No serious or critical
 * violation anywhere; a failure lists them per screen or dialog, one line per rule and element.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createSecretResolver,
  EnvironmentSecretStore,
  KeychainSecretStore,
  SecretRegistry,
} from '../../engine/secrets/index.ts';
import { failingKeytar, NO_SESSION_BUS } from '../../engine/secrets/test-support.ts';
import { seriousViolations } from './axe.ts';
import { closeBrowser, gone, launchStudio, openPipeline, type Studio, typeInto, visible } from './harness.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { pointPipelineAt, startSimulators, type RunningSimulators } from './simulators.ts';

let studio: Studio | undefined;
let simulators: RunningSimulators | undefined;
let secrets: TestSecrets | undefined;
const created: string[] = [];
afterEach(async () => {
  await studio?.close();
  studio = undefined;
  await simulators?.close();
  simulators = undefined;
  await secrets?.forget(created.splice(0));
  secrets = undefined;
});
afterAll(closeBrowser);

/** Many dialogs and a run, each checked by axe: longer than one screen's test. */
const LONG = 120_000;

/** What axe found, per screen or dialog: only the ones with violations are kept, so a failure reads as a list. */
class Findings {
  private readonly found: Record<string, string[]> = {};
  constructor(private readonly page: Page) {}

  async check(name: string): Promise<void> {
    const violations = await seriousViolations(this.page);
    if (violations.length > 0) this.found[name] = violations;
  }

  /** Opens a dialog with `open`, checks it, and closes it with the button named `close`. */
  async dialog(name: string, open: () => Promise<void>, close: string | RegExp): Promise<Locator> {
    await open();
    const dialog = this.page.getByRole('dialog', { name, exact: true });
    await visible(dialog);
    await this.check(`dialog: ${name}`);
    await dialog.getByRole('button', { name: close, exact: true }).click();
    await gone(dialog);
    return dialog;
  }

  get failing(): Record<string, string[]> {
    return this.found;
  }
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Runs the open pipeline from the Runs tab and checks the finished run, its held rows, and its totals. */
async function runAndCheck(page: Page, findings: Findings, example: string, finished: RegExp): Promise<void> {
  await page.getByRole('tab', { name: 'Write plan' }).click();
  await button(page, 'Refresh').click();
  await visible(page.locator('.plan-table:not(.dimmed)'));
  await findings.check(`${example}: write plan computed`);

  await page.getByRole('tab', { name: 'Runs' }).click();
  await button(page, 'Start run').click();
  await visible(page.getByRole('heading', { name: finished }));
  await visible(page.getByRole('heading', { name: 'Held rows to review' }));
  await findings.check(`${example}: run finished, held rows shown`);
  await page
    .getByRole('rowgroup', { name: /^Run / })
    .first()
    .getByRole('button', { name: /^Show the control totals of / })
    .click();
  await visible(page.getByRole('img', { name: /source and destination totals per period$/ }).first());
  await findings.check(`${example}: run's control totals (table and chart)`);
}

describe('accessibility of dialogs and run states', () => {
  it(
    'finds no serious or critical violation in any dialog, the plan or a finished run of the CSV example',
    async () => {
      studio = await launchStudio();
      const { page, dir } = studio;
      page.setDefaultTimeout(10_000);
      const findings = new Findings(page);
      await visible(page.getByRole('heading', { name: 'Connect a system to your warehouse' }));
      await findings.dialog('Open a pipeline', () => button(page, 'Open…').click(), 'Cancel');

      await openPipeline(page, 'examples/csv-to-duckdb.json');
      await visible(page.getByRole('table', { name: 'Preview rows' }).getByRole('cell').first());
      // The top bar's stream picker is named by its label.
      await visible(page.getByRole('combobox', { name: 'Stream', exact: true }));
      await findings.dialog('Save as', () => button(page, 'Save as…').click(), 'Cancel');
      await findings.dialog('Add a stream', () => button(page, 'Add stream…').click(), 'Cancel');
      await findings.dialog('Rename stream', () => button(page, 'Rename…').click(), 'Cancel');
      await findings.dialog('Delete stream', () => button(page, 'Delete…').click(), 'Keep it');

      await button(page, 'Export…').click();
      const exporting = page.getByRole('dialog', { name: 'Export for headless use' });
      await visible(exporting);
      await findings.check('dialog: Export for headless use');
      await exporting.getByLabel('File path').fill('scheduled/gl.json');
      await exporting.getByRole('button', { name: 'Export' }).click();
      await findings.dialog('Exported for headless runs', async () => {}, 'Done');

      await page.getByRole('tab', { name: 'Connections' }).click();
      await findings.dialog('Add a connection', () => button(page, 'Add connection').click(), 'Cancel');

      await page.getByRole('tab', { name: 'Mapping' }).click();
      await findings.dialog('Add a column', () => button(page, 'Add column').click(), 'Cancel');
      // Every field of the example is mapped already: the dialog says so and offers Close.
      await findings.dialog('Auto-map by name', () => button(page, 'Auto-map by name').click(), /^(Cancel|Close)$/);
      // The pick-a-column dialog, as a keyboard user opens it: Enter on a focused source field.
      await page.getByRole('group', { name: /^Source field DSCRIPTN, / }).focus();
      await page.keyboard.press('Enter');
      const pick = page.getByRole('dialog', { name: 'Map DSCRIPTN to a column' });
      await visible(pick);
      await findings.check('dialog: Map DSCRIPTN to a column');
      await pick.getByRole('listbox', { name: 'Column' }).selectOption('account');
      await pick.getByRole('button', { name: 'Map', exact: true }).click();
      await findings.dialog('Replace the formula?', async () => {}, 'Keep the formula');

      // A formula with an error, then Save: the question names it.
      await page.getByRole('combobox', { name: 'Column' }).selectOption('description');
      await page.getByRole('group', { name: 'Formula box of description' }).click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('UPPER(');
      await visible(page.getByText('A formula has an error', { exact: false }).first());
      await findings.dialog('Save with formula errors?', () => button(page, 'Save').click(), 'Keep editing');
      await findings.dialog('Unsaved changes', () => button(page, 'New').click(), 'Keep editing');
      await page.keyboard.press('ControlOrMeta+Z');

      await page.getByRole('tab', { name: 'Lookup tables' }).click();
      await findings.dialog('New lookup table', () => button(page, 'New table').click(), 'Cancel');
      await page
        .getByRole('list', { name: 'Lookup tables of this pipeline' })
        .getByRole('button', { name: /^account_types/ })
        .click();
      const csv = join(dir, 'account-types.csv');
      writeFileSync(csv, 'digit,account_type\n1,ASSETS\n7,"OTHER INCOME, NET"\n8,OTHER EXPENSE,extra\n');
      const importer = page.getByRole('region', { name: 'Import from a CSV file' });
      await importer.getByLabel('CSV file').setInputFiles(csv);
      await importer.getByLabel('Key column').selectOption('digit');
      await importer.getByLabel('Value column').selectOption('account_type');
      await visible(importer.getByText('Line 4: expected 2 values like the header, found 3'));
      await findings.check('lookups: CSV import with a bad line');

      await runAndCheck(page, findings, 'CSV example', /^Run finished: 1 row held for review/);
      expect(findings.failing).toEqual({});
    },
    LONG,
  );

  it(
    'finds none in the BambooHR -> GP example: its dialogs, the plan, and a run that holds a journal',
    async () => {
      simulators = await startSimulators(['gp', 'bamboohr'], { rows: 5 });
      const bamboo = simulators.bamboohr!;
      // An employee moved to a department the cost center table does not have: their journal is held.
      const moved = [...bamboo.store.employees.values()].find(
        (employee) => employee.fields.department !== 'Warehouse',
      )!;
      bamboo.store.transfer(moved.id, { department: 'Legal' }, '2025-01-01');
      secrets = testSecrets();
      const keyName = uniqueSecretName('bamboohr_api_key');
      const gpName = uniqueSecretName('gp_password');
      created.push(keyName, gpName);
      await secrets.host.set(keyName, bamboo.credentials.apiKey);
      await secrets.host.set(gpName, simulators.gp!.secrets.gp_password!);
      studio = await launchStudio({ secrets: secrets.host });
      const { page, dir } = studio;
      page.setDefaultTimeout(10_000);
      pointPipelineAt(join(dir, 'examples/bamboohr-to-gp.json'), simulators, {
        secretNames: { bamboohr: keyName, 'dynamics-gp': gpName },
      });
      const findings = new Findings(page);
      await openPipeline(page, 'examples/bamboohr-to-gp.json');
      await page.getByRole('tab', { name: 'Mapping' }).click();
      await visible(page.getByRole('table', { name: 'Preview rows' }).getByRole('cell').first());
      await findings.check('GP example: Mapping with its preview');
      await findings.dialog('Add a stream', () => button(page, 'Add stream…').click(), 'Cancel');
      await findings.dialog('Rename stream', () => button(page, 'Rename…').click(), 'Cancel');
      await findings.dialog('Delete stream', () => button(page, 'Delete…').click(), 'Keep it');
      await findings.dialog('Add a column', () => button(page, 'Add column').click(), 'Cancel');
      await findings.dialog('Auto-map by name', () => button(page, 'Auto-map by name').click(), /^(Cancel|Close)$/);
      await page.getByRole('tab', { name: 'Connections' }).click();
      await findings.dialog('Add a connection', () => button(page, 'Add connection').click(), 'Cancel');
      await page.getByRole('tab', { name: 'Lookup tables' }).click();
      await findings.dialog('New lookup table', () => button(page, 'New table').click(), 'Cancel');

      await runAndCheck(page, findings, 'GP example', /^Run finished: \d+ rows? held for review/);

      // After the run, the preview's comparison with it is offered disabled: GP cannot be read back.
      await page.getByRole('tab', { name: 'Mapping' }).click();
      await visible(page.getByText(/^Values that differ from the last run: .*Dynamics GP cannot be read back/));
      const differs = page.getByRole('combobox', { name: 'Show' }).getByRole('option', {
        name: 'Values that differ from the last run',
      });
      expect(await differs.isDisabled()).toBe(true);
      await findings.check('GP example: Mapping after the run, comparison disabled with its reason');
      expect(findings.failing).toEqual({});
    },
    LONG,
  );

  it('finds none in the question a computer without a keychain asks', async () => {
    const registry = new SecretRegistry();
    studio = await launchStudio({
      secrets: createSecretResolver({
        registry,
        keychain: new KeychainSecretStore({ registry, keytar: failingKeytar(NO_SESSION_BUS) }),
        environment: new EnvironmentSecretStore({ registry, environment: {} }),
      }),
    });
    const { page } = studio;
    page.setDefaultTimeout(10_000);
    const findings = new Findings(page);
    await openPipeline(page, 'examples/gp-to-databricks.json');
    await page.getByRole('tab', { name: 'Connections' }).click();
    const gp = page.getByRole('region', { name: 'Connection gp' });
    await typeInto(page, gp.getByLabel('Windows password', { exact: true }), 'not-a-real-Passw0rd');
    await findings.dialog(
      'No keychain on this computer',
      () => gp.getByRole('button', { name: 'Save Windows password' }).click(),
      'I will set the environment variable',
    );
    expect(findings.failing).toEqual({});
  });
});
