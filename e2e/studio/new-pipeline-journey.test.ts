/**
 * A new pipeline from nothing to reconciled, by clicks and keys only: from New, the GP connection (to
 * the GP simulator, its password in the keychain) and a DuckDB warehouse added on the Connections
 * screen; a stream of GP journal lines added through the Add stream dialog and auto-mapped; a lookup
 * table typed on the Lookup tables screen; a computed column and a LOOKUP column typed in the formula
 * editor, the live preview showing their values; control totals per period and a schedule set in
 * Stream settings; saved; the write plan's counts; a run whose totals per period match GP's. Then a
 * new studio over the same folder opens the file from the recent list and shows all of it again, the
 * file on disk says the same, and the GP password is in neither the file nor the studio's state.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gpConnectorDescriptor } from '../../connectors/dynamics-gp/descriptor.ts';
import { parsePipelineText, readSchedule, type Pipeline } from '../../engine/model/index.ts';
import { closeBrowser, gone, launchStudio, type Studio, typeInto, visible } from './harness.ts';
import { addDuckDbWarehouse, addGpConnection, gpAddress, saveAs, setPart } from './pipeline-steps.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { startSimulators, type RunningSimulators } from './simulators.ts';
import { planFigures, rowFigures } from './table-figures.ts';

const FILE = 'ledger-lines.json';
const STREAM = 'gl_journal_lines';
const CRON = '0 6 * * 1-5';
const ZONE = 'Europe/Berlin';
/** The simulated chart of accounts has three divisions (the first segment of an account number). */
const DIVISIONS: readonly (readonly [string, string])[] = [
  ['000', 'CC-CORP'],
  ['100', 'CC-SALES'],
  ['200', 'CC-OPS'],
];

let studio: Studio | undefined;
let simulators: RunningSimulators | undefined;
let secrets: TestSecrets | undefined;
let folder: string | undefined;
const created: string[] = [];

afterEach(async () => {
  await secrets?.forget(created.splice(0));
  await studio?.close();
  await simulators?.close();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
  studio = undefined;
  simulators = undefined;
  folder = undefined;
});
afterAll(closeBrowser);

/** A preview line's values by column, as the grid shows them (row 1 is the first record). */
async function previewLine(grid: Locator, record: number): Promise<Record<string, string>> {
  const headers = (await grid.locator('thead th').allTextContents()).map((text) => text.trim());
  const row = grid.locator(`tbody tr[aria-rowindex="${record + 1}"]`);
  const cells = (await row.locator('th, td').allTextContents()).map((text) => text.trim());
  return Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? '']));
}

/** Exact cents of an amount as the studio shows it ("1,234.56", "-42.10", "1234.5"). */
function cents(text: string): bigint {
  const match = /^(-?)([\d,]+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not an amount`);
  const whole = BigInt(match[2]!.replaceAll(',', '')) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -whole : whole;
}

/** Every file under a folder, read whole (the state folder holds the run store, logs and recent files). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function onDisk(dir: string): Pipeline {
  const load = parsePipelineText(readFileSync(join(dir, FILE), 'utf8'));
  if (!load.pipeline) throw new Error(`${FILE} does not load as a pipeline`);
  return load.pipeline;
}

/** Types a formula into the selected column's editor, replacing what it held. */
async function typeFormula(page: Page, column: string, formula: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Column' }).selectOption(column);
  await page.getByRole('group', { name: `Formula box of ${column}` }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(formula);
}

describe('a new pipeline, start to finish', () => {
  // The whole path in one test takes about 25 s alone and 35 s on a busy two-core machine: more than
  // the 30 s every other test gets, so it has its own limit; each step still fails within 10 s.
  it(
    'builds a GP -> DuckDB pipeline from New by clicks and keys, runs it reconciled, and finds it all again in a new studio',
    { timeout: 60_000 },
    async () => {
      simulators = await startSimulators(['gp'], { rows: 20 });
      const gp = simulators.gp!;
      const password = gp.secrets.gp_password!;
      secrets = testSecrets();
      const secretName = uniqueSecretName('gp_password');
      created.push(secretName);
      await secrets.host.set(secretName, password);
      folder = mkdtempSync(join(tmpdir(), 'mlc-new-pipeline-'));
      studio = await launchStudio({ secrets: secrets.host, folder });
      let page = studio.page;
      // A step that cannot happen fails with its locator instead of waiting for the test's own time limit.
      page.setDefaultTimeout(10_000);

      // New; the two connections as the analyst adds them.
      await page.getByRole('button', { name: 'New', exact: true }).click();
      await addGpConnection(page, gp, secretName);
      await addDuckDbWarehouse(page);

      // The stream of GP's journal lines, keyed and read by change date as GP's connector describes them.
      const described = gpConnectorDescriptor.streams.find((stream) => stream.entity === STREAM)!;
      await page.getByRole('tab', { name: 'Mapping' }).click();
      await page.getByRole('region', { name: 'Mapping' }).getByRole('button', { name: 'Add stream…' }).click();
      const addStream = page.getByRole('dialog', { name: 'Add a stream' });
      await addStream.getByLabel('Entity', { exact: true }).selectOption(STREAM);
      expect(await addStream.getByLabel('Key fields', { exact: true }).inputValue()).toBe(described.key.join(', '));
      expect(await addStream.getByLabel('Destination connection', { exact: true }).inputValue()).toBe('warehouse');
      await addStream.getByRole('button', { name: 'Add stream' }).click();
      await gone(addStream);
      const autoMap = page.getByRole('dialog', { name: 'Auto-map by name' });
      await autoMap.getByRole('button', { name: /^Map \d+ columns?$/ }).click();
      await gone(autoMap);

      // A lookup table typed row by row: division -> cost center.
      await page.getByRole('tab', { name: 'Lookup tables' }).click();
      await page.getByRole('button', { name: 'New table' }).click();
      const newTable = page.getByRole('dialog', { name: 'New lookup table' });
      await typeInto(page, newTable.getByLabel('Name'), 'divisions');
      await newTable.getByRole('button', { name: 'Add table' }).click();
      await gone(newTable);
      const rows = page.getByRole('table', { name: 'Rows of divisions' });
      for (const [index, [division, costCenter]] of DIVISIONS.entries()) {
        await page
          .getByRole('region', { name: 'Lookup table divisions' })
          .getByRole('button', { name: 'Add row' })
          .click();
        await expect
          .poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")'))
          .toBe(`Key, row ${index + 1}`);
        await page.keyboard.type(division);
        await page.keyboard.press('Tab');
        await page.keyboard.type(costCenter);
        await page.keyboard.press('Enter');
        await expect.poll(() => rows.getByLabel(`Value, row ${index + 1}`).inputValue()).toBe(costCenter);
      }

      // Two columns of the analyst's own: a signed amount computed from two fields, and the cost center looked up.
      await page.getByRole('tab', { name: 'Mapping' }).click();
      const toolbar = page.getByRole('toolbar', { name: 'Mapping canvas' });
      for (const [name, type] of [
        ['net_amount', 'decimal(18,2)'],
        ['cost_center', 'string'],
      ] as const) {
        await toolbar.getByRole('button', { name: 'Add column' }).click();
        const addColumn = page.getByRole('dialog', { name: 'Add a column' });
        await typeInto(page, addColumn.getByLabel('Column name'), name);
        await addColumn.getByLabel('Type').selectOption(type);
        await addColumn.getByRole('button', { name: 'Add column' }).click();
        await gone(addColumn);
      }
      await typeFormula(page, 'net_amount', 'DebitAmount - CreditAmount');
      await typeFormula(page, 'cost_center', 'LOOKUP(divisions, LEFT(AccountNumber, 3))');
      await visible(page.getByRole('status', { name: 'Formula check' }).getByText('No problems. Result type: string.'));

      // The live preview shows both, line by line: the debit less the credit, the division's cost center.
      const grid = page.getByRole('table', { name: 'Preview rows' });
      const costCenters = new Map(DIVISIONS);
      await expect.poll(async () => (await previewLine(grid, 1)).cost_center).toMatch(/^CC-/);
      const shown = await Promise.all([1, 2, 3, 4].map((record) => previewLine(grid, record)));
      for (const line of shown) {
        expect(cents(line.net_amount!)).toBe(cents(line.debit_amount!) - cents(line.credit_amount!));
        expect(line.cost_center).toBe(costCenters.get(line.account_number!.slice(0, 3)));
      }
      // GP's first journal (the simulator's seed 1): two debits and the credit that balances them, then the next journal.
      expect(shown.map((line) => [line.account_number, line.net_amount, line.cost_center])).toEqual([
        ['000-1040-00', '68.64', 'CC-CORP'],
        ['100-1060-00', '785864.04', 'CC-SALES'],
        ['000-1010-00', '-785932.68', 'CC-CORP'],
        ['200-1030-00', '14723.34', 'CC-OPS'],
      ]);

      // Control totals per period, and the schedule, in Stream settings.
      await page.getByRole('tab', { name: 'Stream settings' }).click();
      const settings = page.getByRole('region', { name: 'Stream settings' });
      const totals = settings.getByRole('region', { name: 'Control totals' });
      const totalsFields = {
        source: { period: 'TransactionDate', debit: 'DebitAmount', credit: 'CreditAmount' },
        target: { period: 'transaction_date', debit: 'debit_amount', credit: 'credit_amount' },
      };
      for (const [side, label] of [
        ['source', 'Source field'],
        ['target', 'Destination column'],
      ] as const)
        for (const [field, value] of Object.entries(totalsFields[side]))
          await setPart(page, totals, `${label}: ${field}`, value);
      const schedule = settings.getByRole('region', { name: 'Schedule' });
      await setPart(page, schedule, 'Cron', CRON);
      await setPart(page, schedule, 'Schedule time zone', ZONE);
      const words = `At 06:00, Monday through Friday (${ZONE})`;
      await expect.poll(() => schedule.getByLabel('Schedule in words').textContent()).toBe(words);
      const nextRuns = schedule.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
      await expect.poll(() => nextRuns.count()).toBe(5);
      const expected = readSchedule(CRON, ZONE);
      expect(expected.ok && expected.next.map((run) => run.local)).toEqual(await nextRuns.allTextContents());

      await saveAs(page, FILE);

      // What GP holds, by its own control totals: the run must read and write every line.
      const gpTotals = (await gp.controlTotals()) as Record<string, { rows: number; sums: Record<string, string> }>;
      const lines = gpTotals[STREAM]!;
      expect(lines.rows).toBeGreaterThan(20);

      await page.getByRole('tab', { name: 'Write plan' }).click();
      const plan = page.getByRole('table', { name: 'What a run would write' });
      await visible(plan);
      expect(await planFigures(plan, STREAM)).toEqual({
        'Rows to read': String(lines.rows),
        Inserts: String(lines.rows),
        Updates: '0',
        Unchanged: '0',
        Held: '0',
      });

      await page.getByRole('tab', { name: 'Runs' }).click();
      await page.getByRole('button', { name: 'Start run' }).click();
      await visible(page.getByRole('heading', { name: /^Run finished/ }));
      const progress = page.getByRole('table', { name: 'Progress per stream' });
      expect(await rowFigures(progress, STREAM, ['Read', 'Written', 'Held'])).toEqual([
        String(lines.rows),
        String(lines.rows),
        '0',
      ]);
      const run = page.getByRole('rowgroup', { name: /^Run / }).first();
      await visible(run.getByText('Totals match', { exact: true }));
      await run.getByRole('button', { name: /^Show the control totals of / }).click();
      const reconciled = page.getByRole('table', { name: `${STREAM}: this run` });
      await visible(reconciled);
      expect(await rowFigures(reconciled, 'Rows', ['Source', 'Destination', 'Check'])).toEqual([
        String(lines.rows),
        String(lines.rows),
        'Match',
      ]);
      // Every period's debit and credit: source equal to destination, and together GP's own totals.
      const periods = (await reconciled.locator('tbody th[scope="row"]').allTextContents())
        .map((text) => text.trim())
        .filter((figure) => / (debit|credit)$/.test(figure));
      expect(periods.length).toBeGreaterThan(0);
      const sums = { debit: 0n, credit: 0n };
      for (const figure of periods) {
        const [source, destination, difference, check] = await rowFigures(reconciled, figure, [
          'Source',
          'Destination',
          'Difference',
          'Check',
        ]);
        expect({ figure, destination, difference, check }).toEqual({
          figure,
          destination: source,
          difference: '0.00',
          check: 'Match',
        });
        sums[figure.endsWith('debit') ? 'debit' : 'credit'] += cents(source!);
      }
      expect(sums).toEqual({ debit: cents(lines.sums.DebitAmount!), credit: cents(lines.sums.CreditAmount!) });

      // The file on disk holds what the screens showed.
      const checkFile = (pipeline: Pipeline) => {
        expect(Object.keys(pipeline.connections)).toEqual(['gp', 'warehouse']);
        expect(pipeline.connections.gp!.address).toMatchObject({
          webServicesUrl: String(gpAddress(gp).webServicesUrl),
          baseUrl: String(gpAddress(gp).baseUrl),
        });
        expect(pipeline.connections.gp!.auth).toMatchObject({ secret: secretName });
        expect(pipeline.connections.warehouse!.address).toMatchObject({ path: './warehouse.duckdb' });
        const stream = pipeline.streams[STREAM]!;
        expect(stream.source).toMatchObject({ connection: 'gp', entity: STREAM, key: [...described.key] });
        expect(stream.target).toEqual({
          connection: 'warehouse',
          table: STREAM,
          writeMode: 'merge',
          mergeKey: ['journal_entry', 'transaction_date', 'sequence_number'],
        });
        expect(stream.mappings.net_amount).toEqual({ type: 'decimal(18,2)', expression: 'DebitAmount - CreditAmount' });
        expect(stream.mappings.cost_center).toEqual({
          type: 'string',
          expression: 'LOOKUP(divisions, LEFT(AccountNumber, 3))',
        });
        expect(pipeline.lookups?.divisions?.rows).toEqual(DIVISIONS.map(([key, value]) => ({ key, value })));
        expect(stream.controlTotals).toEqual(totalsFields);
        expect(pipeline.schedule).toEqual({ cron: CRON, timeZone: ZONE });
      };
      const dir = studio.dir;
      checkFile(onDisk(dir));

      // A new studio over the same folder: the file from the recent list, everything as it was left.
      await studio.close();
      studio = await launchStudio({ secrets: secrets.host, folder });
      page = studio.page;
      page.setDefaultTimeout(10_000);
      await page
        .getByRole('region', { name: 'Recent files' })
        .getByRole('button', { name: join(dir, FILE) })
        .click();
      await expect.poll(() => page.getByRole('combobox', { name: 'Stream' }).inputValue()).toBe(STREAM);

      await page.getByRole('tab', { name: 'Connections' }).click();
      const connections = page.getByRole('list', { name: 'Connections of this pipeline' });
      await connections.getByRole('button', { name: /^gp/ }).click();
      const gpRegion = page.getByRole('region', { name: 'Connection gp' });
      for (const [label, part] of [
        ['GP Web Services address', 'webServicesUrl'],
        ['Company key', 'companyKey'],
        ['SBA service address', 'baseUrl'],
        ['Company', 'company'],
      ] as const)
        expect(await gpRegion.getByLabel(label, { exact: true }).inputValue()).toBe(String(gpAddress(gp)[part]));
      expect(await gpRegion.getByLabel('Windows user', { exact: true }).inputValue()).toBe('gp.sync');
      await visible(gpRegion.getByText('Stored in the keychain'));
      await connections.getByRole('button', { name: /^warehouse/ }).click();
      const warehouse = page.getByRole('region', { name: 'Connection warehouse' });
      expect(await warehouse.getByLabel('Warehouse file', { exact: true }).inputValue()).toBe('./warehouse.duckdb');

      await page.getByRole('tab', { name: 'Mapping' }).click();
      for (const [column, formula] of [
        ['net_amount', 'DebitAmount - CreditAmount'],
        ['cost_center', 'LOOKUP(divisions, LEFT(AccountNumber, 3))'],
      ] as const) {
        await page.getByRole('combobox', { name: 'Column' }).selectOption(column);
        await visible(page.getByRole('group', { name: `Formula box of ${column}` }).getByText(formula));
      }

      await page.getByRole('tab', { name: 'Lookup tables' }).click();
      const reopenedRows = page.getByRole('table', { name: 'Rows of divisions' });
      for (const [index, [division, costCenter]] of DIVISIONS.entries()) {
        expect(await reopenedRows.getByLabel(`Key, row ${index + 1}`).inputValue()).toBe(division);
        expect(await reopenedRows.getByLabel(`Value, row ${index + 1}`).inputValue()).toBe(costCenter);
      }

      await page.getByRole('tab', { name: 'Stream settings' }).click();
      const reopened = page.getByRole('region', { name: 'Stream settings' });
      await visible(reopened.getByRole('region', { name: 'Reading' }).getByText(`${STREAM} from gp`, { exact: false }));
      await visible(
        reopened.getByRole('region', { name: 'Writing' }).getByText(`Into ${STREAM} on warehouse (merge).`),
      );
      for (const [side, label] of [
        ['source', 'Source field'],
        ['target', 'Destination column'],
      ] as const)
        for (const [field, value] of Object.entries(totalsFields[side]))
          expect(
            await reopened
              .getByRole('region', { name: 'Control totals' })
              .getByLabel(`${label}: ${field}`, { exact: true })
              .inputValue(),
          ).toBe(value);
      const reopenedSchedule = reopened.getByRole('region', { name: 'Schedule' });
      expect(await reopenedSchedule.getByLabel('Schedule in words').textContent()).toBe(words);
      const reopenedRuns = reopenedSchedule.getByRole('list', { name: 'Next runs' }).getByRole('listitem');
      const expectedAgain = readSchedule(CRON, ZONE);
      expect(expectedAgain.ok && expectedAgain.next.map((run) => run.local)).toEqual(
        await reopenedRuns.allTextContents(),
      );

      // The run is in the history, nothing is unsaved, and the file is as the first studio wrote it.
      await page.getByRole('tab', { name: 'Runs' }).click();
      await visible(page.getByRole('rowgroup', { name: /^Run / }).first().getByText('Totals match', { exact: true }));
      expect(await page.locator('.dirty-mark').count()).toBe(0);
      checkFile(onDisk(dir));

      // The password is in the keychain only: not in the file, the page, nor anywhere in the studio's state folder.
      expect(await secrets.stored(secretName)).toBe(password);
      expect(readFileSync(join(dir, FILE), 'utf8')).not.toContain(password);
      expect(await page.content()).not.toContain(password);
      const stateFiles = filesUnder(studio.stateDir);
      expect(stateFiles.length).toBeGreaterThan(0);
      for (const path of stateFiles)
        expect({ path, has: readFileSync(path).includes(password) }).toEqual({ path, has: false });
    },
  );
});
