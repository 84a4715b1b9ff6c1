"""Extract the dev corpus and score it: ``python scripts/devscore.py [--per-article] [--out FILE]``."""

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

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-article", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()
    ex = Extractor()
    out = Path(args.out) if args.out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with out.open("w", encoding="utf-8") as fh:
        arts = []
        for line in (CORPUS / "dev_articles.jsonl").open(encoding="utf-8"):
            r = json.loads(line)
            arts.append(
                Article.create(text=r["text"], published=date.fromisoformat(r["date"]), ref=r["id"], url=r.get("url"))
            )
        for ext in ex.extract_many(arts):
            fh.write(json.dumps(ext.to_record(evidence=False), ensure_ascii=False) + "\n")
    cmd = [sys.executable, str(CORPUS.parent / "tools" / "score.py"), str(CORPUS / "dev.jsonl"), str(out)]
    if args.per_article:
        cmd.append("--per-article")
    return subprocess.call(cmd)


if __name__ == "__main__":
    raise SystemExit(main())
