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

/** Attributes whose text themes copy into the page: landscape's script.js writes each image's
 * `alt` into `'<span class="caption">' + alt + '</span>'` and a `data-caption="' + alt + '"` as HTML. */
const TEXT_ATTRIBUTE = /(\s(?:alt|title)=")([^"]*)(")/g;
/** A start tag as the library serializes it: values double-quoted, never holding `"`; in text, `<`
 * is always `&lt;`, so a `<` followed by a letter starts a tag. */
const START_TAG = /<[A-Za-z][^\s/>]*(?:\s+[^\s"'=/>]+(?:="[^"]*")?)*\s*\/?>/g;
/** @type {Record<string, string>} */
const LOOK_ALIKES = { '<': '\uFF1C', '&lt;': '\uFF1C', '>': '\uFF1E', '&gt;': '\uFF1E', '&quot;': '\uFF02' };

/**
 * Sanitized HTML whose `alt` and `title` values hold no `<`, `>` or `"` (written as the fullwidth
 * ＜ ＞ ＂), so a theme that pastes them into HTML cannot be made to create elements or attributes.
 * Expects the library's serialization (attribute values double-quoted, `"` as `&quot;`).
 * @param {string} html
 * @returns {string}
 */
function defuseAttributeText(html) {
  /** @type {(match: string, open: string, value: string, close: string) => string} */
  const defuse = (_, open, value, close) => open + value.replace(/<|>|&lt;|&gt;|&quot;/g, (c) => LOOK_ALIKES[c]) + close;
  return html.replace(START_TAG, (tag) => tag.replace(TEXT_ATTRIBUTE, defuse));
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

module.exports = { inertForHexo, escapeHtml, defuseAttributeText };
