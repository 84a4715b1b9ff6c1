"""Extract a corpus and score it against gold.

    python scripts/devscore.py [--split dev|devtest|train] [--per-article] [--out FILE]

``dev`` is the dev corpus of ``../shared/corpus`` (rules may be tuned on it); ``devtest`` is the frozen
dev-test split of the team's annotations (``data/annotations/devtest.txt``: judge changes by it, never
read its articles); ``train`` is the rest of the team's annotations.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from slate.extract import Extractor
from slate.models import Article

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"


def gold_file(split: str) -> Path:
    if split == "dev":
        return CORPUS / "dev.jsonl"
    out = Path(tempfile.mkstemp(suffix=f"-{split}-gold.jsonl")[1])
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "annotations.py"), "gold", "--split", split, "-o", str(out)],
        check=True,
        stderr=subprocess.DEVNULL,
    )
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev", choices=["dev", "devtest", "train"])
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--out")
    ap.add_argument("--titles-model", choices=["union", "gate", "off"], help="how slate_titles uses the recogniser")
    args = ap.parse_args()
    gold = gold_file(args.split)
    ex = Extractor()
    if args.titles_model:
        setattr(ex.nlp.get_pipe("slate_titles"), "model", args.titles_model)  # noqa: B010
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with out.open("w", encoding="utf-8") as fh:
        # the gold of the team's annotations holds no text: it is read from the corpus
        texts = {r["id"]: r for r in map(json.loads, (CORPUS / "train" / "articles.jsonl").open(encoding="utf-8"))}
        arts = []
        for line in gold.open(encoding="utf-8"):
            g = json.loads(line)
            r = g if "text" in g else texts[g["id"]]
            arts.append(
                Article.create(text=r["text"], published=date.fromisoformat(r["date"]), ref=r["id"], url=r.get("url"))
            )
        for ext in ex.extract_many(arts):
            fh.write(json.dumps(ext.to_record(evidence=False), ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(CORPUS.parent / "tools" / "score.py"), str(gold), str(out)]
    if args.per_article:
        cmd.append("--per-article")
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
