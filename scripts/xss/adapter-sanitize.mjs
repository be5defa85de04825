// XSS-oracle adapter (see scripts/xss-oracle.sh): the public fragment sanitizer
// `sanitize(html)` of the built wasm package (allow-list only, no cleaning rules).
import init, { sanitize as wasmSanitize } from '../../pkg/clean_article.js';

await init();

export function sanitize(html) {
  return wasmSanitize(html);
}
