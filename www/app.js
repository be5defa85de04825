// The clean-article demo: one page, no server code, nothing fetched but article images.
// Article HTML is only ever inserted from `article.html` (sanitized by the library); every other
// string goes through textContent.
import { version } from './pkg/clean_article.js';
import { createCleaner } from './pkg/cleaner.js';
import { initOnce } from './pkg/init.js';
import { toTrustedHTML, workerScriptURL } from './pkg/trusted.js';

/**
 * An element of the page by id (index.html has every id this file uses).
 * @param {string} id
 * @returns {any}
 */
const $ = (id) => document.getElementById(id);
const ACCEPTED = /\.(md|markdown|html?|txt)$/i;
const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** @typedef {import('./pkg/clean_article.js').Article} Article */
/**
 * @typedef {{ id: number, name: string, source: string, article: Article | null, error: string | null,
 *   li: HTMLLIElement | null }} BatchItem
 */

/**
 * @type {{ current: { name: string, source: string, article: Article } | null, view: string,
 *   batch: BatchItem[], batchRun: number, shownFromBatch?: boolean }}
 */
const state = {
  current: null, // { name, source, article } shown now
  view: 'clean',
  batch: [], // { id, name, source, article?, error? }
  batchRun: 0,
};

// ---------------------------------------------------------------- rendering

function options() {
  return { images: $('opt-images').checked, removeBoilerplate: $('opt-boilerplate').checked };
}

/** Rough language guess so the browser picks CJK fonts and line breaking rules. */
/**
 * @param {string} text
 * @returns {string}
 */
function langOf(text) {
  const sample = text.slice(0, 2000);
  const cjk = (sample.match(/[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]/g) || []).length;
  if (cjk < sample.length * 0.15) return 'en';
  if (/[\u3040-\u30ff]/.test(sample)) return 'ja';
  if (/[\uac00-\ud7af]/.test(sample)) return 'ko';
  return 'zh';
}

/**
 * @param {string} url
 * @returns {string | null}
 */
function safeImageUrl(url) {
  try {
    const u = new URL(url, document.baseURI);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * @param {string | null} iso
 * @returns {string | null}
 */
function formatDate(iso) {
  if (!iso) return null;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/.test(iso);
  /** @type {Intl.DateTimeFormatOptions} */
  const opts = { dateStyle: 'long', timeStyle: 'short' };
  if (hasZone) opts.timeZone = 'UTC';
  return d.toLocaleString(undefined, opts) + (hasZone ? ' UTC' : '');
}

/**
 * @param {HTMLElement} dl
 * @param {string} label
 * @param {string | null | undefined} value
 */
function addMeta(dl, label, value) {
  if (!value) return;
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.textContent = value;
  dl.append(dt, dd);
}

/**
 * @param {string} name
 * @param {string} source
 * @param {Article} article
 * @param {TrustedHTML | string} [html] the article's HTML (default: from the library's policy)
 */
function show(name, source, article, html = toTrustedHTML(article)) {
  state.current = { name, source, article };
  hideError();
  const lang = langOf(article.text || article.title || '');
  $('article').lang = lang;
  $('a-kicker').textContent = `${name} · ${article.kind}`;
  $('a-title').textContent = article.title ?? '(untitled)';
  const orig = article.meta.original_title;
  $('a-orig').hidden = !orig || orig === article.title;
  $('a-orig').textContent = orig ? `原标题 / original title: ${orig}` : '';

  const dl = $('a-meta');
  dl.replaceChildren();
  if (article.date) {
    const dt = document.createElement('dt');
    dt.textContent = 'Date';
    const dd = document.createElement('dd');
    const time = document.createElement('time');
    time.dateTime = article.date;
    time.textContent = formatDate(article.date);
    dd.append(time);
    dl.append(dt, dd);
  }
  addMeta(dl, 'Author', article.author);
  addMeta(dl, 'Byline', article.meta.byline);
  addMeta(dl, 'Source', article.meta.source);
  addMeta(dl, 'Editor', article.meta.editor);
  addMeta(dl, 'Reading', `${article.stats.reading_minutes} min · ${article.stats.chars} chars · ${article.stats.paragraphs} paragraphs · ${article.stats.images} images`);

  const cats = $('a-cats');
  cats.replaceChildren(...article.categories.map((c) => {
    const li = document.createElement('li');
    li.textContent = c;
    return li;
  }));

  const cover = article.cover && safeImageUrl(article.cover);
  $('a-cover').hidden = !cover;
  if (cover) $('a-cover-img').src = cover;
  else $('a-cover-img').removeAttribute('src');

  // The only innerHTML in the demo: the library's sanitized output (TrustedHTML: the page's
  // CSP requires Trusted Types where the browser has them).
  $('a-body').innerHTML = /** @type {string} */ (html);
  $('a-raw').textContent = source;

  renderReport(article);
  setView(state.view);
  for (const id of ['copy-md', 'copy-text', 'copy-html', 'download-json']) $(id).disabled = false;
  document.title = `${article.title ?? name} · clean-article`;
}

/** @param {Article} article */
function renderReport(article) {
  const counts = new Map();
  for (const r of article.removed) counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1);
  $('removed-count').textContent = article.removed.length
    ? `${article.removed.length} (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')})`
    : '0';
  $('removed-list').replaceChildren(...article.removed.map((r) => {
    const tr = document.createElement('tr');
    const kind = document.createElement('td');
    kind.textContent = r.kind;
    kind.className = 'kind';
    const detail = document.createElement('td');
    detail.textContent = r.detail;
    tr.append(kind, detail);
    return tr;
  }));
  $('warnings-box').hidden = article.warnings.length === 0;
  $('warnings-count').textContent = String(article.warnings.length);
  $('warnings-list').replaceChildren(...article.warnings.map((w) => {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = w.code;
    li.append(code, ` ${w.message}`);
    return li;
  }));
}

/** @param {string} view */
function setView(view) {
  state.view = view;
  const raw = view === 'raw';
  $('a-body').hidden = raw;
  $('a-raw').hidden = !raw;
  $('view-clean').setAttribute('aria-pressed', String(!raw));
  $('view-raw').setAttribute('aria-pressed', String(raw));
}

/**
 * @param {unknown} e
 * @returns {string}
 */
function errorMessage(e) {
  return e instanceof Error ? e.message : String(e);
}

/** @param {string} message */
function showError(message) {
  const el = $('error');
  el.textContent = message;
  el.hidden = false;
}

function hideError() {
  $('error').hidden = true;
}

/** @param {string} message */
function status(message) {
  $('status').textContent = message;
}

// ---------------------------------------------------------------- inputs

/** Resolves once the WebAssembly module is ready (started by main()). */
/** @type {Promise<void> | null} */
let wasmReady = null;

/** Cleans one input on the main thread (a single file or a paste) and shows it. */
/**
 * @param {string} name
 * @param {string} source
 * @returns {Promise<boolean>}
 */
async function cleanAndShow(name, source) {
  try {
    await wasmReady;
  } catch {
    return false; // main() already showed why the module could not load
  }
  const t0 = performance.now();
  let article;
  try {
    article = await mainCleaner.clean(source, options());
  } catch (e) {
    showError(`${name}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
  show(name, source, article);
  status(`clean-article ${version()} · ${name} cleaned in ${(performance.now() - t0).toFixed(1)} ms`);
  return true;
}

/** Reads a File as UTF-8 text, rejecting what is clearly not a post or page. */
/**
 * @param {File} file
 * @returns {Promise<string>}
 */
async function readTextFile(file) {
  if (!ACCEPTED.test(file.name)) {
    throw new Error(`${file.name}: not a .md or .html file`);
  }
  if (file.size === 0) throw new Error(`${file.name}: the file is empty`);
  if (file.size > MAX_FILE_BYTES) {
    throw new Error(`${file.name}: ${file.size} bytes is too large for the demo (max ${MAX_FILE_BYTES})`);
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.subarray(0, 8192).includes(0)) throw new Error(`${file.name}: binary data, not a text file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${file.name}: not valid UTF-8 text`);
  }
}

/** @param {FileList | File[]} fileList */
async function openFiles(fileList) {
  const files = [...fileList];
  if (files.length === 0) return;
  if (files.length === 1) {
    try {
      const text = await readTextFile(files[0]);
      clearBatch();
      cleanAndShow(files[0].name, text);
    } catch (e) {
      showError(errorMessage(e));
    }
    return;
  }
  await runBatch(files);
}

// ---------------------------------------------------------------- batch (Web Worker)

// The package's Worker API (pkg/cleaner.js): Promises, progress and cancellation.
/** @type {import('./pkg/cleaner.js').Cleaner | null} */
let cleaner = null;
/** @type {AbortController | null} */
let batchAbort = null;
/** Live single inputs (a paste, one file) are cleaned on this thread. */
const mainCleaner = createCleaner();
function getCleaner() {
  // The page requires Trusted Types: give the cleaner its Worker URL through the package's policy.
  if (!cleaner) cleaner = createCleaner({ worker: true, workerUrl: workerScriptURL() });
  return cleaner;
}

function clearBatch() {
  batchAbort?.abort();
  batchAbort = null;
  state.batch = [];
  state.batchRun++;
  $('batch').hidden = true;
  $('batch-list').replaceChildren();
}

/** @param {File[]} files */
async function runBatch(files) {
  clearBatch();
  const run = state.batchRun;
  const abort = new AbortController();
  batchAbort = abort;
  $('batch').hidden = false;
  const progress = $('batch-progress');
  progress.max = files.length;
  progress.value = 0;
  $('batch-status').textContent = `0 / ${files.length}`;
  hideError();

  let done = 0;
  let failed = 0;
  const t0 = performance.now();
  const finishOne = () => {
    done++;
    progress.value = done;
    $('batch-status').textContent = done === files.length
      ? `${files.length} files${failed ? `, ${failed} failed` : ''} · ${(performance.now() - t0).toFixed(0)} ms`
      : `${done} / ${files.length}`;
  };
  state.shownFromBatch = false;

  const jobs = [];
  for (const [i, file] of files.entries()) {
    /** @type {BatchItem} */
    const item = { id: i, name: file.name, source: '', article: null, error: null, li: null };
    state.batch.push(item);
    $('batch-list').append(makeItem(item));
    try {
      item.source = await readTextFile(file);
    } catch (e) {
      item.error = errorMessage(e);
      failed++;
      updateItem(item);
      finishOne();
      continue;
    }
    if (run !== state.batchRun) return;
    jobs.push({ input: item.source, name: String(i) });
  }
  if (state.batch.every((it) => it.error)) showError('None of the files could be read.');
  if (jobs.length === 0) return;
  /** @param {import('./pkg/cleaner.js').BatchProgress} progress */
  const onProgress = ({ result }) => {
    if (run !== state.batchRun) return;
    const item = state.batch[Number(result.name)];
    if (result.error) { item.error = result.error.message; failed++; } else item.article = result.article ?? null;
    updateItem(item);
    // Show the first successful result as soon as it arrives.
    if (item.article && !state.shownFromBatch) {
      state.shownFromBatch = true;
      selectItem(item);
    }
    finishOne();
  };
  try {
    await getCleaner().cleanBatch(jobs, { options: options(), signal: abort.signal, onProgress });
  } catch (e) {
    if (!(e instanceof Error && e.name === 'AbortError')) showError(errorMessage(e));
  }
}

/**
 * @param {BatchItem} item
 * @returns {HTMLLIElement}
 */
function makeItem(item) {
  const li = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.addEventListener('click', () => selectItem(item));
  const title = document.createElement('span');
  title.className = 'item-title';
  const name = document.createElement('span');
  name.className = 'item-name';
  button.append(title, name);
  li.append(button);
  item.li = li;
  updateItem(item);
  return li;
}

/** @param {BatchItem} item */
function updateItem(item) {
  const li = /** @type {HTMLLIElement} */ (item.li);
  const [title, name] = /** @type {HTMLButtonElement} */ (li.querySelector('button')).children;
  title.textContent = item.article ? (item.article.title ?? '(untitled)') : item.error ? 'error' : '…';
  name.textContent = item.error ? `${item.name}: ${item.error}` : item.name;
  li.classList.toggle('failed', Boolean(item.error));
  li.dataset.search = `${item.name} ${item.article?.title ?? ''}`.toLowerCase();
  filterBatch();
}

/** @param {BatchItem} item */
function selectItem(item) {
  for (const li of $('batch-list').children) li.classList.toggle('selected', li === item.li);
  if (item.article) {
    show(item.name, item.source, item.article);
    status(`${item.name} (${state.batch.indexOf(item) + 1} of ${state.batch.length}, cleaned in the worker)`);
  } else if (item.error) showError(item.error);
}

function filterBatch() {
  const q = $('batch-search').value.trim().toLowerCase();
  for (const li of $('batch-list').children) li.hidden = q !== '' && !li.dataset.search.includes(q);
}

// ---------------------------------------------------------------- copy / download

/** @param {'md' | 'text' | 'html'} kind */
async function copy(kind) {
  const a = state.current?.article;
  if (!a) return;
  const text = kind === 'md' ? a.markdown : kind === 'text' ? a.text : a.html;
  try {
    if (kind === 'html' && window.ClipboardItem && navigator.clipboard?.write) {
      await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([a.html], { type: 'text/html' }),
        'text/plain': new Blob([a.text], { type: 'text/plain' }),
      })]);
    } else if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
    } else {
      fallbackCopy(text);
    }
    status(`Copied ${{ md: 'Markdown', text: 'text', html: 'HTML' }[kind]} (${text.length} characters)`);
  } catch {
    // Not a secure context, or permission denied: the old way still works.
    fallbackCopy(text);
    status(`Copied ${kind} (${text.length} characters)`);
  }
}

/** @param {string} text */
function fallbackCopy(text) {
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.className = 'offscreen';
  document.body.append(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}

function downloadJson() {
  const cur = state.current;
  if (!cur) return;
  const blob = new Blob([JSON.stringify(cur.article, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${cur.name.replace(/\.[^.]*$/, '') || 'article'}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ---------------------------------------------------------------- theme

/** @param {string | null} theme */
function applyTheme(theme) {
  if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
}

function toggleTheme() {
  const dark = document.documentElement.dataset.theme
    ? document.documentElement.dataset.theme === 'dark'
    : matchMedia('(prefers-color-scheme: dark)').matches;
  const next = dark ? 'light' : 'dark';
  applyTheme(next);
  try { localStorage.setItem('clean-article-theme', next); } catch { /* private mode */ }
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('file-input').addEventListener('change', (/** @type {Event & { target: HTMLInputElement }} */ e) => {
    if (e.target.files) openFiles(e.target.files);
    e.target.value = '';
  });
  $('paste-toggle').addEventListener('click', () => {
    const panel = $('paste-panel');
    panel.hidden = !panel.hidden;
    $('paste-toggle').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) $('paste-input').focus();
  });
  const cleanPaste = () => {
    const text = $('paste-input').value;
    if (!text.trim()) return showError('Nothing to clean: the text box is empty.');
    clearBatch();
    cleanAndShow('pasted text', text);
  };
  $('paste-clean').addEventListener('click', cleanPaste);
  $('paste-input').addEventListener('keydown', (/** @type {KeyboardEvent} */ e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) cleanPaste();
  });
  $('view-clean').addEventListener('click', () => setView('clean'));
  $('view-raw').addEventListener('click', () => setView('raw'));
  $('copy-md').addEventListener('click', () => copy('md'));
  $('copy-text').addEventListener('click', () => copy('text'));
  $('copy-html').addEventListener('click', () => copy('html'));
  $('download-json').addEventListener('click', downloadJson);
  $('theme-toggle').addEventListener('click', toggleTheme);
  $('batch-search').addEventListener('input', filterBatch);
  const rerun = () => {
    const cur = state.current;
    if (cur) cleanAndShow(cur.name, cur.source);
  };
  $('opt-images').addEventListener('change', rerun);
  $('opt-boilerplate').addEventListener('change', rerun);

  // Drag and drop anywhere on the page.
  let depth = 0;
  const drop = $('drop');
  const hasFiles = (/** @type {DragEvent} */ e) => [...(e.dataTransfer?.types ?? [])].includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    drop.hidden = false;
  });
  window.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) drop.hidden = true;
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.hidden = true;
    if (e.dataTransfer?.files?.length) openFiles(e.dataTransfer.files);
  });
}

/** @type {{ createHTML(s: string): unknown } | undefined} */
let samplePolicy;
/**
 * The embedded sample's HTML, computed by this package at build time (scripts/build-demo.sh):
 * the demo's own Trusted Types policy blesses that one string and nothing else.
 * @returns {TrustedHTML | string}
 */
function sampleHTML() {
  const html = () => String(sample()?.article?.html ?? '');
  const tt = /** @type {any} */ (globalThis).trustedTypes;
  if (!tt) return html();
  samplePolicy ??= tt.createPolicy('clean-article-demo', { createHTML: html });
  return /** @type {TrustedHTML} */ (/** @type {NonNullable<typeof samplePolicy>} */ (samplePolicy).createHTML(''));
}

function sample() {
  try {
    return JSON.parse($('sample').textContent);
  } catch {
    return null;
  }
}

async function main() {
  try { applyTheme(localStorage.getItem('clean-article-theme')); } catch { /* private mode */ }
  // Start compiling the module first (its bytes are already preloaded), render meanwhile.
  wasmReady = initOnce(new URL('./pkg/clean_article_bg.wasm', import.meta.url));
  wire();
  const root = document.documentElement.dataset;
  // The sample's Article was computed by this same package when the demo was built
  // (scripts/build-demo.sh), so it is on screen before the module has compiled.
  const s = sample();
  if (s && typeof s.text === 'string' && s.article) {
    show(s.name, s.text, s.article, sampleHTML());
    // How long after navigation start the first article was on screen (read by tests/benches).
    root.firstRenderMs = performance.now().toFixed(1);
  }
  try {
    await wasmReady;
  } catch (e) {
    showError(`Could not load the WebAssembly module: ${errorMessage(e)}`);
    return;
  }
  // When the module was ready to clean user input.
  root.wasmReadyMs = performance.now().toFixed(1);
  if (s && typeof s.text === 'string' && !s.article) {
    await cleanAndShow(s.name, s.text);
    root.firstRenderMs = performance.now().toFixed(1);
  }
  status(`clean-article ${version()} · first article on screen ${Number(root.firstRenderMs).toFixed(0)} ms` +
    ` after navigation start, cleaner ready at ${Number(root.wasmReadyMs).toFixed(0)} ms`);
  root.ready = 'true';
}

main();
