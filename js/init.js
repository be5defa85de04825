// One initialization of the WebAssembly module per JS realm (a page or a Worker), shared by
// element.js, cleaner.js, cleaner-worker.js and the demo. Part of the `clean-article` package.
import init, { cleanArticleTree } from './clean_article.js';
import { startedCompilation } from './start.js';

/** @typedef {import('./clean_article.js').InitInput} InitInput */

/** @type {Promise<void> | null} */
let ready = null;

/**
 * The compilation start.js began for `wasm` (a URL, or the default location when undefined),
 * if any.
 * @param {InitInput | Promise<InitInput> | undefined} wasm
 * @returns {Promise<WebAssembly.Module> | undefined}
 */
function started(wasm) {
  if (wasm === undefined || typeof wasm === 'string' || wasm instanceof URL) return startedCompilation(wasm);
  return undefined;
}

/**
 * Starts loading the module once and returns the same Promise to every caller. The first call
 * chooses where the module comes from (`wasm`: bytes, a compiled `WebAssembly.Module`, a URL or a
 * `Response`; default `clean_article_bg.wasm` next to `clean_article.js`, compiled while it
 * streams in). A compilation start.js already began for that URL is used instead of a second
 * fetch; if it failed, the module is loaded again here. A failed load is forgotten, so a later
 * call tries again.
 * @param {InitInput | Promise<InitInput>} [wasm]
 * @returns {Promise<void>}
 */
export function initOnce(wasm) {
  if (!ready) {
    const load = () => init(wasm === undefined ? undefined : { module_or_path: wasm });
    const early = started(wasm);
    const p = (early ? early.then((module) => init({ module_or_path: module }), load) : load())
      .then(() => undefined);
    ready = p;
    p.catch(() => {
      if (ready === p) ready = null;
    });
  }
  return ready;
}

/**
 * Shortest input (UTF-16 code units) whose first clean is faster after a warm-up. A first call
 * compiles what it runs, and on a long input the engine's optimizing compiler starts on hot
 * functions in the middle of it, competing for the CPU with the functions still being
 * compiled; compiling them first, on a small page, costs less. Measured in Chromium on a 2-core
 * machine (`node benches/browser/cold-start.mjs --loads 20 --page FILE`, docs/performance.md):
 * warm-up and first call against the first call alone, 55.9 against 75.6 ms on a 114,510-unit
 * page, 48.3 against 59.9 on a 13,949-unit post, 39.2 against 42.8 on 6,845 units, and a loss,
 * 35.4 against 24.0, on 1,857 units; even somewhere near 5,600.
 */
export const WARM_UP_MIN_LENGTH = 6000;

let warmed = false;

/**
 * Runs the pipeline once on a small page, so that the engine compiles its functions before a
 * real article needs them (once per realm; the module must be initialized). Cleaning gives the
 * same result with or without it.
 */
export function warmUp() {
  if (warmed) return;
  warmed = true;
  const para = '<p>Warm-up paragraph, with a few words, commas, and sentences. Another sentence follows.</p>';
  cleanArticleTree(`<!doctype html><html><head><title>Warm-up</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Warm-up</h1>${para.repeat(6)}<ul><li>One</li><li><a href="/x">Two</a></li></ul></article></body></html>`, null);
}

/**
 * Warms up ({@link warmUp}) before the first clean of `input` when it is long enough to gain
 * from it ({@link WARM_UP_MIN_LENGTH}).
 * @param {string} input
 */
export function warmUpFor(input) {
  if (!warmed && input.length >= WARM_UP_MIN_LENGTH) warmUp();
}
