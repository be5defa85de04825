#!/usr/bin/env bash
# Runs the Chromium XSS oracle of ../shared/xss over the built wasm package.
#
#   bash scripts/xss-oracle.sh [--full | --sample N] [--adapter clean|sanitize] [--no-build]
#
# Default: --sample 600 (a fixed, hash-chosen subset: the same vectors every run; this is what
# CI runs), adapter `clean` (cleanArticle(vector, {mode: 'post'}).html, the real pipeline).
# --full runs every vector file (all sources, ~10k vectors, several minutes on 2 cores).
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
while [ $# -gt 0 ]; do
  case "$1" in
    --full) sample=0 ;;
    --sample) sample="$2"; shift ;;
    --adapter) adapter="$2"; shift ;;
    --no-build) build=0 ;;
    *) echo "usage: $0 [--full | --sample N] [--adapter clean|sanitize] [--no-build]" >&2; exit 2 ;;
  esac
  shift
done

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

tag="$adapter-$([ "$sample" = 0 ] && echo full || echo "sample$sample")"
args=("$root/scripts/xss/adapter-$adapter.mjs" vectors/
  --chromium "$CHROMIUM" --serve-root "$root"
  --out "results-$tag.jsonl" --summary "summary-$tag.json" --workers 2 --batch 40)
[ "$sample" != 0 ] && args+=(--sample "$sample")
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
// Idempotence (the oracle's adapter(read-back) === read-back) is gated for both adapters:
// the output of `clean` is a fixed point of `clean` too (tests/idempotence.rs checks the
// same natively).
const bad = n('xss') + n('exec') + n('threw') + n('not_idempotent');
if (bad > 0) { console.log(`xss-oracle: FAILED (${adapter})`); process.exit(1); }
console.log(`xss-oracle: OK (${adapter}: zero XSS, zero exec, nothing threw, idempotent)`);
JS
