#!/usr/bin/env bash
# Hostile inputs through the release CLI: prints wall time and peak memory (RSS) per case,
# at two sizes where the shape scales, so linear growth can be read off.
#   bash scripts/hostile.sh            # all cases
#   bash scripts/hostile.sh deep_div   # only cases whose name contains the word
# Inputs are generated into target/hostile/ (gitignored). Nothing here is asserted: the
# behaviour is asserted by tests/hostile.rs; this script measures.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
cargo build --release --quiet --bin clean-article
bin=target/release/clean-article
dir=target/hostile
mkdir -p "$dir"

python3 - "$dir" <<'PY'
import os, random, sys
d = sys.argv[1]
def w(name, s):
    p = os.path.join(d, name + ".txt")
    if not os.path.exists(p):
        with open(p, "w", encoding="utf-8") as f:
            f.write(s)
para = '<p>这是一段很长的新闻正文，包含<b>加粗</b>和<a href="https://e.com/x">链接</a>。Some English text too.</p>\n'
for mb in (5, 50):
    n = mb * 1024 * 1024 // len(para.encode()) + 1
    w(f"post_{mb}MB", "\n---\ntitle: Big\n---\n" + para * n)
for n in (10_000, 100_000):
    w(f"deep_div_{n}", "<div>" * n + "deep" + "</div>" * n)
    w(f"deep_table_{n}", "<table><tr><td>" * n + "deep")
    w(f"formatting_{n}", "".join(f"<div><b id=x{i}>{i}</div>" for i in range(n // 5)))
for n in (100_000, 1_000_000):
    w(f"attributes_{n}", "<p" + "".join(f' a{i}="{i}"' for i in range(n)) + ">text</p>")
rnd = random.Random(1)
for mb in (2, 20):
    junk = bytes(rnd.getrandbits(8) for _ in range(mb * 1024 * 1024)).decode("utf-8", "replace")
    w(f"binary_{mb}MB", junk)
    alphabet = '<>/="\' !-?abpiv&;#x\n'
    w(f"tag_soup_{mb}MB", "".join(rnd.choice(alphabet) for _ in range(mb * 1024 * 1024)))
w("front_matter_unterminated", "\n---\ntitle: x\n" + para * 1000)
w("front_matter_invalid", "---\ntitle: [unclosed\nfoo: {\n---\n" + para * 1000)
for n in (10_000, 100_000):
    w(f"yaml_deep_{n}", "---\na: " + "[" * n + "\n---\n" + para)
seed = para * 2000
w("lt_everywhere", "".join("<" + c for c in seed))
PY

printf '%-28s %10s %9s %12s\n' case input_MB seconds peak_RSS_MB
for f in "$dir"/*.txt; do
  name=$(basename "$f" .txt)
  [[ -n "$filter" && "$name" != *"$filter"* ]] && continue
  size=$(stat -c %s "$f")
  /usr/bin/time -o "$dir/.time" -f '%e %M' "$bin" --format json "$f" >/dev/null 2>&1 || true
  read -r secs kb < <(tail -1 "$dir/.time")
  printf '%-28s %10.1f %9s %12.0f\n' "$name" "$(echo "$size/1048576" | bc -l)" "$secs" "$(echo "$kb/1024" | bc -l)"
done
