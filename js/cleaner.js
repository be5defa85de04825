// createCleaner(): one interface for cleaning articles on the main thread or in Web Workers (one
// or several), with Promise results, batch progress (callback and `progress` events) and
// AbortSignal cancellation. Part of the `clean-article` package (see cleaner.d.ts).
import { cleanArticle, cleanArticleTree } from './clean_article.js';
import { initOnce, warmUpFor } from './init.js';
import { issue, workerScriptURL } from './trusted.js';

/** @typedef {import('./clean_article.js').Article} Article */
/** @typedef {import('./clean_article.js').Options} Options */
/** @typedef {import('./cleaner.js').CleanerOptions} CleanerOptions */
/** @typedef {import('./cleaner.js').BatchInput} BatchInput */
/** @typedef {import('./cleaner.js').BatchOptions} BatchOptions */
/** @typedef {import('./cleaner.js').BatchResult} BatchResult */
/** @typedef {import('./cleaner.js').BatchProgress} BatchProgress */
/** @typedef {{ resolve: (article: Article) => void, reject: (error: Error) => void }} Pending */
/** @typedef {{ worker: Worker, pending: Map<number, Pending> }} Slot */
/** @typedef {{ id?: number, article?: Article, error?: { name?: string, message: string } }} WorkerReply */

/** Workers when `concurrency` is not given: one per core, leaving one for the page. */
function defaultConcurrency() {
  const cores = typeof navigator !== 'undefined' ? Number(navigator.hardwareConcurrency) : NaN;
  return Number.isFinite(cores) ? Math.max(1, cores - 1) : 1;
}

/**
 * @param {AbortSignal | undefined} signal
 * @returns {unknown}
 */
function abortError(signal) {
  if (signal && signal.reason !== undefined) return signal.reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * @param {{ name?: string, message: string }} data
 * @returns {Error}
 */
function toError(data) {
  const e = new Error(data.message);
  if (data.name && data.name !== 'Error') e.name = data.name;
  return e;
}

/** @param {unknown} e */
const asError = (e) => (e instanceof Error ? e : new Error(String(e)));

/** Set once the page refused a plain Worker URL (it requires Trusted Types). */
let workerNeedsPolicy = false;

/** Yields to the event loop so progress can paint and an abort can land between items. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

class Cleaner extends EventTarget {
  /** @type {Slot[]} */
  #slots = [];
  /** @type {boolean} */
  #useWorker;
  /** @type {import('./init.js').InitInput | undefined} */
  #wasm;
  /** @type {string | URL | TrustedScriptURL | undefined} */
  #workerUrl;
  /** @type {number} */
  #concurrency;
  /** @type {boolean} */
  #tree;
  #next = 1;
  #closed = false;

  /** @param {CleanerOptions} [opts] */
  constructor(opts = {}) {
    super();
    this.#useWorker = Boolean(opts.worker);
    this.#wasm = opts.wasm;
    this.#workerUrl = opts.workerUrl;
    this.#tree = Boolean(opts.tree);
    const n = opts.concurrency ?? defaultConcurrency();
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`createCleaner: concurrency must be a whole number >= 1, got ${n}`);
    }
    this.#concurrency = this.#useWorker ? n : 1;
    if (this.#useWorker && typeof Worker === 'undefined') {
      throw new Error('createCleaner: { worker: true } needs Web Workers (not available here)');
    }
  }

  /** True when the work runs in Web Workers. */
  get worker() { return this.#useWorker; }

  /** How many inputs run at once (Workers in the pool; 1 on the calling thread). */
  get concurrency() { return this.#concurrency; }

  /**
   * Resolves once the WebAssembly module is ready (where the work runs).
   * @returns {Promise<void>}
   */
  ready() {
    if (this.#closed) return Promise.reject(new Error('createCleaner: the cleaner is closed'));
    if (!this.#useWorker) return initOnce(this.#wasm);
    return this.#call({ type: 'init' }).then(() => undefined);
  }

  /** @returns {Slot} a new Worker with its own pending calls, in the pool. */
  #spawn() {
    // The literal `new URL('./cleaner-worker.js', import.meta.url)` lets bundlers (Vite, webpack,
    // Parcel) find and bundle the worker.
    /** @type {Worker} */
    let w;
    if (this.#workerUrl) w = new Worker(/** @type {string | URL} */ (this.#workerUrl), { type: 'module' });
    else if (workerNeedsPolicy) w = new Worker(/** @type {any} */ (workerScriptURL()), { type: 'module' });
    else {
      try {
        w = new Worker(new URL('./cleaner-worker.js', import.meta.url), { type: 'module' });
      } catch (e) {
        // A page that requires Trusted Types refuses a plain URL (once; the browser reports that
        // to the page's CSP): from now on use the package's policy.
        if (!(e instanceof TypeError) || !('trustedTypes' in globalThis)) throw e;
        workerNeedsPolicy = true;
        w = new Worker(/** @type {any} */ (workerScriptURL()), { type: 'module' });
      }
    }
    /** @type {Slot} */
    const slot = { worker: w, pending: new Map() };
    w.addEventListener('message', (ev) => {
      const { id, article, error } = /** @type {WorkerReply} */ (ev.data || {});
      const p = id === undefined ? undefined : slot.pending.get(id);
      if (!p) return;
      slot.pending.delete(/** @type {number} */ (id));
      if (error) p.reject(toError(error)); else p.resolve(issue(/** @type {Article} */ (article)));
    });
    // A Worker that fails (its script does not load, or it throws) fails only the inputs it
    // holds; it leaves the pool and the next input gets a fresh one.
    w.addEventListener('error', (ev) => {
      ev.preventDefault?.();
      const err = new Error(`clean-article worker failed: ${ev.message || 'could not load the worker script'}`);
      this.#drop(slot, err);
    });
    w.addEventListener('messageerror', () => this.#drop(slot, new Error('clean-article worker: a message could not be read')));
    const wasm = this.#wasm;
    // A URL is sent as a string; bytes or a compiled Module are structured-cloned.
    w.postMessage({ id: 0, type: 'init', wasm: wasm instanceof URL ? wasm.href : wasm });
    this.#slots.push(slot);
    return slot;
  }

  /**
   * @param {Slot} slot
   * @param {Error} err
   */
  #drop(slot, err) {
    slot.worker.terminate();
    this.#slots = this.#slots.filter((s) => s !== slot);
    const pending = [...slot.pending.values()];
    slot.pending.clear();
    for (const p of pending) p.reject(err);
  }

  /** @returns {Slot} the least busy Worker, spawning one while the pool is not full. */
  #pick() {
    let best = null;
    for (const s of this.#slots) if (!best || s.pending.size < best.pending.size) best = s;
    if (!best || (best.pending.size > 0 && this.#slots.length < this.#concurrency)) return this.#spawn();
    return best;
  }

  /**
   * @param {{ type: string, input?: string, options?: Options | null, tree?: boolean }} msg
   * @returns {Promise<Article>}
   */
  #call(msg) {
    const slot = this.#pick();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...msg, id });
    });
  }

  /**
   * Cleans one input; resolves with the Article or rejects with the Error.
   * @param {string} input
   * @param {Options | null} [options]
   * @param {{ signal?: AbortSignal }} [init]
   * @returns {Promise<Article>}
   */
  async clean(input, options, { signal } = {}) {
    if (this.#closed) throw new Error('createCleaner: the cleaner is closed');
    if (signal?.aborted) throw abortError(signal);
    if (typeof input !== 'string') throw new TypeError('clean: input must be a string');
    if (!this.#useWorker) {
      await initOnce(this.#wasm);
      if (signal?.aborted) throw abortError(signal);
      warmUpFor(input);
      return issue((this.#tree ? cleanArticleTree : cleanArticle)(input, options ?? null));
    }
    const job = this.#call({ type: 'clean', input, options: options ?? null, tree: this.#tree });
    if (!signal) return job;
    return new Promise((resolve, reject) => {
      const onAbort = () => reject(abortError(signal));
      signal.addEventListener('abort', onAbort, { once: true });
      job.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /**
   * Cleans many inputs (up to `concurrency` at once); results in input order, see cleaner.d.ts.
   * @param {Iterable<string | BatchInput>} inputs
   * @param {BatchOptions} [batch]
   * @returns {Promise<BatchResult[]>}
   */
  async cleanBatch(inputs, { options, signal, onProgress } = {}) {
    /** @type {BatchInput[]} */
    const items = Array.from(inputs, (it) => (typeof it === 'string' ? { input: it } : it));
    const total = items.length;
    /** @type {BatchResult[]} */
    const results = new Array(total);
    if (signal?.aborted) throw abortError(signal);
    let done = 0;
    /** @param {BatchResult} result */
    const finish = (result) => {
      results[result.index] = result;
      done++;
      /** @type {BatchProgress} */
      const detail = { done, total, index: result.index, result };
      onProgress?.(detail);
      this.dispatchEvent(new CustomEvent('progress', { detail }));
    };
    /**
     * @param {number} index
     * @returns {Promise<BatchResult>}
     */
    const run = (index) => {
      const item = items[index];
      return this.clean(item.input, item.options ?? options).then(
        (article) => ({ index, name: item.name, article }),
        (e) => ({ index, name: item.name, error: asError(e) }),
      );
    };

    if (!this.#useWorker) {
      for (let index = 0; index < total; index++) {
        const result = await run(index);
        if (signal?.aborted) throw abortError(signal);
        finish(result);
        await tick();
        if (signal?.aborted) throw abortError(signal);
      }
      return results;
    }

    // Workers: keep `concurrency` inputs in flight; report each as it finishes; an abort
    // rejects at once and starts nothing more (results still in flight are dropped).
    await new Promise((resolve, reject) => {
      let started = 0;
      let stopped = false;
      /** @param {unknown} reason */
      const stop = (reason) => {
        if (stopped) return;
        stopped = true;
        signal?.removeEventListener('abort', onAbort);
        reject(reason);
      };
      const onAbort = () => stop(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      const pump = () => {
        while (!stopped && started < total && started - done < this.#concurrency) {
          run(started++).then((result) => {
            if (stopped) return;
            try {
              finish(result);
            } catch (e) {
              stop(e);
              return;
            }
            if (done === total) {
              signal?.removeEventListener('abort', onAbort);
              stopped = true;
              resolve(undefined);
            } else pump();
          });
        }
      };
      if (total === 0) resolve(undefined); else pump();
    });
    return results;
  }

  /** Stops the Workers (if any); pending calls reject. The cleaner cannot be used afterwards. */
  close() {
    this.#closed = true;
    const err = new Error('createCleaner: the cleaner was closed');
    for (const slot of this.#slots) this.#drop(slot, err);
    this.#slots = [];
  }
}

/**
 * Creates a cleaner: `{ worker: true }` runs in Web Workers, otherwise on this thread.
 * @param {CleanerOptions} [opts]
 * @returns {Cleaner}
 */
export function createCleaner(opts) {
  return new Cleaner(opts);
}
