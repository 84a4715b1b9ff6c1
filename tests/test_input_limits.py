"""Inputs built to exhaust the reader: JSON nested 1,200 deep or with a 5,000-digit number, a 100 MB
WARC of NULs. Each costs one `Error:` line; the good records around it are stored; time and memory stay
linear in the input."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


MEASURE = """
import json, resource, sys, time
from slate.ingest import iter_articles
import slate.ingest._warc  # imported before the clock starts: the reading is what is timed
start = time.perf_counter()
items = [str(x) for x in iter_articles([sys.argv[1]])]
took = time.perf_counter() - start
print(json.dumps({"s": took, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "items": items}))
"""


def _measure(arg: str, stdin: Path | None = None) -> dict[str, Any]:
    """Reading time (the best of two runs, so a busy machine's pause is not counted) and peak memory."""
    runs = []
    for _ in range(2):
        with stdin.open("rb") if stdin else open(os.devnull, "rb") as fh:
            proc = subprocess.run(
                [sys.executable, "-c", MEASURE, arg], stdin=fh, capture_output=True, text=True, timeout=120
            )
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        runs.append(json.loads(proc.stdout))
    best: dict[str, Any] = min(runs, key=lambda r: r["s"])
    return best


def _valid_warc(path: Path, size: int) -> None:
    """Exactly ``size`` bytes of response records with binary bodies of up to 1 MiB (read through)."""
    with path.open("wb") as fh:
        n = 0
        while (left := size - fh.tell()) > 0:
            n += 1
            status = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n"
            head = (
                f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://files.example/{n}.bin\r\n"
                f"WARC-Date: 2024-05-01T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{n:012d}>\r\n"
                "Content-Type: application/http; msgtype=response\r\nContent-Length: {:08d}\r\n\r\n"
            )
            rest = left - len(head.format(0)) - len(status) - 4
            body = rest if rest <= 1 << 20 else min(1 << 20, rest - 4096)  # room left for a last record
            fh.write(head.format(len(status) + body).encode() + status + bytes(body) + b"\r\n\r\n")
    assert path.stat().st_size == size


def test_warc_of_nuls_is_read_in_linear_time_and_bounded_memory(tmp_path: Path) -> None:
    size = 100 * 10**6
    valid = tmp_path / "valid.warc"
    _valid_warc(valid, size)
    nul = tmp_path / "nul.warc"
    with nul.open("wb") as fh:
        fh.truncate(size)  # 100 MB of NUL bytes, no line break anywhere
    piped = tmp_path / "piped"
    with piped.open("wb") as fh:
        fh.write(b"WARC/1.0\r\n")
        fh.truncate(size)

    base = _measure(str(valid))
    assert base["items"] == []  # binary responses: read through, nothing to report
    for got in (_measure(str(nul)), _measure("-", stdin=piped)):
        (err,) = got["items"]
        assert "record headers longer than 1 MiB" in err
        print(f"NUL WARC: {got['s']:.4f} s, {got['rss_mb']:.0f} MB; valid: {base['s']:.4f} s, {base['rss_mb']:.0f} MB")
        assert got["s"] <= 2 * base["s"]
        assert got["rss_mb"] <= 1.5 * base["rss_mb"]
