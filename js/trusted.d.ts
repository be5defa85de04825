import type { Article } from './clean_article.js';

/** The name of the library's Trusted Types policy (list it in a page's `trusted-types` directive). */
export const POLICY_NAME: 'clean-article';

/**
 * The sanitized HTML of an Article produced by this package (`createCleaner`, `<clean-article>`)
 * as `TrustedHTML` where Trusted Types exist (a string elsewhere); either can be assigned to
 * `innerHTML`, also on pages whose CSP says `require-trusted-types-for 'script'`. Throws a
 * `TypeError` for any other object.
 */
export function toTrustedHTML(article: Article): TrustedHTML | string;

/**
 * The Article as a DocumentFragment built node by node from the core's sanitized tree (no HTML
 * parsing; no Trusted Types needed). Takes an Article this package produced with its tree:
 * `<clean-article>`'s `article`, or one from `createCleaner({ tree: true })`. Throws a
 * `TypeError` otherwise.
 */
export function toFragment(article: Article, doc?: Document): DocumentFragment;

/**
 * The package's own Worker script as `TrustedScriptURL` (a `URL` where Trusted Types do not
 * exist). On a page that requires Trusted Types, `createCleaner({ worker: true, workerUrl:
 * workerScriptURL() })` skips the cleaner's first, refused plain-URL attempt (and the CSP report
 * it causes). Not for bundled builds, which bundle the worker themselves.
 */
export function workerScriptURL(): TrustedScriptURL | URL;

/** Trusted Types' `TrustedHTML` (declared here for TypeScript versions whose DOM lib lacks it). */
declare global {
  interface TrustedHTML {
    readonly __brand?: 'TrustedHTML';
  }
  interface TrustedScriptURL {
    readonly __brand?: 'TrustedScriptURL';
  }
}
