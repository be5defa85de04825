// The Web Worker behind createCleaner({ worker: true }). Messages in: { id, type: 'init', wasm? }
// or { id, type: 'clean', input, options, tree? }; out: { id, article } or { id, error: { name, message } }.
import { cleanArticle, cleanArticleTree } from './clean_article.js';
import { initOnce, warmUpFor } from './init.js';

/**
 * @typedef {{ id?: number, type?: string, wasm?: import('./init.js').InitInput,
 *   input?: string, options?: import('./clean_article.js').Options | null, tree?: boolean }} WorkerRequest
 */

self.addEventListener('message', async (ev) => {
  const { id, type, wasm, input, options, tree } = /** @type {WorkerRequest} */ ((/** @type {MessageEvent} */ (ev)).data || {});
  try {
    // The first message (`init`) sets where the module comes from (default: next to clean_article.js).
    await initOnce(type === 'init' && wasm != null ? wasm : undefined);
    if (type === 'init') {
      if (id) self.postMessage({ id, article: null });
      return;
    }
    if (type !== 'clean') throw new Error(`clean-article worker: unknown message type ${type}`);
    const clean = tree ? cleanArticleTree : cleanArticle;
    if (typeof input === 'string') warmUpFor(input);
    self.postMessage({ id, article: clean(/** @type {string} */ (input), options ?? null) });
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    if (id) self.postMessage({ id, error });
  }
});
