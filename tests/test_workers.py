"""`slate ingest --workers 2` killed with SIGTERM or SIGKILL leaves no process behind: the workers
and multiprocessing's resource tracker are checked by PID."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from _gen import articles, write_jsonl  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _gone(pid: int) -> bool:
    try:
        return bool(psutil.Process(pid).status() == psutil.STATUS_ZOMBIE)  # dead, waiting to be reaped
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_killed_ingest_leaves_no_worker_alive(tmp_path: Path, sig: signal.Signals) -> None:
    src = write_jsonl(articles(600), tmp_path / "batch.jsonl")
    db = tmp_path / "workers.db"
    proc = subprocess.Popen(
        [SLATE, "ingest", str(src), "--db", str(db), "--workers", "2", "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        parent = psutil.Process(proc.pid)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and _stored(db) == 0:
            time.sleep(0.1)  # kill it mid-batch: the workers have loaded the model and are extracting
        children = parent.children(recursive=True)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        assert len([c for c in children if "resource_tracker" not in " ".join(c.cmdline())]) == 2
        assert any("resource_tracker" in " ".join(c.cmdline()) for c in children)
        proc.send_signal(sig)
        sent = time.monotonic()
        code = proc.wait(timeout=30)
        deadline = sent + 15
        while time.monotonic() < deadline and not all(_gone(c.pid) for c in children):
            time.sleep(0.05)
        print(f"{sig.name}: {len(children)} processes gone {time.monotonic() - sent:.2f} s after the signal")
        alive = [f"{c.pid} {' '.join(c.cmdline())[:80]}" for c in children if not _gone(c.pid)]
        assert not alive, f"still running after {sig.name}: {alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = proc.stderr.read() if proc.stderr else ""
    assert "Traceback" not in stderr
    if sig == signal.SIGTERM:
        assert code == 143 and "Error: stopped by SIGTERM" in stderr, stderr
    else:
        assert code == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
