// One initialization of the WebAssembly module per JS realm (a page or a Worker), shared by
// element.js, cleaner.js, cleaner-worker.js and the demo. Part of the `clean-article` package.
import init from './clean_article.js';

/** @typedef {import('./clean_article.js').InitInput} InitInput */

/** @type {Promise<void> | null} */
let ready = null;

/**
 * Starts loading the module once and returns the same Promise to every caller. The first call
 * chooses where the module comes from (`wasm`: bytes, a compiled `WebAssembly.Module`, a URL or a
 * `Response`; default `clean_article_bg.wasm` next to `clean_article.js`, compiled while it
 * streams in). A failed load is forgotten, so a later call tries again.
 * @param {InitInput | Promise<InitInput>} [wasm]
 * @returns {Promise<void>}
 */
export function initOnce(wasm) {
  if (!ready) {
    const p = init(wasm === undefined ? undefined : { module_or_path: wasm }).then(() => undefined);
    ready = p;
    p.catch(() => {
      if (ready === p) ready = null;
    });
  }
  return ready;
}
