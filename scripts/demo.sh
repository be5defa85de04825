#!/usr/bin/env bash
# Builds the WASM package and the demo, then serves it and prints its local URL.
# Usage: bash scripts/demo.sh [port]   (default 8080; env HOST=0.0.0.0 to listen on all interfaces)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
bash scripts/build-demo.sh
exec node scripts/serve.mjs out/demo "${1:-8080}"
