'use strict';
// Loads the clean-article package (an ES module with a .wasm) once, from its own files.
const { readFileSync } = require('node:fs');

/** @type {Promise<import('./types.js').Library> | null} */
let loading = null;

/**
 * The initialized library (the module is instantiated from the package's .wasm bytes on first call).
 * @returns {Promise<import('./types.js').Library>}
 */
function loadLibrary() {
  if (!loading) {
    loading = import('clean-article').then((lib) => {
      const wasm = readFileSync(require.resolve('clean-article/clean_article_bg.wasm'));
      lib.initSync({ module: wasm });
      return lib;
    });
    loading.catch(() => { loading = null; });
  }
  return loading;
}

module.exports = { loadLibrary };
