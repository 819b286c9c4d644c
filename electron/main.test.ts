/**
 * The desktop main process, bundled as it ships, loaded over a stand-in for the `electron` module
 * (the Electron binary cannot be downloaded here: that part alone is faked). What is real: the
 * bundle, the IPC handlers it registers, validation, the sender check, the engine behind them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { allChannels } from '../renderer/api/contract.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'Pr0be-s3cret-value-7f3a9';
let probe: Record<string, any>;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-electron.mjs')], { cwd: ROOT });
  const cwd = mkdtempSync(join(tmpdir(), 'mlc-electron-'));
  const output = execFileSync(
    process.execPath,
    [join(ROOT, 'electron/testing/probe-main.mjs'), join(ROOT, 'out/electron/main.mjs')],
    {
      cwd,
      env: { ...process.env, PROBE_SECRET_VALUE: SECRET, ML_CONNECTOR_STATE_DIR: join(cwd, 'state') },
      encoding: 'utf8',
    },
  );
  probe = JSON.parse(output.trim().split('\n').at(-1)!);
}, 60_000);

describe('desktop main process', () => {
  it('registers one IPC channel per contract method, and no other', () => {
    expect(probe.channels).toEqual(
      allChannels()
        .map(({ domain, method }) => `${domain}.${method}`)
        .sort(),
    );
  });

  it('opens the built studio in an isolated, sandboxed window without Node, and refuses new windows', () => {
    expect(probe.sandbox).toBe(true);
    expect(probe.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(existsSync(probe.webPreferences.preload)).toBe(true);
    expect(probe.loaded).toBe(join(ROOT, 'dist/renderer/index.html'));
    expect(probe.windowOpen).toEqual({ action: 'deny' });
  });

  it('answers the studio page, and refuses an iframe or another site with no engine call', () => {
    expect(probe.validate.result.problems.length).toBeGreaterThan(0);
    expect(probe.fromIframe.error.code).toBe('UNTRUSTED_SENDER');
    expect(probe.fromOtherSite.error.code).toBe('UNTRUSTED_SENDER');
  });

  it('refuses a payload that fails validation, naming the field, without a stack', () => {
    expect(probe.badPayload.error).toMatchObject({ code: 'INVALID_PAYLOAD', field: 'text' });
    expect(JSON.stringify(probe.badPayload)).not.toMatch(/at .*\.(ts|mjs|js):\d+/);
  });

  it('never sends a secret back: not from setSecret, not echoed inside another answer', () => {
    const everything = JSON.stringify(probe);
    expect(everything).not.toContain(SECRET);
    if (probe.setSecret.result) expect(probe.setSecret.result.name).toBe('PROBE_SECRET');
    // The page sent the value inside a pipeline text; the host's answer quotes that text, masked.
    expect(probe.echo.result.text).toContain('"name": "***"');
  });
});
