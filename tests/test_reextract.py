"""`slate reextract`: the current extractor run again over the stored articles. New rows carry the
new version, the old ones are kept and no longer answer; resumable after SIGKILL, idempotent; a
database of schema version 1 is upgraded in place. Both backends, real extractors, real databases."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from _gen import articles as generated  # noqa: E402
from slate import query as q  # noqa: E402
from slate.api import create_app  # noqa: E402
from slate.cli import cli  # noqa: E402
from slate.errors import NotFoundError  # noqa: E402
from slate.extract import Extractor  # noqa: E402
from slate.models import Article  # noqa: E402
from slate.pipeline import ingest_stream, reextract  # noqa: E402
from slate.store import SCHEMA_VERSION, open_store  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")

# invented articles (no real production, person or company)
TEXTS = [
    ("copper-meadow-2023-02-06", "2023-02-06",
     "Harbourlight Pictures has hired Tomasz Wierzbicki to direct Copper Meadow, a drama about a family of "
     "beekeepers. Wierzbicki will also write the screenplay. The film stars Ines Carvalho as the beekeeper Marta Sol "
     "and will shoot in Porto this spring. Harbourlight plans to release Copper Meadow on November 8, 2024."),
    ("copper-meadow-2023-02-14", "2023-02-14",
     "Copper Meadow will open on November 22, 2024, Harbourlight Pictures said. Ines Carvalho leads the cast of the "
     "drama, which Tomasz Wierzbicki directs."),
    ("copper-meadow-2023-09-30", "2023-09-30",
     "Harbourlight Pictures has delayed Copper Meadow to March 14, 2025. The drama, directed by Tomasz Wierzbicki, "
     "wrapped filming in Porto in August. \u201cThe bees were the hardest actors I have ever worked with,\u201d "
     "Ines Carvalho told Variety."),
    ("night-ferry-2024-01-15", "2024-01-15",
     "Netflix has ordered Night Ferry, a thriller series created by Odile Marchetti. Production begins in Tallinn in "
     "March, with Jonas Lindqvist starring as the ferry captain Arvo Kask. Marchetti will direct the first two "
     "episodes."),
    ("night-ferry-2024-06-03", "2024-06-03",
     "Night Ferry is now titled The Last Crossing, Netflix said on Monday. The series from Odile Marchetti, which "
     "stars Jonas Lindqvist, will premiere on October 4, 2024."),
    ("last-crossing-2024-09-20", "2024-09-20",
     "The Last Crossing opens on Netflix on October 4. Jonas Lindqvist stars as Arvo Kask in the series, which was "
     "filmed in Tallinn. The Last Crossing in Estonia is the biggest production the country has hosted."),
]  # fmt: skip
#: a title only the trained recogniser finds (slate_titles "union"); with the model "off" it is
#: "Last Crossing", the same production as "The Last Crossing"
MODEL_ONLY = "Last Crossing opens"


def mine() -> list[Article]:
    return [Article.create(text=t, published=date.fromisoformat(d), ref=r) for r, d, t in TEXTS]


def ingest(url: str, ex: Extractor, items: list[Article]) -> None:
    store = open_store(url)
    try:
        summary = ingest_stream(store, items, extractor=ex, batch_size=8)
    finally:
        store.close()
    assert summary.new == len(items) and summary.failed == 0


def run_reextract(url: str, ex: Extractor) -> Any:
    store = open_store(url)
    try:
        return reextract(store, extractor=ex, batch_size=4)
    finally:
        store.close()


_SURROGATES = {"id", "title_id", "entity_id", "root", "ingested_at"}


def _no_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_ids(v) for k, v in value.items() if k not in _SURROGATES}
    if isinstance(value, list):
        return [_no_ids(v) for v in value]
    return value


def answers(url: str) -> dict[str, Any]:
    """Everything a user can ask (titles, dossiers now and as of dates, timelines, aliases,
    contradictions, articles, search, people), surrogate ids left out."""
    store = open_store(url, readonly=True)
    out: dict[str, Any] = {}
    try:
        titles = q.list_titles(store)
        out["titles"] = titles
        for t in titles:
            for as_of in (None, date(2023, 3, 1), date(2024, 7, 1)):
                out[f"{t.name}@{as_of}"] = q.dossier(store, t.id, as_of=as_of)
            out[f"{t.name}:timeline"] = q.timeline(store, t.id)
            out[f"{t.name}:aliases"] = q.aliases(store, t.id)
            out[f"{t.name}:maybe"] = [m.name for m in q.possible_matches(store, t.id)]
        out["contradictions"] = q.contradictions(store)
        out["articles"] = q.list_articles(store)
        for a in q.list_articles(store):
            out[f"article:{a.ref}"] = q.article_view(store, a.ref)
        for word in ("crossing", "copper", "lindqvist", "harbourlight", "bees", "netflix"):
            found = q.search(store, word)
            out[f"search:{word}"] = found
            for p in found["people"]:
                out[f"person:{p['name']}"] = q.person(store, int(p["id"]))
        out["counts"] = store.counts()
    finally:
        store.close()
    return dict(_no_ids(q.to_jsonable(out)))


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row (of every version), by content: no surrogate ids, no recording times."""
    store = open_store(url, readonly=True)
    try:
        sql = {
            "articles": "SELECT ref, extractor_version FROM articles",
            "claims": "SELECT ar.ref, c.extractor_version, c.title_name, c.rel, c.value, c.character, c.region,"
            " c.medium, c.span_start, c.span_end FROM claims c JOIN articles ar ON ar.id = c.article_id",
            "quotes": "SELECT ar.ref, qu.extractor_version, qu.speaker, qu.text, qu.span_start FROM quotes qu"
            " JOIN articles ar ON ar.id = qu.article_id",
            "title_aliases": "SELECT ar.ref, a.extractor_version, a.alias, a.key, a.strong, a.reason"
            " FROM title_aliases a JOIN articles ar ON ar.id = a.article_id",
            "title_links": "SELECT ar.ref, l.extractor_version, l.name, l.other_name, l.reason, l.merged"
            " FROM title_links l JOIN articles ar ON ar.id = l.article_id",
        }
        return {k: sorted(tuple(r.values()) for r in store._rows(s)) for k, s in sql.items()}
    finally:
        store.close()


def versions(url: str, table: str) -> dict[str, int]:
    store = open_store(url, readonly=True)
    try:
        rows = store._rows(f"SELECT extractor_version AS v, COUNT(*) AS n FROM {table} GROUP BY extractor_version")
        return {str(r["v"]): int(r["n"]) for r in rows}
    finally:
        store.close()


def test_answers_follow_the_new_extraction_only(
    db_url: str, tmp_path: Path, extractor: Extractor, titles_off: Extractor
) -> None:
    ingest(db_url, extractor, mine())
    before = answers(db_url)
    assert MODEL_ONLY in [t["name"] for t in before["titles"]]
    old_claims = versions(db_url, "claims")
    assert list(old_claims) == [extractor.version]
    store = open_store(db_url, readonly=True)
    old_id = q.find_title(store, MODEL_ONLY)
    store.close()

    summary = run_reextract(db_url, titles_off)
    assert (summary.reextracted, summary.current, summary.failed, summary.stopped) == (6, 0, 0, None)
    assert summary.version == titles_off.version
    assert summary.claims_before == sum(old_claims.values())

    # the answers are those of a database made with the new extractor from the start
    fresh = str(tmp_path / "fresh.db")
    ingest(fresh, titles_off, mine())
    after = answers(db_url)
    assert after == answers(fresh)
    assert after != before
    assert summary.claims_after == after["counts"]["claims"]

    # the title only the old extraction named answers nowhere: not listed, not found, not searched, 404
    assert MODEL_ONLY not in [t["name"] for t in after["titles"]]
    names = [a for k, v in after.items() if "@" in k for a in [v["name"], *v["aliases"]]]
    names += [t["name"] for k, v in after.items() if k.startswith("search:") for t in v["titles"]]
    names += [f["title"] for k, v in after.items() if k.startswith("article:") for f in v["facts"]]
    assert names and MODEL_ONLY not in names
    store = open_store(db_url, readonly=True)
    with pytest.raises(NotFoundError):
        q.find_title(store, MODEL_ONLY)
    store.close()
    with TestClient(create_app(db_url)) as c:
        assert c.get(f"/api/titles/{old_id}").status_code == 404
        listed = c.get("/api/titles").json()
        assert MODEL_ONLY not in [t["name"] for t in listed]
        # "Last Crossing" (the new extraction's name, the latest one) is The Last Crossing: one production
        (crossing,) = [t for t in listed if "The Last Crossing" in t["aliases"]]
        assert crossing["name"] == "Last Crossing"
        dossier = c.get(f"/api/titles/{crossing['id']}").json()
        assert any(s["ref"] == "last-crossing-2024-09-20" for v in dossier["facts"]["cast"] for s in v["sources"])
        page = c.get("/api/articles/last-crossing-2024-09-20").json()
        assert {f["title"] for f in page["facts"]} == {"Last Crossing"}

    # the old rows are kept, beside the new ones
    kept = versions(db_url, "claims")
    assert kept[extractor.version] == old_claims[extractor.version]
    assert kept[titles_off.version] == after["counts"]["claims"]
    assert set(versions(db_url, "title_aliases")) == {extractor.version, titles_off.version}

    # a second run finds nothing to do and changes nothing
    rows = dump(db_url)
    again = run_reextract(db_url, titles_off)
    assert (again.reextracted, again.current, again.failed) == (0, 6, 0)
    assert again.claims_before == again.claims_after == summary.claims_after
    assert dump(db_url) == rows and answers(db_url) == after

    # back to the first extractor: its answers again (its earlier rows are replaced, not doubled)
    back = run_reextract(db_url, extractor)
    assert (back.reextracted, back.failed) == (6, 0)
    assert answers(db_url) == before
    assert versions(db_url, "claims") == kept


def _at_version(url: str, version: str) -> int:
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM articles WHERE extractor_version = %s", (version,)).fetchone()
            return int(row[0]) if row else 0
    with sqlite3.connect(f"file:{url}?mode=ro", uri=True, timeout=30) as conn:
        return int(conn.execute("SELECT count(*) FROM articles WHERE extractor_version = ?", (version,)).fetchone()[0])


def _copy(url: str, name: str, tmp_path: Path) -> str:
    """A second database with the same content (a file copy; PostgreSQL: CREATE DATABASE ... TEMPLATE)."""
    if url.startswith("postgresql"):
        import psycopg

        base, source = url.rsplit("/", 1)
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {source}_{name} TEMPLATE {source}")
        return f"{base}/{source}_{name}"
    target = tmp_path / f"{name}.db"
    with sqlite3.connect(url) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(url, target)
    return str(target)


def test_sigkill_mid_run_then_again_ends_like_one_run(
    db_url: str, tmp_path: Path, extractor: Extractor, titles_off: Extractor
) -> None:
    items = mine() + [
        Article.create(text=r["text"], published=date.fromisoformat(r["date"]), ref=r["id"], url=r["url"])
        for r in generated(150, seed=17)
    ]
    ingest(db_url, titles_off, items)
    whole = _copy(db_url, "whole", tmp_path)
    new = extractor.version  # what `slate reextract` runs: this Slate's extractor

    done = subprocess.run([SLATE, "reextract", "--db", whole, "-q"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert f"{len(items)} re-extracted, 0 already current, 0 failed; claims " in done.stderr

    proc = subprocess.Popen(
        [SLATE, "reextract", "--db", db_url, "-q", "--batch-size", "4"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and _at_version(db_url, new) < 20:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    if proc.stderr is not None:
        proc.stderr.close()
    halfway = _at_version(db_url, new)
    assert 20 <= halfway < len(items)
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    rest = subprocess.run([SLATE, "reextract", "--db", db_url, "-q"], capture_output=True, text=True, timeout=900)
    assert rest.returncode == 0, rest.stderr
    assert f"{len(items) - halfway} re-extracted, {halfway} already current, 0 failed" in rest.stderr
    assert dump(db_url) == dump(whole)
    assert answers(db_url) == answers(whole)
    noop = subprocess.run([SLATE, "reextract", "--db", db_url, "-q"], capture_output=True, text=True, timeout=900)
    assert noop.returncode == 0 and f"0 re-extracted, {len(items)} already current, 0 failed" in noop.stderr
    assert dump(db_url) == dump(whole)


def test_a_failed_article_is_one_line_and_keeps_its_extraction(
    db_path: Path, extractor: Extractor, titles_off: Extractor
) -> None:
    db = str(db_path)
    ingest(db, titles_off, mine())
    before = answers(db)
    victim = mine()[-1]
    with sqlite3.connect(db) as conn:  # the database refuses this article's new claims
        conn.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON claims WHEN NEW.article_id = ? AND NEW.extractor_version <> ?"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END".replace("?", "'{}'").format(
                victim.id, titles_off.version
            )
        )
    res = CliRunner().invoke(cli, ["reextract", "--db", db, "-q"])
    assert res.exit_code == 1, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [f"Error: {victim.ref}: not stored: refused by the test"], res.stderr
    assert "5 re-extracted, 0 already current, 1 failed; claims " in res.stderr
    # the failed article still answers with its earlier extraction, the others with the new one
    got = answers(db)
    assert got[f"article:{victim.ref}"] == before[f"article:{victim.ref}"]
    assert _at_version(db, extractor.version) == 5
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER refuse")
    res = CliRunner().invoke(cli, ["reextract", "--db", db, "-q"])
    assert res.exit_code == 0 and "1 re-extracted, 5 already current, 0 failed" in res.stderr, res.output
    fresh = str(db_path.with_name("fresh.db"))
    ingest(fresh, extractor, mine())
    assert answers(db) == answers(fresh)


def _downgrade_to_version_1(url: str) -> None:
    """Make the database exactly what Slate's schema version 1 wrote: no extractor_version on
    title_aliases and title_links (nor the indexes version 2 added), version 1 recorded."""
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as pg:
            for sql in DOWNGRADE:
                pg.execute(sql)
        return
    with sqlite3.connect(url, isolation_level=None) as conn:
        for sql in DOWNGRADE:
            conn.execute(sql)
        conn.execute("PRAGMA user_version = 1")


DOWNGRADE = [
    "DROP INDEX title_aliases_article",
    "DROP INDEX title_links_article",
    "ALTER TABLE title_aliases DROP COLUMN extractor_version",
    "ALTER TABLE title_links DROP COLUMN extractor_version",
    "UPDATE slate_meta SET value = '1' WHERE key = 'schema_version'",
]
V1_COLUMNS = {
    "title_aliases": ["id", "title_id", "alias", "key", "strong", "article_id", "published", "reason"],
    "title_links": ["id", "title_id", "other_id", "name", "other_name", "reason", "article_id", "sentence", "merged"],
}


def _columns(url: str, table: str) -> list[str]:
    store = open_store(url, readonly=True)  # (this upgrades a version-1 database: only used after)
    try:
        return [str(d[0]) for d in store._exec(f"SELECT * FROM {table} LIMIT 0").description]
    finally:
        store.close()


def test_a_version_1_database_is_upgraded_and_still_answers(
    db_url: str, extractor: Extractor, titles_off: Extractor
) -> None:
    ingest(db_url, extractor, mine())
    before = answers(db_url)
    rows = dump(db_url)
    _downgrade_to_version_1(url=db_url)
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            for table, cols in V1_COLUMNS.items():
                assert [r[1] for r in conn.execute(f"PRAGMA table_info({table})")] == cols

    # a read-only command on the old database: upgraded in place (through a writer), same answers
    res = CliRunner().invoke(cli, ["titles", "--db", db_url, "--json"])
    assert res.exit_code == 0, res.output
    assert answers(db_url) == before
    assert dump(db_url) == rows  # every alias and link filled with its article's version
    for table, cols in V1_COLUMNS.items():
        assert _columns(db_url, table) == [*cols, "extractor_version"]
    store = open_store(db_url)
    assert store.schema_version == int(SCHEMA_VERSION)
    assert store._one("SELECT value FROM slate_meta WHERE key = 'schema_version'") == {"value": SCHEMA_VERSION}
    store.close()
    if not db_url.startswith("postgresql"):
        with sqlite3.connect(db_url) as conn:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == int(SCHEMA_VERSION)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    # and it re-extracts like any other
    summary = run_reextract(db_url, titles_off)
    assert (summary.reextracted, summary.failed) == (6, 0)
    assert MODEL_ONLY not in [t["name"] for t in answers(db_url)["titles"]]


def test_reextract_help_has_an_example() -> None:
    res = CliRunner().invoke(cli, ["reextract", "--help"])
    assert res.exit_code == 0
    assert "Example:" in res.output and "slate reextract --db slate.db" in res.output
    for option in ("--db", "--workers", "--batch-size", "-q"):
        assert option in res.output
