"""Faults: an article with 10,000 names, `slate ingest` killed (SIGKILL) mid-batch again and again,
and `slate serve` answering 20 concurrent clients while an ingest writes the same database."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from _gen import articles, person_names, write_jsonl  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"


def slate(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([SLATE, *args], capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"slate {' '.join(args)} failed ({proc.returncode}): {proc.stderr}")
    return proc


def per_article(db: str) -> dict[str, tuple[int, int]]:
    """ref -> (facts, quotes) as stored."""
    rows = json.loads(slate("articles", "--db", db, "--json").stdout)
    return {r["ref"]: (r["facts"], r["quotes"]) for r in rows}


def test_article_with_ten_thousand_names(tmp_path: Path) -> None:
    names = person_names(10_000)
    text = (
        ' date 2024-03-01 Crowd call\n\nThe crowd drama "Paper Harbor", directed by Ada Abbott, stars '
        + ", ".join(names[:-1])
        + f' and {names[-1]}.\nFilming on "Paper Harbor" began in Oslo last week.\n'
    )
    crowd = tmp_path / "crowd.txt"
    crowd.write_text(text, encoding="utf-8")
    db = str(tmp_path / "crowd.db")
    proc = slate("ingest", str(crowd), str(SAMPLES / "2024-01-10-skyline-protocol-2.txt"), "--db", db, "-q")
    assert "2 new, 0 already stored, 0 failed" in proc.stderr + proc.stdout
    dossier = json.loads(slate("show", "Paper Harbor", "--db", db, "--json").stdout)
    cast = {c["value"] for c in dossier["facts"]["cast"]}
    assert len(cast) >= 9_900  # the list is followed past any fixed length, and past the model's sentence cuts
    assert cast <= set(names)
    assert [d["value"] for d in dossier["facts"]["director"]] == ["Ada Abbott"]
    assert json.loads(slate("show", "Skyline Protocol 2", "--db", db, "--json").stdout)["facts"]


def _start_ingest(src: Path, db: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [SLATE, "ingest", str(src), "--db", db, "-q", "--batch-size", "8"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _count_articles(db: str, dialect: str) -> int:
    if dialect == "sqlite":
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
                return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        except sqlite3.OperationalError:
            return 0  # no file or no schema yet
    import psycopg

    with psycopg.connect(db) as conn:
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])  # type: ignore[index]
        except psycopg.errors.UndefinedTable:
            return 0


def test_sigkill_mid_batch_leaves_whole_articles(tmp_path: Path, db_url: str) -> None:
    dialect = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    src = write_jsonl(articles(240), tmp_path / "batch.jsonl")
    reference = str(tmp_path / "reference.db")
    slate("ingest", str(src), "--db", reference, "-q")
    expected = per_article(reference)
    assert len(expected) == 240 and sum(f for f, _ in expected.values()) > 1000

    rng = random.Random(11)
    kills = 0
    seen_before = 0
    for _ in range(4):
        proc = _start_ingest(src, db_url)
        # wait until this run has stored something new, then kill it at a random moment after
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None and _count_articles(db_url, dialect) <= seen_before:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        if dialect == "sqlite":
            with sqlite3.connect(db_url) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = per_article(db_url)
        assert stored, "nothing stored before the kill"
        for ref, counts in stored.items():
            assert counts == expected[ref], f"{ref} half-stored after SIGKILL: {counts} != {expected[ref]}"
        seen_before = len(stored)
        if seen_before == len(expected):
            break
    assert kills >= 2, "the ingest finished before it could be killed twice"

    rerun = slate("ingest", str(src), "--db", db_url, "-q")
    assert f"{240 - seen_before} new, {seen_before} already stored, 0 failed" in rerun.stderr + rerun.stdout
    assert per_article(db_url) == expected
    # the same answers as an ingest that was never interrupted
    name = json.loads(slate("titles", "--db", reference, "--json").stdout)[0]["name"]
    got = json.loads(slate("show", name, "--db", db_url, "--json").stdout)
    want = json.loads(slate("show", name, "--db", reference, "--json").stdout)
    assert _no_ids(got["facts"]) == _no_ids(want["facts"]) and got["facts"]  # row ids follow insertion order


def _no_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_ids(v) for k, v in value.items() if k != "entity_id"}
    if isinstance(value, list):
        return [_no_ids(v) for v in value]
    return value


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_readers_during_writes(tmp_path: Path, db_url: str) -> None:
    """20 clients for at most 20 s against `slate serve` while `slate ingest` writes 300 articles."""
    dialect = "postgresql" if db_url.startswith("postgresql") else "sqlite"
    slate("ingest", str(SAMPLES), "--db", db_url, "-q")
    rows = articles(300, seed=5)
    src = write_jsonl(rows, tmp_path / "stream.jsonl")
    refs = [r["id"] for r in rows]
    port = _free_port()
    server = subprocess.Popen(
        [SLATE, "serve", "--db", db_url, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(base + "/api/titles?limit=1", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            raise AssertionError("slate serve did not start")
        before = _count_articles(db_url, dialect)
        ingest = _start_ingest(src, db_url)
        # the readers' 20 s start once this ingest has stored its first article (loading the models can take
        # longer than that on a busy 2-core machine), so they always overlap the writes
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and ingest.poll() is None and _count_articles(db_url, dialect) <= before:
            time.sleep(0.05)
        stop = time.monotonic() + 20
        latencies: list[float] = []
        errors: list[str] = []
        seen: dict[str, tuple[int, int]] = {}  # article ref -> (facts, quotes) seen by a reader
        lock = threading.Lock()

        def client(k: int) -> None:
            rng = random.Random(k)
            with httpx.Client(base_url=base, timeout=30) as c:
                while time.monotonic() < stop and (ingest.poll() is None or len(latencies) < 400):
                    pick = rng.random()
                    t0 = time.perf_counter()
                    try:
                        if pick < 0.3:
                            ref = rng.choice(refs)
                            r = c.get(f"/api/articles/{ref}")
                            if r.status_code == 200:
                                a: Any = r.json()
                                with lock:
                                    seen[ref] = (len(a["facts"]), len(a["quotes"]))
                            elif r.status_code != 404:
                                errors.append(f"{r.status_code} {r.url}")
                        else:
                            if pick < 0.5:
                                r = c.get("/api/titles", params={"q": "The", "limit": 20})
                            elif pick < 0.65:
                                r = c.get("/api/search", params={"q": rng.choice(["the", "Skyline", "Lantern", "a"])})
                            elif pick < 0.8:
                                r = c.get("/")
                            else:
                                titles = c.get("/api/titles", params={"limit": 50}).json()
                                r = c.get(f"/titles/{rng.choice(titles)['id']}")
                            if r.status_code != 200:
                                errors.append(f"{r.status_code} {r.url}")
                    except httpx.HTTPError as e:
                        errors.append(f"{type(e).__name__}: {e}")
                    with lock:
                        latencies.append(time.perf_counter() - t0)

        threads = [threading.Thread(target=client, args=(k,)) for k in range(20)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        ingest_rc = ingest.wait(timeout=600)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    assert ingest_rc == 0, ingest.stderr.read() if ingest.stderr else ""
    assert not errors, errors[:5]
    assert len(seen) >= 1, "no reader saw an ingested article"
    final = per_article(db_url)
    partial = {ref: (got, final[ref]) for ref, got in seen.items() if (got[0], got[1]) != final[ref]}
    assert not partial, f"readers saw partially-ingested articles: {list(partial.items())[:3]}"
    latencies.sort()
    report = {
        "backend": dialect,
        "clients": 20,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
        "articles_seen_mid_ingest": len(seen),
    }
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / f"load-{dialect}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report))
