"""SQLite and PostgreSQL give the same answers; workers and Dask give the same database as one process."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate.api import create_app
from slate.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def run(*args: str, env: dict[str, str] | None = None) -> str:
    res = CliRunner().invoke(cli, list(args), env=env)
    assert res.exit_code == 0, res.output
    return res.stdout


def answers(db: str) -> dict[str, Any]:
    """Everything a user can ask, with surrogate ids left out."""
    titles = json.loads(run("titles", "--db", db, "--json"))
    out: dict[str, Any] = {"titles": [{k: v for k, v in t.items() if k != "id"} for t in titles]}
    for t in titles:
        for as_of in (None, "2022-06-01"):
            args = ["show", t["name"], "--db", db, "--json"] + (["--as-of", as_of] if as_of else [])
            res = CliRunner().invoke(cli, args)
            if as_of and res.exit_code == 1:  # nothing known yet: the same one line on both backends
                out[f"{t['name']}@{as_of}"] = res.stderr
                continue
            assert res.exit_code == 0, res.output
            d = json.loads(res.stdout)
            d.pop("id")
            for values in d["facts"].values():
                for v in values:
                    v.pop("entity_id", None)
            out[f"{t['name']}@{as_of}"] = d
        out[f"{t['name']}:timeline"] = json.loads(run("timeline", t["name"], "--db", db, "--json"))
    out["contradictions"] = json.loads(run("contradictions", "--db", db, "--json"))
    return out


def test_postgresql_answers_like_sqlite(corpus: Path, db_path: Path, pg_url: str) -> None:
    inputs = [str(SAMPLES), str(corpus / "dev_articles.jsonl")]
    run("ingest", *inputs, "--db", str(db_path), "-q")
    run("ingest", *inputs, "-q", env={"SLATE_DB": pg_url})  # the URL through $SLATE_DB
    assert answers(pg_url) == answers(str(db_path))
    with TestClient(create_app(pg_url)) as c:
        rows = c.get("/api/titles", params={"q": "skyline"}).json()
        assert rows and rows[0]["name"] == "Skyline Protocol: Ember Run"
        assert c.get(f"/titles/{rows[0]['id']}").status_code == 200


def dump(db: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT a.ref, c.title_name, c.rel, c.value, c.character, c.span_start, c.span_end, c.asserted_on"
            " FROM claims c JOIN articles a ON a.id = c.article_id ORDER BY c.id"
        ).fetchall()


def test_workers_give_the_same_database(corpus: Path, tmp_path: Path) -> None:
    exe = str(Path(sys.executable).parent / "slate")
    src = str(corpus / "dev_articles.jsonl")
    for w in (1, 2):
        subprocess.run([exe, "ingest", src, "--db", str(tmp_path / f"w{w}.db"), "-q", "--workers", str(w)], check=True)
    one = dump(tmp_path / "w1.db")
    assert len(one) > 300
    assert dump(tmp_path / "w2.db") == one


def test_dask_cluster_gives_the_same_database(corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    bindir = Path(sys.executable).parent
    exe = str(bindir / "slate")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        subprocess.Popen(
            [str(bindir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    ]
    try:
        for _ in range(2):
            procs.append(
                subprocess.Popen(
                    [
                        str(bindir / "dask"),
                        "worker",
                        address,
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--local-directory",
                        str(tmp_path / "dask"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            )
        _wait_for_workers(address, 2)
        src = str(corpus / "dev_articles.jsonl")
        subprocess.run([exe, "ingest", src, "--db", str(tmp_path / "dask.db"), "-q", "--dask", address], check=True)
        subprocess.run([exe, "ingest", src, "--db", str(tmp_path / "one.db"), "-q"], check=True)
        assert dump(tmp_path / "dask.db") == dump(tmp_path / "one.db")
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            p.wait(timeout=20)


def test_unreachable_dask_scheduler_is_one_line(tmp_path: Path) -> None:
    exe = str(Path(sys.executable).parent / "slate")
    p = subprocess.run(
        [exe, "ingest", str(SAMPLES / "trade-wire.jsonl"), "--db", str(tmp_path / "x.db"), "--dask",
         f"tcp://127.0.0.1:{_free_port()}"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert "cannot reach the Dask scheduler" in p.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + 60
    while True:
        try:
            with Client(address, timeout="5s") as c:  # type: ignore[no-untyped-call]
                c.wait_for_workers(n, timeout=60)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
