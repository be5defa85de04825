#!/usr/bin/env bash
# Consumption tests of the packed package (issue 7): `npm pack pkg/`, install the tarball with
# vite@7 and typescript from the npm registry into target/consume/work (outside the sources,
# gitignored), then tests/consume/consume.test.mjs checks: a plain HTML page with
# <script type=module> in Chromium, a Vite app build in Chromium, Node loading the .wasm from
# bytes, and `tsc` on a TypeScript consumer. Needs pkg/ (scripts/build-wasm.sh) and Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/clean_article_bg.wasm ] || { echo "test-consume: pkg/ missing; run bash scripts/build-wasm.sh" >&2; exit 1; }
VITE_VERSION=7.3.8
TYPESCRIPT_VERSION=5.9.3

dir=target/consume
work=$dir/work
rm -rf "$dir/pack" && mkdir -p "$dir/pack" "$work"
echo "==> npm pack pkg/"
tarball=$(cd pkg && npm pack --silent --pack-destination "../$dir/pack" | tail -1)
echo "    $dir/pack/$tarball ($(stat -c %s "$dir/pack/$tarball") bytes)"
cp "$dir/pack/$tarball" "$dir/pack/clean-article.tgz"

# Fixtures: fresh copies; node_modules is kept between runs (npm re-installs the tarball).
rm -rf "$work/plain" "$work/vite" "$work/node" "$work/ts"
cp -r tests/consume/plain tests/consume/vite tests/consume/node tests/consume/ts "$work/"
cat > "$work/package.json" <<JSON
{
  "name": "clean-article-consumers",
  "private": true,
  "type": "module",
  "dependencies": {
    "clean-article": "file:../pack/clean-article.tgz",
    "typescript": "$TYPESCRIPT_VERSION",
    "vite": "$VITE_VERSION"
  }
}
JSON
echo "==> npm install (tarball + vite@$VITE_VERSION + typescript@$TYPESCRIPT_VERSION)"
rm -rf "$work/node_modules/clean-article" "$work/package-lock.json"
(cd "$work" && npm install --no-audit --no-fund --loglevel=error)

# The plain page imports ./node_modules/clean-article/... : the installed tarball's files.
mkdir -p "$work/plain/node_modules"
cp -r "$work/node_modules/clean-article" "$work/plain/node_modules/"

echo "==> vite build"
(cd "$work/vite" && ../node_modules/.bin/vite build --logLevel warn)

node --test --test-reporter=spec --test-concurrency=1 tests/consume/
