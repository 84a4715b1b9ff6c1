"""The release calendar: slate.query.releases, /api/releases, /releases, the iCalendar files
(read back with icalendar) and `slate releases` (--json, --csv read back with csv), on both backends."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from icalendar import Calendar

from slate import query as q
from slate.api import create_app
from slate.cli import cli
from slate.extract import Extractor
from slate.models import Article, Evidence, Extraction, Fact, TitleInfo
from slate.store import Store, open_store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import ARTICLE_A, ARTICLE_B  # noqa: E402

# the team's words, invented names: another film dated to a month (A and B: a film dated, then moved)
ARTICLE_C = (
    "2026-02-20",
    "copper-harbor-dated",
    "Northgate Studios has dated Copper Harbor, the sailing drama starring Ruth Ibsen, for release in March 2027. "
    "Director Tomas Keller said filming wraps in May.",
)


def ingest(store: Store, extractor: Extractor, *articles: tuple[str, str, str]) -> None:
    for day, ref, text in articles:
        article = Article.create(text=text, published=date.fromisoformat(day), ref=ref)
        assert store.add(article, extractor.extract(article))


def events(body: bytes) -> dict[str, Any]:
    """The VEVENTs of an iCalendar file by their summary."""
    cal = Calendar.from_ical(body)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    out = {}
    for ev in cal.walk("VEVENT"):
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "SUMMARY"):
            assert prop in ev, prop
        out[str(ev["SUMMARY"])] = ev
    return out


def test_ics_keeps_its_uid_and_raises_sequence_when_the_date_moves(
    fresh_db: Store, db_url: str, extractor: Extractor, tmp_path: Path
) -> None:
    ingest(fresh_db, extractor, ARTICLE_A)
    with TestClient(create_app(db_url)) as c:
        tid = c.get("/api/titles").json()[0]["id"]
        resp = c.get(f"/titles/{tid}.ics")
        assert resp.headers["content-type"].startswith("text/calendar")
        (before,) = events(resp.content).values()
    assert before.decoded("DTSTART") == date(2026, 6, 5) and not isinstance(before.decoded("DTSTART"), datetime)
    assert before.decoded("DTEND") == date(2026, 6, 6)  # all day
    assert before.decoded("SEQUENCE") == 0 and before.decoded("LAST-MODIFIED").date() == date(2026, 1, 12)

    ingest(fresh_db, extractor, ARTICLE_B)  # a later article moves the date, and gives a UK one
    with TestClient(create_app(db_url)) as c:
        after = events(c.get(f"/titles/{tid}.ics").content)
        whole = events(c.get("/releases.ics").content)
    main, uk = after["Tin Lantern Road released"], after["Tin Lantern Road (UK) released"]
    assert str(main["UID"]) == str(before["UID"])  # the same event, moved
    assert main.decoded("DTSTART") == date(2026, 9, 18) and main.decoded("SEQUENCE") == 1
    assert main.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert main.decoded("LAST-MODIFIED").date() == date(2026, 3, 2) == main.decoded("DTSTAMP").date()
    assert "Moved from 2026-06-05" in str(main["DESCRIPTION"]) and "tin-lantern-road-moved" in str(main["DESCRIPTION"])
    assert str(uk["UID"]) != str(main["UID"]) and uk.decoded("SEQUENCE") == 0
    assert uk.decoded("DTSTART") == date(2026, 10, 2)
    assert {str(e["UID"]) for e in whole.values()} == {str(main["UID"]), str(uk["UID"])}

    # stable across runs and databases: another database, the articles stored the other way round
    with open_store(tmp_path / "other.db") as other:
        ingest(other, extractor, ARTICLE_B, ARTICLE_A)
        rows = {(r.region, r.date): (r.uid, r.moves) for r in q.releases(other)}
    assert rows == {(None, "2026-09-18"): (str(main["UID"]), 1), ("UK", "2026-10-02"): (str(uk["UID"]), 0)}


def test_a_month_only_date_is_a_note_not_a_made_up_day(fresh_db: Store, db_url: str, extractor: Extractor) -> None:
    ingest(fresh_db, extractor, ARTICLE_C)
    (row,) = q.releases(fresh_db)
    assert (row.title, row.date, row.precision) == ("Copper Harbor", "2027-03", "month")
    with TestClient(create_app(db_url)) as c:
        (ev,) = events(c.get("/releases.ics").content).values()
        page = c.get("/releases").text
    assert str(ev["SUMMARY"]) == "Copper Harbor released in March 2027 (day not announced)"
    assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == (date(2027, 3, 1), date(2027, 4, 1))  # the whole month
    assert str(ev["STATUS"]) == "TENTATIVE" and "no day given" in str(ev["DESCRIPTION"])
    assert "<h2>March 2027</h2>" in page and '2027-03 <span class="muted">(month only)</span>' in page
    # a month overlapping --from/--to is inside them
    assert [r.date for r in q.releases(fresh_db, start=date(2027, 3, 20))] == ["2027-03"]
    assert q.releases(fresh_db, start=date(2027, 4, 1)) == [] and q.releases(fresh_db, end=date(2027, 2, 28)) == []


def test_api_and_page_filters_and_moved_badge(fresh_db: Store, db_url: str, extractor: Extractor) -> None:
    ingest(fresh_db, extractor, ARTICLE_A, ARTICLE_B, ARTICLE_C)
    with TestClient(create_app(db_url)) as c:
        rows = c.get("/api/releases").json()
        assert [(r["title"], r["date"], r["region"]) for r in rows] == [
            ("Tin Lantern Road", "2026-09-18", None),
            ("Tin Lantern Road", "2026-10-02", "UK"),
            ("Copper Harbor", "2027-03", None),
        ]
        main = rows[0]
        assert (main["previous"], main["moved_on"], main["moves"], main["precision"]) == (
            "2026-06-05", "2026-03-02", 1, "day"
        )  # fmt: skip
        assert main["sources"][0]["ref"] == "tin-lantern-road-moved" and main["uid"]
        assert [r["region"] for r in c.get("/api/releases", params={"region": "uk"}).json()] == ["UK"]
        got = c.get("/api/releases", params={"from": "2026-10-01", "to": "2026-12-31"}).json()
        assert [r["date"] for r in got] == ["2026-10-02"]
        assert c.get("/api/releases", params={"kind": "series"}).json() == []
        assert c.get("/api/releases", params={"kind": "opera"}).status_code == 422
        assert c.get("/api/releases", params={"from": "2026-02-30"}).status_code == 422

        page = c.get("/releases")
        assert page.status_code == 200 and '<link rel="alternate" type="application/json" href="/api/releases">' in (
            page.text
        )
        sections = [s.split("</h2>")[0] for s in page.text.split("<h2>")[1:]]
        assert sections == ["September 2026", "October 2026", "March 2027"]
        assert 'class="badge moved" title="moved on 2026-03-02">moved from 2026-06-05 on 2026-03-02' in page.text
        uk = c.get("/releases", params={"region": "UK"}).text
        assert 'href="/api/releases?region=UK"' in uk and 'href="/releases.ics?region=UK"' in uk
        assert "Copper Harbor" not in uk
        assert c.get("/titles/999999.ics").status_code == 404


def _story(store: Store, name: str, day: str, release: str) -> None:
    article = Article.create(text=f"{name} opens {release}.", published=date.fromisoformat(day), ref=f"r-{day}")
    fact = Fact(name, "release_date", release, Evidence(f"{name} opens {release}.", 0, 4, 0, 20))
    assert store.add(article, Extraction(article, [TitleInfo(name)], [fact], [], [], "test"))


def test_cli_releases_json_csv_and_text(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    with open_store(db) as store:
        _story(store, "Velvet Orbit", "2025-01-05", "2025-09-12")
        _story(store, "Velvet Orbit", "2025-03-01", "2025-11-21")
        _story(store, "=HYPERLINK(1) Night", "2025-02-02", "2026")  # a name a spreadsheet would run
    runner = CliRunner()
    res = runner.invoke(cli, ["releases", "--db", str(db), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [(r["title"], r["date"], r["precision"], r["previous"], r["moves"]) for r in rows] == [
        ("Velvet Orbit", "2025-11-21", "day", "2025-09-12", 1),
        ("=HYPERLINK(1) Night", "2026", "year", None, 0),
    ]
    res = runner.invoke(cli, ["releases", "--db", str(db), "--csv"])
    assert res.exit_code == 0, res.output
    table = list(csv.DictReader(io.StringIO(res.output)))
    assert [(r["title"], r["date"], r["previous"], r["moved_on"], r["moves"]) for r in table] == [
        ("Velvet Orbit", "2025-11-21", "2025-09-12", "2025-03-01", "1"),
        ("'=HYPERLINK(1) Night", "2026", "", "", "0"),  # neutralised: shown as text, never run
    ]
    assert table[0]["sources"] == "2025-03-01 r-2025-03-01" and table[0]["uid"] == rows[0]["uid"]
    res = runner.invoke(cli, ["releases", "--db", str(db), "--from", "2025-10-01", "--to", "2025-12-31"])
    assert res.output.splitlines() == [
        "date        title         kind  where  status  moved",
        "2025-11-21  Velvet Orbit  film                 from 2025-09-12 on 2025-03-01",
    ]
    res = runner.invoke(cli, ["releases", "--db", str(db), "--from", "2025-13-01"])
    assert res.exit_code == 2 and "'2025-13-01' is not a date" in res.output
    res = runner.invoke(cli, ["releases", "--db", str(db), "--json", "--csv"])
    assert res.exit_code == 1 and res.output == "Error: --json and --csv: pick one\n"


HOSTILE = ['=HYPERLINK("http://x.example","click")', "+Plus Side", "-Minus Tide", "@Home Run"]


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_calendar_has_a_csv_twin_safe_in_a_spreadsheet(fresh_db: Store, db_url: str) -> None:
    _story(fresh_db, "Velvet Orbit", "2025-01-05", "2025-09-12")
    _story(fresh_db, "Velvet Orbit", "2025-03-01", "2025-11-21")
    for i, name in enumerate(HOSTILE, 1):  # names a spreadsheet would run, each dated to a month of 2026
        _story(fresh_db, name, f"2025-02-0{i}", f"2026-0{i}")
    expected = [
        ("Velvet Orbit", "2025-11-21", "day", "2025-09-12", "2025-03-01", "1", "2025-03-01 r-2025-03-01"),
        ("'" + HOSTILE[0], "2026-01", "month", "", "", "0", "2025-02-01 r-2025-02-01"),
        ("'+Plus Side", "2026-02", "month", "", "", "0", "2025-02-02 r-2025-02-02"),
        ("'-Minus Tide", "2026-03", "month", "", "", "0", "2025-02-03 r-2025-02-03"),
        ("'@Home Run", "2026-04", "month", "", "", "0", "2025-02-04 r-2025-02-04"),
    ]
    with TestClient(create_app(db_url)) as c:
        uids = [r["uid"] for r in c.get("/api/releases").json()]
        for url in ["/releases.csv", "/releases?format=csv", "/api/releases?format=csv"]:
            r = c.get(url)
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), url
            assert r.text.splitlines()[0].split(",") == list(q.RELEASE_COLUMNS), url
            rows = read_csv(r.text)
            got = [(x["title"], x["date"], x["precision"], x["previous"], x["moved_on"], x["moves"], x["sources"])
                   for x in rows]  # fmt: skip
            assert got == expected, url
            assert [x["uid"] for x in rows] == uids and rows[0]["kind"] == "film", url
        # the same filters as the page and the JSON (a page's empty form fields are no filter)
        for url in [
            "/releases.csv?from=2026-02-01&to=2026-02-28",
            "/releases?from=2026-02-01&to=2026-02-28&region=&medium=&kind=&format=csv",
            "/api/releases?from=2026-02-01&to=2026-02-28&format=csv",
        ]:
            assert [x["title"] for x in read_csv(c.get(url).text)] == ["'+Plus Side"], url
        assert read_csv(c.get("/releases.csv?kind=series").text) == []
        assert c.get("/releases.csv?from=2026-02-30").status_code == 422
        assert c.get("/releases?format=xml").status_code == 422
        page = c.get("/releases", params={"from": "2026-02-01", "to": "2026-02-28"}).text
        assert '<a class="csv" href="/releases.csv?from=2026-02-01&amp;to=2026-02-28">CSV</a>' in page
        assert '<a class="csv" href="/releases.csv">CSV</a>' in c.get("/releases").text
        web = read_csv(c.get("/releases.csv").text)
    # `slate releases --csv` writes the same table
    res = CliRunner().invoke(cli, ["releases", "--db", db_url, "--csv"])
    assert res.exit_code == 0, res.output
    assert read_csv(res.output) == web


@pytest.mark.parametrize("value,label,bounds", [
    ("2025", "2025 (month not announced)", (date(2025, 1, 1), date(2025, 12, 31))),
    ("2024-02", "February 2024", (date(2024, 2, 1), date(2024, 2, 29))),
    ("2025-12", "December 2025", (date(2025, 12, 1), date(2025, 12, 31))),
    ("2025-03-07", "March 2025", (date(2025, 3, 7), date(2025, 3, 7))),
])  # fmt: skip
def test_precision_periods(value: str, label: str, bounds: tuple[date, date]) -> None:
    assert q.period_label(value) == label and q.period_bounds(value) == bounds
    assert q.precision(value) == {4: "year", 7: "month", 10: "day"}[len(value)]


def test_the_pages_forms_may_leave_fields_empty(fresh_db: Store, db_url: str, extractor: Extractor) -> None:
    ingest(fresh_db, extractor, ARTICLE_C)
    with TestClient(create_app(db_url)) as c:
        empty = c.get("/releases?from=&to=&region=&medium=&kind=")
        assert empty.status_code == 200 and "Copper Harbor" in empty.text
        assert c.get("/changes?since=&kind=").status_code == 200
        assert c.get("/releases?from=2027-02-30").status_code == 422
        assert c.get("/releases?kind=opera").status_code == 422
        assert c.get("/changes?since=yesterday").status_code == 422


def test_a_date_made_precise_is_not_a_move_but_the_event_follows_it(tmp_path: Path) -> None:
    db = tmp_path / "precise.db"
    with open_store(db) as store:
        _story(store, "Amber Tide", "2025-01-05", "2026")
        _story(store, "Amber Tide", "2025-04-01", "2026-05")
        _story(store, "Amber Tide", "2025-06-01", "2026-05-22")
        article = Article.create(text="Amber Tide is cancelled.", published=date(2025, 8, 1), ref="r-cancel")
        fact = Fact("Amber Tide", "status", "cancelled", Evidence("Amber Tide is cancelled.", 0, 4, 0, 20))
        assert store.add(article, Extraction(article, [TitleInfo("Amber Tide")], [fact], [], [], "test"))
        (row,) = q.releases(store)
        assert (row.date, row.precision, row.previous, row.moved_on, row.moves) == ("2026-05-22", "day", None, None, 2)
        assert [(c.verb, c.summary) for c in q.changes(store, kinds={"release_date"})] == [
            ("refined", "Release date made precise: 2026 -> 2026-05"),
            ("refined", "Release date made precise: 2026-05 -> 2026-05-22"),
        ]
    with TestClient(create_app(str(db))) as c:
        (ev,) = events(c.get("/releases.ics").content).values()
    assert ev.decoded("SEQUENCE") == 2 and ev.decoded("DTSTART") == date(2026, 5, 22)
    assert str(ev["STATUS"]) == "CANCELLED"
