// Trusted Types: the article's HTML as TrustedHTML, so pages whose CSP says
// `require-trusted-types-for 'script'` can show it; or the article as a DocumentFragment built
// node by node from the core's sanitized tree (no HTML parsing, no Trusted Types needed). The library's own policy (named
// `clean-article`; list it in a `trusted-types` directive if the page has one) is created only
// where the API exists, and only ever blesses the HTML of an Article this package produced:
// the HTML is captured when the Article is issued, so a string from elsewhere, or an Article
// changed afterwards, never becomes TrustedHTML. Part of the `clean-article` package.

/** @typedef {import('./clean_article.js').Article} Article */
/** @typedef {{ createHTML(html: string): unknown, createScriptURL(url: string): unknown }} Policy */

/** The name of the library's Trusted Types policy. */
export const POLICY_NAME = 'clean-article';

/** @typedef {import('./clean_article.js').TreeNode} TreeNode */

/** Article -> its sanitized HTML and tree, as the core returned them. */
/** @type {WeakMap<object, { html: string, tree: TreeNode[] | null }>} */
const issued = new WeakMap();

/** @type {Policy | null | undefined} */
let policy;

/** The one script URL the policy blesses: the package's own Worker, next to this module. */
const WORKER_URL = new URL('./cleaner-worker.js', import.meta.url).href;

/**
 * Records an Article the core just produced (its `html` is sanitized by the core's allow-list).
 * A `tree` (from `cleanArticleTree`) is taken off the Article: only this module holds it.
 * @param {Article & { tree?: TreeNode[] }} article
 * @returns {Article}
 */
export function issue(article) {
  if (article && typeof article.html === 'string') {
    const tree = Array.isArray(article.tree) ? article.tree : null;
    delete article.tree;
    issued.set(article, { html: article.html, tree });
  }
  return article;
}

/**
 * The Article as a DocumentFragment, built node by node (createElement, setAttribute,
 * createTextNode) from the core's sanitized tree: no HTML is parsed, so nothing needs Trusted
 * Types. Takes an Article this package produced with its tree (`<clean-article>`, or
 * `createCleaner({ tree: true })`).
 * @param {Article} article
 * @param {Document} [doc] the document that owns the nodes (default: `document`)
 * @returns {DocumentFragment}
 */
export function toFragment(article, doc = document) {
  const tree = issued.get(article)?.tree;
  if (!tree) {
    throw new TypeError('clean-article: toFragment takes an Article this package produced with its tree ' +
      '(<clean-article>, or createCleaner({ tree: true }))');
  }
  const fragment = doc.createDocumentFragment();
  /** @type {Array<[Node, TreeNode[]]>} */
  const stack = [[fragment, tree]];
  while (stack.length) {
    const [parent, nodes] = /** @type {[Node, TreeNode[]]} */ (stack.pop());
    for (const node of nodes) {
      if (typeof node === 'string') {
        parent.appendChild(doc.createTextNode(node));
        continue;
      }
      const [name, attrs, ...children] = node;
      const el = doc.createElement(name);
      for (const key of Object.keys(attrs)) el.setAttribute(key, attrs[key]);
      parent.appendChild(el);
      if (children.length) stack.push([el, children]);
    }
  }
  return fragment;
}

/**
 * @typedef {{ createHTML: (s: string) => string, createScriptURL: (s: string) => string }} Rules
 * @typedef {{ createPolicy?: (name: string, rules: Rules) => Policy }} TrustedTypesFactory
 */

/** @returns {Policy | null} the policy, or null where Trusted Types do not exist. */
function ttPolicy() {
  if (policy === undefined) {
    const tt = /** @type {TrustedTypesFactory | undefined} */ (/** @type {any} */ (globalThis).trustedTypes);
    policy = null;
    if (tt && typeof tt.createPolicy === 'function') {
      try {
        policy = tt.createPolicy(POLICY_NAME, {
          // Only reached through toTrustedHTML, with the HTML the core returned.
          createHTML: (html) => html,
          createScriptURL: (url) => {
            if (url !== WORKER_URL) throw new TypeError(`clean-article: ${url} is not the package's Worker`);
            return url;
          },
        });
      } catch (e) {
        // The page's `trusted-types` directive does not allow the name (or a second copy of the
        // package already made it): say so when HTML is needed, not at import.
        policy = undefined;
        throw new TypeError(`clean-article: cannot create the Trusted Types policy "${POLICY_NAME}" ` +
          `(add it to the page's trusted-types directive): ${e instanceof Error ? e.message : e}`);
      }
    }
  }
  return policy;
}

/**
 * The sanitized HTML of an Article produced by this package (createCleaner, `<clean-article>`,
 * `cleanArticle` from this module) as TrustedHTML where Trusted Types exist, else as a string;
 * either can be assigned to `innerHTML`.
 * @param {Article} article
 * @returns {TrustedHTML | string}
 */
export function toTrustedHTML(article) {
  const html = issued.get(article)?.html;
  if (html === undefined) {
    throw new TypeError('clean-article: toTrustedHTML takes an Article this package produced');
  }
  const p = ttPolicy();
  return p ? /** @type {TrustedHTML} */ (p.createHTML(html)) : html;
}

/**
 * The package's Worker script URL as TrustedScriptURL (for pages that require Trusted Types),
 * or as a URL where Trusted Types do not exist.
 * @returns {TrustedScriptURL | URL}
 */
export function workerScriptURL() {
  const p = ttPolicy();
  return p ? /** @type {TrustedScriptURL} */ (p.createScriptURL(WORKER_URL)) : new URL(WORKER_URL);
}
