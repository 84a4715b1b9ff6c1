"""Ingest as one library call: a stream of articles -> extraction -> store, in batched transactions.

The CLI, the API and the benchmarks call :func:`ingest_stream`; it knows nothing of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Protocol

from slate.errors import InputError
from slate.extract import Extractor
from slate.models import Article, Extraction


class _Store(Protocol):
    def add_many(self, items: Iterable[tuple[Article, Extraction]]) -> list[bool]: ...


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    seen: int = 0
    failed: int = 0
    claims: int = 0
    quotes: int = 0

    @property
    def total(self) -> int:
        return self.new + self.seen + self.failed


def extract_batch(extractor: Extractor, batch: list[Article]) -> Iterator[Extraction | InputError]:
    """Extract a batch in one ``nlp.pipe``; if anything in it fails, redo it one by one so only the
    bad article is reported."""
    try:
        yield from list(extractor.extract_many(batch, batch_size=len(batch)))
        return
    except Exception:  # noqa: BLE001 - isolate the article that failed
        pass
    for article in batch:
        try:
            yield extractor.extract(article)
        except Exception as e:  # noqa: BLE001
            yield InputError(article.ref, f"extraction failed: {type(e).__name__}: {e}")


def ingest_stream(
    store: _Store,
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    extractor: Extractor | None = None,
    batch_size: int = 64,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Extract and store every article of ``items``; report each :class:`InputError` via
    ``on_error`` and go on. Each batch of ``batch_size`` articles is written in one transaction per
    article (all of an article's claims or none)."""
    summary = IngestSummary()
    ex = extractor or Extractor(model)

    def report(err: InputError) -> None:
        summary.failed += 1
        if on_error is not None:
            on_error(err)

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                report(item)
            else:
                yield item

    stream = articles()
    while True:
        batch = list(islice(stream, max(batch_size, 1)))
        if not batch:
            break
        done: list[tuple[Article, Extraction]] = []
        for result in extract_batch(ex, batch):
            if isinstance(result, InputError):
                report(result)
            else:
                done.append((result.article, result))
        for (_, ext), added in zip(done, store.add_many(done), strict=True):
            if added:
                summary.new += 1
                summary.claims += len(ext.facts)
                summary.quotes += len(ext.quotes)
            else:
                summary.seen += 1
        if on_progress is not None:
            on_progress(summary.new + summary.seen, summary.failed)
    return summary
