#!/usr/bin/env node
// `npm test`: type checks per environment, import-direction rules, formatting, then every test.
// Tests that need the OS keychain run inside a private D-Bus session with an unlocked,
// throw-away Secret Service keyring (HOME points at a temporary folder, so no real keyring is touched).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './system-packages.mjs';

const extraArgs = process.argv.slice(2);

function step(title, command, args, env = process.env) {
  console.log(`\n== ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

const npx = 'npx';
step('Type check (common, node, browser)', 'npm', ['run', '--silent', 'typecheck']);
step('Import directions', 'npm', ['run', '--silent', 'lint:deps']);
// One layout for all code (Prettier, 120 columns): `npm run format` fixes what this finds.
step('Formatting', 'npm', ['run', '--silent', 'format:check']);
// The browser tests drive the built studio, as an analyst gets it.
step('Build the studio', 'npm', ['run', '--silent', 'build']);
// Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
ensureSystemPackages('chromium');
// curl and gss-ntlmssp: real NTLM clients against the GP simulator, raw and inside SPNEGO.
ensureSystemPackages('ntlm');

const keychain = ensureSystemPackages('keychain');
const testHome = mkdtempSync(join(tmpdir(), 'mlc-test-home-'));
const env = { ...process.env, HOME: testHome, XDG_DATA_HOME: join(testHome, '.local/share') };
// The browser tests run after the rest, one file at a time: a browser, the studio host and the engine
// share two cores with nothing else, so a pointer drag is never starved by a crash test beside it.
const vitest =
  extraArgs.length > 0
    ? [npx, 'vitest', 'run', ...extraArgs].join(' ')
    : `${npx} vitest run --exclude 'e2e/studio/**' && ${npx} vitest run e2e/studio --maxWorkers 1`;
if (keychain.ready && existsSync('/usr/bin/dbus-run-session')) {
  const script = `echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; export MLC_TEST_KEYCHAIN=1; ${vitest}`;
  step('Tests (with a throw-away keychain)', 'dbus-run-session', ['--', 'sh', '-c', script], env);
} else {
  step('Tests (no keychain: keychain tests will fail)', 'sh', ['-c', vitest], env);
}
