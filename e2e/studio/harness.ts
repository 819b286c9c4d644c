/**
 * The browser tests' set-up: a copy of the example pipelines in a temporary folder, the studio web
 * host over it (the real host, engine and connectors, on a free loopback port), and Debian's Chromium
 * driven by Playwright, acting as an analyst with a real pointer and keyboard.
 *
 * Chromium comes from the system (Playwright cannot download its own browser here): `MLC_CHROMIUM`
 * names another binary. Screenshots go to a temporary folder, or to docs/screenshots when
 * `MLC_UPDATE_SCREENSHOTS=1` (how the README's pictures are made).
 */
import { createHash, X509Certificate } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { Bridge, HostSecrets } from '../../engine/host/index.ts';
import { RENDERER_BUILD, startStudioWeb } from '../../scripts/studio-web.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CHROMIUM = process.env.MLC_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS =
  process.env.MLC_UPDATE_SCREENSHOTS === '1'
    ? join(ROOT, 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'mlc-shots-'));

export interface Studio {
  readonly page: Page;
  readonly bridge: Bridge;
  /** The folder holding the copied examples (assets/examples) and the studio's state folder. */
  readonly dir: string;
  readonly stateDir: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface StudioOptions {
  readonly secrets?: HostSecrets;
  readonly viewport?: { width: number; height: number };
  /** Where the studio keeps its sign-in certificate (default: a folder of the test's own, never the user's). */
  readonly signInCertificateDir?: string;
  /**
   * PEM certificates this studio's browser accepts as if their CA were trusted, as the analyst's does
   * once they have trusted the sign-in certificate's CA (a browser of its own, launched so).
   */
  readonly trustCertificates?: readonly string[];
  /**
   * A folder of the test's own to work in, kept when the studio closes, so a second studio launched over
   * it finds the files and the state folder (recent files, run history) the first one left. The test
   * removes it. Without it, each studio gets a fresh folder, removed when it closes.
   */
  readonly folder?: string;
}

/** Chromium's `--ignore-certificate-errors-spki-list` entry: base64 SHA-256 of the certificate's public key. */
function spkiHash(pem: string): string {
  return createHash('sha256')
    .update(new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

let browser: Browser | undefined;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM}: run \`sudo apt-get install -y chromium\` (or set MLC_CHROMIUM).`,
    );
  if (!existsSync(join(RENDERER_BUILD, 'index.html')))
    throw new Error('The studio is not built: run `npm run build` first (npm test does).');
  // One browser for a file's tests; if it went away (a crash in one test), the next test gets a new one
  // instead of failing for a reason that is not its own.
  if (browser === undefined || !browser.isConnected()) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
  }
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = undefined;
}

export async function launchStudio(options: StudioOptions = {}): Promise<Studio> {
  const dir = options.folder ?? mkdtempSync(join(tmpdir(), 'mlc-studio-'));
  // A reused folder keeps what the earlier studio left, the examples included.
  if (!existsSync(join(dir, 'examples'))) {
    cpSync(join(ROOT, 'assets', 'examples'), join(dir, 'examples'), { recursive: true });
    cpSync(join(ROOT, 'assets', 'schema'), join(dir, 'schema'), { recursive: true });
  }
  const stateDir = join(dir, 'state');
  const signInCertificateDir = options.signInCertificateDir ?? join(dir, 'sign-in');
  const bridge = await startStudioWeb({
    cwd: dir,
    stateDir,
    port: 0,
    signInCertificateDir,
    ...(options.secrets ? { secrets: options.secrets } : {}),
  });
  // Accepting exactly these keys needs a browser launched with them (Chromium reads the list at start only).
  const own =
    options.trustCertificates === undefined
      ? undefined
      : await chromium.launch({
          executablePath: CHROMIUM,
          args: [
            ...CHROMIUM_ARGS,
            `--ignore-certificate-errors-spki-list=${options.trustCertificates.map(spkiHash).join(',')}`,
          ],
        });
  const context: BrowserContext = await (own ?? (await launchBrowser())).newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  // A page error is a bug the analyst would see as a broken screen: fail loudly with it.
  const pageErrors: Error[] = [];
  page.on('pageerror', (error) => pageErrors.push(error));
  await page.goto(bridge.url);
  return {
    page,
    bridge,
    dir,
    stateDir,
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      // A browser that went away during the test (Chromium, rarely, after a dismissed leave-page question)
      // has closed this context already; the next test launches a new one (launchBrowser).
      await context.close().catch((error: unknown) => {
        if (context.browser()?.isConnected() !== false) throw error;
      });
      await own?.close();
      await bridge.close();
      if (options.folder === undefined) rmSync(dir, { recursive: true, force: true });
      if (pageErrors.length > 0)
        throw new Error(`The studio page threw: ${pageErrors.map((e) => e.message).join('; ')}`);
    },
  };
}

/** Opens a pipeline through the studio's own Open dialog, as an analyst would. */
export async function openPipeline(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Open…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a pipeline' });
  await dialog.getByLabel('File path').fill(path);
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** Waits (10 s at most) for what the analyst should see; the failure names the locator. */
export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Waits (10 s at most) for something to leave the page. */
export async function gone(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'detached', timeout: 10_000 });
}

/** Clicks into a box and types as a person does (whatever it held is replaced). */
export async function typeInto(page: Page, box: Locator, text: string): Promise<void> {
  await box.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}
