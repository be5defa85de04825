// A Vite app using the package: the element, the worker cleaner and the plain API.
import init, { cleanArticle, version } from 'clean-article';
import 'clean-article/element';
import { createCleaner } from 'clean-article/cleaner';

const post = '---\ntitle: Vite post\n---\n<p>Body text of the post, rendered by a Vite app bundle.</p>';

async function main() {
  await init();
  const direct = cleanArticle(post);
  const el = document.getElementById('el');
  const rendered = new Promise((resolve) => el.addEventListener('clean-article:render', (e) => resolve(e.detail)));
  el.source = post;
  const fromElement = await rendered;
  const cleaner = createCleaner({ worker: true });
  const progress = [];
  cleaner.addEventListener('progress', (e) => progress.push(e.detail.done));
  const batch = await cleaner.cleanBatch([post, { input: '<p>Second</p>', name: 'b' }]);
  cleaner.close();
  return {
    version: version(),
    direct: direct.title,
    element: fromElement.title,
    batch: batch.map((r) => r.article?.title ?? r.article?.text ?? r.error?.message),
    progress,
  };
}

main().then(
  (r) => { window.result = r; document.getElementById('out').textContent = JSON.stringify(r); },
  (e) => { window.result = { error: String(e && e.stack || e) }; },
);
