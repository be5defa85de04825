'use strict';
// Type declarations (JSDoc) for the parts of Hexo 8 this plugin uses. Hexo's own declarations are
// not needed at type-check time; these describe only what the plugin touches.

/**
 * @typedef {object} HexoLogger
 * @property {(...args: unknown[]) => void} info
 * @property {(...args: unknown[]) => void} warn
 * @property {(...args: unknown[]) => void} error
 * @property {(...args: unknown[]) => void} debug
 */

/**
 * A file handed to a source processor (hexo/dist/box/file.js).
 * @typedef {object} HexoFile
 * @property {string} source absolute path on disk
 * @property {string} path path relative to `source/`, with `/` separators (`_posts/a.md`)
 * @property {Record<string, unknown>} params what the processor's pattern matched
 * @property {'create' | 'update' | 'skip' | 'delete'} type
 * @property {() => PromiseLike<string>} read
 */

/**
 * @typedef {object} HexoProcessor
 * @property {{ match: (path: string) => unknown }} pattern
 * @property {(this: unknown, file: HexoFile) => PromiseLike<unknown>} process
 */

/**
 * A post or page document as filters see it (front-matter keys are properties too).
 * @typedef {Record<string, any> & {
 *   source: string, raw?: string, content?: string, title?: string, engine?: string,
 *   path?: string, layout?: string, categories?: { toArray(): { name: string }[] },
 *   clean_article?: PostVariables,
 * }} HexoPost
 */

/**
 * @typedef {object} HexoRoute
 * @property {string} path
 * @property {() => unknown} data
 */

/**
 * @typedef {object} Hexo
 * @property {Record<string, any>} config
 * @property {HexoLogger} log
 * @property {{ views: Record<string, unknown>, setView: (path: string, data: string) => void, getView: (path: string) => unknown }} theme
 * @property {(name: string) => { findOne: (query: Record<string, unknown>) => HexoPost | undefined | null }} model
 * @property {{
 *   processor: { list: () => HexoProcessor[] },
 *   filter: { register: (type: string, fn: (...args: any[]) => unknown, priority?: number) => void },
 *   helper: { register: (name: string, fn: (this: HelperContext, ...args: any[]) => unknown) => void },
 *   generator: { register: (name: string, fn: () => HexoRoute[] | Promise<HexoRoute[]>) => void },
 * }} extend
 */

/**
 * `this` inside a helper: the template's locals.
 * @typedef {{ url_for: (path: string) => string, config: Record<string, any> }} HelperContext
 */

/**
 * What a theme finds in `post.clean_article` (also documented in the package README).
 * @typedef {object} PostVariables
 * @property {'post' | 'fragment' | 'page'} kind what the input was recognised as
 * @property {string | null} original_title the `原标题：…` line lifted out of the body
 * @property {string | null} editor the `责任编辑：…` line
 * @property {string | null} byline an explicit author line as printed
 * @property {string | null} source an explicit source line (`来源：…`)
 * @property {string | null} author front matter `author`
 * @property {string | null} cover the cover image URL (http/https), `null` when none or rejected
 * @property {number} reading_minutes estimated reading time
 * @property {{ chars: number, paragraphs: number, images: number, reading_minutes: number }} stats
 * @property {{ kind: string, detail: string }[]} removed what cleaning took out, and why
 * @property {{ code: string, message: string }[]} warnings problems found in the post
 * @property {'server' | 'client'} mode where the article body is cleaned
 */

/**
 * The clean-article package (an ES module) as seen from this CommonJS plugin.
 * @typedef {typeof import('clean-article', { with: { 'resolution-mode': 'import' } })} Library
 * @typedef {import('clean-article', { with: { 'resolution-mode': 'import' } }).Article} Article
 * @typedef {import('clean-article', { with: { 'resolution-mode': 'import' } }).Options} LibraryOptions
 */

module.exports = {};
