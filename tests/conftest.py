"""Small shared fixtures: a database path, a fresh store, the extractor, the shared corpus."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from slate.extract import Extractor
from slate.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "slate.db"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A real PostgreSQL server for the session: $SLATE_TEST_PG if given, else one started here."""
    given = os.environ.get("SLATE_TEST_PG")
    if given:
        yield given
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from _pg import PostgresServer

    try:
        server = PostgresServer()
        url = server.start()
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        if os.environ.get("CI"):
            pytest.fail(f"cannot start PostgreSQL for the tests: {e}")
        pytest.skip(f"PostgreSQL not available: {e}")
    yield url
    server.stop()


_PG_DATABASES = itertools.count()


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A new empty database on the session's PostgreSQL server."""
    import psycopg

    name = f"slate_test_{os.getpid()}_{next(_PG_DATABASES)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return pg_server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh database of each backend: the store, query and CLI tests run against both."""
    if request.param == "sqlite":
        return str(db_path)
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def fresh_db(db_url: str) -> Iterator[Store]:
    store = open_store(db_url)
    yield store
    store.close()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor for the rule tests, which check components on one- or two-sentence snippets:
    the relevance classifier, which judges whole articles, is checked by test_relevance.py."""
    return Extractor(relevance_threshold=0)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "dev_articles.jsonl").exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared corpus not found at {CORPUS} (CI runs with ../shared beside the clone)")
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="module")
def titles_off(extractor: Extractor) -> Extractor:
    """Another real extractor version, the title recogniser's mentions left out (rules only): what
    re-extraction tests switch to."""
    from slate.extract import load_nlp

    ex = Extractor(nlp=load_nlp(None))
    ex.nlp.get_pipe("slate_titles").model = "off"  # type: ignore[attr-defined]
    ex.version = f"{extractor.version}+titles-off"
    return ex
