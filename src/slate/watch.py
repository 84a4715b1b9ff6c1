"""``slate watch`` as a library call: poll feeds and pages, fetch each new entry's page once, ingest.

One poll: the pages a stopped run had fetched but not stored are stored first (their bodies wait in
the database); then every URL given is fetched (conditional GET: a 304 costs nothing). A feed's
entries that carry the whole article are ingested from the feed; an entry that is only a summary has
its page fetched, once ever, and ingested as HTML with the entry's date as the fallback date. A URL
that is a page, not a feed, is one article. Every fetched page is written to the database (body
included) before it is extracted, and marked done in the transaction that stores its article, so a
run killed anywhere loses nothing and fetches nothing twice. A feed's validators (ETag,
Last-Modified) are saved only once its entries are stored, so an interrupted poll reads it again.

Extraction and storing go through :func:`slate.pipeline.ingest_stream` (in-process, worker pool or
Dask). Fetching is :mod:`slate.ingest._fetch`. Stopping: set ``stop`` (the CLI does on SIGTERM and
SIGINT): nothing new is fetched, what is extracted is stored, and :func:`watch` returns.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import chain
from typing import TYPE_CHECKING, Any

from slate.errors import InputError, InputSkipped, InputWarning
from slate.ingest._feeds import SummaryOnly, feed_articles, feed_kind
from slate.ingest._fetch import Fetcher, FetchError, Limits, Request, Response
from slate.ingest._sources import html_article
from slate.models import Article, Extraction
from slate.pipeline import IngestSummary, ingest_stream

if TYPE_CHECKING:
    from slate.extract import Extractor
    from slate.store import Store

__all__ = ["Limits", "PollSummary", "WatchSummary", "feed_status", "parse_every", "poll", "watch"]


@dataclass
class PollSummary:
    """What one poll did."""

    number: int = 1
    #: URLs given (feeds and pages) and how many answered 304 Not Modified
    sources: int = 0
    not_modified: int = 0
    #: requests that brought a body (feeds, pages), robots.txt aside
    fetched: int = 0
    new: int = 0
    seen: int = 0
    failed: int = 0
    claims: int = 0
    quotes: int = 0
    #: ids of the articles this poll stored, in the order stored (what the hooks announce)
    new_articles: list[str] = field(default_factory=list)
    #: the poll was cut short (stop asked for, or the database became unwritable: then the reason)
    interrupted: bool = False
    stopped: str | None = None
    seconds: float = 0.0


@dataclass
class WatchSummary:
    """Every poll of one :func:`watch` call."""

    polls: list[PollSummary] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(p.failed for p in self.polls)

    @property
    def new(self) -> int:
        return sum(p.new for p in self.polls)


_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


def parse_every(text: str) -> float:
    """``15m``, ``30s``, ``2h``, ``1d`` or plain seconds -> seconds (at least one)."""
    m = _EVERY.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a duration (like 30s, 15m, 2h, 1d)")
    seconds = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2).lower()]
    if seconds < 1:
        raise ValueError(f"{text!r}: poll at most once a second")
    return seconds


@dataclass
class _Source:
    """One URL given, during a poll."""

    url: str
    kind: str | None = None
    title: str | None = None
    status: int | None = None
    new: int = 0
    errors: int = 0
    error: str | None = None
    response: Response | None = None


class _Poll:
    """The state of one poll: which article came from where, and what to settle once stored."""

    def __init__(self, store: Store, fetcher: Fetcher, urls: Sequence[str], stop: threading.Event) -> None:
        self.store = store
        self.fetcher = fetcher
        self.stop = stop
        self.sources = {url: _Source(url) for url in dict.fromkeys(urls)}
        #: article ref -> the URL given it came from
        self.source_of: dict[str, str] = {}
        #: article ref -> the watch_fetches row it settles (a fetched page)
        self.pending: dict[str, str] = {}
        self.summary = PollSummary(sources=len(self.sources))
        self.cut = False

    # -- what goes into ingest_stream ----------------------------------------------------------
    def items(self) -> Iterator[Article | InputError]:
        for row, body in self.store.watch_pending():
            if self.stop.is_set():
                self.cut = True
                return
            feed = row.get("feed_url")
            if feed in self.sources or feed is None:
                self.source_of[str(row["url"])] = str(feed or row["url"])
            yield self._page(
                str(row["url"]), body, final_url=row.get("final_url"), charset=None, entry_date=row.get("entry_date")
            )
        links: dict[str, tuple[str, date | None]] = {}
        requests = [self._given_request(url) for url in self.sources]
        for req, result in self.fetcher.fetch_many(requests, stop=self.stop.is_set):
            src = self.sources[req.url]
            if isinstance(result, FetchError):
                src.status = None
                yield InputError(req.url, result.reason)  # counted by failed()
                continue
            src.status = result.status
            if result.status == 304:
                self.summary.not_modified += 1
                src.response = result
                continue
            self.summary.fetched += 1
            src.response = result
            yield from self._given(src, result, links)
        if self.stop.is_set():
            self.cut = True
            return
        for row in self.store.watch_retries(list(self.sources)):  # a passing problem last time: asked again
            day = row["entry_date"]
            links.setdefault(str(row["url"]), (str(row["feed_url"]), date.fromisoformat(day) if day else None))
        known = self.store.watch_known(list(links))
        wanted = [Request(url, tag=links[url]) for url in links if known.get(url) in (None, "retry")]
        for req, result in self.fetcher.fetch_many(wanted, stop=self.stop.is_set):
            feed_url, entry_date = req.tag
            self.source_of[req.url] = feed_url
            if isinstance(result, FetchError):
                self.store.watch_record(
                    req.url, state="retry" if result.retry else "failed", feed_url=feed_url, error=result.reason,
                    entry_date=entry_date.isoformat() if entry_date else None,
                )  # fmt: skip
                yield InputError(req.url, result.reason)
                continue
            self.summary.fetched += 1
            body = _decoded(result.body, result.charset)  # kept as UTF-8 when the server named its charset
            # remembered, body and all, before anything else: a run stopped from here on loses nothing
            self.store.watch_record(
                req.url, state="pending", feed_url=feed_url, status=result.status, etag=result.etag,
                last_modified=result.last_modified, content_hash=result.content_hash, final_url=result.final_url,
                entry_date=entry_date.isoformat() if entry_date else None, body=body,
            )  # fmt: skip
            if self.stop.is_set():
                self.cut = True
                continue  # fetched and kept: the next run stores it
            yield self._page(
                req.url, body, final_url=result.final_url, charset=None,
                entry_date=entry_date.isoformat() if entry_date else None,
            )  # fmt: skip
        if self.stop.is_set():
            self.cut = True

    def _given_request(self, url: str) -> Request:
        known = self.store.watch_fetch(url)
        if known is None or known["state"] != "done":
            return Request(url)
        return Request(url, etag=known["etag"], last_modified=known["last_modified"])

    def _given(
        self, src: _Source, res: Response, links: dict[str, tuple[str, date | None]]
    ) -> Iterator[Article | InputError]:
        """A URL given that answered with a body: a feed's entries, or a page as one article."""
        kind = feed_kind(res.body[:4096])
        if kind is None:
            src.kind = "page"
            known = self.store.watch_fetch(src.url)
            if known is not None and known["content_hash"] == res.content_hash and known["state"] == "done":
                return  # the same bytes as last time (a server without validators)
            self.source_of[src.url] = src.url
            yield self._page(src.url, res.body, final_url=res.final_url, charset=res.charset, entry_date=None)
            return
        src.kind = "feed"
        for item in feed_articles(
            res.body, kind=kind, source=src.url, stem=_stem(src.url), default_date=None, links=True
        ):
            if isinstance(item, SummaryOnly):
                src.title = src.title or item.feed_title
                if item.link not in links and item.link not in self.sources:
                    links[item.link] = (src.url, item.published)
                continue
            if isinstance(item, InputError):
                self.source_of[item.source] = src.url
                yield item
                continue
            if src.title is None and item.source_name:
                src.title = item.source_name
            if self.store.has_article(item.id):
                self.summary.seen += 1
                continue
            article = replace(item, ref=item.url) if item.url else item
            self.source_of[article.ref] = src.url
            yield article

    def _page(
        self, url: str, body: bytes, *, final_url: str | None, charset: str | None, entry_date: str | None
    ) -> Article | InputError:
        self.pending[url] = url
        data = _decoded(body, charset)
        fallback = date.fromisoformat(entry_date) if entry_date else None
        try:
            return html_article(
                data, source=url, ref=url, default_date=None, url=final_url or url, fallback_date=fallback
            )
        except InputError as e:
            return e

    # -- what ingest_stream calls back ---------------------------------------------------------
    def add(self, article: Article, extraction: Extraction) -> bool:
        """Store one article and settle the fetch it came from, in one transaction."""
        url = self.pending.get(article.ref)
        with self.store.transaction():
            added = self.store.add(article, extraction)
            if url is not None:
                self.store.watch_settle(url, state="done", article_id=article.id)
        if added:
            self.summary.new_articles.append(article.id)
            origin = self.source_of.get(article.ref)
            if origin in self.sources:
                self.sources[origin].new += 1
        return added

    def failed(self, err: InputError) -> None:
        """An item that could not be read, extracted or stored: its fetch is settled as failed."""
        if isinstance(err, InputSkipped):
            return
        if err.source in self.pending:
            self.store.watch_settle(err.source, state="failed", error=err.reason)
        origin = self.source_of.get(err.source, err.source)
        if origin in self.sources:
            self.sources[origin].errors += 1
            self.sources[origin].error = self.sources[origin].error or err.reason

    def finish(self) -> None:
        """The URLs given: their validators (only once their entries are stored) and their poll."""
        for src in self.sources.values():
            res = src.response
            if res is not None and res.status != 304 and not self.cut and not self.summary.stopped:
                self.store.watch_record(
                    src.url, state="done", status=res.status, etag=res.etag, last_modified=res.last_modified,
                    content_hash=res.content_hash, final_url=res.final_url,
                )  # fmt: skip
            self.store.watch_polled(
                src.url, kind=src.kind, title=src.title, status=src.status, new=src.new, errors=src.errors,
                error=src.error,
            )  # fmt: skip


def _decoded(body: bytes, charset: str | None) -> bytes:
    """The body as UTF-8 when the server named its charset (and the bytes are of it); else as sent."""
    if not charset:
        return body
    try:
        return body.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return body


def _stem(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", url.split("://", 1)[-1]).strip("-")[:80] or "feed"


def poll(
    store: Store,
    fetcher: Fetcher,
    urls: Sequence[str],
    *,
    stop: threading.Event | None = None,
    extractor: Extractor | Callable[[], Extractor | None] | None = None,
    model: str | None = None,
    batch_size: int = 16,
    workers: int = 1,
    dask: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> PollSummary:
    """One poll of ``urls``: fetch, extract and store what is new (see the module's docstring).
    ``extractor`` may be a function making one: it is called only when there is something to extract."""
    started = time.monotonic()
    state = _Poll(store, fetcher, urls, stop or threading.Event())

    def report(err: InputError) -> None:
        state.failed(err)
        if on_error is not None:
            on_error(err)

    items = state.items()
    first: Article | None = None
    before = 0  # problems met before the first article (reported here: no extractor is needed for them)
    for item in items:
        if isinstance(item, Article):
            first = item
            break
        before += not isinstance(item, InputWarning | InputSkipped)
        report(item)
    if first is None:  # nothing new: no extractor is loaded, no worker started
        result = IngestSummary()
    else:
        if callable(extractor):
            extractor = extractor()
        result = ingest_stream(
            state,
            chain([first], items),
            model=model,
            extractor=extractor,
            batch_size=batch_size,
            workers=workers,
            dask=dask,
            on_error=report,
        )
    summary = state.summary
    summary.new, summary.failed = result.new, result.failed + before
    summary.seen += result.seen
    summary.claims, summary.quotes = result.claims, result.quotes
    summary.stopped = result.stopped
    summary.interrupted = state.cut or result.stopped is not None
    if result.stopped is None:
        state.finish()
    summary.seconds = time.monotonic() - started
    return summary


def watch(
    store: Store,
    urls: Sequence[str],
    *,
    limits: Limits | None = None,
    every: float | None = None,
    stop: threading.Event | None = None,
    extractor: Extractor | None = None,
    model: str | None = None,
    batch_size: int = 16,
    workers: int = 1,
    dask: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_poll: Callable[[PollSummary], None] | None = None,
) -> WatchSummary:
    """Poll ``urls`` once (``every`` None) or every ``every`` seconds until ``stop`` is set."""
    stop = stop or threading.Event()
    summary = WatchSummary()
    loaded: list[Extractor | None] = [extractor]

    def make_extractor() -> Extractor | None:
        if loaded[0] is None and workers <= 1 and not dask:
            from slate.extract import Extractor

            loaded[0] = Extractor(model)  # loaded once, when a poll first has something to extract
        return loaded[0]

    with Fetcher(limits) as fetcher:
        number = 0
        while True:
            number += 1
            started = time.monotonic()
            result = poll(
                store, fetcher, urls, stop=stop, extractor=make_extractor, model=model, batch_size=batch_size,
                workers=workers, dask=dask, on_error=on_error,
            )  # fmt: skip
            result.number = number
            summary.polls.append(result)
            # The poll's articles are committed: on_poll is where their changes are announced (the CLI
            # delivers the webhooks there), before the next poll.
            if on_poll is not None:
                on_poll(result)
            if every is None or stop.is_set() or result.stopped:
                return summary
            stop.wait(max(every - (time.monotonic() - started), 0.0))
            if stop.is_set():
                return summary


def feed_status(store: Store) -> list[dict[str, Any]]:
    """Every feed or page ``slate watch`` has polled: last poll, its status, new articles, errors."""
    return store.watch_feeds()
