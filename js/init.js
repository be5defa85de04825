// One initialization of the WebAssembly module per JS realm (a page or a Worker), shared by
// element.js, cleaner.js, cleaner-worker.js and the demo. Part of the `clean-article` package.
import init from './clean_article.js';
import { defaultWasmUrl, startedCompilations } from './start.js';

/** @typedef {import('./clean_article.js').InitInput} InitInput */

/** @type {Promise<void> | null} */
let ready = null;

/**
 * The compilation start.js began for `wasm` (default location when undefined), if any.
 * @param {InitInput | Promise<InitInput> | undefined} wasm
 * @returns {Promise<WebAssembly.Module> | undefined}
 */
function started(wasm) {
  const compilations = startedCompilations();
  if (compilations.size === 0) return undefined;
  let href;
  if (wasm === undefined) href = defaultWasmUrl();
  else if (typeof wasm === 'string' || wasm instanceof URL) {
    try { href = new URL(wasm, globalThis.location?.href).href; } catch { return undefined; }
  } else return undefined;
  return compilations.get(href);
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
