// <clean-article>: renders a clean, sanitized article from a URL (`src`) or a string (`.source`)
// inside a shadow root. Part of the `clean-article` package (see element.d.ts and the README).
// Only the core's sanitized tree is inserted (as DOM nodes); title and date go in as text.
import { cleanArticleTree } from './clean_article.js';
import { initOnce, warmUp, warmUpFor } from './init.js';
import { issue, toFragment } from './trusted.js';

/** @typedef {import('./clean_article.js').Article} Article */
/** @typedef {import('./clean_article.js').Options} Options */

const STYLE = `
:host {
  --_fg: var(--clean-article-color, #1f2328);
  --_bg: var(--clean-article-background, #ffffff);
  --_muted: var(--clean-article-muted-color, #59636e);
  --_link: var(--clean-article-link-color, #0b57d0);
  --_rule: var(--clean-article-rule-color, #d1d9e0);
  --_code-bg: var(--clean-article-code-background, #f3f4f6);
  display: block;
  color: var(--_fg);
  background: var(--_bg);
  font-family: var(--clean-article-font-family, system-ui, -apple-system, "Segoe UI", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif);
  font-size: var(--clean-article-font-size, 1.0625rem);
  line-height: var(--clean-article-line-height, 1.8);
  padding: var(--clean-article-padding, 1rem);
  color-scheme: light;
}
:host([hidden]) { display: none; }
:host([theme="dark"]) {
  --_fg: var(--clean-article-color, #e6edf3);
  --_bg: var(--clean-article-background, #0d1117);
  --_muted: var(--clean-article-muted-color, #9198a1);
  --_link: var(--clean-article-link-color, #6cb6ff);
  --_rule: var(--clean-article-rule-color, #3d444d);
  --_code-bg: var(--clean-article-code-background, #161b22);
  color-scheme: dark;
}
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) {
    --_fg: var(--clean-article-color, #e6edf3);
    --_bg: var(--clean-article-background, #0d1117);
    --_muted: var(--clean-article-muted-color, #9198a1);
    --_link: var(--clean-article-link-color, #6cb6ff);
    --_rule: var(--clean-article-rule-color, #3d444d);
    --_code-bg: var(--clean-article-code-background, #161b22);
    color-scheme: dark;
  }
}
article { max-width: var(--clean-article-max-width, 42rem); margin: 0 auto; overflow-wrap: anywhere; }
header h1 { font-family: var(--clean-article-heading-font-family, inherit); font-size: 1.6em;
  line-height: 1.35; margin: 0 0 .4em; }
header p { color: var(--_muted); font-size: .875em; margin: 0 0 1.5em; }
header:empty { display: none; }
.body h2, .body h3, .body h4 { font-family: var(--clean-article-heading-font-family, inherit); line-height: 1.4; }
.body p { margin: 0 0 var(--clean-article-paragraph-spacing, 1em); text-align: justify; }
.body a { color: var(--_link); }
.body img, .body video { max-width: 100%; height: auto; display: block; margin: 1em auto;
  border-radius: var(--clean-article-image-radius, 4px); }
.body figure { margin: 1.2em 0; }
.body figcaption { color: var(--_muted); font-size: .875em; text-align: center; }
.body blockquote { margin: 1em 0; padding: 0 1em; color: var(--_muted);
  border-inline-start: 4px solid var(--_rule); }
.body pre, .body code { font-family: var(--clean-article-code-font-family, ui-monospace, Menlo, Consolas, monospace);
  background: var(--_code-bg); border-radius: 4px; font-size: .9em; }
.body pre { padding: .8em 1em; overflow: auto; }
.body code { padding: .1em .3em; }
.body pre code { padding: 0; background: none; }
.body table { border-collapse: collapse; display: block; overflow: auto; }
.body th, .body td { border: 1px solid var(--_rule); padding: .3em .6em; }
.body hr { border: 0; border-top: 1px solid var(--_rule); }
.body iframe { width: 100%; aspect-ratio: 16 / 9; height: auto; border: 0; }
[part="error"] { color: var(--clean-article-error-color, #d1242f); }
`;

/** @type {CSSStyleSheet | null} */
let sheet = null;
/** @returns {CSSStyleSheet | null} one constructed sheet shared by every element, where supported. */
function styleSheet() {
  if (!sheet && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try { sheet = new CSSStyleSheet(); sheet.replaceSync(STYLE); } catch { sheet = null; }
  }
  return sheet;
}

/**
 * `embed-hosts="www.youtube.com player.bilibili.com"` (spaces or commas).
 * @param {string | null} value
 * @returns {string[]}
 */
function parseHosts(value) {
  return (value || '').split(/[\s,]+/).filter(Boolean);
}

/**
 * @param {string | null} value
 * @returns {boolean}
 */
function isOff(value) {
  return value !== null && /^(off|false|no|0)$/i.test(value.trim());
}

export class CleanArticleElement extends HTMLElement {
  static get observedAttributes() { return ['src', 'images', 'embed-hosts', 'mode']; }

  /** @type {string | null} */
  #source = null;
  /** @type {Options} */
  #options = {};
  /** @type {Article | null} */
  #article = null;
  /** @type {Error | null} */
  #error = null;
  #run = 0;
  /** @type {AbortController | null} */
  #fetch = null;
  #scheduled = false;
  /** @type {ShadowRoot} */
  #root;
  /** @type {HTMLElement} */
  #header;
  /** @type {HTMLElement} */
  #body;
  /** @type {HTMLElement} */
  #errorBox;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const s = styleSheet();
    if (s) this.#root.adoptedStyleSheets = [s];
    else {
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.#root.append(style);
    }
    const article = document.createElement('article');
    article.setAttribute('part', 'article');
    this.#header = document.createElement('header');
    this.#header.setAttribute('part', 'header');
    this.#body = document.createElement('div');
    this.#body.className = 'body';
    this.#body.setAttribute('part', 'body');
    this.#errorBox = document.createElement('p');
    this.#errorBox.setAttribute('part', 'error');
    this.#errorBox.setAttribute('role', 'alert');
    this.#errorBox.hidden = true;
    article.append(this.#header, this.#body, this.#errorBox);
    this.#root.append(article);
  }

  connectedCallback() {
    // Compile the module while the article is being fetched, not after.
    initOnce().catch(() => {});
    this.#schedule();
  }

  disconnectedCallback() { this.#fetch?.abort(); }

  /**
   * @param {string} name
   * @param {string | null} oldValue
   * @param {string | null} newValue
   */
  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue) this.#schedule();
  }

  /** The URL of a post or page to fetch and render (reflects the `src` attribute). */
  get src() { return this.getAttribute('src') ?? ''; }
  /** @param {string} value */
  set src(value) { this.setAttribute('src', value); }

  /** `light`, `dark` or `auto` (reflects `theme`; default `auto`: follows the user's preference). */
  get theme() { return this.getAttribute('theme') ?? 'auto'; }
  /** @param {string} value */
  set theme(value) { this.setAttribute('theme', value); }

  /** A post or page as a string; takes precedence over `src` while not null. */
  get source() { return this.#source; }
  /** @param {string | null} value */
  set source(value) {
    this.#source = value == null ? null : String(value);
    this.#schedule();
  }

  /** Extra core options merged under the attribute options (e.g. `{ baseUrl, linkNofollow }`). */
  get options() { return { ...this.#options }; }
  /** @param {Options | null} value */
  set options(value) {
    this.#options = { ...(value || {}) };
    this.#schedule();
  }

  /** The last rendered Article, or null. */
  get article() { return this.#article; }

  /** The last error, or null. */
  get error() { return this.#error; }

  /** The options the core gets: `.options`, then the attributes, then the no-referrer image policy. */
  /**
   * @param {string | null} baseUrl
   * @returns {Options}
   */
  #coreOptions(baseUrl) {
    /** @type {Options} */
    const o = { ...this.#options };
    if (this.hasAttribute('images')) o.images = !isOff(this.getAttribute('images'));
    if (this.hasAttribute('embed-hosts')) o.embedHosts = parseHosts(this.getAttribute('embed-hosts'));
    if (this.hasAttribute('mode')) o.mode = /** @type {Options['mode']} */ (this.getAttribute('mode'));
    if (baseUrl && o.baseUrl == null) o.baseUrl = baseUrl;
    // Portal images are hot-link protected: load them without a Referer.
    o.imageReferrerPolicy = true;
    return o;
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if (this.isConnected) this.#render();
    });
  }

  /** Renders again from `source` or `src`; resolves with the Article (null when there is nothing). */
  /** @returns {Promise<Article | null>} */
  refresh() {
    return this.#render();
  }

  /** @returns {Promise<Article | null>} */
  async #render() {
    const run = ++this.#run;
    this.#fetch?.abort();
    this.#fetch = null;
    const src = this.getAttribute('src');
    if (this.#source == null && !src) return null;
    this.setAttribute('aria-busy', 'true');
    try {
      let text = this.#source;
      let baseUrl = null;
      if (text == null) {
        const url = new URL(src, document.baseURI);
        const ctl = new AbortController();
        this.#fetch = ctl;
        const loading = fetch(url, { signal: ctl.signal }).then(async (res) => {
          if (!res.ok) throw new Error(`clean-article: fetching ${url.href} failed: HTTP ${res.status}`);
          return { text: await res.text(), baseUrl: res.url || url.href };
        });
        let arrived = false;
        loading.then(() => { arrived = true; }, () => { arrived = true; });
        // The module compiles while the article downloads; when it is ready first, a small
        // article warms up its code (compiled lazily on first use) while the network still works.
        initOnce().then(() => { if (!arrived) warmUp(); }).catch(() => {});
        ({ text, baseUrl } = await loading);
      }
      await initOnce();
      if (run !== this.#run) return null;
      warmUpFor(text);
      const article = issue(cleanArticleTree(text, this.#coreOptions(baseUrl)));
      this.#show(article);
      this.dispatchEvent(new CustomEvent('clean-article:render', { detail: article, bubbles: true, composed: true }));
      return article;
    } catch (e) {
      if (run !== this.#run) return null;
      const error = e instanceof Error ? e : new Error(String(e));
      this.#fail(error);
      this.dispatchEvent(new CustomEvent('clean-article:error', { detail: error, bubbles: true, composed: true }));
      return null;
    } finally {
      if (run === this.#run) this.removeAttribute('aria-busy');
    }
  }

  /** @param {Article} article */
  #show(article) {
    this.#article = article;
    this.#error = null;
    this.#errorBox.hidden = true;
    this.#errorBox.textContent = '';
    this.#header.replaceChildren();
    if (article.title) {
      const h1 = document.createElement('h1');
      h1.setAttribute('part', 'title');
      h1.textContent = article.title;
      this.#header.append(h1);
    }
    const byline = [article.date ? article.date.slice(0, 10) : '', article.author || article.meta?.source || '']
      .filter(Boolean).join(' · ');
    if (byline) {
      const p = document.createElement('p');
      p.setAttribute('part', 'byline');
      p.textContent = byline;
      this.#header.append(p);
    }
    // Built node by node from the core's sanitized tree: no HTML parsing, nothing for Trusted
    // Types to refuse.
    this.#body.replaceChildren(toFragment(article));
  }

  /** @param {Error} error */
  #fail(error) {
    this.#article = null;
    this.#error = error;
    this.#header.replaceChildren();
    this.#body.replaceChildren();
    this.#errorBox.textContent = error.message;
    this.#errorBox.hidden = false;
  }
}

const defined = new Set();

/**
 * Registers the element (idempotent). Importing this module registers `<clean-article>`.
 * @param {string} [name]
 * @returns {CustomElementConstructor}
 */
export function defineCleanArticle(name = 'clean-article') {
  if (!customElements.get(name)) {
    const taken = [...defined].length > 0;
    // A class can be registered once; other names get a subclass.
    customElements.define(name, taken ? class extends CleanArticleElement {} : CleanArticleElement);
    defined.add(name);
  }
  return /** @type {CustomElementConstructor} */ (customElements.get(name));
}

if (typeof customElements !== 'undefined') defineCleanArticle();
