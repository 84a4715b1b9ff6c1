"""Ingest as one library call: a stream of articles -> extraction -> store.

Extraction runs in this process, in a pool of worker processes (``workers``), or on a Dask cluster
(``dask``); whatever runs it, results come back in input order to the single writer here, which
stores each article in its own transaction. At most a few batches are in flight, so memory stays
bounded however long the stream is. The CLI, the API and the benchmarks call :func:`ingest_stream`;
it knows nothing of them. :func:`reextract` runs the current extractor again over the stored
articles, the same way.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol

from slate.errors import InputError, InputSkipped, InputWarning, SlateError, StoreError, StoreLost
from slate.models import Article, Extraction

if TYPE_CHECKING:  # spaCy is imported only where extraction runs: a writer with worker processes never loads it
    from slate.extract import Extractor

Result = Extraction | InputError


class _Store(Protocol):
    def add(self, article: Article, extraction: Extraction) -> bool: ...


class _ReextractStore(Protocol):
    def reextract(self, article: Article, extraction: Extraction) -> bool: ...
    def articles_not_at(self, version: str, after: tuple[str, str] | None, limit: int) -> list[Article]: ...
    def articles_at(self, version: str) -> int: ...
    def counts(self) -> dict[str, Any]: ...


@dataclass
class IngestSummary:
    """What one ingest run did."""

    new: int = 0
    seen: int = 0
    failed: int = 0
    #: items deliberately not stored (a feed entry that is only a summary): reported, counted apart
    skipped: int = 0
    claims: int = 0
    quotes: int = 0
    #: why the run ended early (the database became unwritable), else None
    stopped: str | None = None

    @property
    def total(self) -> int:
        return self.new + self.seen + self.failed + self.skipped


@dataclass
class ReextractSummary:
    """What one re-extraction run did."""

    #: the extractor version the stored articles were brought to
    version: str = ""
    reextracted: int = 0
    current: int = 0
    failed: int = 0
    #: claims that answer, before and after the run
    claims_before: int = 0
    claims_after: int = 0
    #: why the run ended early (the database became unwritable), else None
    stopped: str | None = None


def extract_batch(extractor: Extractor, batch: list[Article]) -> list[Result]:
    """Extract a batch in one ``nlp.pipe``; if anything in it fails, redo it one by one so only the
    bad article is reported."""
    try:
        return list(extractor.extract_many(batch, batch_size=len(batch)))
    except Exception:  # noqa: BLE001 - isolate the article that failed
        pass
    out: list[Result] = []
    for article in batch:
        try:
            out.append(extractor.extract(article))
        except Exception as e:  # noqa: BLE001
            out.append(InputError(article.ref, f"extraction failed: {type(e).__name__}: {e}"))
    return out


# -- worker side (a process of the pool, or a Dask worker): one Extractor per process -----------
_WORKER_EXTRACTORS: dict[str | None, Extractor] = {}


def _new_extractor(model: str | None) -> Extractor:
    from slate.extract import Extractor

    return Extractor(model)


def worker_extract(batch: list[Article], model: str | None = None) -> list[Result]:
    """Extract a batch with this process's Extractor (the model is loaded once per process)."""
    ex = _WORKER_EXTRACTORS.get(model)
    if ex is None:
        ex = _WORKER_EXTRACTORS[model] = _new_extractor(model)
    return extract_batch(ex, batch)


def worker_version(model: str | None = None) -> str:
    """The version of this process's Extractor: the version the extractions made here carry."""
    ex = _WORKER_EXTRACTORS.get(model)
    if ex is None:
        ex = _WORKER_EXTRACTORS[model] = _new_extractor(model)
    return ex.version


def _init_worker(model: str | None, parent: int) -> None:
    _die_with_parent(parent)
    # Ctrl-C reaches the whole process group: the writer decides (``slate watch`` finishes the batch in
    # hand; ``slate ingest`` stops its workers), so a worker never dies of it mid-batch on its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _WORKER_EXTRACTORS[model] = _new_extractor(model)


def _die_with_parent(parent: int) -> None:
    """End this worker when the process that started it dies, even by SIGKILL: on Linux the kernel
    sends SIGKILL (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread watches the parent."""
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent,), name="slate-watch-parent", daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


class _Runner(Protocol):
    def version(self) -> str: ...
    def submit(self, batch: list[Article]) -> Any: ...
    def result(self, handle: Any) -> list[Result]: ...
    def close(self, abort: bool = False) -> None: ...


class _Local:
    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def version(self) -> str:
        return self.extractor.version

    def submit(self, batch: list[Article]) -> list[Result]:
        return extract_batch(self.extractor, batch)

    def result(self, handle: Any) -> list[Result]:
        results: list[Result] = handle
        return results

    def close(self, abort: bool = False) -> None:
        pass


class _Pool:
    def __init__(self, workers: int, model: str | None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # no fork of a process holding a loaded model/DB
        self.pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(model, os.getpid())
        )
        self.model = model

    def version(self) -> str:
        return str(self.pool.submit(worker_version, self.model).result())

    def submit(self, batch: list[Article]) -> Future[list[Result]]:
        return self.pool.submit(worker_extract, batch, self.model)

    def result(self, handle: Any) -> list[Result]:
        results: list[Result] = handle.result()
        return results

    def close(self, abort: bool = False) -> None:
        if abort:  # interrupted (SIGTERM, Ctrl-C, an error): stop the workers now, not after their batch
            workers = list(self.pool._processes.values())  # the executor has no public way to stop them
            for process in workers:
                process.terminate()
            self.pool.shutdown(wait=False, cancel_futures=True)
            for process in workers:
                process.join(timeout=5)
            return
        self.pool.shutdown(cancel_futures=True)


class _Dask:
    def __init__(self, address: str, model: str | None) -> None:
        try:
            from distributed import Client
        except ImportError as e:  # pragma: no cover - a pinned dependency
            raise SlateError(f"Dask support needs dask.distributed: {e}") from None
        try:
            self.client = Client(address, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as e:
            raise SlateError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        self.model = model

    def version(self) -> str:
        return str(self.client.submit(worker_version, self.model, pure=False).result())

    def submit(self, batch: list[Article]) -> Any:
        return self.client.submit(worker_extract, batch, self.model, pure=False)

    def result(self, handle: Any) -> list[Result]:
        results: list[Result] = handle.result()
        return results

    def close(self, abort: bool = False) -> None:
        self.client.close()  # type: ignore[no-untyped-call]


def ingest_stream(
    store: _Store,
    items: Iterable[Article | InputError],
    *,
    model: str | None = None,
    extractor: Extractor | None = None,
    batch_size: int = 64,
    workers: int = 1,
    dask: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Extract and store every article of ``items``; report each :class:`InputError` (an item that
    could not be read, extracted or stored; a skipped item or a warning about one) via ``on_error``
    and go on. Results are stored in input
    order, each article in one transaction, so the database is the same whatever ran the
    extraction. When the database can no longer be written (:class:`StoreLost`), the run ends and
    the summary says why in ``stopped``."""
    summary = IngestSummary()

    def report(err: InputError) -> None:
        if isinstance(err, InputSkipped):
            summary.skipped += 1
        elif not isinstance(err, InputWarning):
            summary.failed += 1
        if on_error is not None:
            on_error(err)

    def articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, InputError):
                report(item)
            else:
                yield item

    runner = _runner(model, extractor, workers, dask)

    def store_results(results: list[Result]) -> None:
        for result in results:
            if isinstance(result, InputError):
                report(result)
                continue
            try:
                added = store.add(result.article, result)
            except StoreLost:
                summary.failed += 1
                raise
            except StoreError as e:
                report(InputError(result.article.ref, str(e).removeprefix(f"{result.article.ref}: ")))
                continue
            if added:
                summary.new += 1
                summary.claims += len(result.facts)
                summary.quotes += len(result.quotes)
            else:
                summary.seen += 1
        if on_progress is not None:
            on_progress(summary.new + summary.seen, summary.failed)

    summary.stopped = _drive(runner, articles(), store_results, batch_size=batch_size, workers=workers, dask=dask)
    return summary


def _runner(model: str | None, extractor: Extractor | None, workers: int, dask: str | None) -> _Runner:
    if dask:
        return _Dask(dask, model)
    if workers > 1:
        return _Pool(workers, model)
    return _Local(extractor or _new_extractor(model))


def _drive(
    runner: _Runner,
    stream: Iterator[Article],
    store_results: Callable[[list[Result]], None],
    *,
    batch_size: int,
    workers: int,
    dask: str | None,
) -> str | None:
    """Extract ``stream`` in batches on ``runner`` (a few batches in flight) and hand each batch's
    results, in input order, to ``store_results``; the runner is closed at the end. Returns why the
    run ended early (:class:`StoreLost`), else None."""
    in_flight_max = 1 if isinstance(runner, _Local) else max(2, 2 * workers if not dask else 8)
    size = max(batch_size, 1) if isinstance(runner, _Local) else max(4, min(batch_size, 16))
    pending: deque[Any] = deque()
    try:
        while True:
            batch = list(islice(stream, size))
            if batch:
                pending.append(runner.submit(batch))
            if pending and (len(pending) >= in_flight_max or not batch):
                store_results(runner.result(pending.popleft()))
            if not batch and not pending:
                break
    except StoreLost as e:
        runner.close(abort=True)
        return str(e)
    except BaseException:
        runner.close(abort=True)
        raise
    runner.close()
    return None


def reextract(
    store: _ReextractStore,
    *,
    model: str | None = None,
    extractor: Extractor | None = None,
    batch_size: int = 64,
    workers: int = 1,
    dask: str | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ReextractSummary:
    """Run the current extractor (``extractor``, else ``Extractor(model)`` here, in ``workers``
    processes or on ``dask``) again over every stored article not yet at its version.

    Articles go in (publication date, id) order; each article's new rows and its switch to the new
    version are one transaction, so a run stopped anywhere (SIGKILL included) is finished by running
    it again, and a second run finds nothing to do. The older versions' rows are kept but no longer
    answer. An article that cannot be extracted or stored is reported via ``on_error`` (it keeps
    answering with its earlier extraction) and the run goes on."""
    runner = _runner(model, extractor, workers, dask)
    try:
        version = runner.version()
    except BaseException:
        runner.close(abort=True)
        raise
    summary = ReextractSummary(version=version, claims_before=int(store.counts().get("claims") or 0))
    summary.current = store.articles_at(version)

    def report(err: InputError) -> None:
        summary.failed += 1
        if on_error is not None:
            on_error(err)

    def articles() -> Iterator[Article]:
        after: tuple[str, str] | None = None
        page = max(batch_size, 16)
        while True:
            found = store.articles_not_at(version, after, page)
            yield from found
            if len(found) < page:
                return
            after = (found[-1].published.isoformat(), found[-1].id)

    def store_results(results: list[Result]) -> None:
        for result in results:
            if isinstance(result, InputError):
                report(result)
                continue
            ref = result.article.ref
            if result.extractor_version != version:  # a worker running another Slate
                report(InputError(ref, f"extracted by version {result.extractor_version}, not {version}: not stored"))
                continue
            try:
                changed = store.reextract(result.article, result)
            except StoreLost:
                summary.failed += 1
                raise
            except StoreError as e:
                report(InputError(ref, str(e).removeprefix(f"{ref}: ")))
                continue
            if changed:
                summary.reextracted += 1
            else:  # brought to this version meanwhile (another run, or an ingest)
                summary.current += 1
        if on_progress is not None:
            on_progress(summary.reextracted + summary.current, summary.failed)

    summary.stopped = _drive(runner, articles(), store_results, batch_size=batch_size, workers=workers, dask=dask)
    summary.claims_after = int(store.counts().get("claims") or 0)
    return summary
