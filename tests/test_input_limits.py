"""Inputs built to exhaust the reader: JSON nested 1,200 deep or with a 5,000-digit number, a 100 MB
WARC of NULs. Each costs one `Error:` line; the good records around it are stored; time and memory stay
linear in the input."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

SLATE = str(Path(sys.executable).parent / "slate")

STORIES = [
    "Director Ines Varga began filming the thriller Cold Meridian in Tallinn on Monday.",
    "The comedy Small Hours, starring Ravi Holt, opens in theaters on June 6, 2025.",
    "Northwind Studios has renewed the drama series Quiet Harbor for a second season.",
    "Filming on the heist film Brass Lantern wrapped in Glasgow, producer Mara Lind said.",
    "The sequel Paper Comets 2 moved its release to March 13, 2026, the studio confirmed.",
    "Actor Tomas Reyes joins the cast of the western Dry Creek as the sheriff Abel Stone.",
]


def _good(prefix: str, i: int) -> str:
    return json.dumps({"id": f"{prefix}-{i}", "date": "2024-05-01", "text": f"{STORIES[i]} ({prefix})"})


def _hostile_feed(prefix: str) -> str:
    """Three good records, a 1,200-deep array in an ignored field, a 5,000-digit id, three good records."""
    deep = json.dumps({"id": f"{prefix}-deep", "date": "2024-05-01", "text": "A film."})[:-1]
    deep += ', "extra": ' + "[" * 1200 + "]" * 1200 + "}"
    digits = '{"id": ' + "7" * 5000 + ', "date": "2024-05-01", "text": "A film."}'
    lines = [_good(prefix, i) for i in range(3)] + [deep, digits] + [_good(prefix, i) for i in range(3, 6)]
    return "\n".join(lines) + "\n"


def test_deep_json_and_huge_numbers_cost_one_line_each(tmp_path: Path) -> None:
    plain = tmp_path / "plain.jsonl"
    plain.write_text(_hostile_feed("plain"), encoding="utf-8")
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(_hostile_feed("gz").encode()))
    db = str(tmp_path / "limits.db")
    proc = subprocess.run(
        [SLATE, "ingest", str(plain), str(packed), "-", "--db", db, "-q"],
        input=_hostile_feed("stdin"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 6, proc.stderr
    assert sum("nested deeper than 64 levels" in e for e in errors) == 3
    assert sum("a number of 5,000 digits" in e for e in errors) == 3
    assert "18 new, 0 already stored, 6 failed" in proc.stderr
    stored = json.loads(subprocess.run([SLATE, "articles", "--db", db, "--json"], capture_output=True).stdout)
    assert sorted(r["ref"] for r in stored) == sorted(f"{p}-{i}" for p in ("plain", "gz", "stdin") for i in range(6))

    extract = subprocess.run([SLATE, "extract", str(plain)], capture_output=True, text=True, timeout=300)
    assert extract.returncode == 1 and "Traceback" not in extract.stderr
    assert [json.loads(line)["id"] for line in extract.stdout.splitlines()] == [f"plain-{i}" for i in range(6)]
    assert [line.split(": ", 2)[1] for line in extract.stderr.splitlines() if line.startswith("Error:")] == [
        f"{plain}:4",
        f"{plain}:5",
    ]
