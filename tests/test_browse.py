"""Browse, search and export: /titles (paginated, sorted, filtered, with the total), forgiving
alias-aware search, one person under every form of the name, and CSV twins safe in a spreadsheet.
The data is written here (invented names), stored as extractions so the answers are exact."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate import query as q
from slate.api import create_app
from slate.cli import cli
from slate.models import Article, Evidence, Extraction, Fact, Quote, TitleInfo, TitleLink
from slate.store import Store, open_store
from slate.web.export import cell, to_csv

F = tuple[str, str, str, dict[str, str]]
# (ref, url, date, titles (name, kind, aliases), facts (title, rel, value, extra), links (name, other))
ARTICLES: list[tuple[str, str, str, list[tuple[str, str, tuple[str, ...]]], list[F], list[tuple[str, str]]]] = [
    ("hl-1", "https://www.quay-report.example/2022/03/01/harbor-lights", "2022-03-01",
     [("Harbor Lights", "film", ())],
     [("Harbor Lights", "release_date", "2022-09-16", {}), ("Harbor Lights", "status", "released", {}),
      ("Harbor Lights", "cast", "Marta Velez", {"character": "Ines Coral"})], []),
    ("hl2-1", "https://quay-report.example/2024/01/10/harbor-lights-2", "2024-01-10",
     [("Harbor Lights 2", "film", ("No. 8",))],
     [("Harbor Lights 2", "release_date", "2025-06-13", {}), ("Harbor Lights 2", "status", "filming", {}),
      ("Harbor Lights 2", "cast", "Marta Velez", {"character": "Ines Coral"}),
      ("Harbor Lights 2", "director", "Oren Blakely", {})], []),
    ("hl2-2", "https://lensline.example/news/low-tide", "2024-08-02",
     [("Harbor Lights: Low Tide", "film", ("Harbor Lights 2",))],
     [("Harbor Lights: Low Tide", "release_date", "2025-10-03", {"signal": "pushed"}),
      ("Harbor Lights: Low Tide", "status", "post_production", {}),
      ("Harbor Lights: Low Tide", "cast", "Velez", {}),
      ("Harbor Lights: Low Tide", "cast", "=HYPERLINK(\"http://x.example\",\"click\")", {"character": "+Crook"}),
      ("Harbor Lights: Low Tide", "filming_location", "@Lisbon", {})],
     [("Harbor Lights 2", "Harbor Lights: Low Tide")]),
    ("cw-1", "https://lensline.example/news/cinder-way", "2023-05-20",
     [("Cinder Way", "series", ())],
     [("Cinder Way", "status", "development", {}), ("Cinder Way", "release_date", "2026", {}),
      ("Cinder Way", "cast", "Dario Velez", {})], []),
    ("mp-1", "https://lensline.example/news/mill-pond", "2021-04-04",
     [("Mill Pond", "film", ())], [("Mill Pond", "status", "released", {})], []),
    ("mp-2", "https://lensline.example/news/mill-pond-thaw", "2023-02-02",
     [("Mill Pond: Thaw", "film", ())], [("Mill Pond: Thaw", "status", "announced", {})], []),
    ("qm-1", "https://quay-report.example/2023/11/11/quiet-meridian", "2023-11-11",
     [("The Quiet Meridian", "film", ())],
     [("The Quiet Meridian", "release_date", "2025-02", {}), ("The Quiet Meridian", "status", "filming", {}),
      ("The Quiet Meridian", "director", "-Petra Lund", {})], []),
]  # fmt: skip


def build(store: Store) -> None:
    for ref, url, day, titles, facts, links in ARTICLES:
        text = f"Invented story {ref}."
        a = Article.create(text=text, published=date.fromisoformat(day), ref=ref, url=url)
        ev = Evidence(text, 0, 8, 0, len(text))
        e = Extraction(
            a,
            [TitleInfo(n, kind, aliases) for n, kind, aliases in titles],
            [Fact(t, r, v, ev, character=x.get("character"), signal=x.get("signal")) for t, r, v, x in facts],
            [
                Quote(
                    "Marta Velez", "The harbour scenes were the hardest nights of my life", ev, "Lensline", titles[0][0]
                )
            ]
            if ref == "hl2-2"
            else [],  # fmt: skip
            [TitleLink(n, o, "now titled", ev) for n, o in links],
            "test",
        )
        assert store.add(a, e)


@pytest.fixture
def story(db_url: str) -> Iterator[Store]:
    store = open_store(db_url)
    build(store)
    yield store
    store.close()


def ids(store: Store) -> dict[str, int]:
    return {t.name: t.id for t in q.browse(store, limit=200)[1]}


def test_browse_sorts_filters_and_counts(story: Store) -> None:
    total, rows = q.browse(story, limit=2)
    assert total == 6 and len(rows) == 2
    by_name = [t.name for t in q.browse(story, sort="name")[1]]
    assert by_name == ["Cinder Way", "Harbor Lights", "Harbor Lights: Low Tide", "Mill Pond", "Mill Pond: Thaw",
                       "The Quiet Meridian"]  # fmt: skip
    by_release = [(t.name, t.release_date) for t in q.browse(story, sort="release")[1]][:4]
    assert by_release == [("Harbor Lights", "2022-09-16"), ("The Quiet Meridian", "2025-02"),
                          ("Harbor Lights: Low Tide", "2025-10-03"), ("Cinder Way", "2026")]  # fmt: skip
    assert [t.name for t in q.browse(story, sort="changed")[1]][0] == "Harbor Lights: Low Tide"
    assert [t.name for t in q.browse(story, kind="series")[1]] == ["Cinder Way"]
    assert [t.name for t in q.browse(story, status="filming")[1]] == ["The Quiet Meridian"]
    assert [t.name for t in q.browse(story, year=2025, sort="name")[1]] == ["Harbor Lights: Low Tide",
                                                                            "The Quiet Meridian"]  # fmt: skip
    page2 = q.browse(story, sort="name", limit=4, offset=4)
    assert page2[0] == 6 and [t.name for t in page2[1]] == ["Mill Pond: Thaw", "The Quiet Meridian"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("harbor lights 2", "Harbor Lights: Low Tide"),  # a former, numbered name
        ("Harbor Lights II", "Harbor Lights: Low Tide"),  # Roman numerals
        ("low tide", "Harbor Lights: Low Tide"),  # the subtitle alone
        ("harbour lihgts low tide", "Harbor Lights: Low Tide"),  # misspelt twice
        ("quiet meridan", "The Quiet Meridian"),
        ("meridian quiet", "The Quiet Meridian"),  # word order
        ("cinder", "Cinder Way"),
        ("mill pond 2", "Mill Pond: Thaw"),  # a number no article used: the later instalment
    ],
)
def test_search_is_forgiving_and_alias_aware(story: Store, query: str, expected: str) -> None:
    found = q.search(story, query)["titles"]
    assert found and found[0]["name"] == expected, (query, [t["name"] for t in found])


def test_search_finds_nothing_for_unrelated_words(story: Store) -> None:
    assert q.search(story, "zebra crossing")["titles"] == []


def test_a_person_is_one_person_under_every_form(story: Store) -> None:
    people = q.search(story, "Velez")["people"]
    # "Velez" (surname alone, in Low Tide beside Marta Velez) is Marta Velez; Dario Velez is another person
    assert sorted(p["name"] for p in people) == ["Dario Velez", "Marta Velez"]
    marta = next(p for p in people if p["name"] == "Marta Velez")
    assert marta["names"] == ["Marta Velez", "Velez"] and marta["claims"] == 3
    surname_id = next(e["id"] for e in [dict(r) for r in story.search_entities("velez", 10)] if e["name"] == "Velez")
    p = q.person(story, surname_id)
    assert p["name"] == "Marta Velez" and p["id"] == marta["id"]
    cast = p["credits"]["cast"]
    assert [(w["name"], w["year"], w["character"]) for w in cast] == [
        ("Harbor Lights", 2022, "Ines Coral"), ("Harbor Lights: Low Tide", 2025, "Ines Coral")]  # fmt: skip
    assert p["quotes"][0]["outlet"] == "lensline.example"
    low_tide = ids(story)["Harbor Lights: Low Tide"]
    d = q.dossier(story, low_tide)
    assert [v["value"] for v in d["facts"]["cast"] if "Velez" in v["value"]] == ["Marta Velez"]
    assert d["facts"]["cast"][0]["sources"][0]["outlet"] in {"quay-report.example", "lensline.example"}


def test_related_productions_by_franchise(story: Store) -> None:
    t = ids(story)
    assert [m.name for m in q.related(story, t["Harbor Lights: Low Tide"])] == ["Harbor Lights"]
    assert [m.name for m in q.related(story, t["Harbor Lights"])] == ["Harbor Lights: Low Tide"]
    assert q.related(story, t["Cinder Way"]) == []


def test_csv_cells_never_run_as_formulas() -> None:
    assert [cell(v) for v in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "plain", None, 7, "2025-06-13"]] == [
        "'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\t=x", "plain", "", "7", "2025-06-13"]  # fmt: skip
    text = to_csv([{"a": "=cmd|' /C calc'!A0", "b": 3}], ["a", "b"])
    assert list(csv.reader(io.StringIO(text))) == [["a", "b"], ["'=cmd|' /C calc'!A0", "3"]]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("browse") / "browse.db"
    store = open_store(str(db))
    build(store)
    store.close()
    with TestClient(create_app(str(db))) as c:
        yield c


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_titles_page_and_api(client: TestClient) -> None:
    r = client.get("/api/titles", params={"sort": "name", "limit": 2})
    assert r.status_code == 200 and r.headers["x-total-count"] == "6"
    assert [t["name"] for t in r.json()] == ["Cinder Way", "Harbor Lights"]
    assert {"release_date", "status", "year"} <= set(r.json()[0])
    page = client.get("/titles", params={"sort": "name", "limit": 2})
    assert page.status_code == 200
    assert "6 productions, showing 1–2" in page.text and 'rel="next"' in page.text
    assert 'href="/api/titles?sort=name&amp;limit=2"' in page.text
    assert client.get("/titles", params={"kind": "series"}).text.count('<a href="/titles/') == 1
    assert client.get("/api/titles", params={"sort": "bogus"}).json()["status"] == 422


def test_every_list_has_a_csv_twin(client: TestClient) -> None:
    titles = client.get("/api/titles", params={"sort": "name"}).json()
    low_tide = next(t["id"] for t in titles if t["name"] == "Harbor Lights: Low Tide")
    for url in ["/titles.csv?sort=name", "/titles?format=csv&sort=name", "/api/titles?format=csv&sort=name"]:
        r = client.get(url)
        assert r.headers["content-type"].startswith("text/csv"), url
        rows = read_csv(r.text)
        assert [x["name"] for x in rows] == [t["name"] for t in titles], url
    for url in [f"/titles/{low_tide}/facts.csv", f"/titles/{low_tide}?format=csv",
                f"/api/titles/{low_tide}/facts?format=csv"]:  # fmt: skip
        rows = read_csv(client.get(url).text)
        cells = {(x["relation"], x["value"], x["character"]) for x in rows}
        assert ("cast", '\'=HYPERLINK("http://x.example","click")', "'+Crook") in cells, url
        assert ("filming_location", "'@Lisbon", "") in cells, url
    assert client.get(f"/api/titles/{low_tide}/facts").json()[0]["relation"] == "release_date"
    marta = client.get("/api/search", params={"q": "marta velez"}).json()["people"][0]["id"]
    for url in [
        f"/people/{marta}/credits.csv",
        f"/people/{marta}?format=csv",
        f"/api/people/{marta}/credits?format=csv",
    ]:
        rows = read_csv(client.get(url).text)
        assert [(x["role"], x["production"], x["year"]) for x in rows] == [
            ("cast", "Harbor Lights", "2022"), ("cast", "Harbor Lights: Low Tide", "2025")], url  # fmt: skip
    for url in ["/search.csv?q=meridian", "/search?q=meridian&format=csv", "/api/search?q=meridian&format=csv"]:
        rows = read_csv(client.get(url).text)
        assert rows[0]["type"] == "production" and rows[0]["name"] == "The Quiet Meridian", url
    lund = read_csv(client.get("/search.csv?q=lund").text)
    assert lund[0]["name"] == "'-Petra Lund"


def test_pages_show_years_outlets_and_related(client: TestClient) -> None:
    titles = client.get("/api/titles").json()
    low_tide = next(t["id"] for t in titles if t["name"] == "Harbor Lights: Low Tide")
    page = client.get(f"/titles/{low_tide}").text
    assert '<span class="year">(2025)</span> <span class="kind">film</span>' in page
    assert "Related productions:" in page and ">Harbor Lights</a>" in page
    assert 'title="hl2-2"><span class="outlet">lensline.example</span> · <time datetime="2024-08-02">' in page
    assert 'href="/titles/' + str(low_tide) + '/facts.csv"' in page
    marta = client.get("/api/search", params={"q": "Velez"}).json()["people"]
    person = client.get(f"/people/{next(p['id'] for p in marta if p['name'] == 'Marta Velez')}").text
    assert "<h2>Cast</h2>" in person and '<td class="year">2022</td>' in person
    assert "Also named in articles as: Velez" in person and "hardest nights" in person
    early = client.get(f"/titles/{low_tide}", params={"as_of": "2020-01-01"}).text
    assert "the first article about it is from 2024-01-10" in early


def test_cli_as_of_before_the_first_article_and_suggestions(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    store = open_store(str(db))
    build(store)
    store.close()
    runner = CliRunner()
    r = runner.invoke(cli, ["show", "Harbor Lights 2", "--as-of", "2023-01-01", "--db", str(db)])
    assert r.exit_code == 1
    assert r.stderr.strip() == "Error: nothing known about Harbor Lights 2 on 2023-01-01 (first article: 2024-01-10)"
    ok = runner.invoke(cli, ["show", "Harbor Lights 2", "--as-of", "2024-01-10", "--db", str(db)])
    assert ok.exit_code == 0 and "2025-06-13" in ok.stdout
    r = runner.invoke(cli, ["show", "No. 9", "--db", str(db)])
    assert r.exit_code == 1 and "No. 8" not in r.stderr
    assert "closest: Harbor Lights: Low Tide" in r.stderr
    help_text = runner.invoke(cli, ["show", "--help"]).stdout
    assert "postgresql://" in help_text
