/**
 * The studio's files, from the built renderer folder when there is one; until the renderer is built,
 * a small page that says so. Only files inside the folder are served (no `..` escapes).
 */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** Everything bundled locally (Monaco included): nothing from another origin, no inline script. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ml-connector studio</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .25rem}</style></head>
<body><h1>ml-connector studio</h1>
<p>The studio's web host is running, but the studio itself (the renderer) is not built yet.</p>
<p>What works today is the engine and its command line: <code>npx ml-connector --help</code>.</p>
</body></html>
`;

function headers(type: string): Record<string, string> {
  return {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': CSP,
    'referrer-policy': 'no-referrer',
  };
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function serveStatic(root: string | undefined, pathname: string, response: ServerResponse): Promise<void> {
  const index = root === undefined ? undefined : join(root, 'index.html');
  if (root === undefined || index === undefined || !(await isFile(index))) {
    response.writeHead(pathname === '/' ? 200 : 404, headers(TYPES['.html']!)).end(PLACEHOLDER_PAGE);
    return;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    response.writeHead(400, headers('text/plain; charset=utf-8')).end('Bad path.');
    return;
  }
  const candidate = normalize(join(root, decoded));
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
  // Unknown paths fall back to index.html: the studio routes on the client side.
  const file = inside && !decoded.includes('\0') && (await isFile(candidate)) ? candidate : index;
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  response.writeHead(200, headers(type)).end(await readFile(file));
}
