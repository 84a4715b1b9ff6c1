"""What changed: slate.query.changes (derived from claims, day by day, on both backends),
/api/changes, the /changes page, the Atom feeds, the home page and `slate changes`."""

from __future__ import annotations

import csv
import io
import json
import random
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from icalendar import Calendar

from slate import query as q
from slate.api import create_app
from slate.cli import cli
from slate.extract import Extractor
from slate.models import Article, Evidence, Extraction, Fact, TitleInfo, TitleLink
from slate.store import Store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import ARTICLE_A, ARTICLE_B  # noqa: E402
from slate.web.export import cell

# (ref, date, name used, other names, facts (rel, value, extra)); the story of one invented production
Row = tuple[str, str, str, tuple[str, ...], list[tuple[str, str, dict[str, str]]]]
STORY: list[Row] = [
    ("pc-1", "2024-01-10", "Paper Comet 2", (), [
        ("release_date", "2025-05-02", {}),
        ("director", "Ana Lund", {}),
        ("cast", "Rui Costa", {"character": "Max Vale"}),
        ("status", "announced", {}),
    ]),
    ("pc-2", "2024-04-01", "Paper Comet 2", (), [
        ("release_date", "2025-08-15", {"signal": "delayed"}),
        ("previous_release_date", "2025-05-02", {}),
        ("release_date", "2025-09-01", {"region": "UK"}),
        ("cast", "Mia Sol", {}),
        ("cast", "Rui Costa", {}),
        ("status", "filming", {}),
    ]),
    ("pc-3", "2024-07-01", "Paper Comet 2", (), [
        ("former_director", "Ana Lund", {}),
        ("director", "Ben Ode", {}),
        ("former_cast", "Rui Costa", {}),
        ("release_date", "2025-08-15", {}),
    ]),
    ("pc-4", "2024-10-01", "Paper Comet: Ascent", ("Paper Comet 2",), [
        ("status", "post_production", {}),
        ("release_date", "2025-08-15", {}),
    ]),
]  # fmt: skip

EXPECTED = [
    ("2024-01-10", "new_production", "new", None, "Paper Comet 2", None),
    ("2024-04-01", "release_date", "moved", "2025-05-02", "2025-08-15", None),
    ("2024-04-01", "release_date", "dated", None, "2025-09-01", "UK"),
    ("2024-04-01", "status", "changed", "announced", "filming", None),
    ("2024-04-01", "cast", "joined", None, "Mia Sol", None),
    ("2024-07-01", "director", "replaced", "Ana Lund", "Ben Ode", None),
    ("2024-07-01", "cast", "left", "Rui Costa as Max Vale", None, None),
    ("2024-10-01", "title", "retitled", "Paper Comet 2", "Paper Comet: Ascent", None),
    ("2024-10-01", "status", "changed", "filming", "post_production", None),
]


def build(store: Store, rows: list[Row]) -> None:
    for ref, day, name, others, facts in rows:
        article = Article.create(text=f"The story {ref}.", published=date.fromisoformat(day), ref=ref)
        links = [TitleLink(o, name, "now titled", Evidence(f"{o}, now titled {name}", 0, 5, 0, 9)) for o in others]
        extraction = Extraction(
            article,
            [TitleInfo(name, aliases=others)],
            [
                Fact(name, rel, value, Evidence(f"{name}: {rel} {value}.", 0, 5, 0, 20), **extra)  # type: ignore[arg-type]
                for rel, value, extra in facts
            ],
            [],
            links,
            "test",
        )
        assert store.add(article, extraction)


def shape(changes: list[q.Change]) -> list[tuple[str, str, str, str | None, str | None, str | None]]:
    return [(c.date, c.kind, c.verb, c.before, c.after, c.region) for c in changes]


@pytest.fixture
def story(fresh_db: Store) -> Store:
    build(fresh_db, STORY)
    return fresh_db


def test_changes_are_the_differences_between_days(story: Store) -> None:
    changes = q.changes(story)
    assert shape(changes) == EXPECTED
    assert {c.title for c in changes} == {"Paper Comet: Ascent"}  # today's name on every change
    moved = changes[1]
    assert [s["ref"] for s in moved.before_sources] == ["pc-1"]
    assert [s["ref"] for s in moved.after_sources] == ["pc-2"]
    assert moved.summary == "Release date moved from 2025-05-02 to 2025-08-15"
    left = next(c for c in changes if c.verb == "left")
    assert [s["ref"] for s in left.before_sources] == ["pc-2"] and [s["ref"] for s in left.after_sources] == ["pc-3"]
    retitled = next(c for c in changes if c.kind == "title")
    assert [s["ref"] for s in retitled.before_sources] == ["pc-1"] and retitled.after_sources[0]["ref"] == "pc-4"
    assert len({c.id for c in changes}) == len(changes)
    assert all(c.recorded_at for c in changes)


def test_each_change_is_what_the_as_of_dossier_says_on_the_day_and_the_day_before(story: Store) -> None:
    tid = q.find_title(story, "Paper Comet 2")
    for c in q.changes(story, kinds=["release_date", "status", "director"]):
        day = date.fromisoformat(c.date)
        before = q.dossier(story, tid, as_of=day - timedelta(days=1))["facts"]
        after = q.dossier(story, tid, as_of=day)["facts"]

        def shown(facts: dict[str, Any], c: q.Change = c) -> str | None:
            vals = [v for v in facts.get(c.kind, []) if v.get("region") == c.region and v.get("medium") == c.medium]
            sep = ", " if c.kind == "director" else " / "
            return sep.join(sorted(v["value"] for v in vals)) or None

        assert (shown(before), shown(after)) == (c.before, c.after), c


def test_filters_since_until_title_and_kind(story: Store) -> None:
    assert shape(q.changes(story, since=date(2024, 7, 1))) == EXPECTED[5:]
    assert shape(q.changes(story, until=date(2024, 1, 10))) == EXPECTED[:1]
    assert [c.verb for c in q.changes(story, kinds={"cast"})] == ["joined", "left"]
    tid = q.find_title(story, "Paper Comet: Ascent")
    assert shape(q.changes(story, title_id=tid)) == EXPECTED
    for limit in (2, 5, 50):  # read from the last month, the last half year, everything
        assert q.latest_changes(story, limit=limit) == q.changes(story)[::-1][:limit]
    assert q.latest_changes(story, limit=3, kinds={"status"}) == q.changes(story, kinds={"status"})[::-1]


def test_ids_are_stable_across_databases_and_ingest_orders(story: Store, tmp_path: Path) -> None:
    ids = {(c.date, c.kind, c.after): c.id for c in q.changes(story)}
    rows = list(STORY)
    random.Random(7).shuffle(rows)
    with open_store(tmp_path / "other.db") as other:
        build(other, rows)
        assert {(c.date, c.kind, c.after): c.id for c in q.changes(other)} == ids
    assert q.feed_id() == q.feed_id()


def test_api_page_atom_and_home(story: Store, db_url: str) -> None:
    tid = q.find_title(story, "Paper Comet 2")
    with TestClient(create_app(db_url)) as c:
        rows = c.get("/api/changes").json()
        assert [(r["date"], r["kind"]) for r in rows] == [(e[0], e[1]) for e in EXPECTED][::-1]  # newest first
        assert rows[-1]["after_sources"][0]["ref"] == "pc-1"
        assert [r["kind"] for r in c.get("/api/changes", params={"kind": "title,director"}).json()] == [
            "title", "director"
        ]  # fmt: skip
        assert len(c.get("/api/changes", params={"since": "2024-07-01", "limit": 2}).json()) == 2
        assert c.get("/api/changes", params={"title_id": tid}).json() == rows
        bad = c.get("/api/changes", params={"kind": "gossip"})
        assert bad.status_code == 422 and "unknown kind" in bad.json()["error"]
        assert c.get("/api/changes", params={"since": "2024-02-30"}).status_code == 422
        assert c.get("/api/changes", params={"title_id": 999999}).status_code == 404

        page = c.get("/changes")
        assert page.status_code == 200 and 'href="/api/changes"' in page.text
        day = page.text.index('<h2><time datetime="2024-04-01">')
        assert page.text.index('<h2><time datetime="2024-07-01">') < day  # day by day, newest first
        assert page.text.index("Retitled from") < page.text.index("Status filming")  # a day in kind order
        assert "<del>2025-05-02</del>" in page.text and "<ins>2025-08-15</ins>" in page.text
        assert "/articles/pc-1" in page.text and "/articles/pc-2" in page.text  # both sources
        assert 'href="/api/changes?kind=cast"' in c.get("/changes", params={"kind": "cast"}).text

        home = c.get("/").text
        assert "Retitled from Paper Comet 2 to Paper Comet: Ascent" in home and 'href="/changes"' in home

        for url in ("/changes.atom", f"/titles/{tid}/changes.atom"):
            resp = c.get(url)
            assert resp.headers["content-type"].startswith("application/atom+xml")
            check_atom(resp.content)
            feed = feedparser.parse(resp.content)
            assert not feed.bozo, feed.bozo_exception
            assert len(feed.entries) == len(EXPECTED)
            assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
            assert {e.id for e in feed.entries} == {f"urn:uuid:{x.id}" for x in q.changes(story)}
            moved = next(e for e in feed.entries if "moved from 2025-05-02" in e.title)
            assert moved.title == "Paper Comet: Ascent: Release date moved from 2025-05-02 to 2025-08-15"
            assert moved.updated == "2024-04-01T00:00:00Z" and moved.tags[0].term == "release_date"
            assert moved.link == f"http://testserver/titles/{tid}"
            assert "pc-1" in moved.summary and "pc-2" in moved.summary  # before and after, with sources
        assert c.get("/titles/999999/changes.atom").status_code == 404
        title_page = c.get(f"/titles/{tid}").text
        assert f'href="/titles/{tid}.ics"' in title_page and f'href="/titles/{tid}/changes.atom"' in title_page
        one = c.get("/changes", params={"title_id": tid})
        assert f'href="/api/changes?title_id={tid}"' in one.text and one.text.count('class="change change-') == 9
        assert f'href="/titles/{tid}/changes.atom"' in one.text
        assert c.get("/changes", params={"title_id": 999999}).status_code == 404


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def as_cells(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    """/api/changes's objects as the CSV should show them: a cell a spreadsheet would run starts with '."""
    return [tuple(cell(r[k]) for k in ("date", "kind", "verb", "title", "before", "after", "id")) for r in rows]


def test_changes_have_a_csv_twin_safe_in_a_spreadsheet(story: Store, db_url: str) -> None:
    evil = "=cmd|' /C calc'!A0"  # a production, and cast members, whose names a spreadsheet would run
    build(story, [
        ("ev-1", "2024-11-01", evil, (), [("release_date", "2026-01-09", {})]),
        ("ev-2", "2024-12-01", evil, (), [("cast", "@Lee Ward", {}), ("cast", "-Kit Moss", {}),
                                          ("cast", "+Ida Park", {})]),
    ])  # fmt: skip
    tid = q.find_title(story, "Paper Comet 2")
    with TestClient(create_app(db_url)) as c:
        everything = c.get("/api/changes").json()
        for url in ["/changes.csv", "/changes?format=csv", "/api/changes?format=csv"]:
            r = c.get(url)
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), url
            assert r.text.splitlines()[0].split(",") == list(q.CHANGE_COLUMNS), url
            rows = read_csv(r.text)
            got = [tuple(x[k] for k in ("date", "kind", "verb", "title", "before", "after", "id")) for x in rows]
            assert got == as_cells(everything), url  # the same changes, newest first
            moved = next(x for x in rows if x["verb"] == "moved")
            assert (moved["before_sources"], moved["after_sources"]) == ("2024-01-10 pc-1", "2024-04-01 pc-2"), url
            assert moved["summary"] == "Release date moved from 2025-05-02 to 2025-08-15" and moved["region"] == ""
            cast = {(x["title"], x["after"]) for x in rows if x["kind"] == "cast"}
            assert {("'" + evil, "'@Lee Ward"), ("'" + evil, "'-Kit Moss"), ("'" + evil, "'+Ida Park")} <= cast, url
            new = next(x for x in rows if x["kind"] == "new_production" and x["title"] != "Paper Comet: Ascent")
            assert new["after"] == "'" + evil and new["date"] == "2024-11-01", url
        # the same filters as the page and the JSON
        assert [x["after"] for x in read_csv(c.get("/changes.csv?kind=cast").text)] == [
            cell(r["after"]) for r in c.get("/api/changes", params={"kind": "cast"}).json()
        ]  # fmt: skip
        assert {x["title"] for x in read_csv(c.get(f"/changes.csv?title_id={tid}").text)} == {"Paper Comet: Ascent"}
        assert len(read_csv(c.get(f"/changes?title_id={tid}&since=2024-07-01&format=csv").text)) == 4
        assert len(read_csv(c.get("/api/changes?format=csv&limit=2&offset=1").text)) == 2
        assert read_csv(c.get("/changes.csv?since=2025-01-01").text) == []
        assert c.get("/changes.csv?kind=gossip").status_code == 422
        assert c.get("/changes.csv?title_id=999999").status_code == 404
        assert c.get("/api/changes?format=xml").status_code == 422
        assert '<a class="csv" href="/changes.csv?kind=cast">CSV</a>' in c.get("/changes?kind=cast").text
        assert f'<a class="csv" href="/changes.csv?title_id={tid}">CSV</a>' in c.get(f"/changes?title_id={tid}").text


def check_atom(body: bytes) -> None:
    """The elements RFC 4287 requires: feed id, title, updated, author; each entry's id, title, updated."""
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(body)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    for tag in ("a:id", "a:title", "a:updated", "a:author/a:name", "a:link[@rel='self']"):
        assert root.find(tag, ns) is not None, tag
    for entry in root.findall("a:entry", ns):
        for tag in ("a:id", "a:title", "a:updated", "a:link[@rel='alternate']", "a:content[@type='html']"):
            assert entry.find(tag, ns) is not None, tag


# -- real articles (the team's words, invented names), through the extractor -------------------------


def ingest(store: Store, extractor: Extractor, *articles: tuple[str, str, str]) -> None:
    for day, ref, text in articles:
        article = Article.create(text=text, published=date.fromisoformat(day), ref=ref)
        store.add(article, extractor.extract(article))


def test_a_later_article_moving_the_date_is_a_change_in_the_feed(
    fresh_db: Store, db_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    ingest(fresh_db, extractor, ARTICLE_A)
    with TestClient(create_app(db_url)) as c:
        first = feedparser.parse(c.get("/changes.atom").content)
    assert [e.tags[0].term for e in first.entries] == ["new_production"]
    ingest(fresh_db, extractor, ARTICLE_B)
    with TestClient(create_app(db_url)) as c:
        second = feedparser.parse(c.get("/changes.atom").content)
        tid = c.get("/api/titles").json()[0]["id"]
        per_title = feedparser.parse(c.get(f"/titles/{tid}/changes.atom").content)
    kinds = sorted((e.tags[0].term, e.title.split(": ", 1)[1]) for e in second.entries)
    assert ("release_date", "Release date moved from 2026-06-05 to 2026-09-18") in kinds
    assert ("release_date", "Release date (UK) announced: 2026-10-02") in kinds
    assert any(k == "cast" and "Lila Moreno" in t for k, t in kinds)
    assert first.entries[0].id in {e.id for e in second.entries}  # an entry keeps its id
    assert {e.id for e in per_title.entries} == {e.id for e in second.entries}
    # another database with the same articles, stored the other way round: the same entries
    with open_store(tmp_path / "again.db") as again:
        ingest(again, extractor, ARTICLE_B, ARTICLE_A)
        assert {x.id for x in q.changes(again)} == {e.id.removeprefix("urn:uuid:") for e in second.entries}


def test_cli_changes_json_and_text(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        build(store, STORY)
    runner = CliRunner()
    res = runner.invoke(cli, ["changes", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [(r["date"], r["kind"], r["verb"], r["before"], r["after"], r["region"]) for r in rows] == EXPECTED
    assert set(rows[1]) >= {"id", "title_id", "title", "summary", "before_sources", "after_sources"}
    res = runner.invoke(cli, ["changes", "--db", str(db), "--since", "2024-07-01", "--kind", "director", "--json"])
    assert [r["summary"] for r in json.loads(res.output)] == ["Director Ana Lund replaced by Ben Ode"]
    res = runner.invoke(cli, ["changes", "--db", str(db), "--title", "paper comet 2"])
    assert res.exit_code == 0 and res.output.splitlines()[0].split() == ["date", "title", "kind", "change", "source"]
    assert "2024-04-01  Paper Comet: Ascent  release_date    Release date moved from 2025-05-02 to 2025-08-15" in (
        res.output
    )
    res = runner.invoke(cli, ["changes", "--db", str(db), "--kind", "gossip"])
    assert res.exit_code == 1 and res.output.strip().startswith("Error: unknown kind of change 'gossip'")
    res = runner.invoke(cli, ["changes", "--db", str(db), "--title", "Nope Comet"])
    assert res.exit_code == 1 and res.output.count("\n") == 1


# -- hostile names, and a real browser ------------------------------------------------------------

EVIL = "<script>window.__pwned = 1; alert('x')</script>"


def test_hostile_names_are_escaped_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "evil.db"
    rows: list[Row] = [
        ("ev-1", "2024-01-10", f"Night Shift {EVIL}", (), [("release_date", "2025-05-02", {}), ("cast", EVIL, {})]),
        ("ev-2", "2024-02-10", f"Night Shift {EVIL}", (), [("release_date", "2025-06-02", {}), ("status", EVIL, {})]),
    ]
    with open_store(db) as store:
        build(store, rows)
    with TestClient(create_app(str(db))) as c:
        for url in ("/", "/changes", "/releases"):
            page = c.get(url).text
            assert "<script>" not in page and "&lt;script&gt;" in page, url
        atom = c.get("/changes.atom").content
        check_atom(atom)  # well-formed: the names are escaped XML text
        assert b"<script>" not in atom
        feed = feedparser.parse(atom)
        assert not feed.bozo and any(EVIL in e.title for e in feed.entries)
        cal = c.get("/releases.ics").content
        assert EVIL in str(Calendar.from_ical(cal).walk("VEVENT")[0]["SUMMARY"])


CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (./dev test installs it)")
def test_releases_and_changes_pages_in_chromium(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    from playwright.sync_api import expect, sync_playwright

    db = tmp_path / "web.db"
    with open_store(db) as store:
        build(store, STORY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    slate = str(Path(sys.executable).parent / "slate")
    proc = subprocess.Popen([slate, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/titles?limit=1", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.goto(base + "/")
            page.click("a[href='/releases']")
            expect(page.locator("main h2")).to_have_text(["August 2025", "September 2025"])
            expect(page.locator(".badge.moved")).to_have_text("moved from 2025-05-02 on 2024-04-01")
            page.goto(base + "/changes")
            moved = page.locator("li.change-release_date").filter(has_text="moved from 2025-05-02")
            expect(moved.locator("del")).to_have_text("2025-05-02")
            expect(moved.locator("ins")).to_have_text("2025-08-15")
            source = moved.locator(".before details.source")
            source.locator("summary").click()
            expect(source.locator("a")).to_have_attribute("href", "/articles/pc-1")
            page.select_option("select[name=kind]", "cast")
            page.click("form.filters button")
            expect(page.locator("li.change")).to_have_count(2)
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_retitling_said_again_is_one_change(tmp_path: Path) -> None:
    again: Row = ("pc-5", "2024-11-20", "Paper Comet: Ascent", ("Paper Comet 2",), [("status", "post_production", {})])
    with open_store(tmp_path / "again.db") as store:
        build(store, [*STORY, again])
        assert [(c.date, c.verb) for c in q.changes(store, kinds={"title"})] == [("2024-10-01", "retitled")]
        assert q.changes(store, since=date(2024, 11, 1)) == []  # nothing new was said
