#!/usr/bin/env python3
"""Helper of bench-extract.sh.

`bench-split.py OUT_DIR`: reads the CLI's JSON Lines (one Article with a `path` per page) on
stdin and writes OUT_DIR/<id>.txt holding the Article's `text`.
`bench-split.py --summary SET`: reads the scorer's JSON summary on stdin, prints one line.
"""
import json
import os
import sys

if len(sys.argv) == 3 and sys.argv[1] == "--summary":
    m = json.loads(sys.stdin.read())
    print(f"{sys.argv[2]}: precision {m['precision']:.4f}  recall {m['recall']:.4f}  "
          f"F1 {m['f1']:.4f}  (docs {m['n_docs']}, mean per-doc F1 {m['f1_doc_mean']:.4f})")
    sys.exit(0)
out = sys.argv[1]
for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    art = json.loads(line)
    stem = os.path.splitext(os.path.basename(art["path"]))[0]
    with open(os.path.join(out, stem + ".txt"), "w", encoding="utf-8") as f:
        f.write(art.get("text") or "")
