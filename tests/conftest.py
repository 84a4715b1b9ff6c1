"""Small shared fixtures: a database path, a fresh store, the extractor, the shared corpus."""

from __future__ import annotations

import os
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


@pytest.fixture
def fresh_db(db_path: Path) -> Iterator[Store]:
    store = open_store(db_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "dev_articles.jsonl").exists():
        if os.environ.get("CI"):
            pytest.fail(f"shared corpus not found at {CORPUS} (CI runs with ../shared beside the clone)")
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return CORPUS
