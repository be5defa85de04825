// Type-checked by tsc in tests/consume: must compile, and every @ts-expect-error line must fail.
import init, { cleanArticle, type Article, type Options } from 'clean-article';
import { CleanArticleElement } from 'clean-article/element';
import { createCleaner, type BatchProgress } from 'clean-article/cleaner';

export async function run(bytes: Uint8Array): Promise<string> {
  await init({ module_or_path: bytes });
  const options: Options = { mode: 'post', images: false, embedHosts: ['www.youtube.com'], imageReferrerPolicy: true };
  const a: Article = cleanArticle('<p>x</p>', options);
  const title: string | null = a.title;
  const chars: number = a.stats.chars;
  const editor: string | undefined = a.meta.editor;
  // @ts-expect-error: no such option
  const bad: Options = { imagez: false };
  // @ts-expect-error: mode is a closed set
  cleanArticle('x', { mode: 'pdf' });
  // @ts-expect-error: title may be null
  const t: string = a.title;
  // @ts-expect-error: no such Article field
  a.body;

  const el = document.querySelector('clean-article');
  if (el) {
    const typed: CleanArticleElement = el;
    typed.source = '<p>x</p>';
    typed.addEventListener('clean-article:render', (e) => { const html: string = e.detail.html; void html; });
    typed.addEventListener('clean-article:error', (e) => { const m: string = e.detail.message; void m; });
    // @ts-expect-error: source is a string
    typed.source = 42;
  }

  const cleaner = createCleaner({ worker: true });
  const one: Article = await cleaner.clean('<p>x</p>', { images: true });
  cleaner.addEventListener('progress', (e) => { const p: BatchProgress = e.detail; void p.done; });
  const results = await cleaner.cleanBatch(['a', { input: 'b', name: 'b' }], {
    signal: new AbortController().signal,
    onProgress: (p) => void p.total,
  });
  // @ts-expect-error: a result's article may be absent
  const first: Article = results[0].article;
  void [bad, t, first, chars, editor, one];
  return title ?? '';
}
