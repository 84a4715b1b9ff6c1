"""The benchmark runs end to end (a smoke run at small sizes; speed targets are never tested here)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "run.py"


def test_bench_quick_reports_every_figure() -> None:
    out = subprocess.run([sys.executable, str(BENCH), "--quick", "--json"], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout)
    for key in ("spacy_s", "extract_vs_spacy", "ingest_vs_spacy", "workers2_speedup", "show_p50_ms", "show_p99_ms",
                "peak_rss_ratio"):  # fmt: skip
        assert figures[key] > 0, key
    assert figures["show_articles"] == 2000
    assert figures["watch_articles"] > 0 and figures["watch_articles_per_s"] > 0
