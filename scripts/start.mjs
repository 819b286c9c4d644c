#!/usr/bin/env node
// `npm start`: the studio in Electron where its binary is present, otherwise the web host.
// Electron (>= 45) downloads its binary on first start, which fails offline; so we look for the
// binary's files ourselves and never run or require the package to find out.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

const desktopMain = join(root, 'electron', 'main.ts');
const binary = electronBinary();
const reason = binary === undefined ? 'the Electron binary is not installed here' : 'the desktop app is not built yet';
if (binary !== undefined && existsSync(desktopMain)) {
  const child = spawn(binary, [root], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Serving the studio in your browser instead of the desktop app (${reason}).`);
  // The web host is TypeScript: run it with tsx's loader in this same Node, so no shell or PATH lookup can fail.
  const open = process.env.CI === 'true' ? ['--no-open'] : [];
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'studio-web.ts'), ...open, ...process.argv.slice(2)], { stdio: 'inherit', cwd: process.cwd() });
  child.on('error', (error) => {
    console.error(`The studio web host did not start: ${error.message}`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
