// Batch worker: cleans posts off the main thread. Messages in: { run, id, source, options };
// out: { run, id, article } or { run, id, error }.
import init, { cleanArticle } from './pkg/clean_article.js';

const ready = init({ module_or_path: new URL('./pkg/clean_article_bg.wasm', import.meta.url) });

self.addEventListener('message', async (ev) => {
  const { run, id, source, options } = ev.data;
  try {
    await ready;
    const article = cleanArticle(source, options);
    self.postMessage({ run, id, article });
  } catch (e) {
    self.postMessage({ run, id, error: e instanceof Error ? e.message : String(e) });
  }
});
