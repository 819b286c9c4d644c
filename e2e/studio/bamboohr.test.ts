/**
 * BambooHR in the studio, on the BambooHR -> GP example against both simulators (in this process, on
 * free ports): an API key refused in BambooHR's words and the right one accepted; "Listen for changes"
 * running the webhook receiver, where a delivery signed with the webhook's key is applied to GP and a
 * forged one refused, both in the live log; and the OAuth sign-in through the simulator's consent page
 * in a second tab (after a cancelled try and a denied one), the loopback redirect storing the refresh
 * token in the keychain while the page never holds it (nor any other secret value). BambooHR sends the
 * browser back to a registered https:// address only: the redirect is served with the certificate the
 * studio keeps, which this test's browser accepts as the analyst's does once they have trusted its CA.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../connectors/bamboohr/simulator/index.ts';
import {
  SIGN_IN_CA_FILE,
  SIGN_IN_KEY_SECRET,
  signInCertificates,
} from '../../engine/host/services/sign-in-certificate.ts';
import { closeBrowser, gone, launchStudio, openPipeline, visible, type Studio, typeInto } from './harness.ts';
import { testSecrets, uniqueSecretName, type TestSecrets } from './secrets.ts';
import { pointPipelineAt, startSimulators, type RunningSimulators } from './simulators.ts';

const FILE = 'examples/bamboohr-to-gp.json';
const WRONG_KEY = 'not-the-bamboohr-key-0000';
const HOOK_KEY = 'whk-studio-e2e-private-key-8e1f';

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

/** One BambooHR delivery (bamboohr.md §8) for an employee, signed with `key`, posted to the address the studio shows. */
async function deliver(url: string, employeeId: string, key: string): Promise<number> {
  const body = JSON.stringify({
    type: 'employee.updated',
    timestamp: new Date().toISOString(),
    data: { companyId: '12345', employeeId, changedFields: ['department'] },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const answer = await request(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'x-bamboohr-timestamp': timestamp,
      'x-bamboohr-signature': signWebhook(body, timestamp, key),
    },
  });
  await answer.body.dump();
  return answer.statusCode;
}

function named(name: string): string {
  created.push(name);
  return name;
}

describe('BambooHR in the studio', () => {
  it("refuses a wrong API key in BambooHR's words, accepts the right one, and listens for webhooks: a signed delivery applied to GP, a forged one refused", async () => {
    simulators = await startSimulators(['gp', 'bamboohr'], { rows: 5 });
    const bamboo = simulators.bamboohr!;
    secrets = testSecrets();
    const keyName = named(uniqueSecretName('bamboohr_api_key'));
    const gpName = named(uniqueSecretName('gp_password'));
    const hookName = named(uniqueSecretName('bamboohr_webhook_key'));
    await secrets.host.set(gpName, simulators.gp!.secrets.gp_password!);
    studio = await launchStudio({ secrets: secrets.host });
    const { page, dir } = studio;
    pointPipelineAt(join(dir, FILE), simulators, { secretNames: { bamboohr: keyName, 'dynamics-gp': gpName } });
    await openPipeline(page, FILE);
    await page.getByRole('tab', { name: 'Connections' }).click();

    const hr = page.getByRole('region', { name: 'Connection bamboohr' });
    await visible(hr.getByText('BambooHR: Employees and their effective-dated job'));
    const keyBox = hr.getByLabel('API key', { exact: true });
    const result = hr.getByRole('status', { name: 'Test result' });
    await typeInto(page, keyBox, WRONG_KEY);
    await page.keyboard.press('Enter');
    await visible(hr.getByText('Stored in the keychain'));
    await hr.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Failed', { exact: true }));
    expect(await result.textContent()).toContain('Invalid API key or access token.');

    await typeInto(page, keyBox, bamboo.credentials.apiKey);
    await page.keyboard.press('Enter');
    await visible(page.getByText(`Saved the secret "${keyName}" in the keychain.`));
    await hr.getByRole('button', { name: 'Test connection' }).click();
    await visible(result.getByText('Connected', { exact: true }));
    expect(await result.textContent()).toContain('signed in to BambooHR company "acme" with an API key');

    // Listen for changes: the webhook key stored like any secret, a free port, then the address to give BambooHR.
    const listen = page.getByRole('group', { name: 'Listen for changes' });
    await typeInto(page, listen.getByLabel('Port'), '0');
    await typeInto(page, listen.getByLabel("Secret name of the webhook's private key"), hookName);
    await typeInto(page, listen.getByLabel('Webhook private key'), HOOK_KEY);
    await listen.getByRole('button', { name: 'Save webhook key' }).click();
    await visible(page.getByText(`Saved the secret "${hookName}" in the keychain.`));
    await listen.getByRole('button', { name: 'Listen for changes' }).click();
    const address = listen.getByRole('status', { name: 'Webhook address' });
    await visible(address);
    const url = /(http:\/\/127\.0\.0\.1:\d+\/hooks\/bamboohr)/.exec((await address.textContent()) ?? '')?.[1];
    expect(url).toBeDefined();

    const [change] = bamboo.advance(1);
    expect(await deliver(url!, change!.employeeId, HOOK_KEY)).toBe(200);
    const log = listen.getByRole('list', { name: 'Webhook activity' });
    await visible(log.getByText('Changes applied from a webhook: 1 read, 1 written, 0 held'));
    await visible(log.getByText(`Delivery accepted (1 employee: ${change!.employeeId})`));
    expect(await deliver(url!, change!.employeeId, 'forged-key')).toBe(401);
    await visible(log.getByText("Delivery refused (401): its signature does not match the webhook's private key"));
    expect(await simulators.gp!.controlTotals()).toMatchObject({ employees: { rows: 1 } });
    await listen.getByRole('button', { name: 'Check for changes now' }).click();
    await visible(log.getByText('Checked BambooHR for changes: nothing new'));
    await studio.screenshot('bamboohr');

    const html = await page.content();
    for (const secret of [HOOK_KEY, bamboo.credentials.apiKey, WRONG_KEY, simulators.gp!.secrets.gp_password!])
      expect(html).not.toContain(secret);

    await listen.getByRole('button', { name: 'Stop listening' }).click();
    await gone(address);
    await visible(listen.getByRole('button', { name: 'Listen for changes' }));
    await expect(deliver(url!, change!.employeeId, HOOK_KEY)).rejects.toThrow();
  });

  it("switches to OAuth and signs in through BambooHR's page in a second tab: the refresh token lands in the keychain and never in the page", async () => {
    simulators = await startSimulators(['bamboohr'], { rows: 3 });
    const bamboo = simulators.bamboohr!;
    secrets = testSecrets();
    const clientSecretName = named(uniqueSecretName('bamboohr_client_secret'));
    const refreshName = named(uniqueSecretName('bamboohr_refresh_token'));
    // The certificate the studio made at an earlier sign-in (its key in the keychain), whose CA the analyst trusted.
    const certificates = mkdtempSync(join(tmpdir(), 'mlc-studio-sign-in-'));
    named(SIGN_IN_KEY_SECRET);
    const certificate = await signInCertificates({ folder: certificates, secrets: secrets.host, remember: () => {} })();
    studio = await launchStudio({
      secrets: secrets.host,
      signInCertificateDir: certificates,
      trustCertificates: [certificate.cert],
    });
    const { page, dir } = studio;
    pointPipelineAt(join(dir, FILE), simulators);
    await openPipeline(page, FILE);
    await page.getByRole('tab', { name: 'Connections' }).click();

    const hr = page.getByRole('region', { name: 'Connection bamboohr' });
    await hr.getByLabel('Sign-in method').selectOption({ label: 'OAuth app with a refresh token' });
    await typeInto(page, hr.getByLabel('Client id', { exact: true }), bamboo.credentials.app.clientId);
    await page.keyboard.press('Enter');
    await typeInto(
      page,
      hr.getByRole('group', { name: /^OAuth client secret/ }).getByLabel('Secret name'),
      clientSecretName,
    );
    await page.keyboard.press('Enter');
    await typeInto(page, hr.getByRole('group', { name: /^Refresh token/ }).getByLabel('Secret name'), refreshName);
    await page.keyboard.press('Enter');
    const clientSecret = hr.getByRole('group', { name: `OAuth client secret (secret "${clientSecretName}")` });
    await typeInto(
      page,
      clientSecret.getByLabel('OAuth client secret', { exact: true }),
      bamboo.credentials.app.clientSecret,
    );
    await page.keyboard.press('Enter');
    await visible(clientSecret.getByText('Stored in the keychain'));
    const refresh = hr.getByRole('group', { name: `Refresh token (secret "${refreshName}")` });
    await visible(refresh.getByText('Not stored yet: enter it below'));

    // The redirect's port: a free one, registered for the app (as its redirect URI names it), not 47011.
    const signIn = hr.getByRole('group', { name: 'Sign in through the browser' });
    const outcome = signIn.getByRole('status', { name: 'Sign-in result' });
    expect(await signIn.getByLabel('Sign-in help').textContent()).toContain(
      'https://127.0.0.1:47011/callback, which must be registered',
    );
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    bamboo.auth.registerRedirectUri(`https://127.0.0.1:${port}/callback`);
    await typeInto(page, signIn.getByLabel('Redirect port'), String(port));
    expect(await signIn.getByLabel('Sign-in help').textContent()).toContain(`https://127.0.0.1:${port}/callback`);

    // Cancel first: the studio says so and nothing is stored. While it waits, it says which CA to trust.
    await signIn.getByRole('button', { name: 'Sign in with BambooHR…' }).click();
    const trust = signIn.getByRole('group', { name: 'Trust the sign-in certificate' });
    await visible(trust.getByText('Your browser says the connection back to 127.0.0.1 is not private?'));
    await trust.getByText('Your browser says').click();
    await visible(trust.getByText(join(certificates, SIGN_IN_CA_FILE)));
    await signIn.getByRole('button', { name: 'Cancel sign-in' }).click();
    await visible(outcome.getByText('The sign-in was cancelled; nothing was stored.'));
    expect(await secrets.stored(refreshName)).toBeUndefined();

    // The person clicks Deny on BambooHR's page: the studio says so in BambooHR's words.
    const link = signIn.getByRole('link', { name: 'Open the BambooHR sign-in page' });
    bamboo.auth.denyNext = true;
    await signIn.getByRole('button', { name: 'Sign in with BambooHR…' }).click();
    const [denied] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await visible(outcome.getByText('Not signed in'));
    expect(await outcome.textContent()).toContain('The user denied access.');
    await denied.close();
    expect(await secrets.stored(refreshName)).toBeUndefined();

    // Then for real: the link opens BambooHR's page in a new tab, which consents and comes back to the loopback.
    await signIn.getByRole('button', { name: 'Sign in with BambooHR…' }).click();
    expect(await link.getAttribute('href')).toContain(`${bamboo.url}/authorize.php?`);
    const [tab] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await visible(tab.getByRole('heading', { name: 'Signed in' }));
    await visible(outcome.getByText(`the refresh token is in the keychain (as "${refreshName}")`));
    expect(await outcome.textContent()).toMatch(/^Signed in: the refresh token is in the keychain/);
    await visible(refresh.getByText('Stored in the keychain'));
    await signIn.scrollIntoViewIfNeeded();
    await studio.screenshot('bamboohr-sign-in');
    const token = await secrets.stored(refreshName);
    expect(token).toMatch(/^rt-/);

    // The token works: Test signs in with it (and the rotated one BambooHR answers with replaces it).
    await hr.getByRole('button', { name: 'Test connection' }).click();
    await visible(hr.getByRole('status', { name: 'Test result' }).getByText('Connected', { exact: true }));
    expect(await hr.getByRole('status', { name: 'Test result' }).textContent()).toContain('with OAuth');
    const rotated = await secrets.stored(refreshName);
    expect(rotated).toMatch(/^rt-/);
    expect(rotated).not.toBe(token);

    const pages = [await page.content(), await tab.content()].join('\n');
    for (const secret of [token!, rotated!, bamboo.credentials.app.clientSecret]) expect(pages).not.toContain(secret);
  });
});
