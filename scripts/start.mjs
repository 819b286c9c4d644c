#!/usr/bin/env node
// `npm start`: the studio in Electron where its binary is present, otherwise the web host.
// Electron (>= 45) downloads its binary on first start, which fails offline; so we look for the
// binary's files ourselves and never run or require the package to find out.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronBinary() {
  try {
    const folder = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
    const relative = readFileSync(join(folder, 'path.txt'), 'utf8').trim();
    const binary = join(folder, 'dist', relative);
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the studio (renderer and desktop main) when it was never built or its sources changed since. */
function buildIfStale() {
  const built = join(root, 'dist', 'renderer', 'index.html');
  const stale =
    !existsSync(built) ||
    !existsSync(join(root, 'out', 'electron', 'main.mjs')) ||
    newestSource(['renderer', 'electron', 'engine', 'connectors']) > statSync(built).mtimeMs;
  if (!stale) return;
  console.log('Building the studio...');
  const result = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('The studio did not build; the messages above say why.');
    process.exit(1);
  }
}

function newestSource(folders) {
  let newest = 0;
  const visit = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (/\.(tsx?|css|html)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const folder of folders) visit(join(root, folder));
  return newest;
}

buildIfStale();
const binary = electronBinary();
if (binary !== undefined) {
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    'Serving the studio in your browser instead of the desktop app (the Electron binary is not installed here).',
  );
  // The web host is TypeScript: run it with tsx's loader in this same Node, so no shell or PATH lookup can fail.
  const open = process.env.CI === 'true' ? ['--no-open'] : [];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'studio-web.ts'), ...open, ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: process.cwd() },
  );
  child.on('error', (error) => {
    console.error(`The studio web host did not start: ${error.message}`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
