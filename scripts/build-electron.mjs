#!/usr/bin/env node
// Bundles the desktop app's main process (ESM) and its sandboxed preload (CommonJS: a sandboxed
// preload cannot be a module) into out/electron. Packages stay external: the native ones (DuckDB,
// SQLite, the keychain) must load from node_modules, and Electron provides `electron`.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
  legalComments: 'none',
};

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'out/electron/main.mjs', format: 'esm' });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'out/electron/preload.cjs', format: 'cjs' });
console.log('Built out/electron (main.mjs, preload.cjs).');
