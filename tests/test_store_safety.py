"""The store under bad conditions: text no database can hold, a lost connection, a read-only folder, a
file size limit, and a file that belongs to another program."""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from slate.cli import cli
from slate.errors import StoreError
from slate.store import SCHEMA_VERSION, open_store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import articles, write_jsonl  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def slate(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SLATE, *args], capture_output=True, text=True, timeout=300, **kw)  # type: ignore[call-overload,no-any-return]


def test_nul_and_surrogates_are_cleaned_the_same_on_both_backends(tmp_path: Path, db_url: str) -> None:
    rows = articles(7, seed=21)
    rows[3]["text"] = rows[3]["text"].replace(" has started", " has\u0000 started\u0000")
    rows[5]["title"] = "Half a pair \ud83c of surrogates"  # a lone surrogate: not UTF-8, on no backend
    rows[5]["id"] = "gen-\u0000five"
    src = tmp_path / "nul.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")  # json escapes both
    res = CliRunner().invoke(cli, ["ingest", str(src), "--db", db_url, "-q"])
    assert res.exit_code == 0, res.output
    assert "7 new, 0 already stored, 0 failed" in res.output
    with open_store(db_url, readonly=True) as store:
        nul = store.article("gen-00003")
        assert nul is not None and "\u0000" not in nul["text"] and " has started" in nul["text"]
        five = store.article("gen-five")
        assert five is not None and five["title"] == "Half a pair \ufffd of surrogates"
        assert store.counts()["articles"] == 7


def test_lost_postgresql_connection_ends_the_run_with_the_summary(tmp_path: Path, pg_url: str) -> None:
    import psycopg

    src = write_jsonl(articles(150, seed=8), tmp_path / "many.jsonl")
    proc = subprocess.Popen(
        [SLATE, "ingest", str(src), "--db", pg_url, "-q", "--batch-size", "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    stored = 0
    with psycopg.connect(pg_url, autocommit=True) as admin:
        while time.monotonic() < deadline and proc.poll() is None and stored < 5:
            try:
                stored = int(admin.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]
            except psycopg.errors.UndefinedTable:
                pass
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before its connection could be cut"
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
    _, err = proc.communicate(timeout=120)
    lines = err.strip().splitlines()
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert lines[-2].startswith("Error: lost the connection to PostgreSQL"), err
    assert " new, 0 already stored, 1 failed;" in lines[-1], err  # the summary is printed
    with psycopg.connect(pg_url) as conn:
        count = int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]
    assert lines[-1].startswith(f"{count} new,") and 5 <= count < 150


def _readonly_runner(folder: Path) -> list[str]:
    """A command prefix that runs with ``folder`` read-only: a read-only bind mount in a private
    mount namespace for root (who ignores permissions), the folder's mode for anyone else."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return []
    if not shutil.which("unshare"):
        pytest.skip("root without unshare: cannot make a read-only folder")
    d = str(folder)
    prefix = [
        "unshare",
        "-m",
        "sh",
        "-c",
        f'mount --bind "{d}" "{d}" && mount -o remount,bind,ro "{d}" && exec "$@"',
        "sh",
    ]
    probe = subprocess.run([*prefix, "touch", str(folder / "probe")], capture_output=True, text=True)
    if probe.returncode == 0 or (folder / "probe").exists():
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.strip()}")
    return prefix


def test_read_only_folder_and_file_size_limit(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    db = ro / "slate.db"
    assert slate("ingest", str(SAMPLES), "--db", str(db), "-q").returncode == 0
    before = db.read_bytes()
    run = _readonly_runner(ro)
    try:
        listed = subprocess.run([*run, SLATE, "articles", "--db", str(db)], capture_output=True, text=True)
        assert listed.returncode == 0 and "glass-orchard-2023-05-02" in listed.stdout, listed.stderr
        shown = subprocess.run([*run, SLATE, "show", "Glass Orchard", "--db", str(db)], capture_output=True, text=True)
        assert shown.returncode == 0 and "Lucia Ferraro" in shown.stdout, shown.stderr
        port = _free_port()
        server = subprocess.Popen(
            [*run, SLATE, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE, text=True
        )
        try:
            assert _get(f"http://127.0.0.1:{port}/api/titles?q=glass") == 200
        finally:
            server.terminate()
            server.wait(timeout=10)
        new = subprocess.run(
            [*run, SLATE, "ingest", str(SAMPLES), "--db", str(ro / "new.db")], capture_output=True, text=True
        )
        assert (
            new.returncode == 1
            and f"{ro / 'new.db'}: cannot create the database: the folder {ro} is read-only" in new.stderr
        )
        again = subprocess.run([*run, SLATE, "ingest", str(SAMPLES), "--db", str(db)], capture_output=True, text=True)
        assert again.returncode == 1 and "read-only" in again.stderr and "not a Slate database" not in again.stderr
    finally:
        ro.chmod(0o755)
    assert db.read_bytes() == before
    assert not (ro / "new.db").exists()

    # `ulimit -f` reached mid-ingest: the cause named, the run ends with its summary line
    src = write_jsonl(articles(60, seed=4), tmp_path / "sixty.jsonl")

    def limit(size: int) -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    # the cap leaves room for the empty schema (every feature's tables, in the WAL too) and a few articles
    capped = slate("ingest", str(src), "--db", str(tmp_path / "capped.db"), "-q", preexec_fn=lambda: limit(400_000))
    lines = capped.stderr.strip().splitlines()
    assert capped.returncode == 1 and "Traceback" not in capped.stderr
    cause = "cannot write: the file size limit is reached (ulimit -f: 400000 bytes); stopped"
    assert lines[-2] == f"Error: {tmp_path / 'capped.db'}: {cause}"
    new_count = int(lines[-1].split()[0])
    assert 1 <= new_count < 60 and "already stored, 1 failed;" in lines[-1]
    with sqlite3.connect(tmp_path / "capped.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == new_count
    fresh = slate("ingest", str(src), "--db", str(tmp_path / "tiny.db"), "-q", preexec_fn=lambda: limit(8192))
    assert fresh.returncode == 1 and "the file size limit is reached" in fresh.stderr, fresh.stderr
    assert "not a Slate database" not in fresh.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> int:
    import httpx

    for _ in range(200):
        try:
            return httpx.get(url, timeout=2).status_code
        except httpx.HTTPError:
            time.sleep(0.05)
    raise AssertionError(f"no answer from {url}")


def test_another_programs_file_is_refused_and_left_byte_identical(tmp_path: Path) -> None:
    theirs = tmp_path / "their.db"
    with sqlite3.connect(theirs) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    clash = tmp_path / "clash.db"
    with sqlite3.connect(clash) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, headline TEXT)")
    tagged = tmp_path / "tagged.db"
    with sqlite3.connect(tagged) as conn:
        conn.execute("PRAGMA application_id = 1234")
    for path, why in ((theirs, "another program's tables: notes"), (clash, "tables: articles"), (tagged, "0x4d2")):
        before = path.read_bytes()
        for args in (["ingest", str(SAMPLES)], ["titles"], ["articles"]):
            res = CliRunner().invoke(cli, [*args, "--db", str(path)])
            assert res.exit_code == 1 and "not a Slate database" in res.output and why in res.output, res.output
            assert "nothing was changed" in res.output
        assert path.read_bytes() == before  # byte-identical: no Slate table, no switch to WAL
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]

    # a Slate file is marked as Slate's; one from a newer Slate is refused, not read as this version
    ours = tmp_path / "ours.db"
    open_store(ours).close()
    with sqlite3.connect(ours) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x536C6174
        assert conn.execute("PRAGMA user_version").fetchone()[0] == int(SCHEMA_VERSION)
        conn.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION) + 1}")
    before = ours.read_bytes()
    newer = f"made by a newer Slate .schema version {int(SCHEMA_VERSION) + 1}; this one knows version {SCHEMA_VERSION}."
    with pytest.raises(StoreError, match=newer + ": upgrade"):
        open_store(ours)
    with pytest.raises(StoreError, match="newer Slate"):
        open_store(ours, readonly=True)
    assert ours.read_bytes() == before
