"""Storage: SQLite by default, PostgreSQL by URL. All of Slate's SQL lives in this package."""

from __future__ import annotations

from slate.store._store import SCHEMA_VERSION, Store, open_store, schema_sql
from slate.store._url import display_url

__all__ = ["SCHEMA_VERSION", "Store", "display_url", "open_store", "schema_sql"]
