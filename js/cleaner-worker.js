// The Web Worker behind createCleaner({ worker: true }). Messages in: { id, type: 'init', wasm? }
// or { id, type: 'clean', input, options }; out: { id, article } or { id, error: { name, message } }.
import init, { cleanArticle } from './clean_article.js';

let ready = null;

self.addEventListener('message', async (ev) => {
  const { id, type, wasm, input, options } = ev.data || {};
  try {
    if (type === 'init') {
      // The first message sets where the module comes from (default: next to clean_article.js).
      if (!ready) ready = init(wasm == null ? undefined : { module_or_path: wasm });
      await ready;
      if (id) self.postMessage({ id, article: null });
      return;
    }
    if (!ready) ready = init();
    await ready;
    if (type !== 'clean') throw new Error(`clean-article worker: unknown message type ${type}`);
    self.postMessage({ id, article: cleanArticle(input, options) });
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    if (id) self.postMessage({ id, error });
  }
});
