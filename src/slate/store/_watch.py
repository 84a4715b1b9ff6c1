"""What ``slate watch`` remembers: every URL it fetched (status, validators, content hash, time; the
body while it waits to be ingested) and the feeds it polls. A mixin of :class:`slate.store.Store`.

A database of schema version 2 (read-only, not upgraded) has none of these tables: reads answer as if
they were empty."""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime

from slate.store._base import Row, StoreBase

_FETCH_COLUMNS = (
    "url, feed_url, state, status, etag, last_modified, content_hash, final_url, error, entry_date, article_id,"
    " fetched_at"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WatchStore(StoreBase):
    """The store's ``watch_fetches`` and ``watch_feeds`` tables."""

    def _has_watch_tables(self) -> bool:
        return "watch_fetches" in self._tables()

    # -- fetches -------------------------------------------------------------------------------
    def watch_fetch(self, url: str) -> Row | None:
        """What is remembered of ``url`` (without its body), or None when it was never fetched."""
        if not self._has_watch_tables():
            return None
        return self._one(f"SELECT {_FETCH_COLUMNS} FROM watch_fetches WHERE url = ?", (url,))

    def watch_known(self, urls: Sequence[str]) -> dict[str, str]:
        """``url -> state`` for the URLs of ``urls`` already remembered."""
        if not urls or not self._has_watch_tables():
            return {}
        out: dict[str, str] = {}
        for i in range(0, len(urls), 500):
            chunk = list(urls[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            for r in self._rows(f"SELECT url, state FROM watch_fetches WHERE url IN ({marks})", chunk):
                out[str(r["url"])] = str(r["state"])
        return out

    def watch_record(
        self,
        url: str,
        *,
        state: str,
        feed_url: str | None = None,
        status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        final_url: str | None = None,
        error: str | None = None,
        entry_date: str | None = None,
        body: bytes | None = None,
        article_id: str | None = None,
    ) -> None:
        """Remember one fetch of ``url`` (its own transaction unless inside one): a new row, or the
        row of its earlier fetch updated."""
        encoded = base64.b64encode(body).decode("ascii") if body is not None else None
        with self.transaction():
            self._exec(
                "INSERT INTO watch_fetches (url, feed_url, state, status, etag, last_modified, content_hash,"
                " final_url, error, entry_date, body, article_id, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET"
                " feed_url = COALESCE(excluded.feed_url, watch_fetches.feed_url), state = excluded.state,"
                " status = excluded.status, etag = excluded.etag, last_modified = excluded.last_modified,"
                " content_hash = excluded.content_hash, final_url = excluded.final_url, error = excluded.error,"
                " entry_date = COALESCE(excluded.entry_date, watch_fetches.entry_date), body = excluded.body,"
                " article_id = COALESCE(excluded.article_id, watch_fetches.article_id),"
                " fetched_at = excluded.fetched_at",
                (url, feed_url, state, status, etag, last_modified, content_hash, final_url, error, entry_date,
                 encoded, article_id, _now()),
            )  # fmt: skip

    def watch_settle(self, url: str, *, state: str, article_id: str | None = None, error: str | None = None) -> None:
        """A pending fetch ingested (``done``, with its article) or refused (``failed``): its body is dropped."""
        with self.transaction():
            self._exec(
                "UPDATE watch_fetches SET state = ?, body = NULL, article_id = COALESCE(?, article_id),"
                " error = COALESCE(?, error) WHERE url = ?",
                (state, article_id, error, url),
            )

    def watch_pending(self) -> Iterator[tuple[Row, bytes]]:
        """The fetches not yet ingested (a run stopped between fetching and storing), with their bodies."""
        if not self._has_watch_tables():
            return
        urls = [str(r["url"]) for r in self._rows("SELECT url FROM watch_fetches WHERE state = 'pending' ORDER BY url")]
        for url in urls:
            row = self._one(f"SELECT {_FETCH_COLUMNS}, body FROM watch_fetches WHERE url = ?", (url,))
            if row is None or row["state"] != "pending":
                continue
            body = base64.b64decode(row.pop("body") or "")
            yield row, body

    def watch_retries(self, feed_urls: Sequence[str]) -> list[Row]:
        """The pages of ``feed_urls``' entries whose last fetch met a passing problem (asked again)."""
        if not feed_urls or not self._has_watch_tables():
            return []
        marks = ", ".join("?" for _ in feed_urls)
        return self._rows(
            f"SELECT url, feed_url, entry_date FROM watch_fetches WHERE state = 'retry' AND feed_url IN ({marks})"
            " ORDER BY url",
            list(feed_urls),
        )

    # -- feeds ---------------------------------------------------------------------------------
    def watch_polled(
        self,
        url: str,
        *,
        kind: str | None,
        title: str | None,
        status: int | None,
        new: int,
        errors: int,
        error: str | None,
    ) -> None:
        """One poll of a feed or page given to ``slate watch``."""
        with self.transaction():
            self._exec(
                "INSERT INTO watch_feeds (url, kind, title, last_poll, last_status, last_new, last_errors,"
                " last_error, polls, total_new) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (url) DO UPDATE SET"
                " kind = COALESCE(excluded.kind, watch_feeds.kind),"
                " title = COALESCE(excluded.title, watch_feeds.title), last_poll = excluded.last_poll,"
                " last_status = excluded.last_status, last_new = excluded.last_new,"
                " last_errors = excluded.last_errors, last_error = excluded.last_error,"
                " polls = watch_feeds.polls + 1, total_new = watch_feeds.total_new + excluded.last_new",
                (url, kind, title, _now(), status, new, errors, error, new),
            )

    def watch_feeds(self) -> list[Row]:
        """Every feed or page ``slate watch`` polled, by URL, with its pages' counts."""
        if not self._has_watch_tables():
            return []
        rows = self._rows(
            "SELECT f.url, f.kind, f.title, f.last_poll, f.last_status, f.last_new, f.last_errors, f.last_error,"
            " f.polls, f.total_new,"
            " (SELECT COUNT(*) FROM watch_fetches w WHERE w.feed_url = f.url) AS pages,"
            " (SELECT COUNT(*) FROM watch_fetches w WHERE w.feed_url = f.url AND w.state IN ('failed', 'retry'))"
            " AS pages_failed"
            " FROM watch_feeds f ORDER BY f.url"
        )
        return [{k: (int(v) if k in _INTS and v is not None else v) for k, v in r.items()} for r in rows]


_INTS = {"last_status", "last_new", "last_errors", "polls", "total_new", "pages", "pages_failed"}
