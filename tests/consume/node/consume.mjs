// Node consumer: loads the .wasm from bytes (initSync and init) and uses the main-thread cleaner.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import init, { initSync, cleanArticle, version } from 'clean-article';
import { createCleaner } from 'clean-article/cleaner';

const bytes = readFileSync(fileURLToPath(import.meta.resolve('clean-article/clean_article_bg.wasm')));
const mode = process.argv[2];
if (mode === 'sync') initSync({ module: bytes });
else await init({ module_or_path: bytes });

const post = '---\ntitle: Node post\n---\n<p>Body text <script>alert(1)</script>of the post.</p>';
const article = cleanArticle(post);
const cleaner = createCleaner({ wasm: bytes });
const seen = [];
const results = await cleaner.cleanBatch([post, { input: post, options: { bogus: 1 } }], {
  onProgress: (p) => seen.push(`${p.done}/${p.total}`),
});
const ctl = new AbortController();
ctl.abort();
let aborted = null;
try { await cleaner.cleanBatch([post], { signal: ctl.signal }); } catch (e) { aborted = e.name; }
console.log(JSON.stringify({
  version: version(), title: article.title, html: article.html,
  batch: results.map((r) => (r.article ? r.article.title : `error: ${r.error.message}`)),
  seen, aborted,
}));
