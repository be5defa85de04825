// createCleaner(): one interface for cleaning articles on the main thread or in a Web Worker,
// with Promise results, batch progress (callback and `progress` events) and AbortSignal
// cancellation. Part of the `clean-article` package (see cleaner.d.ts).
import init, { cleanArticle } from './clean_article.js';

let mainReady = null;
/** Initializes the WebAssembly module on this thread once (`wasm`: bytes, Module, URL or Response). */
function initMain(wasm) {
  if (!mainReady) {
    mainReady = init(wasm === undefined ? undefined : { module_or_path: wasm });
    mainReady.catch(() => { mainReady = null; });
  }
  return mainReady;
}

function abortError(signal) {
  if (signal && signal.reason !== undefined) return signal.reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

function toError(data) {
  const e = new Error(data.message);
  if (data.name && data.name !== 'Error') e.name = data.name;
  return e;
}

/** Yields to the event loop so progress can paint and an abort can land between items. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

class Cleaner extends EventTarget {
  #worker = null;
  #useWorker;
  #wasm;
  #workerUrl;
  #next = 1;
  #pending = new Map();
  #closed = false;

  constructor(opts = {}) {
    super();
    this.#useWorker = Boolean(opts.worker);
    this.#wasm = opts.wasm;
    this.#workerUrl = opts.workerUrl;
    if (this.#useWorker && typeof Worker === 'undefined') {
      throw new Error('createCleaner: { worker: true } needs Web Workers (not available here)');
    }
  }

  /** True when the work runs in a Web Worker. */
  get worker() { return this.#useWorker; }

  /** Resolves once the WebAssembly module is ready (where the work runs). */
  ready() {
    if (this.#closed) return Promise.reject(new Error('createCleaner: the cleaner is closed'));
    if (!this.#useWorker) return initMain(this.#wasm).then(() => undefined);
    return this.#call({ type: 'init' });
  }

  #spawn() {
    if (this.#worker) return this.#worker;
    // The literal `new URL('./cleaner-worker.js', import.meta.url)` lets bundlers (Vite, webpack,
    // Parcel) find and bundle the worker.
    const w = this.#workerUrl
      ? new Worker(this.#workerUrl, { type: 'module' })
      : new Worker(new URL('./cleaner-worker.js', import.meta.url), { type: 'module' });
    w.addEventListener('message', (ev) => {
      const { id, article, error } = ev.data || {};
      const p = this.#pending.get(id);
      if (!p) return;
      this.#pending.delete(id);
      if (error) p.reject(toError(error)); else p.resolve(article);
    });
    w.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      const err = new Error(`clean-article worker failed: ${ev.message || 'could not load the worker script'}`);
      for (const p of this.#pending.values()) p.reject(err);
      this.#pending.clear();
      w.terminate();
      if (this.#worker === w) this.#worker = null;
    });
    const wasm = this.#wasm;
    // A URL is sent as a string; bytes or a compiled Module are structured-cloned.
    w.postMessage({ id: 0, type: 'init', wasm: wasm instanceof URL ? wasm.href : wasm });
    this.#worker = w;
    return w;
  }

  #call(msg) {
    const w = this.#spawn();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.postMessage({ ...msg, id });
    });
  }

  /** Cleans one input; resolves with the Article or rejects with the Error. */
  async clean(input, options, { signal } = {}) {
    if (this.#closed) throw new Error('createCleaner: the cleaner is closed');
    if (signal?.aborted) throw abortError(signal);
    if (typeof input !== 'string') throw new TypeError('clean: input must be a string');
    if (!this.#useWorker) {
      await initMain(this.#wasm);
      if (signal?.aborted) throw abortError(signal);
      return cleanArticle(input, options ?? null);
    }
    const job = this.#call({ type: 'clean', input, options: options ?? null });
    if (!signal) return job;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      job.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Cleans many inputs, one after another; see cleaner.d.ts. */
  async cleanBatch(inputs, { options, signal, onProgress } = {}) {
    const items = Array.from(inputs, (it) => (typeof it === 'string' ? { input: it } : it));
    const total = items.length;
    const results = [];
    if (signal?.aborted) throw abortError(signal);
    for (const [index, item] of items.entries()) {
      const result = { index, name: item.name };
      try {
        result.article = await this.clean(item.input, item.options ?? options, { signal });
      } catch (e) {
        if (signal?.aborted) throw abortError(signal);
        result.error = e instanceof Error ? e : new Error(String(e));
      }
      results.push(result);
      const detail = { done: index + 1, total, index, result };
      onProgress?.(detail);
      this.dispatchEvent(new CustomEvent('progress', { detail }));
      if (!this.#useWorker) await tick();
      if (signal?.aborted) throw abortError(signal);
    }
    return results;
  }

  /** Stops the worker (if any); pending calls reject. The cleaner cannot be used afterwards. */
  close() {
    this.#closed = true;
    const err = new Error('createCleaner: the cleaner was closed');
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#worker?.terminate();
    this.#worker = null;
  }
}

/** Creates a cleaner: `{ worker: true }` runs in a Web Worker, otherwise on this thread. */
export function createCleaner(opts) {
  return new Cleaner(opts);
}
