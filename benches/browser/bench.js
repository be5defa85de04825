// In-page benchmark: clean-article's WASM against Readability.js + DOMPurify on the browser's
// own DOMParser, over the same inputs. Driven by run.mjs (window.runBench); prints nothing itself.
import init, { cleanArticle } from '/pkg/clean_article.js';
import DOMPurify from '/vendor/purify.es.mjs';

const status = (s) => { document.getElementById('status').textContent = s; };

/** clean-article: the whole pipeline, returning the Article object (html, text, markdown, ...). */
function ours(item) {
  const a = cleanArticle(item.input);
  return a.html.length + a.text.length;
}

/** The usual browser combination: DOMParser -> Readability -> DOMPurify on its content. */
function theirs(item) {
  const doc = new DOMParser().parseFromString(item.body, 'text/html');
  const r = new window.Readability(doc).parse();
  const html = DOMPurify.sanitize(r ? r.content : '');
  return html.length + (r && r.textContent ? r.textContent.length : 0);
}

const engines = { 'clean-article': ours, 'readability+dompurify': theirs };

/** Times one call of `fn(item)`, repeating it `reps` times; returns ms per call. */
function timeBlock(fn, item, reps) {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn(item);
  return (performance.now() - t0) / reps;
}

window.runBench = async ({ rounds, minBlockMs, maxReps }) => {
  status('fetching inputs');
  const items = await (await fetch('/inputs.json')).json();
  const names = Object.keys(engines);
  // Per engine, per item: repetitions (so a timed block lasts >= minBlockMs despite the
  // coarse timer), failures, and one ms-per-call sample per round.
  const res = {};
  for (const name of names) {
    res[name] = items.map(() => ({ reps: 1, samples: [], errors: 0, lastError: '' }));
  }
  status('warm-up');
  for (const name of names) {
    const fn = engines[name];
    items.forEach((item, i) => {
      const r = res[name][i];
      try {
        const once = timeBlock(fn, item, 1);
        r.reps = Math.max(1, Math.min(maxReps, Math.ceil(minBlockMs / Math.max(once, 0.001))));
      } catch (e) {
        r.errors++;
        r.lastError = String(e && e.message ? e.message : e).slice(0, 200);
      }
    });
  }
  // Engines alternate page by page (and their order flips every page and round), so a burst of
  // load on a shared machine hits both sides alike.
  for (let round = 0; round < rounds; round++) {
    status(`round ${round + 1}/${rounds}`);
    await new Promise((r) => setTimeout(r, 0));
    items.forEach((item, i) => {
      const order = (round + i) % 2 === 0 ? names : [...names].reverse();
      for (const name of order) {
        const r = res[name][i];
        try {
          r.samples.push(timeBlock(engines[name], item, r.reps));
        } catch (e) {
          r.errors++;
          r.lastError = String(e && e.message ? e.message : e).slice(0, 200);
        }
      }
    });
  }
  status('done');
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    userAgent: navigator.userAgent,
    items: items.map((it) => ({ set: it.set, name: it.name, bytes: it.bytes })),
    results: res,
  };
};
window.benchReady = init().then(() => true);
