import type { Article, Options } from './clean_article.js';

/**
 * `<clean-article>`: renders a clean, sanitized article in a shadow root.
 *
 * Attributes: `src` (URL of a post or page), `theme` (`light` | `dark` | `auto`), `images`
 * (`on` | `off`), `embed-hosts` (space- or comma-separated hosts), `mode` (`auto` | `post` | `page`).
 * Events: `clean-article:render` (detail: the Article), `clean-article:error` (detail: the Error).
 */
export class CleanArticleElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** Reflects the `src` attribute. */
  src: string;
  /** Reflects the `theme` attribute (`auto` when absent). */
  theme: 'light' | 'dark' | 'auto' | string;
  /** The post or page as a string; wins over `src` while not null. */
  source: string | null;
  /** Extra core options (attributes win; `imageReferrerPolicy` is always `true`). */
  options: Options;
  /** The last rendered Article. */
  readonly article: Article | null;
  /** The last error. */
  readonly error: Error | null;
  /** Renders again; resolves with the Article, or null (nothing to render, failed or superseded). */
  refresh(): Promise<Article | null>;
  addEventListener<K extends keyof CleanArticleElementEventMap>(type: K,
    listener: (this: CleanArticleElement, ev: CleanArticleElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CleanArticleElementEventMap>(type: K,
    listener: (this: CleanArticleElement, ev: CleanArticleElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions): void;
}

export interface CleanArticleElementEventMap extends HTMLElementEventMap {
  'clean-article:render': CustomEvent<Article>;
  'clean-article:error': CustomEvent<Error>;
}

/** Registers the element under `name` (default `clean-article`; idempotent). Importing the
 * module already registers `<clean-article>`. */
export function defineCleanArticle(name?: string): typeof CleanArticleElement;

declare global {
  interface HTMLElementTagNameMap {
    'clean-article': CleanArticleElement;
  }
}
