// Helpers shared by the JS tests (Node and Chromium).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared data directory, or null (with a SKIPPED line) when absent. */
export function sharedDir(what) {
  const dir = process.env.CLEAN_ARTICLE_SHARED
    ? resolve(process.env.CLEAN_ARTICLE_SHARED)
    : resolve(repo, '../shared');
  if (existsSync(join(dir, 'corpus/expect.json'))) return dir;
  console.log(`SKIPPED ${what}: shared test data not found at ${dir} (set CLEAN_ARTICLE_SHARED)`);
  return null;
}

/** Corpus posts (every file under corpus/posts, recursively) as { name, path, text }, where
 * name is the path relative to corpus/posts (the key of expect.json). Only valid UTF-8 files
 * (the CLI rejects the others). */
export function corpusPosts(shared) {
  const dir = join(shared, 'corpus/posts');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const names = readdirSync(dir, { recursive: true })
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
  return names.flatMap((name) => {
    const path = join(dir, name);
    try {
      return [{ name, path, text: decoder.decode(readFileSync(path)) }];
    } catch {
      console.log(`note: ${name} is not valid UTF-8; the native CLI rejects it, skipped in parity`);
      return [];
    }
  });
}

/** The repository's own fixtures (every post and page under tests/fixtures, always there) as
 * { name, path, text }, name relative to tests/fixtures (the key of its expect.json). */
export function fixtureInputs() {
  const dir = join(repo, 'tests/fixtures');
  return ['posts', 'pages'].flatMap((sub) => readdirSync(join(dir, sub)).sort().map((f) => {
    const path = join(dir, sub, f);
    return { name: `${sub}/${f}`, path, text: readFileSync(path, 'utf8') };
  }));
}

/** The native CLI (debug build of this checkout). */
export function nativeCli() {
  const exe = join(resolve(repo, process.env.CARGO_TARGET_DIR ?? 'target'), 'debug/clean-article');
  if (!process.env.CLEAN_ARTICLE_NATIVE_BUILT) {
    execFileSync('cargo', ['build', '--quiet', '--bin', 'clean-article'], { cwd: repo, stdio: 'inherit' });
    process.env.CLEAN_ARTICLE_NATIVE_BUILT = '1';
  }
  return exe;
}

/** The native Article for each path (Map path -> Article), from `clean-article --format json`. */
export function nativeArticles(paths) {
  const exe = nativeCli();
  const out = new Map();
  if (paths.length === 1) {
    out.set(paths[0], JSON.parse(execFileSync(exe, ['--format', 'json', paths[0]], {
      maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8')));
    return out;
  }
  const lines = execFileSync(exe, ['--format', 'json', ...paths], {
    maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const a = JSON.parse(line);
    const p = a.path;
    delete a.path;
    out.set(p, a);
  }
  return out;
}

/** Native Article for a string (written to a temp file). */
export function nativeArticleOf(text, name = 'input.html') {
  const dir = mkdtempSync(join(tmpdir(), 'clean-article-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return nativeArticles([path]).get(path);
}

/** The built package, or an error telling how to build it. */
export function pkgDir() {
  const dir = join(repo, 'pkg');
  if (!existsSync(join(dir, 'clean_article_bg.wasm'))) {
    throw new Error('pkg/ is not built: run bash scripts/build-wasm.sh');
  }
  return dir;
}

/** Chromium's path, or null. */
export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
