/** The global key under which started compilations are kept (shared with the package's init). */
export const STARTED: unique symbol;

/** The default `.wasm` URL: `clean_article_bg.wasm` next to the package's modules. */
export function defaultWasmUrl(): string;

/** The compilations started in this realm, by absolute URL. */
export function startedCompilations(): Map<string, Promise<WebAssembly.Module>>;

/**
 * The compilation started for `url` (default: `defaultWasmUrl()`; a relative URL is relative to
 * the page), if any; undefined also for a string that is not a URL.
 */
export function startedCompilation(url?: string | URL): Promise<WebAssembly.Module> | undefined;

/**
 * Starts fetching and compiling the module at `url` (default: `defaultWasmUrl()`; a relative
 * URL is relative to the page, as for `fetch`) once per URL
 * and returns its Promise; null where `WebAssembly.compileStreaming` does not exist. Loading
 * `clean-article/start` with its own `<script>` tag calls it with the default URL; the element, `createCleaner`
 * and `initOnce` then use that compilation instead of fetching the module again.
 */
export function startCompiling(url?: string | URL): Promise<WebAssembly.Module> | null;
