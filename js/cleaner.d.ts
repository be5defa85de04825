import type { Article, InitInput, Options } from './clean_article.js';
// The global TrustedScriptURL declaration (for TypeScript DOM libs that lack Trusted Types).
import type {} from './trusted.js';

/** How {@link createCleaner} runs the work. */
export interface CleanerOptions {
  /** Run in Web Workers (default `false`: on the calling thread, same interface). */
  worker?: boolean;
  /** With `worker: true`: how many Workers a batch is spread over (default
   * `navigator.hardwareConcurrency - 1`, at least 1). Results stay in input order; a Worker that
   * crashes fails only the inputs it held, and the next input gets a fresh Worker. */
  concurrency?: number;
  /** Also return each Article's sanitized tree (kept by the package, not on the Article) so
   * `toFragment` from `clean-article/trusted` can build it as DOM nodes. Default `false`. */
  tree?: boolean;
  /** Where the WebAssembly module comes from: bytes, a compiled Module, a URL or a Response
   * (default: `clean_article_bg.wasm` next to `clean_article.js`). With `worker: true` only
   * bytes, a Module or a URL can be used (they are posted to the worker). */
  wasm?: InitInput;
  /** The worker script (default: the package's `cleaner-worker.js`, found by bundlers). */
  workerUrl?: string | URL | TrustedScriptURL;
}

/** One input of a batch: the text plus an optional name (echoed in the result) and options. */
export interface BatchInput {
  input: string;
  name?: string;
  /** Options for this input (instead of the batch's). */
  options?: Options;
}

/** The outcome of one batch input: `article`, or `error` when that input failed. */
export interface BatchResult {
  /** Position in the batch. */
  index: number;
  name?: string;
  article?: Article;
  error?: Error;
}

/** Progress after each input (the `onProgress` argument and the `progress` event's detail). */
export interface BatchProgress {
  /** Inputs finished so far (1..total). */
  done: number;
  total: number;
  /** Which input just finished. */
  index: number;
  result: BatchResult;
}

/** Batch settings. */
export interface BatchOptions {
  /** Options for every input (an input's own `options` win). */
  options?: Options;
  /** Aborting rejects the batch with the signal's reason (an `AbortError` by default); inputs
   * not yet started are never cleaned. */
  signal?: AbortSignal;
  /** Called after each input. */
  onProgress?: (progress: BatchProgress) => void;
}

export interface CleanerEventMap {
  progress: CustomEvent<BatchProgress>;
}

/** Cleans articles with Promises; emits `progress` events during {@link Cleaner.cleanBatch}. */
export interface Cleaner extends EventTarget {
  /** True when the work runs in Web Workers. */
  readonly worker: boolean;
  /** How many inputs run at once: the Worker pool's size (1 on the calling thread). */
  readonly concurrency: number;
  /** Resolves once the WebAssembly module is loaded where the work runs. */
  ready(): Promise<void>;
  /** Cleans one input. Rejects with the core's `Error` (bad options, input too large) or an
   * `AbortError` when `signal` aborts. */
  clean(input: string, options?: Options | null, init?: { signal?: AbortSignal }): Promise<Article>;
  /** Cleans inputs, up to `concurrency` at once; results in input order, progress as each
   * finishes. A failing input (or a crashed Worker's inputs) gives a result with `error`; the
   * batch rejects only when aborted. */
  cleanBatch(inputs: Iterable<string | BatchInput>, options?: BatchOptions): Promise<BatchResult[]>;
  /** Stops the Workers; pending calls reject. */
  close(): void;
  addEventListener<K extends keyof CleanerEventMap>(type: K,
    listener: (this: Cleaner, ev: CleanerEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CleanerEventMap>(type: K,
    listener: (this: Cleaner, ev: CleanerEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void;
}

/** Creates a cleaner: `{ worker: true }` runs in a Web Worker, otherwise on this thread. */
export function createCleaner(options?: CleanerOptions): Cleaner;
