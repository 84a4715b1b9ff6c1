"""Show what extraction missed and invented on the dev corpus, for one relation or all.

    python scripts/devdiff.py PRED.jsonl [--rel cast] [--article ID]

Uses ../shared/tools/score.py's own matching so the lists agree with the scores.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
assert spec and spec.loader
score = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pred")
    ap.add_argument("--rel")
    ap.add_argument("--article")
    args = ap.parse_args()
    gold = {r["id"]: r for r in map(json.loads, (SHARED / "corpus" / "dev.jsonl").open(encoding="utf-8"))}
    pred = {r["id"]: r for r in map(json.loads, open(args.pred, encoding="utf-8"))}
    for aid, g in gold.items():
        if args.article and args.article not in aid:
            continue
        p = pred.get(aid, {})
        index = score.title_index(g)
        gt = score.expand(g.get("facts", []))
        pt = [(index(t), r, v) for t, r, v in score.expand(p.get("facts", []))]
        lines = []
        rels = [args.rel] if args.rel and args.rel != "quote" else sorted(score.ALL_RELS | {"character"})
        if args.rel != "quote":
            for rel in rels:
                gs = [x for x in gt if x[1] == rel]
                ps = [x for x in pt if x[1] == rel]
                used: set[int] = set()
                fps = []
                for x in ps:
                    hit = next(
                        (i for i, y in enumerate(gs) if i not in used and x[0] == y[0] and score.triple_match(x, y)),
                        None,
                    )
                    if hit is None:
                        fps.append(x)
                    else:
                        used.add(hit)
                for i, y in enumerate(gs):
                    if i not in used:
                        lines.append(f"  MISS {y[1]:22} {y[0]} | {y[2]!r}")
                for x in fps:
                    lines.append(f"  FP   {x[1]:22} {x[0]} | {x[2]!r}")
        if not args.rel or args.rel == "quote":
            gq, pq = g.get("quotes", []), p.get("quotes", [])
            used = set()
            for q in pq:
                hit = next((i for i, y in enumerate(gq) if i not in used and score.quote_match(q, y)), None)
                if hit is None:
                    lines.append(f"  FP   quote {q.get('speaker')!r}: {q.get('text', '')[:70]!r} [{q.get('platform')}]")
                else:
                    used.add(hit)
            for i, y in enumerate(gq):
                if i not in used:
                    lines.append(f"  MISS quote {y.get('speaker')!r}: {y.get('text', '')[:70]!r} [{y.get('platform')}]")
        if lines:
            print(f"== {aid}")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
