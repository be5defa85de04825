# Shared by the build and test scripts: installs only what is missing, at the pinned versions.
# shellcheck shell=bash

# One setting of wasm-pack.toml: `wasm_pack_setting SECTION KEY` prints a string value, or an
# array's items one per line; exits non-zero when the key is missing.
wasm_pack_setting() {
  awk -v want_section="$1" -v want_key="$2" '
    /^[[:space:]]*(#|$)/ { next }
    /^\[.*\][[:space:]]*$/ { section = $0; gsub(/[][[:space:]]/, "", section); next }
    section == want_section {
      line = $0; key = line; sub(/[[:space:]]*=.*/, "", key); gsub(/[[:space:]]/, "", key)
      if (key != want_key) next
      value = line; sub(/^[^=]*=[[:space:]]*/, "", value); sub(/[[:space:]]+#.*$/, "", value)
      if (value ~ /^\[/) {
        gsub(/^\[|\][[:space:]]*$/, "", value)
        n = split(value, items, /"[[:space:]]*,[[:space:]]*"/)
        for (i = 1; i <= n; i++) { item = items[i]; gsub(/^[[:space:]]*"|"[[:space:]]*$/, "", item); print item }
      } else { gsub(/^"|"$/, "", value); print value }
      found = 1; exit
    }
    END { exit !found }
  ' "$(dirname "${BASH_SOURCE[0]}")/../../wasm-pack.toml" || {
    echo "wasm-pack.toml: [$1] $2 is missing" >&2
    return 1
  }
}

WASM_PACK_VERSION=$(wasm_pack_setting wasm-pack version)

# The wasm-bindgen version the lockfile pins (the CLI must match it exactly).
wasm_bindgen_lock_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

ensure_wasm_tools() {
  export PATH="$HOME/.cargo/bin:$PATH"
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "==> rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$WASM_PACK_VERSION" ]; then
    echo "==> cargo install wasm-pack $WASM_PACK_VERSION"
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
  fi
  local want
  want=$(wasm_bindgen_lock_version)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    echo "==> cargo install wasm-bindgen-cli $want"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_modules() {
  # playwright-core and puppeteer-core never download a browser here (--ignore-scripts and the
  # env vars make sure of it).
  export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
  export PUPPETEER_SKIP_DOWNLOAD=1
  if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] ||
    [ ! -d node_modules/puppeteer-core ] || [ ! -d node_modules/selenium-webdriver ] ||
    [ ! -x node_modules/.bin/tsc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "==> npm ci"
    npm ci --ignore-scripts --no-audit --no-fund
  fi
}

ensure_chromium() {
  if [ -z "${CHROMIUM:-}" ]; then
    for c in /usr/bin/chromium /usr/bin/chromium-browser; do
      if [ -x "$c" ]; then CHROMIUM=$c; break; fi
    done
  fi
  if [ -z "${CHROMIUM:-}" ]; then
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      echo "==> apt-get install chromium (Debian's; nothing downloads a browser)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
      CHROMIUM=/usr/bin/chromium
    else
      return 1
    fi
  fi
  export CHROMIUM
  ensure_cjk_fonts
}

# Firefox ESR and WebKitGTK (MiniBrowser + WebKitWebDriver, run under xvfb-run) for the engine
# tests, from Debian's packages. Returns 1 when one is missing and cannot be installed.
ensure_other_engines() {
  local want=()
  [ -x /usr/bin/firefox-esr ] || want+=(firefox-esr)
  [ -x /usr/bin/WebKitWebDriver ] || want+=(webkit2gtk-driver)
  command -v xvfb-run >/dev/null || want+=(xvfb xauth)
  [ ${#want[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install ${want[*]} (Debian's; nothing downloads a browser)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
  else
    return 1
  fi
}

# CJK fonts make the screenshots the browser tests save (test-results/*.png) legible. Optional:
# nothing fails without them, the pages then show boxes where Chinese text is.
ensure_cjk_fonts() {
  if command -v fc-list >/dev/null && [ -n "$(fc-list :lang=zh 2>/dev/null | head -1)" ]; then
    return 0
  fi
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "==> apt-get install fonts-noto-cjk (legible screenshots; optional)"
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 ||
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1; }; } ||
      echo "    (fonts-noto-cjk not installed; screenshots will show boxes for CJK text)"
  fi
  return 0
}
