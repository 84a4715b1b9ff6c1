"""Where extraction loses facts, by kind, as aggregate counts only (safe to run on the frozen dev-test split).

    python scripts/misses.py [--split dev|devtest|train]

Each gold fact that was not matched is counted once as: its production never found as a title; credited to
another production of the article (the same relation and value stated for another one); or its production
found but the relation not read.  Each wrong fact: attached to a span that is no production of the article;
credited to the wrong production; or a wrong value or relation.  Matching is ../shared/tools/score.py's own.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
assert spec and spec.loader
score: Any = importlib.util.module_from_spec(spec)
spec.loader.exec_module(score)

UNKNOWN = "\u0000unknown:"


def kinds(gold: dict[str, Any], pred: dict[str, Any]) -> tuple[Counter[str], Counter[str]]:
    index = score.title_index(gold)
    gt = score.expand(gold.get("facts", []))
    pt = [(index(t), r, v) for t, r, v in score.expand(pred.get("facts", []))]
    found_titles = {index(t["name"]) for t in pred.get("titles", [])} | {t for t, _, _ in pt}
    used: set[int] = set()
    wrong: list[tuple[str, str, str]] = []
    for x in pt:
        hit = next((i for i, y in enumerate(gt) if i not in used and x[0] == y[0] and score.triple_match(x, y)), None)
        if hit is None:
            wrong.append(x)
        else:
            used.add(hit)
    missed_kinds: Counter[str] = Counter()
    for i, y in enumerate(gt):
        if i in used:
            continue
        if y[0] not in found_titles:
            missed_kinds["production never found as a title"] += 1
        elif any(x[0] != y[0] and score.triple_match((y[0], *x[1:]), y) for x in pt):
            missed_kinds["credited to another production"] += 1
        else:
            missed_kinds["production found, relation not read"] += 1
    wrong_kinds: Counter[str] = Counter()
    for x in wrong:
        if x[0].startswith(UNKNOWN):
            wrong_kinds["attached to a span that is no production"] += 1
        elif any(y[0] != x[0] and score.triple_match((y[0], *x[1:]), y) for y in gt):
            wrong_kinds["credited to another production"] += 1
        else:
            wrong_kinds["wrong value or relation"] += 1
    return missed_kinds, wrong_kinds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="devtest", choices=["dev", "devtest", "train"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        pred_path = Path(d) / "pred.jsonl"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "devscore.py"), "--split", args.split, "--out", str(pred_path)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if args.split == "dev":
            gold_path = SHARED / "corpus" / "dev.jsonl"
        else:
            gold_path = Path(d) / "gold.jsonl"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "annotations.py"),
                    "gold",
                    "--split",
                    args.split,
                    "-o",
                    str(gold_path),
                ],
                check=True,
                stdout=subprocess.DEVNULL,
            )
        gold = {r["id"]: r for r in map(json.loads, gold_path.open(encoding="utf-8"))}
        pred = {r["id"]: r for r in map(json.loads, pred_path.open(encoding="utf-8"))}
    missed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for aid, g in gold.items():
        m, w = kinds(g, pred.get(aid, {}))
        missed.update(m)
        wrong.update(w)
    print(f"{args.split}: {len(gold)} articles")
    print("missed gold facts:", sum(missed.values()))
    for k, n in missed.most_common():
        print(f"  {n:5d}  {k}")
    print("wrong facts:", sum(wrong.values()))
    for k, n in wrong.most_common():
        print(f"  {n:5d}  {k}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
