"""``slate export``: every production's current dossier as JSONL, CSV and schema.org JSON-LD."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate.api import create_app
from slate.cli import cli
from slate.export import export
from slate.extract import Extractor
from slate.models import Article
from slate.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from _gen import ARTICLE_A, ARTICLE_B  # noqa: E402

#: the schema.org types the export writes and the properties each may carry (from schema.org's
#: definitions: a Movie or TVSeries is a CreativeWork and a Thing)
THING = {"name", "alternateName", "identifier", "url", "description"}
WORK = THING | {
    "author", "producer", "datePublished", "releasedEvent", "locationCreated", "creativeWorkStatus", "citation",
    "publisher",
}  # fmt: skip
VOCABULARY = {
    "Movie": WORK | {"actor", "director", "productionCompany"},
    "TVSeries": WORK | {"actor", "director", "productionCompany"},
    "Person": THING,
    "Organization": THING,
    "Place": THING,
    "PerformanceRole": {"actor", "roleName", "characterName"},
    "PublicationEvent": THING | {"startDate", "location"},
    "NewsArticle": WORK,
}


def check_schema_org(node: Any, path: str = "$") -> int:
    """Every node has a known type and only that type's properties; returns how many nodes."""
    if isinstance(node, list):
        return sum(check_schema_org(n, f"{path}[{i}]") for i, n in enumerate(node))
    if not isinstance(node, dict):
        return 0
    kind = node.get("@type")
    assert kind in VOCABULARY, f"{path}: unknown type {kind!r}"
    extra = set(node) - VOCABULARY[kind] - {"@type", "@id"}
    assert not extra, f"{path}: {kind} has no {sorted(extra)}"
    return 1 + sum(check_schema_org(v, f"{path}.{k}") for k, v in node.items() if k not in {"@type", "@id"})


@pytest.fixture
def story(fresh_db: Store, extractor: Extractor) -> Store:
    for i, (day, ref, text) in enumerate((ARTICLE_A, ARTICLE_B)):
        article = Article.create(
            text=text, published=date.fromisoformat(day), ref=ref, url=f"https://news.example/{i}/{ref}"
        )
        fresh_db.add(article, extractor.extract(article))
    return fresh_db


def test_json_ld_is_schema_org_movie_with_roles_events_and_citations(story: Store) -> None:
    doc = json.loads("".join(export(story, "json-ld", base_url="https://slate.example/")))
    assert doc["@context"] == "https://schema.org"
    [movie] = doc["@graph"]
    assert check_schema_org(movie) > 10
    assert movie["@type"] == "Movie" and movie["name"] == "Tin Lantern Road"
    assert movie["@id"].startswith("https://slate.example/titles/")
    assert movie["director"] == [{"@type": "Person", "name": "Elena Marsh"}]
    roles = {a["actor"]["name"]: a["roleName"] for a in movie["actor"] if a["@type"] == "PerformanceRole"}
    assert roles["Owen Pryce"] == "Jules Avery" and roles["Lila Moreno"] == "Nell Hart"
    assert movie["productionCompany"][0] == {"@type": "Organization", "name": "Harborlight Pictures"}
    assert movie["datePublished"] == "2026-09-18"  # the current date, not the first one announced
    events = {(e["startDate"], e.get("location", {}).get("name")) for e in movie["releasedEvent"]}
    assert events == {("2026-09-18", None), ("2026-10-02", "UK")}
    assert {"@type": "Place", "name": "Glasgow"} in movie["locationCreated"]
    assert [c["url"] for c in movie["citation"]] == [
        "https://news.example/0/tin-lantern-road-dated",
        "https://news.example/1/tin-lantern-road-moved",
    ]


def test_as_of_exports_what_was_known_that_day(story: Store) -> None:
    [before] = json.loads("".join(export(story, "json-ld", as_of=date(2026, 2, 1))))["@graph"]
    assert before["datePublished"] == "2026-06-05"
    assert "Lila Moreno" not in json.dumps(before)
    assert json.loads("".join(export(story, "json-ld", as_of=date(2025, 12, 31))))["@graph"] == []
    # the production's id is the same whatever the day
    [now] = json.loads("".join(export(story, "json-ld")))["@graph"]
    assert now["@id"] == before["@id"] and now["@id"].startswith("urn:uuid:")


def test_jsonl_is_the_dossier_with_source_urls(story: Store) -> None:
    lines = list(export(story, "jsonl"))
    assert len(lines) == 1 and lines[0].endswith("\n")
    d = json.loads(lines[0])
    assert d["name"] == "Tin Lantern Road" and d["kind"] == "film" and len(d["uuid"]) == 36
    [date_fact] = [v for v in d["facts"]["release_date"] if not v.get("region")]
    assert date_fact["value"] == "2026-09-18"
    assert date_fact["sources"][0]["url"] == "https://news.example/1/tin-lantern-road-moved"
    assert "2026-06-05" in [v["value"] for v in d["history"]["release_date"]]


def test_csv_has_one_row_per_current_fact(story: Store) -> None:
    rows = list(csv.DictReader(io.StringIO("".join(export(story, "csv")))))
    facts = {(r["relation"], r["value"], r["character"], r["region"]) for r in rows}
    assert ("release_date", "2026-09-18", "", "") in facts
    assert ("release_date", "2026-10-02", "", "UK") in facts
    assert ("cast", "Lila Moreno", "Nell Hart", "") in facts
    assert ("release_date", "2026-06-05", "", "") not in facts  # moved away: history, not a current fact
    assert all(r["production"] == "Tin Lantern Road" and r["urls"].startswith("https://news.example/") for r in rows)


def test_cli_writes_the_file_whole_or_says_why_not(story: Store, db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "all.jsonld"
    res = runner.invoke(cli, ["export", "--db", db_url, "--format", "json-ld", "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text(encoding="utf-8"))["@graph"][0]["name"] == "Tin Lantern Road"
    assert list(out_dir.iterdir()) == [out]  # no temporary file left behind
    res = runner.invoke(cli, ["export", "--db", db_url, "-o", str(tmp_path / "missing" / "x.jsonl")])
    assert res.exit_code == 1 and res.output.startswith("Error: ") and res.output.count("\n") == 1
    res = runner.invoke(cli, ["export", "--db", db_url, "--as-of", "yesterday"])
    assert res.exit_code == 2 and "not a date" in res.output
    res = runner.invoke(cli, ["export", "--db", db_url, "--format", "csv", "--as-of", "2026-02-01"])
    assert res.exit_code == 0 and "Lila Moreno" not in res.output and "Owen Pryce" in res.output


def test_hostile_values_stay_data(fresh_db: Store, extractor: Extractor) -> None:
    text = (
        'Marrow Lane Films has announced "=HYPERLINK(1)", a comedy directed by Ivo Brandt. The film will open '
        "on May 1, 2027."
    )
    article = Article.create(text=text, published=date(2026, 4, 1), ref="evil")
    fresh_db.add(article, extractor.extract(article))
    rows = list(csv.reader(io.StringIO("".join(export(fresh_db, "csv")))))
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_each_title_page_carries_its_json_ld(fresh_db: Store, db_url: str, extractor: Extractor) -> None:
    evil = "Dusk </script><script>window.__pwned=1</script> Run"
    for day, ref, text in (ARTICLE_A, ("2026-04-01", "evil", f'Marrow Lane Films has announced "{evil}", a comedy '
                                       "directed by Ivo Brandt. The film will open on May 1, 2027.")):  # fmt: skip
        article = Article.create(text=text, published=date.fromisoformat(day), ref=ref)
        fresh_db.add(article, extractor.extract(article))
    with TestClient(create_app(db_url)) as c:
        for t in c.get("/api/titles").json():
            page = c.get(f"/titles/{t['id']}").text
            scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
            assert len(scripts) == 1, t["name"]
            node = json.loads(scripts[0])
            assert node.pop("@context") == "https://schema.org" and check_schema_org(node) >= 1
            assert node["name"] == t["name"] and node["@id"] == f"http://testserver/titles/{t['id']}"
            assert "<script>window.__pwned" not in page  # the name is text in the page and in its JSON-LD
        assert any("__pwned" in t["name"] for t in c.get("/api/titles").json())
