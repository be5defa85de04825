#!/usr/bin/env bash
# Runs the Chromium XSS oracle of ../shared/xss over the built wasm package.
#
#   bash scripts/xss-oracle.sh [--full | --sample N] [--adapter NAME] [--vectors PATH]... [--no-build]
#
# Default: --sample 600 (a fixed, hash-chosen subset: the same vectors every run; this is what
# CI runs), adapter `clean` (cleanArticle(vector, {mode: 'post'}).html, the real pipeline).
# --full runs every vector file (all sources, ~10k vectors, several minutes on 2 cores).
# Adapters (scripts/xss/adapter-NAME.mjs): `clean`, `sanitize`, and the Markdown ones, which
# render cleanArticle(vector, {mode: 'post'}).markdown and insert the HTML: `md-commonmark`
# (commonmark.js, the reference), `md-marked` (marked, defaults: GFM), `md-markdown-it`
# (markdown-it, html: true, linkify: true); `md` runs all three.
# --vectors PATH (repeatable): vector files or directories instead of the shared corpus
# (`shared` names it), e.g. --vectors tests/xss/markdown.jsonl.
# The oracle is copied to target/xss-oracle/ (gitignored) and its npm dependencies installed
# there; nothing of it enters the repository. Chromium is Debian's (/usr/bin/chromium).
# Exit status: 0 when there were zero XSS (exec or installed handler), zero exec, nothing
# threw and no output changed when processed again (not idempotent); 1 otherwise; 2 when it
# could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
sample=600
adapter=clean
build=1
vectors=()
while [ $# -gt 0 ]; do
  case "$1" in
    --full) sample=0 ;;
    --sample) sample="$2"; shift ;;
    --adapter) adapter="$2"; shift ;;
    --vectors) vectors+=("$2"); shift ;;
    --no-build) build=0 ;;
    *) echo "usage: $0 [--full | --sample N] [--adapter NAME] [--vectors PATH]... [--no-build]" >&2; exit 2 ;;
  esac
  shift
done

if [ "$adapter" = md ]; then
  # The three Markdown renderers, one run each (built once).
  status=0
  for a in md-commonmark md-marked md-markdown-it; do
    args=(--adapter "$a" --sample "$sample")
    for v in "${vectors[@]}"; do args+=(--vectors "$v"); done
    [ "$build" = 0 ] && args+=(--no-build)
    bash "$0" "${args[@]}" || status=$?
    build=0
  done
  exit "$status"
fi
[ -f "scripts/xss/adapter-$adapter.mjs" ] || { echo "xss-oracle: no adapter scripts/xss/adapter-$adapter.mjs" >&2; exit 2; }

shared="${CLEAN_ARTICLE_SHARED:-$root/../shared}"
if [ ! -f "$shared/xss/oracle.mjs" ]; then
  echo "SKIPPED xss oracle: $shared/xss not found (set CLEAN_ARTICLE_SHARED)" >&2
  exit 0
fi
source scripts/lib/ensure-tools.sh
ensure_chromium || { echo "xss-oracle: no Chromium and cannot install it" >&2; exit 2; }
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ "$build" = 1 ] || [ ! -f pkg/clean_article.js ]; then
  bash scripts/build-wasm.sh >/dev/null
fi

work=target/xss-oracle
mkdir -p "$work"
# A fresh copy of the oracle (its code and vectors), dependencies installed once.
rm -rf "$work/oracle" "$work/vectors" "$work/tools"
cp -r "$shared/xss/oracle.mjs" "$shared/xss/oracle" "$shared/xss/vectors" "$shared/xss/package.json" "$work/"
[ -d "$shared/xss/tools" ] && cp -r "$shared/xss/tools" "$work/"
chmod -R u+w "$work"
if [ ! -d "$work/node_modules/playwright-core" ]; then
  (cd "$work" && npm install --ignore-scripts --no-audit --no-fund --silent)
fi

# Vector files: the shared corpus (copied to vectors/) unless --vectors names others.
files=()
set_name=""
[ ${#vectors[@]} -eq 0 ] && vectors=(shared)
for v in "${vectors[@]}"; do
  if [ "$v" = shared ]; then
    files+=(vectors/); set_name+="-shared"
  else
    [ -e "$v" ] || { echo "xss-oracle: $v not found" >&2; exit 2; }
    files+=("$(realpath "$v")"); set_name+="-$(basename "$v" .jsonl)"
  fi
done
[ "$set_name" = -shared ] && set_name=""
tag="$adapter$set_name-$([ "$sample" = 0 ] && echo full || echo "sample$sample")"
args=("$root/scripts/xss/adapter-$adapter.mjs" "${files[@]}"
  --chromium "$CHROMIUM" --serve-root "$root"
  --out "results-$tag.jsonl" --summary "summary-$tag.json" --workers 2 --batch 40)
[ "$sample" != 0 ] && args+=(--sample "$sample")
case "$adapter" in
  # The Markdown renderers run in node (string functions: the same output as in the page);
  # a renderer's HTML is not meant to be a fixed point of the pipeline, so idempotence is
  # neither computed nor gated for them.
  md-*) args+=(--where node --no-idempotence) ;;
esac
start=$(date +%s)
(cd "$work" && NO_PROXY=127.0.0.1,localhost node oracle.mjs "${args[@]}" -q) > "$work/table-$tag.txt"
echo "xss-oracle: $tag finished in $(( $(date +%s) - start )) s; rows in $work/results-$tag.jsonl"
cat "$work/table-$tag.txt"
node - "$work/summary-$tag.json" "$adapter" <<'JS'
const s = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8'));
const adapter = process.argv[3];
const t = s.total;
const n = (k) => Number(t[k] || 0);
const keys = ['tried', 'xss', 'exec', 'handler_only', 'exec_zero_click', 'mxss_exec_reinsert_only',
  'exec_reinsert', 's1_differs_from_output', 'unstable_reserialization', 'not_idempotent', 'threw',
  'timeout', 'no_markup_output', 'nav', 'ext_passive', 'static_high', 'sanitize_ms_mean'];
console.log('summary: ' + keys.filter((k) => k in t).map((k) => `${k}=${n(k)}`).join(' '));
// Idempotence (the oracle's adapter(read-back) === read-back) is gated for the HTML adapters:
// the output of `clean` is a fixed point of `clean` too (tests/idempotence.rs checks the
// same natively). The Markdown adapters skip it (see above).
const markdown = adapter.startsWith('md-');
const bad = n('xss') + n('exec') + n('threw') + (markdown ? 0 : n('not_idempotent'));
if (bad > 0) { console.log(`xss-oracle: FAILED (${adapter})`); process.exit(1); }
console.log(`xss-oracle: OK (${adapter}: zero XSS, zero exec, nothing threw${markdown ? '' : ', idempotent'})`);
JS
