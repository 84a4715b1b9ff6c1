"""Property-based tests (hypothesis): every input parser, extraction on arbitrary Unicode, and the
HTTP API driven from its own OpenAPI description. None may raise or answer with a server error."""

from __future__ import annotations

import gzip
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slate.api import create_app
from slate.cli import cli
from slate.errors import InputError
from slate.extract import Extractor
from slate.ingest import html_article, iter_articles, parse_header_date, text_article
from slate.models import Article

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# By default the examples are the same on every run (a red CI run is a regression, never luck);
# SLATE_FUZZ=N draws N times as many fresh random examples, to hunt for new failures.
FUZZ_SCALE = int(os.environ.get("SLATE_FUZZ", "0") or 0)


def fuzz(examples: int) -> settings:
    return settings(
        max_examples=examples * max(FUZZ_SCALE, 1),
        derandomize=FUZZ_SCALE == 0,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


FUZZ = fuzz(60)

# fragments of the news the extractor is built for, mixed with arbitrary text to reach deep paths
FRAGMENTS = [
    "directed by", "stars", " as ", "will be released on", "May 27, 2022", "next summer", "filming in",
    "“", "”", '"', "said", "told", "Instagram", "Part One", "the seventh", ": ", " 2 ", "(", ")", "'s",
    "delayed to", "formerly known as", "now titled", "Warner Bros.", "Ana Kim", "Night Courier", ", and ",
    "Director", "\n\n", ".", "—", "sequel", "wrapped", "2018's", "Season 2", "&", "@", "#",
]  # fmt: skip
news_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)


def _consume(path: Path) -> list[Article | InputError]:
    items = list(iter_articles([str(path)], date=date(2024, 1, 1)))
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, InputError):
            assert "\n" not in str(item) and str(item)
        else:
            assert item.text.strip() and isinstance(item.published, date)
    return items


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc", ".json", ""]))
def test_any_bytes_in_any_format(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"item{suffix}"
    path.write_bytes(data)
    _consume(path)
    gz = tmp_path / f"item{suffix}.gz"
    gz.write_bytes(gzip.compress(data))
    _consume(gz)


FEED_AND_CRAWL_STARTS = [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>x</title><description>',
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><item>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="html">',
    b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"content_html": "',
    b"filedesc://x.arc 0.0.0.0 20140101000000 text/plain 70\n1 0 x\nURL IP-address Archive-date Content-type\n\n",
]


@FUZZ
@given(start=st.sampled_from(FEED_AND_CRAWL_STARTS), rest=st.binary(max_size=1500), gz=st.booleans())
def test_any_feed_or_arc_tail(tmp_path: Path, start: bytes, rest: bytes, gz: bool) -> None:
    """A feed or an ARC file that goes on with arbitrary bytes: entries, skips and one-line errors only
    (every error with a reason), as a file and piped."""
    data = gzip.compress(start + rest) if gz else start + rest
    path = tmp_path / "item.gz"
    path.write_bytes(data)
    for items in (_consume(path), list(iter_articles(["-"], date=date(2024, 1, 1), stdin=io.BytesIO(data)))):
        for item in items:
            if isinstance(item, InputError):
                assert item.reason.strip() and not item.reason.rstrip().endswith(":"), item


@FUZZ
@given(
    header=st.one_of(st.just(" date 2024-02-30 x"), st.just(" date 2021-11-19 seed"), st.text(max_size=40)),
    body=st.text(max_size=400),
)
def test_any_text_with_any_header(tmp_path: Path, header: str, body: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(header + "\n" + body, encoding="utf-8", errors="surrogatepass")
    items = _consume(path)
    assert len(items) == 1
    try:  # a date or None; an impossible date is an InputError, never anything else
        parse_header_date(header)
    except InputError as e:
        assert "\n" not in str(e)
    try:
        article = text_article(
            (header + "\n" + body).encode("utf-8", "surrogatepass"), source="x", ref="x", default_date=None
        )
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert article.text.strip()


@FUZZ
@given(
    records=st.lists(
        st.one_of(
            st.dictionaries(
                st.sampled_from(["id", "url", "date", "text", "title", "other"]),
                st.one_of(st.text(max_size=60), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
            ),
            st.text(max_size=60),
        ),
        max_size=6,
    )
)
def test_any_jsonl(tmp_path: Path, records: list[Any]) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records), encoding="utf-8")
    _consume(path)


@FUZZ
@given(
    html=st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<html>",
                    "<body>",
                    "<div>" * 50,
                    "</div>",
                    "<p>",
                    "<script>",
                    "<meta property=",
                    '"article:published_time" content="2024-01-02">',
                    "<title>",
                    "</title>",
                    "<!--",
                    "&#",
                ]
            ),
            st.text(max_size=30),
        ),  # fmt: skip
        max_size=30,
    ).map("".join)
)
def test_any_html(html: str) -> None:
    try:
        article = html_article(
            html.encode("utf-8", "surrogatepass"), source="x", ref="x", default_date=date(2024, 1, 1)
        )
    except InputError as e:
        assert "\n" not in str(e)
    else:
        assert article.text.strip()


@pytest.fixture(scope="module")
def shared_extractor() -> Extractor:
    return Extractor()


@fuzz(150)
@given(text=st.one_of(st.text(min_size=1, max_size=300), news_text))
def test_extraction_on_any_unicode(shared_extractor: Extractor, text: str) -> None:
    if not text.strip():
        return
    article = Article.create(text=text, published=date(2024, 1, 1), ref="fuzz")
    ext = shared_extractor.extract(article)
    record = ext.to_record()
    json.dumps(record)
    names = {t["name"] for t in record["titles"]}
    for fact in record["facts"]:
        assert fact["title"] in names and fact["value"]
        ev = fact["evidence"]
        assert 0 <= ev["start"] <= ev["end"] <= len(text)
        assert 0 <= ev["sent_start"] <= ev["sent_end"] <= len(text)
    for q in record["quotes"]:
        assert q["text"] and 0 <= q["evidence"]["start"] <= q["evidence"]["end"] <= len(text)


# -- the API, from its OpenAPI description ------------------------------------------------------
@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = str(tmp_path_factory.mktemp("fuzz") / "fuzz.db")
    assert CliRunner().invoke(cli, ["ingest", str(SAMPLES), "--db", db, "-q"]).exit_code == 0
    return TestClient(create_app(db))


def _value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values the schema allows, and values it does not (those must be 422, not 500)."""
    wild = st.one_of(st.text(max_size=30), st.integers(min_value=-(2**70), max_value=2**70))
    kind = schema.get("type") or next((s.get("type") for s in schema.get("anyOf", []) if s.get("type") != "null"), "")
    if kind == "integer":
        return st.one_of(st.integers(min_value=-5, max_value=300), wild)
    if schema.get("format") == "date" or any(s.get("format") == "date" for s in schema.get("anyOf", [])):
        return st.one_of(st.dates().map(date.isoformat), wild)
    return st.one_of(st.text(max_size=250), wild)


def test_openapi_operations_never_fail(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    operations = [(path, op) for path, ops in spec["paths"].items() for method, op in ops.items() if method == "get"]
    assert len(operations) >= 7
    statuses: set[int] = set()

    @fuzz(300)
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        path, op = data.draw(st.sampled_from(operations))
        url = path
        params: dict[str, Any] = {}
        for p in op.get("parameters", []):
            value = data.draw(_value(p.get("schema", {})))
            if p["in"] == "path":
                from urllib.parse import quote

                url = url.replace("{" + p["name"] + "}", quote(str(value), safe="") or "0")
            elif data.draw(st.booleans()):
                params[p["name"]] = value
        r = api.get(url, params=params)
        assert r.status_code < 500, (url, params, r.text[:300])
        assert r.status_code in {200, 404, 414, 422}, (url, params, r.status_code)
        statuses.add(r.status_code)
        body = r.json()
        if r.status_code != 200:
            assert body["status"] == r.status_code and body["error"]

    check()
    assert {200, 404, 422} <= statuses  # the generator reached real answers and both kinds of refusal


def test_stdin_bytes_never_raise() -> None:
    for data in (b"", b"\x00\xff" * 100, b"\xef\xbb\xbf date 2024-01-01 x\n\nHello", "é".encode("latin-1") * 50):
        items = list(iter_articles(["-"], date=date(2024, 1, 1), stdin=io.BytesIO(data)))
        assert all(isinstance(i, Article | InputError) for i in items)
