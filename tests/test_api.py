"""The JSON API and the pages, in-process (the same query functions as the CLI)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate.api import create_app
from slate.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("api") / "api.db"
    res = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", str(db)])
    assert res.exit_code == 0
    with TestClient(create_app(str(db))) as c:
        yield c


def skyline_id(client: TestClient) -> int:
    (row,) = client.get("/api/titles", params={"q": "skyline"}).json()
    return int(row["id"])


def test_titles_and_dossier_same_shape_as_cli(client: TestClient, tmp_path: Path) -> None:
    tid = skyline_id(client)
    d = client.get(f"/api/titles/{tid}").json()
    assert d["name"] == "Skyline Protocol: Ember Run"
    assert [v["value"] for v in d["facts"]["release_date"]] == ["2025-11-07"]
    old = client.get(f"/api/titles/{tid}", params={"as_of": "2024-03-01"}).json()
    assert [v["value"] for v in old["facts"]["release_date"]] == ["2025-06-13"]
    assert set(d) >= {"name", "kind", "aliases", "as_of", "facts", "history"}


def test_history_contradictions_people_articles_search(client: TestClient) -> None:
    tid = skyline_id(client)
    h = client.get(f"/api/titles/{tid}/history").json()
    assert [r["value"] for r in h["timeline"]] == ["2025-06-13", "2025-11-07"]
    assert client.get(f"/api/titles/{tid}/contradictions").json() == []
    d = client.get(f"/api/titles/{tid}").json()
    director = d["facts"]["director"][0]
    p = client.get(f"/api/people/{director['entity_id']}").json()
    assert p["name"] == "Daniel Reyes" and any(w["id"] == tid for w in p["productions"])
    a = client.get("/api/articles/glass-orchard-2023-10-20").json()
    assert a["published"] == "2023-10-20"
    f = next(f for f in a["facts"] if f["rel"] == "former_director")
    assert a["text"][f["span_start"] : f["span_end"]] == "Samuel Okoro"
    s = client.get("/api/search", params={"q": "Reyes"}).json()
    assert any(x["name"] == "Daniel Reyes" for x in s["people"]) and s["quotes"]


def test_errors_are_json_with_status(client: TestClient) -> None:
    r = client.get("/api/titles/999999")
    assert r.status_code == 404 and r.json()["status"] == 404 and "no production" in r.json()["error"]
    r = client.get("/api/titles/not-a-number")
    assert r.status_code == 422 and r.json()["status"] == 422
    r = client.get("/api/titles/1", params={"as_of": "2024-02-30"})
    assert r.status_code == 422
    r = client.get("/api/titles", params={"limit": 100000})
    assert r.status_code == 422
    assert client.get("/api/articles/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/api/people/0").status_code == 404


def test_pages_link_their_json_twins_and_need_no_cdn(client: TestClient) -> None:
    tid = skyline_id(client)
    pages = {
        "/": "/api/titles",
        f"/titles/{tid}": f"/api/titles/{tid}",
        "/articles/glass-orchard-2023-10-20": "/api/articles/glass-orchard-2023-10-20",
        "/search?q=skyline": "/api/search?q=skyline",
    }
    for page, twin in pages.items():
        r = client.get(page)
        assert r.status_code == 200, page
        assert f'href="{twin}"' in r.text, page
        head = r.text.split("<main>")[0]
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", head), page  # no external CSS/JS/fonts
    html = client.get(f"/titles/{tid}").text
    assert "<svg" in html and html.count('class="point') >= 2
    assert "Priya Nair" in html and "Captain Lena Ortiz" in html
    docs = client.get("/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in docs and "cdn" not in docs
    assert client.get("/openapi.json").json()["info"]["title"] == "Slate"


def test_article_page_highlights_spans(client: TestClient) -> None:
    html = client.get("/articles/glass-orchard-2023-10-20").text
    assert '<mark class="rel rel-former_director"' in html
    assert "Samuel Okoro</mark>" in html


def test_untrusted_text_is_escaped_everywhere(tmp_path: Path) -> None:
    db = tmp_path / "xss.db"
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    record = {
        "id": "evil<b>",
        "date": "2024-05-01",
        "title": evil,
        "text": "Night Courier 3 stars Ana Kim as Dana <script>alert(2)</script>. "
        "\u201cIt is <b>great</b>,\u201d Ana Kim said. Director Lee Park wrote <a href=javascript:alert(3)>x</a>.",
    }
    line = json.dumps(record)
    src = tmp_path / "evil.jsonl"
    src.write_text(line + "\n", encoding="utf-8")
    assert CliRunner().invoke(cli, ["ingest", str(src), "--db", str(db)]).exit_code == 0
    with TestClient(create_app(str(db))) as c:
        (t,) = c.get("/api/titles").json()
        for url in (f"/titles/{t['id']}", "/articles/evil%3Cb%3E", "/search?q=%3Cscript%3E", "/search?q=Ana"):
            html = c.get(url).text
            body = html.split("<main>", 1)[1]
            assert "<script" not in body and "<img" not in body and "<b>" not in body, url
            assert 'href="javascript:' not in body, url
        assert "&lt;script&gt;" in c.get("/articles/evil%3Cb%3E").text
