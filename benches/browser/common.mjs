// What the browser benchmarks share: the repository root and its node_modules, command-line
// options, a loopback HTTP server, headless Debian Chromium (playwright-core; nothing is ever
// downloaded) and the median. Each benchmark keeps only its pages and its report.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

/** The repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** `require` resolving from the repository's node_modules. */
export const require = createRequire(join(root, 'package.json'));

/**
 * The value after `--name` on the command line, else `fallback`.
 * @param {string} name
 * @param {string} fallback
 */
export function option(name, fallback) {
  const args = process.argv.slice(2);
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
}

/** Content types by file extension. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json',
};

/**
 * A file or text to answer with: `{ file }` (type from its extension) or `{ body, type }`.
 * @typedef {{ file: string } | { body: string | Buffer, type: string }} Answer
 */

/**
 * Serves on 127.0.0.1 (a free port): `route(pathname)` gives the answer, `null` is a 404.
 * Every answer carries `headers` (e.g. no caching, cross-origin isolation).
 * @param {(path: string) => Answer | null} route
 * @param {Record<string, string>} [headers]
 * @returns {Promise<{ base: string, close: () => void }>}
 */
export async function serve(route, headers = { 'cache-control': 'no-store' }) {
  const server = createServer((req, res) => {
    const answer = route(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (answer && 'file' in answer && !(existsSync(answer.file) && statSync(answer.file).isFile())) {
      res.writeHead(404, headers);
      return res.end();
    }
    if (!answer) {
      res.writeHead(404, headers);
      return res.end();
    }
    const [type, body] = 'file' in answer
      ? [TYPES[extname(answer.file)] ?? 'application/octet-stream', readFileSync(answer.file)]
      : [answer.type, answer.body];
    res.writeHead(200, { ...headers, 'content-type': type });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { base: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

/**
 * `/pkg/…` paths as files of the built package directory (nothing outside it).
 * @param {string} pkgDir
 * @param {string} path
 * @returns {Answer | null}
 */
export function pkgFile(pkgDir, path) {
  return path.startsWith('/pkg/') && !path.includes('..') ? { file: join(pkgDir, path.slice(5)) } : null;
}

/**
 * Headless Debian Chromium ($CHROMIUM or /usr/bin/chromium) with the flags this machine needs;
 * `jsFlags` go to V8 (`--js-flags`), for diagnosing where time goes (e.g. `--liftoff-only`).
 * @param {string} [jsFlags]
 */
export async function launchChromium(jsFlags) {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])],
  });
}

/**
 * The median of the finite numbers in `xs` (NaN when there are none).
 * @param {number[]} xs
 */
export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}
