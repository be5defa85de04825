'use strict';
// Makes HTML inert for Hexo's post pipeline. Hexo runs its template engine (Nunjucks) over a post
// when the text holds `{{`, `{%` or `{#`, its backtick code-block filter over ``` fences, and it
// swaps placeholders of the form `<!--name\uFFFCn-->` (also when written `&lt;!--…--&gt;`) back
// into the output. Character references render the same characters in HTML text and attribute
// values, so writing these characters as references changes nothing in the page and gives Hexo
// nothing to act on.

/** @type {Record<string, string>} */
const REFERENCES = { '{': '&#123;', '}': '&#125;', '`': '&#96;', '\uFFFC': '&#xFFFC;' };
const INERT = /[{}`\uFFFC]/g;

/**
 * HTML (text and attribute values outside `<script>`/`<style>`, which sanitized HTML never has)
 * with `{`, `}`, `` ` `` and U+FFFC written as character references.
 * @param {string} html
 * @returns {string}
 */
function inertForHexo(html) {
  return html.replace(INERT, (c) => REFERENCES[c]);
}

/** @type {Record<string, string>} */
const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text escaped for HTML text or a double- or single-quoted attribute value.
 * @param {string} text
 * @returns {string}
 */
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

module.exports = { inertForHexo, escapeHtml };
