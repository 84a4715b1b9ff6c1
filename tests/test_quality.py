"""Extraction quality on the dev corpus, scored by ../shared/tools/score.py.

Fails when facts F1 or quotes F1 falls more than 0.02 below the best figures reached so far
(raise BEST_* as quality improves; never lower them to make a change pass).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from slate.cli import cli

BEST_FACTS_F1 = 0.887
BEST_QUOTES_F1 = 0.979
TOLERANCE = 0.02


def test_dev_corpus_scores(corpus: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["extract", str(corpus / "dev_articles.jsonl"), "--format", "jsonl"])
    assert res.exit_code == 0, res.stderr
    pred = tmp_path / "predictions.jsonl"
    pred.write_text(res.stdout, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(corpus.parent / "tools" / "score.py"), str(corpus / "dev.jsonl"), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    assert result["missing_predictions"] == []
    facts, quotes = result["facts"]["f1"], result["quotes"]["f1"]
    print(f"dev corpus: facts F1 {facts:.3f}, quotes F1 {quotes:.3f}")
    assert facts >= BEST_FACTS_F1 - TOLERANCE, f"facts F1 {facts:.3f} fell below {BEST_FACTS_F1} - {TOLERANCE}"
    assert quotes >= BEST_QUOTES_F1 - TOLERANCE, f"quotes F1 {quotes:.3f} fell below {BEST_QUOTES_F1} - {TOLERANCE}"
