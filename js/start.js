// Starts fetching and compiling the WebAssembly module as early as a page can: load it in <head>
// as `<script type="module" async src=".../clean-article/start.js"></script>` and the module
// compiles while the page's other scripts are still loading, instead of after them. The element,
// `createCleaner` and the demo then instantiate the compiled module (init.js looks it up).
// Part of the `clean-article` package; it imports nothing, so it runs as soon as it arrives.

/** Where started compilations are kept, by URL: shared with init.js without an import. */
export const STARTED = Symbol.for('clean-article.started-compilations');

/**
 * The default `.wasm` URL: next to this module, where `clean_article.js` looks for it too.
 * @returns {string}
 */
export function defaultWasmUrl() {
  return new URL('./clean_article_bg.wasm', import.meta.url).href;
}

/**
 * The compilations started in this realm (a page or a Worker), by absolute URL.
 * @returns {Map<string, Promise<WebAssembly.Module>>}
 */
export function startedCompilations() {
  const g = /** @type {Record<symbol, Map<string, Promise<WebAssembly.Module>> | undefined>} */ (
    /** @type {unknown} */ (globalThis));
  let started = g[STARTED];
  if (!started) {
    started = new Map();
    g[STARTED] = started;
  }
  return started;
}

/**
 * `url` as the absolute URL compilations are kept under. A relative URL means what it means to
 * fetch() and to initOnce: relative to the page (to this module where there is no page).
 * @param {string | URL} url
 * @returns {string}
 */
function absolute(url) {
  return new URL(url, globalThis.location?.href ?? import.meta.url).href;
}

/**
 * The compilation started for `url` (default: `defaultWasmUrl()`), if any; undefined also for a
 * string that is not a URL.
 * @param {string | URL} [url]
 * @returns {Promise<WebAssembly.Module> | undefined}
 */
export function startedCompilation(url = defaultWasmUrl()) {
  const started = startedCompilations();
  if (started.size === 0) return undefined;
  try {
    return started.get(absolute(url));
  } catch {
    return undefined;
  }
}

/**
 * Starts fetching and compiling the module at `url` (default: `defaultWasmUrl()`; a relative
 * URL is relative to the page, as for `fetch`) while it streams in, once per URL, and returns
 * the compiled module's Promise. Returns null where
 * `WebAssembly.compileStreaming` does not exist; init.js then loads the module itself. A failed
 * start (a wrong content type, a network error) is not reported here: init.js tries again on
 * its own path and reports what fails there.
 * @param {string | URL} [url]
 * @returns {Promise<WebAssembly.Module> | null}
 */
export function startCompiling(url = defaultWasmUrl()) {
  if (typeof WebAssembly === 'undefined' || typeof WebAssembly.compileStreaming !== 'function' ||
      typeof fetch !== 'function') return null;
  const href = absolute(url);
  const started = startedCompilations();
  let module = started.get(href);
  if (!module) {
    module = WebAssembly.compileStreaming(fetch(href, { credentials: 'same-origin' }));
    module.catch(() => {}); // handled where it is used
    started.set(href, module);
  }
  return module;
}

// Loading this module with its own `<script>` tag is the request to start. Imported by init.js
// (the element, createCleaner), it starts nothing: the page may load the module from elsewhere.
if (typeof document !== 'undefined' &&
    Array.from(document.scripts).some((s) => s.src === import.meta.url)) startCompiling();
