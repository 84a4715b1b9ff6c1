"""Security: injection strings are only ever data, refs never reach files, the server takes no
bodies (but on the editors' POST routes) and bounds every page, and pages carry a script-free
Content-Security-Policy. The accounts' and editors' security tests are in test_accounts.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate import query
from slate.api import WRITE_PATHS, create_app
from slate.cli import cli
from slate.store import Store, open_store

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
INJECTIONS = [
    "' OR '1'='1",
    "'; DROP TABLE titles; --",
    '" OR 1=1 --',
    "x' UNION SELECT id, text, text, text FROM articles --",
    "Robert'); DROP TABLE articles;--",
    "%",
    "_",
    "%' OR 'x' LIKE '%",
    "\\",
    "1; SELECT pg_sleep(5)",
    "$1 $$ ?",
]


@pytest.fixture
def filled(db_url: str) -> str:
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db_url, "-q"])
    assert result.exit_code == 0, result.output
    return db_url


def _counts(db: str) -> dict[str, int]:
    store: Store = open_store(db)
    try:
        return dict(store.counts())
    finally:
        store.close()


def test_injection_strings_are_only_data(filled: str) -> None:
    before = _counts(filled)
    assert before["titles"] > 3 and before["quotes"] > 0
    store = open_store(filled)
    try:
        for s in INJECTIONS:
            found = query.search(store, s)
            # a literal '%' or '_' is not a wildcard: nothing in the samples contains these strings
            assert found == {"query": s.strip(), "titles": [], "people": [], "quotes": []}, s
    finally:
        store.close()
    runner = CliRunner()
    for s in INJECTIONS:
        shown = runner.invoke(cli, ["show", s, "--db", filled])
        assert shown.exit_code == 1 and "no production called" in shown.output, (s, shown.output)
        assert "Traceback" not in shown.output
        assert runner.invoke(cli, ["titles", s, "--db", filled]).exit_code == 0
    with TestClient(create_app(filled)) as c:
        for s in INJECTIONS:
            assert c.get("/api/search", params={"q": s}).status_code == 200
            assert c.get("/search", params={"q": s}).status_code == 200
            assert c.get("/api/titles", params={"q": s}).status_code == 200
            assert c.get("/api/articles/" + quote(s, safe="")).status_code == 404
    assert _counts(filled) == before


def test_percent_and_underscore_match_literally(filled: str) -> None:
    store = open_store(filled)
    try:
        everything = query.search(store, "e")  # a real substring matches
        assert everything["titles"] and everything["quotes"]
        assert query.search(store, "%")["titles"] == []
        assert query.search(store, "_") == {"query": "_", "titles": [], "people": [], "quotes": []}
        assert query.search(store, "%e%")["quotes"] == []
    finally:
        store.close()


def test_refs_never_reach_files(filled: str) -> None:
    with TestClient(create_app(filled)) as c:
        for path in (
            "/api/articles/..%2F..%2F..%2Fetc%2Fpasswd",
            "/articles/..%2F..%2Fpyproject.toml",
            "/api/articles/%2Fetc%2Fpasswd",
            "/articles/....//....//etc/passwd",
            "/static/..%2F..%2F..%2Fpyproject.toml",
            "/static/swagger/..%2F..%2F..%2Fetc%2Fpasswd",
        ):
            r = c.get(path)
            assert r.status_code == 404, path
            assert "root:" not in r.text and "[project]" not in r.text, path


def test_limits_and_headers(filled: str) -> None:
    with TestClient(create_app(filled)) as c:
        assert c.get("/api/titles", params={"limit": 201}).status_code == 422
        assert c.get("/api/titles", params={"limit": 0}).status_code == 422
        assert c.get("/api/titles", params={"offset": -1}).status_code == 422
        assert c.get("/api/search", params={"q": "x" * 201}).status_code == 422
        assert len(c.get("/api/titles", params={"limit": 200}).json()) <= 200
        r = c.get("/api/titles", params={"q": "y" * 5000})
        assert r.status_code == 414 and r.json()["status"] == 414
        r = c.request("GET", "/api/titles", content=b"x" * 10)
        assert r.status_code == 413 and "no request bodies" in r.json()["error"]
        assert c.post("/api/titles", content=b"{}").status_code in {405, 413}
        for method in ("PUT", "DELETE", "PATCH"):
            assert c.request(method, "/api/titles").status_code == 405, method
        page = c.get("/")
        csp = page.headers["content-security-policy"]
        assert "script-src 'none'" in csp and "object-src 'none'" in csp
        assert page.headers["x-content-type-options"] == "nosniff"
        assert "script-src 'self'" in c.get("/docs").headers["content-security-policy"]
    # the only routes that take more than GET: the editors' POST routes (each behind a token or a session)
    writes = {
        (str(getattr(route, "path", "")), m)
        for route in create_app(filled).routes
        for m in getattr(route, "methods", None) or ()
        if m not in {"GET", "HEAD"}
    }
    assert {m for _, m in writes} == {"POST"}
    assert all(WRITE_PATHS.fullmatch(re.sub(r"\{[^}]+\}", "1", path)) for path, _ in writes), writes


def test_javascript_urls_are_not_links(tmp_path: Path) -> None:
    db = str(tmp_path / "js.db")
    rows = [
        {
            "id": "js-url",
            "date": "2024-05-01",
            "url": "javascript:alert(1)",
            "text": "Night Courier 3 is filming in Oslo.",
        },
        {
            "id": "a/b?c#d",
            "date": "2024-05-02",
            "url": "https://ok.example/x",
            "text": "Filming on the thriller Night Courier 3 wrapped in Oslo this week, the studio said.",
        },
    ]
    src = tmp_path / "js.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert CliRunner().invoke(cli, ["ingest", str(src), "--db", db]).exit_code == 0
    with TestClient(create_app(db)) as c:
        page = c.get("/articles/js-url").text
        assert "javascript:" not in page
        ok = c.get("/articles/" + quote("a/b?c#d", safe=""))
        assert ok.status_code == 200 and 'href="https://ok.example/x"' in ok.text
        assert c.get("/api/articles/" + quote("a/b?c#d", safe="")).json()["ref"] == "a/b?c#d"
        (title,) = c.get("/api/titles").json()
        assert "/articles/a%2Fb%3Fc%23d" in c.get(f"/titles/{title['id']}").text
