"""Input directories: only regular files are read; a link is followed only with --follow-symlinks and
never out of the directories given; FIFOs, devices and loops are skipped with one line each."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

SLATE = str(Path(sys.executable).parent / "slate")


def _ingest(*args: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    db = args[args.index("--db") + 1]
    proc = subprocess.run([SLATE, "ingest", *args, "-q"], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    rows = json.loads(subprocess.run([SLATE, "articles", "--db", db, "--json"], capture_output=True).stdout)
    return proc, {r["ref"]: r["url"] for r in rows}


def test_links_fifos_devices_and_loops_in_input_directories(tmp_path: Path) -> None:
    root, outside = tmp_path / "crawl", tmp_path / "private"
    (root / "sub").mkdir(parents=True)
    outside.mkdir()
    (root / "cold-meridian.txt").write_text(
        " date 2024-05-01 x\nDirector Ines Varga began filming the thriller Cold Meridian in Tallinn.\n"
    )
    (root / "sub" / "small-hours.txt").write_text(
        " date 2024-05-02 x\nThe comedy Small Hours, starring Ravi Holt, opens on June 6, 2025.\n"
    )
    (outside / "secret.txt").write_text(" date 2024-05-03 x\nThe studio memo about Glass Harbor is private.\n")
    (root / "secret").symlink_to(outside / "secret.txt")  # a file outside the root
    (root / "zero").symlink_to("/dev/zero")  # never ends
    os.mkfifo(root / "pipe")  # opening it would wait for a writer forever
    (root / "loop").symlink_to(root / "loop")
    (root / "sub" / "up").symlink_to(root)  # a directory loop
    (root / "sub" / "again.txt").symlink_to(root / "cold-meridian.txt")  # inside the root

    proc, stored = _ingest(str(root), "--db", str(tmp_path / "plain.db"))
    assert proc.returncode == 1
    assert sorted(stored) == ["cold-meridian", "small-hours"]
    errors = sorted(line for line in proc.stderr.splitlines() if line.startswith("Error:"))
    not_followed = "symbolic link, not followed (--follow-symlinks follows links inside the input directories)"
    assert errors == [
        f"Error: {root}/loop: {not_followed}",
        f"Error: {root}/pipe: a FIFO, not a regular file: skipped",
        f"Error: {root}/secret: {not_followed}",
        f"Error: {root}/sub/again.txt: {not_followed}",
        f"Error: {root}/sub/up: {not_followed}",
        f"Error: {root}/zero: {not_followed}",
    ]

    proc, stored = _ingest(str(root), "--follow-symlinks", "--db", str(tmp_path / "follow.db"))
    assert proc.returncode == 1
    assert sorted(stored) == ["cold-meridian", "small-hours"]  # again.txt is the same article: already stored
    assert "2 new, 1 already stored, 5 failed" in proc.stderr
    errors = sorted(line for line in proc.stderr.splitlines() if line.startswith("Error:"))
    assert errors == [
        f"Error: {root}/loop: symbolic link loop, skipped",
        f"Error: {root}/pipe: a FIFO, not a regular file: skipped",
        f"Error: {root}/secret: symbolic link to outside the input directories, not followed",
        f"Error: {root}/sub/up: directory already read (a link loop or a second link to it), skipped",
        f"Error: {root}/zero: symbolic link to outside the input directories, not followed",
    ]
    for db in ("plain.db", "follow.db"):
        with sqlite3.connect(tmp_path / db) as conn:
            assert conn.execute("SELECT count(*) FROM articles WHERE text LIKE '%memo%'").fetchone() == (0,)
