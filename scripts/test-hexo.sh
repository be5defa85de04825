#!/usr/bin/env bash
# The Hexo plugin (integrations/hexo, issue 19) on a real Hexo 8 site:
#   npm pack pkg/ and integrations/hexo -> a site in target/hexo/site from the pinned
#   integrations/hexo/test/site/package.json + package-lock.json (npm ci; skipped while node_modules
#   matches the lock) with both tarballs installed on top -> tsc --checkJs over the plugin ->
#   integrations/hexo/test/site.test.mjs: `hexo generate` over every shared post (../shared or
#   CLEAN_ARTICLE_SHARED; a SKIPPED line without it), the plugin's own posts and tests/fixtures
#   posts, then every page read in Chromium (generation time printed).
# Needs pkg/ (scripts/build-wasm.sh) and Chromium. Usage: bash scripts/test-hexo.sh [--screenshot]
#   --screenshot also writes docs/hexo.png (the README's picture of a generated page).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/clean_article_bg.wasm ] || { echo "test-hexo: pkg/ missing; run bash scripts/build-wasm.sh" >&2; exit 1; }
[ "${1:-}" = --screenshot ] && export HEXO_SCREENSHOT=docs/hexo.png

dir=target/hexo
site=$dir/site
pack=$dir/pack
rm -rf "$pack" && mkdir -p "$pack" "$site"
echo "==> npm pack pkg/ and integrations/hexo"
(cd pkg && npm pack --silent --pack-destination "../$pack" >/dev/null)
(cd integrations/hexo && npm pack --silent --pack-destination "../../$pack" >/dev/null)
ls -l "$pack" | awk 'NR > 1 { print "    " $NF " (" $5 " bytes)" }'

cp integrations/hexo/test/site/package.json integrations/hexo/test/site/package-lock.json "$site/"
want=$(sha256sum "$site/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$site/node_modules/.test-hexo-lock" 2>/dev/null)" != "$want" ]; then
  echo "==> npm ci (Hexo 8 site, pinned lock)"
  (cd "$site" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$site/node_modules/.test-hexo-lock"
fi
echo "==> npm install the two tarballs into the site"
(cd "$site" && npm install --no-save --no-audit --no-fund --loglevel=error ../pack/*.tgz)
# Hexo loads the hexo-* packages its package.json lists: list the plugin as a site would (after the
# install, so that `npm ci` above keeps matching the committed lock).
CA_TGZ=$(cd "$pack" && ls clean-article-*.tgz) HX_TGZ=$(cd "$pack" && ls hexo-clean-article-*.tgz) node -e "
const fs = require('fs'); const path = '$site/package.json';
const pkg = JSON.parse(fs.readFileSync(path, 'utf8'));
pkg.dependencies['clean-article'] = 'file:../pack/' + process.env.CA_TGZ;
pkg.dependencies['hexo-clean-article'] = 'file:../pack/' + process.env.HX_TGZ;
fs.writeFileSync(path, JSON.stringify(pkg, null, 2) + '\\n');"
installed=$(node -p "require('./$site/node_modules/hexo-clean-article/package.json').version + ' + clean-article ' + require('./$site/node_modules/clean-article/package.json').version")
echo "    hexo-clean-article $installed"

echo "==> tsc --checkJs over the plugin (the site's typescript and types)"
# integrations/hexo/node_modules (gitignored) points at the site's, so the plugin's imports resolve.
[ -e integrations/hexo/node_modules ] && [ ! -L integrations/hexo/node_modules ] \
  || ln -sfn ../../target/hexo/site/node_modules integrations/hexo/node_modules
node "$site/node_modules/typescript/bin/tsc" -p integrations/hexo/tsconfig.json

echo "==> Hexo 8 site: hexo generate, then every page in Chromium"
node --test --test-reporter=spec --test-concurrency=1 integrations/hexo/test/
