#!/usr/bin/env python3
"""Scores the extraction benchmark: helper of bench-extract.sh.

`bench-extract.py SHARED OUT SET...` reads `OUT/<set>.jsonl` (the CLI's JSON Lines, one Article
with a `path` per page) for each set, writes `OUT/<set>/<id>.txt` (Article.text), scores the text
with the shared token-bag scorer (SHARED/bench/score.py, CJK-aware) and the metadata against the
set's truth, and prints ONE table. Per-page results go to `OUT/<set>.pages.json`.

Text columns: P, R, F1 as score.py aggregates them (mean P, mean R, F1 of the two), the mean of
per-page F1, and how many article pages score below 0.5 (`<.5`; on the Readability set, pages its
metadata marks `readerable: false` are not article pages).

Metadata columns (share of the pages whose truth has a value; `-` when the set has no truth):
- title exact: equal after collapsing whitespace; title close: exact, or one contains the other
  (lower-cased letters and digits only: a site name added or left out), or the two titles' word
  bags (lower-cased \\w+ tokens, every CJK character one token) reach F1 >= TITLE_CLOSE_F1;
- byline: the person we credit (author, else the body byline such as a reporter line, else the
  editor: CWCED's "author" is whoever the page credits) and the truth, reduced to lower-cased letters and
  digits (a leading "by" dropped), are equal or one contains the other;
- date: the calendar fields the truth prints (year, month, day, hour, minute, second, as many
  as it has: CWCED's `2018` is a year, `2005-5-7 21:23` a minute) all agree; the Readability
  truth is compared on its day.
"""
import html.parser
import importlib.util
import json
import re
import sys
from pathlib import Path

# Word-bag F1 at which two titles count as close (a site name appended to a 6-word headline
# still passes; a different headline does not).
TITLE_CLOSE_F1 = 0.8


def load_scorer(shared):
    spec = importlib.util.spec_from_file_location("score", Path(shared) / "bench" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class _Text(html.parser.HTMLParser):
    """Visible text of an HTML document (script/style left out), blocks on their own lines."""

    SKIP = {"script", "style", "template", "noscript", "head", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def visible_text(markup):
    p = _Text()
    p.feed(markup)
    return "".join(p.out)


def page_id(path):
    """`.../html/<id>.html` for Zyte/CWCED, `.../pages/<id>/source.html` for Readability."""
    p = Path(path)
    return p.parent.name if p.name == "source.html" else p.stem


def norm_letters(s):
    s = re.sub(r"^\s*by\s+", "", (s or "").strip(), flags=re.I)
    return "".join(ch for ch in s.lower() if ch.isalnum())


def same_person(ours, truth):
    a, b = norm_letters(ours), norm_letters(truth)
    return bool(a and b) and (a in b or b in a)


def date_fields(s):
    """Calendar fields of a date as printed: [year, month, day, hour, minute, second]."""
    return [int(x) for x in re.findall(r"\d+", s or "")][:6]


def same_date(ours, truth, day_only=False):
    t = date_fields(truth)
    if day_only:
        t = t[:3]
    o = date_fields(ours)
    return bool(t) and len(o) >= len(t) and o[: len(t)] == t


def ws(s):
    return " ".join((s or "").split())


def title_scores(scorer, ours, truth):
    exact = bool(ours) and ws(ours) == ws(truth)
    if exact:
        return True, True
    a, b = norm_letters(ours), norm_letters(truth)
    if a and b and (a in b or b in a):
        return False, True
    tp, fp, fn, _ = scorer.doc_counts(truth, ours or "")
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return False, f1 >= TITLE_CLOSE_F1


def truth_of(shared, set_name, out):
    """(text truth for score.py, {id: metadata truth}, {id: is an article page})."""
    base = Path(shared) / "bench" / set_name
    if set_name == "readability":
        gt_dir = out / "readability-truth"
        gt_dir.mkdir(parents=True, exist_ok=True)
        meta, article = {}, {}
        for page in sorted((base / "pages").iterdir()):
            exp = page / "expected.html"
            if not exp.exists():
                continue
            (gt_dir / f"{page.name}.txt").write_text(
                visible_text(exp.read_text(encoding="utf-8")), encoding="utf-8"
            )
            m = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
            meta[page.name] = {
                "title": m.get("title"),
                "author": m.get("byline"),
                "date": m.get("publishedTime"),
            }
            article[page.name] = m.get("readerable", True) is not False
        return gt_dir, meta, article
    meta = {}
    mfile = base / "meta.json"
    if mfile.exists():
        meta = {
            k: {"title": None, "author": v.get("author"), "date": v.get("date")}
            for k, v in json.loads(mfile.read_text(encoding="utf-8")).items()
        }
    gt = base / "ground-truth.json"
    return gt, meta, {k: True for k in json.loads(gt.read_text(encoding="utf-8"))}


def main():
    shared, out, sets = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    scorer = load_scorer(shared)
    head = (
        f"{'set':<12}{'pages':>6}{'empty':>6}{'P':>8}{'R':>8}{'F1':>8}{'mean F1':>9}{'<.5':>5}"
        f"{'title =':>9}{'title ~':>9}{'byline':>8}{'date':>8}"
    )
    print(head)
    print("-" * len(head))
    notes = []
    for set_name in sets:
        arts = {}
        for line in (out / f"{set_name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                a = json.loads(line)
                arts[page_id(a["path"])] = a
        txt_dir = out / set_name
        txt_dir.mkdir(parents=True, exist_ok=True)
        for k, a in arts.items():
            (txt_dir / f"{k}.txt").write_text(a.get("text") or "", encoding="utf-8")
        gt_path, meta, article = truth_of(shared, set_name, out)
        gt = scorer.load_gt(gt_path)
        pred, _ = scorer.load_pred(txt_dir, gt.keys())
        m, per_doc = scorer.score(gt, pred)
        low = sorted(k for k, d in per_doc.items() if article.get(k) and (d["f1"] or 0) < 0.5)
        counts = {c: [0, 0] for c in ("title_exact", "title_close", "byline", "date")}
        pages = {}
        for k, d in per_doc.items():
            a = arts.get(k, {})
            row = {"f1": d["f1"], "p": d["p"], "r": d["r"]}
            t = meta.get(k)
            if t:
                if t["title"]:
                    ex, close = title_scores(scorer, a.get("title"), t["title"])
                    for c, ok in (("title_exact", ex), ("title_close", close)):
                        counts[c][0] += ok
                        counts[c][1] += 1
                    row.update(title=a.get("title"), title_truth=t["title"], title_close=close)
                if t["author"]:
                    meta_ = a.get("meta") or {}
                    ours = a.get("author") or meta_.get("byline") or meta_.get("editor")
                    ok = same_person(ours, t["author"])
                    counts["byline"][0] += ok
                    counts["byline"][1] += 1
                    row.update(author=ours, author_truth=t["author"], author_ok=ok)
                if t["date"]:
                    ok = same_date(a.get("date"), t["date"], set_name == "readability")
                    counts["date"][0] += ok
                    counts["date"][1] += 1
                    row.update(date=a.get("date"), date_truth=t["date"], date_ok=ok)
            pages[k] = row
        (out / f"{set_name}.pages.json").write_text(
            json.dumps(pages, indent=1, ensure_ascii=False), encoding="utf-8"
        )

        def pct(c):
            ok, n = counts[c]
            return f"{100 * ok / n:.1f}%" if n else "-"

        print(
            f"{set_name:<12}{m['n_docs']:>6}{m['empty']:>6}{m['precision']:>8.4f}{m['recall']:>8.4f}"
            f"{m['f1']:>8.4f}{m['f1_doc_mean']:>9.4f}{len(low):>5}"
            f"{pct('title_exact'):>9}{pct('title_close'):>9}{pct('byline'):>8}{pct('date'):>8}"
        )
        if low:
            print(f"{'':<12}below 0.5: {' '.join(low)}")
        ns = [counts[c][1] for c in ("title_exact", "byline", "date")]
        notes.append(f"{set_name} {ns[0]}/{ns[1]}/{ns[2]}")
    print("pages with a truth value (title, byline, date): " + "; ".join(notes))


if __name__ == "__main__":
    main()
