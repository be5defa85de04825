#!/usr/bin/env bash
# Snapshot of the CLI's JSON over every shared input, so two commits can be compared byte for byte:
#
#   bash scripts/snapshot.sh /tmp/before          # at commit A
#   bash scripts/snapshot.sh /tmp/after           # at commit B
#   diff -r /tmp/before /tmp/after && echo identical
#
# Writes one JSON Lines file per input set into DIR (posts, seeds, zyte, cwced, readability).
# SNAPSHOT_PROFILE=dev builds faster (same output); default release (the shipped build).
# Shared data: $CLEAN_ARTICLE_SHARED, else ../shared next to the repo (skips when absent).
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
out="$(mkdir -p "$1" && cd "$1" && pwd)"
cd "$(dirname "$0")/.."
SHARED="${CLEAN_ARTICLE_SHARED:-../shared}"
if [ ! -d "$SHARED/corpus" ]; then
  echo "SKIPPED snapshot: shared data not found at $SHARED (set CLEAN_ARTICLE_SHARED)" >&2
  exit 0
fi
SHARED="$(cd "$SHARED" && pwd)"
PROFILE="${SNAPSHOT_PROFILE:-release}"
cargo build --quiet --profile "$PROFILE" --bin clean-article
case "$PROFILE" in dev | test) DIR=debug ;; *) DIR="$PROFILE" ;; esac
BIN="$PWD/target/$DIR/clean-article"
# Paths are printed relative to the shared directory, so snapshots from different checkouts compare.
cd "$SHARED"
snap() { # name, inputs...
  local name=$1; shift
  # The CLI exits non-zero when an input fails; the error lines are part of the snapshot.
  "$BIN" --format json "$@" >"$out/$name.jsonl" 2>"$out/$name.stderr" || true
  printf '%-12s %5d results\n' "$name" "$(wc -l <"$out/$name.jsonl")"
}
snap posts corpus/posts
snap seeds seeds
snap zyte bench/zyte/html
snap cwced bench/cwced/html
snap readability bench/readability/pages/*/source.html
