"""Concurrent `slate ingest` processes on one PostgreSQL database give the database a sequential run
gives: schema creation and writes take turns under an advisory lock (as SQLite's BEGIN IMMEDIATE
does for a file, which the SIGKILL and load tests already run concurrently)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from slate.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import articles, write_jsonl  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")
COUNTER = itertools.count()

# every row of every table, without surrogate ids, recording times or row order
DUMP = {
    "articles": "SELECT id, ref, url, published, title, source_name, text FROM articles",
    "titles": "SELECT t.name, t.kind, r.name AS root FROM titles t"
    " JOIN titles r ON r.id = COALESCE(t.canonical_id, t.id)",
    "title_aliases": "SELECT t.name, a.alias, a.key, a.strong, a.article_id, a.reason FROM title_aliases a"
    " JOIN titles t ON t.id = a.title_id",
    "title_links": "SELECT t.name, o.name, l.reason, l.article_id, l.merged FROM title_links l"
    " JOIN titles t ON t.id = l.title_id JOIN titles o ON o.id = l.other_id",
    "entities": "SELECT type, name, key FROM entities",
    "claims": "SELECT c.article_id, t.name, c.title_name, c.rel, c.value, e.name, c.character, c.span_start, c.span_end"
    " FROM claims c JOIN titles t ON t.id = c.title_id LEFT JOIN entities e ON e.id = c.entity_id",
    "quotes": "SELECT q.article_id, t.name, q.speaker, e.name, q.text, q.span_start FROM quotes q"
    " LEFT JOIN titles t ON t.id = q.title_id LEFT JOIN entities e ON e.id = q.speaker_entity_id",
}


def dump(url: str) -> dict[str, Counter[tuple[Any, ...]]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {k: Counter(tuple(r) for r in conn.execute(sql).fetchall()) for k, sql in DUMP.items()}


def ingest_together(url: str, inputs: list[Path]) -> None:
    procs = [
        subprocess.Popen(
            [SLATE, "ingest", str(i), "--db", url, "-q", "--batch-size", "2"], stderr=subprocess.PIPE, text=True
        )
        for i in inputs
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert "Error" not in err and "Traceback" not in err, err


def test_concurrent_ingests_equal_a_sequential_run(tmp_path: Path, pg_server: str) -> None:
    def new_db() -> str:
        import psycopg

        name = f"slate_conc_{os.getpid()}_{next(COUNTER)}"
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return pg_server.rsplit("/", 1)[0] + "/" + name

    rows = articles(24, seed=17)  # 8 productions, each in 3 articles; 400 people, many shared
    part = {k: write_jsonl(rows[k::3], tmp_path / f"part{k}.jsonl") for k in range(3)}
    everything = write_jsonl(rows, tmp_path / "all.jsonl")
    sequential = new_db()
    subprocess.run([SLATE, "ingest", str(everything), "--db", sequential, "-q"], check=True, capture_output=True)
    want = dump(sequential)
    assert sum(want["articles"].values()) == 24 and sum(want["titles"].values()) == 8

    # fresh database: four at once (two with the same input), so schema creation, the same article,
    # the same production and the same people all race
    fresh = new_db()
    ingest_together(fresh, [part[0], part[0], part[1], part[2]])
    assert dump(fresh) == want

    # set-up database (the schema made before): two at once, one input inside the other
    setup = new_db()
    open_store(setup).close()
    ingest_together(setup, [part[1], everything])
    assert dump(setup) == want
