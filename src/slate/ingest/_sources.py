"""Every source a user has -> a stream of :class:`~slate.models.Article` (or one InputError per bad item)."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import IO, Any, BinaryIO, cast
from urllib.parse import urlparse

from slate.errors import InputError, InputWarning
from slate.ingest._boilerplate import not_an_article
from slate.ingest._dates import parse_date_text, script_date
from slate.ingest._decode import MAX_ARTICLE_BYTES, decode, normalise
from slate.ingest._feeds import MAX_FEED_BYTES, feed_articles, feed_kind
from slate.ingest._json import JsonLimitError
from slate.ingest._json import check_depth as check_json_depth
from slate.ingest._json import loads as json_loads
from slate.ingest._quiet import captured, one_line
from slate.ingest._walk import directory_files, kind_of
from slate.models import Article

HEADER = re.compile(r"^\s?date\s+(\d{4})-(\d{1,2})-(\d{1,2})\b.*$")
URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/_-](0?[1-9]|1[0-2])[/_-](0?[1-9]|[12]\d|3[01])(?!\d)")
ARC_START = re.compile(rb"^filedesc://\S+ \S+ \d{12,14} ")
HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|p|div|meta)\b", re.I | re.S)
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
WARC_SUFFIXES = {".warc", ".arc"}
MAX_LINE_BYTES = MAX_ARTICLE_BYTES


def parse_header_date(line: str, source: str = "header") -> date | None:
    """The date of a seed-style first line ``' date YYYY-MM-DD <anything>'``; None if it is not one.

    An impossible date in such a header raises :class:`InputError`."""
    m = HEADER.match(line)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise InputError(source, f"impossible date in header: {line.strip()!r}") from None


def url_date(url: str | None) -> date | None:
    """A date written in a URL path (``/2021/11/19/``, ``2021-11-19``)."""
    if not url:
        return None
    m = URL_DATE.search(url)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlparse(url).hostname or None
    except ValueError:
        return None


def no_date(source: str) -> InputError:
    return InputError(source, "no publication date: add a ' date YYYY-MM-DD' first line or pass --date")


_REF_SUFFIXES = ".gz .txt .text .html .htm .xhtml .jsonl .ndjson .json .warc .arc .rss .atom .xml .rdf".split()


def _ref_of(path: Path) -> str:
    name = path.name
    for suffix in _REF_SUFFIXES:
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name


# ---------------------------------------------------------------------------------------------
# single-article formats


def text_article(data: bytes, *, source: str, ref: str, default_date: date | None) -> Article:
    """A plain-text article; a seed-style first line gives its date (it wins over ``--date``)."""
    text = decode(data, source)
    first, _, rest = text.partition("\n")
    published = parse_header_date(first, source)
    if published is not None:
        text = normalise(rest)
    else:
        published = default_date
    if not text.strip():
        raise InputError(source, "empty article (no text)")
    if published is None:
        raise no_date(source)
    return Article.create(text=text, published=published, ref=ref)


def html_article(
    data: bytes | str,
    *,
    source: str,
    ref: str,
    default_date: date | None,
    url: str | None = None,
    fallback_date: date | None = None,
) -> Article:
    """An HTML page through trafilatura: main text, title, date, canonical URL and site name.

    A page whose text is only a notice (JavaScript, cookies, paywall, bot check, error) or too short
    to be an article is refused. The date is the page's metadata date as htmldate reads it (JSON-LD
    ``datePublished``, ``article:published_time``, ``<time datetime>``, ...), else one in its scripts'
    data (``"date": "2014-10-31 at 07:15:00AM EST"``), else one in its URL, else ``fallback_date``
    (a crawl's date), else ``default_date``; dates are taken as written, timezone aside."""
    import trafilatura
    from dateutil.parser import UnknownTimezoneWarning

    html = decode(data, source) if isinstance(data, bytes) else data
    try:
        # htmldate and dateutil warn about timezone names they cannot resolve: the date as written is
        # what is kept, so those warnings say nothing; anything else the libraries log is dropped
        # too (a page they cannot read ends in Slate's own line below)
        with captured(ignore=(UnknownTimezoneWarning,)):
            doc = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as e:  # noqa: BLE001 - lxml/trafilatura errors on hostile markup
        raise InputError(source, f"unreadable HTML: {type(e).__name__}") from None
    meta: dict[str, Any] = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = normalise((meta.get("text") or "").replace("\n", "\n\n"))
    if not text.strip():
        raise InputError(source, "no article text found in the HTML page")
    why = not_an_article(text)
    if why is not None:
        raise InputError(source, f"no article text: {why}")
    page_url = meta.get("url") or url
    published = (
        parse_date_text(meta.get("date")) or script_date(html) or url_date(page_url) or fallback_date or default_date
    )
    if published is None:
        raise no_date(source)
    return Article.create(
        text=text,
        published=published,
        ref=ref,
        url=page_url,
        title=meta.get("title") or None,
        source_name=meta.get("sitename") or _host(page_url),
    )


def _jsonl_record(line: bytes, *, source: str, ref: str | None, default_date: date | None) -> Article:
    """One JSONL record; its ``id`` is its ref, else ``ref``, else (standard input) ``stdin-<hash>``."""
    if len(line) > MAX_LINE_BYTES:
        limit = MAX_LINE_BYTES // 2**20
        raise InputError(source, f"line too large: {len(line) / 2**20:.1f} MiB (limit {limit} MiB)")
    try:
        decoded = decode(line, source)
        check_json_depth(decoded.encode("utf-8", "replace"))  # before parsing: it recurses once per level
        rec = json_loads(decoded)
    except json.JSONDecodeError as e:
        raise InputError(source, f"broken JSON: {e.msg} at column {e.colno}") from None
    except JsonLimitError as e:
        raise InputError(source, f"JSON beyond the limits: {e}") from None
    if not isinstance(rec, dict):
        raise InputError(source, "not a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text'")
    url = rec.get("url") if isinstance(rec.get("url"), str) else None
    rid = rec.get("id")
    raw_date = rec.get("date") or rec.get("published")
    published = parse_date_text(raw_date)
    if raw_date and published is None:
        raise InputError(source, f"invalid date {raw_date!r}")
    published = published or url_date(url) or default_date
    if published is None:
        raise no_date(source)
    title = rec.get("title") if isinstance(rec.get("title"), str) else None
    src = rec.get("source") if isinstance(rec.get("source"), str) else None
    article = Article.create(
        text=normalise(text),
        published=published,
        ref=str(rid) if rid not in (None, "") else ref or "stdin",
        url=url,
        title=title,
        source_name=src or _host(url),
    )
    return unique_ref(article) if rid in (None, "") and ref is None else article


def unique_ref(article: Article) -> Article:
    """An article read from standard input with no name of its own: ``stdin-<short hash of its text>``,
    so two different articles piped in are two refs."""
    return replace(article, ref=f"stdin-{article.id[:10]}")


# ---------------------------------------------------------------------------------------------
# streams


def _jsonl_stream(
    fh: IO[bytes], *, source: str, default_date: date | None, stdin: bool = False
) -> Iterator[Article | InputError]:
    n = 0
    while raw := fh.readline(MAX_LINE_BYTES + 1):
        n += 1
        where = f"{source}:{n}"
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw)
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                size += len(rest)  # skip the rest of the line without holding it
            size += len(rest)
            yield InputError(
                where, f"line too large: over {size / 2**20:.1f} MiB (limit {MAX_LINE_BYTES // 2**20} MiB)"
            )
            continue
        if not raw.strip():
            continue
        try:
            ref = None if stdin else where.rsplit("/", 1)[-1]
            yield _jsonl_record(raw, source=where, ref=ref, default_date=default_date)
        except InputError as e:
            yield e


class _WatchedWarc:
    """A read-through view of a WARC stream that knows whether the stream was cut off.

    warcio quietly drops a last record cut short (a gzip member without its end, or headers without
    their blank line). This view watches the bytes warcio reads: for gzip it decompresses alongside
    (output discarded, bounded per step) to see that the stream stops at the end of a member; for plain
    WARC it checks that the stream stops on the blank line that closes every record."""

    STEP = 1 << 20

    def __init__(self, fh: IO[bytes], *, gz: bool) -> None:
        self._fh = fh
        self._gz = gz
        self._z: Any = None
        self._inside = False  # gzip: bytes of an unfinished member have been seen
        self._tail = b""  # plain: the last bytes read
        self.total = 0

    def cut(self, parsed_up_to: int, *, arc: bool = False) -> bool:
        """Whether the stream was cut off, given the offset up to which warcio parsed whole records
        (an ARC record ends with one line break, a WARC record with two)."""
        if self._gz:
            return self._inside
        if parsed_up_to < self.total:  # bytes after the last record warcio gave back
            return True
        return bool(self._tail) and not self._tail.endswith(b"\n" if arc else (b"\r\n\r\n", b"\n\n"))

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self.total += len(data)
        if self._gz:
            self._feed(data)
        elif data:
            self._tail = (self._tail + data)[-4:]
        return data

    def _feed(self, data: bytes) -> None:
        while data:
            if self._z is None:
                self._z = zlib.decompressobj(31)
            try:
                self._z.decompress(data, self.STEP)
                while self._z.unconsumed_tail and not self._z.eof:
                    self._z.decompress(self._z.unconsumed_tail, self.STEP)
            except zlib.error:
                self._inside = True
                return
            self._inside = not self._z.eof
            data = self._z.unused_data if self._z.eof else b""
            if self._z.eof:
                self._z = None


def _warc_stream(
    fh: IO[bytes], *, source: str, default_date: date | None, stdin: bool = False
) -> Iterator[Article | InputError]:
    """The response records of a WARC or ARC stream as articles, every problem one line with its reason.

    Whatever warcio says meanwhile (on stderr or through logging) is caught: about a record that is
    read all the same it becomes a ``Warning:`` line, about one that is not it is part of the reason of
    its ``Error:`` line. A record is handed on only once the next one has been read, because only then
    does warcio see whether bytes were left over after it (its length field was wrong, so what was
    read of it is not the whole record)."""
    from slate.ingest._warc import archive_records

    peek = getattr(fh, "peek", None)
    head: bytes = peek(4096)[:4096] if peek is not None else b""
    gz = head[:2] == b"\x1f\x8b"
    if gz:
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            head = b""
    arc = head.startswith(b"filedesc://")  # warcio reads ARC records as WARC ones (arc2warc)
    kind = "ARC" if arc else "WARC"
    watched = _WatchedWarc(fh, gz=gz)
    records = archive_records(watched)
    it = iter(records)
    stem = _ref_of(Path(source))
    n = 0  # response records
    seen = 0  # records of any type
    cut_reported = False
    held: list[Article | InputError] = []  # the previous response record's outcome, with its warnings
    while True:
        misplaced = records.err_count
        failure: Exception | None = None
        record: Any = None
        with captured() as said:
            try:
                record = next(it, None)
            except Exception as e:  # noqa: BLE001 - warcio fails in many ways on a cut-off or garbled record
                failure = e
        if records.err_count > misplaced and held:
            held = [
                InputError(
                    f"{source}#{n}",
                    f"broken {kind} record: more bytes follow it than its length field says, so it is not whole",
                )
            ]
        yield from held
        held = []
        if failure is not None:
            yield _warc_failure(failure, said.lines, source=source, n=n, seen=seen, kind=kind)
            return
        if record is None:
            break
        seen += 1
        if record.rec_type != "response":
            continue
        n += 1
        where = f"{source}#{n}"
        with captured() as said_here:
            try:
                outcome = _warc_record(record, where=where, ref=f"{stem}-{n}", kind=kind, default_date=default_date)
                if stdin and isinstance(outcome, Article):
                    outcome = unique_ref(outcome)
            except InputError as e:
                outcome = e
            except Exception as e:  # noqa: BLE001 - a broken record is one bad item
                outcome = InputError(where, f"broken {kind} record: {_exception_text(e)}")
        lines = said.lines + said_here.lines
        if outcome is None:
            held = [InputWarning(where, f"{kind} reader: {line}") for line in lines]
        elif isinstance(outcome, InputError):
            cut_reported = cut_reported or outcome.reason.startswith("truncated")
            if lines:
                outcome = InputError(outcome.source, f"{outcome.reason} (warcio: {'; '.join(lines)})")
            held = [outcome]
        else:
            held = [InputWarning(where, f"{kind} reader: {line}") for line in lines]
            held.append(outcome)
    yield from held
    if not cut_reported and watched.cut(getattr(records, "offset", watched.total), arc=arc):
        yield InputError(source, f"truncated {kind} file: it ends inside a record (after {n} response records)")


def _warc_record(
    record: Any, *, where: str, ref: str, kind: str, default_date: date | None
) -> Article | InputError | None:
    """One response record: its HTML page as an article, or why not (None: not a page, nothing to say)."""
    ctype = (record.http_headers.get_header("Content-Type") if record.http_headers else "") or ""
    if "html" not in ctype.lower():
        stream = record.content_stream()
        while stream.read(1 << 16):  # not an article; read through it to see it arrived whole
            pass
        if getattr(record.raw_stream, "limit", 0) > 0:
            return InputError(where, f"truncated {kind} record: shorter than its Content-Length")
        return None  # an image, a style sheet, a script: crawls hold many; not news
    body = record.content_stream().read(MAX_ARTICLE_BYTES + 1)
    if len(body) <= MAX_ARTICLE_BYTES and getattr(record.raw_stream, "limit", 0) > 0:
        # fewer bytes arrived than the record declares: a cut-off download, not an article
        return InputError(where, f"truncated {kind} record: shorter than its Content-Length")
    uri = record.rec_headers.get_header("WARC-Target-URI")
    wdate = parse_date_text(record.rec_headers.get_header("WARC-Date"))
    return html_article(body, source=where, ref=ref, default_date=default_date, url=uri, fallback_date=wdate)


def _warc_failure(e: Exception, said: list[str], *, source: str, n: int, seen: int, kind: str) -> InputError:
    """The one line for a WARC/ARC stream that cannot be read further: always with a reason."""
    from warcio.exceptions import ArchiveLoadFailed

    from slate.ingest._warc import WarcLimitError

    if isinstance(e, WarcLimitError):
        return InputError(f"{source}#{n + 1}" if seen else source, f"not read further: {e}")
    reason = _exception_text(e) if not isinstance(e, ArchiveLoadFailed) else _first_line(str(e))
    if "non-chunked gzip" in reason:
        reason = (
            f"the file is gzipped as a whole, not one gzip member per record as {kind} files are; "
            f"gunzip it and ingest the plain {kind} file"
        )
    reason = reason or (said[0] if said else "") or f"{type(e).__name__} with no message"
    if isinstance(e, ArchiveLoadFailed) and not seen:
        return InputError(source, f"not a readable WARC or ARC file: {reason}")
    return InputError(f"{source}#{n + 1}", f"truncated or broken {kind} record after {seen} good ones: {reason}")


def _first_line(text: str) -> str:
    """The first non-blank line of a message, printable and trimmed."""
    return next((one_line(line) for line in text.splitlines() if line.strip()), "")


def _colon(text: str) -> str:
    return f": {text}" if text else ""


def _exception_text(e: BaseException) -> str:
    """``Type: first line of the message`` (just the type when the message is empty)."""
    return f"{type(e).__name__}{_colon(_first_line(str(e)))}"


def _printable(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]", "?", text)


class _Gunzip(io.RawIOBase):
    """gzip decompression (any number of members) that hands out every byte it could decompress
    before it reports a cut-off stream, so the whole lines of a truncated .jsonl.gz still arrive.
    (``gzip.GzipFile`` raises on the read that meets the cut and loses what it had decompressed.)"""

    CHUNK = 1 << 16

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh
        self._z: Any = zlib.decompressobj(31)
        self._started = False  # bytes of the current member have been fed

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        want = len(buffer)
        while True:
            z = self._z
            if z.eof:
                data = z.unused_data
                self._z = z = zlib.decompressobj(31)
                self._started = False
                if not data:
                    continue
            elif z.unconsumed_tail:
                data = z.unconsumed_tail
            else:
                data = self._fh.read(self.CHUNK)
                if not data:
                    if self._started:
                        raise EOFError("truncated: the compressed data ends in the middle")
                    return 0
            self._started = True
            try:
                out = z.decompress(data, want)
            except zlib.error as e:
                raise gzip.BadGzipFile(f"not valid gzip data ({e})") from None
            if out:
                buffer[: len(out)] = out
                return len(out)

    def close(self) -> None:
        if not self.closed:
            self._fh.close()
        super().close()


def _gunzip(fh: IO[bytes]) -> io.BufferedReader:
    return io.BufferedReader(_Gunzip(fh))


def _open_regular(path: Path) -> io.BufferedReader:
    """``path`` opened for reading if it is a regular file: a FIFO or a device is refused, not waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(str(path), f"{kind_of(mode)}, not a regular file: skipped")
        os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_maybe_gz(path: Path) -> IO[bytes]:
    raw = _open_regular(path)
    if path.name.lower().endswith(".gz") or raw.peek(2)[:2] == b"\x1f\x8b":
        return _gunzip(raw)
    return raw


def _kind(path: Path, head: bytes) -> str:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    suffix = Path(name).suffix
    if suffix in WARC_SUFFIXES or head.startswith(b"WARC/") or ARC_START.match(head):
        return "warc"
    feed = feed_kind(head)
    if feed is not None:  # before JSONL: a JSON Feed is one JSON document, not one record per line
        return f"feed-{feed}"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES or HTML_START.match(head):
        return "html"
    if head.lstrip().startswith(b"{") and suffix not in {".txt", ".text"}:
        return "jsonl"
    return "text"


def _read_limited(fh: IO[bytes], source: str) -> bytes:
    data = fh.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: over the {MAX_ARTICLE_BYTES // 2**20} MiB limit for one article")
    return data


def _file(path: Path, default_date: date | None) -> Iterator[Article | InputError]:
    source = str(path)
    try:
        fh = _open_maybe_gz(path)
    except InputError as e:
        yield e
        return
    except OSError as e:
        yield InputError(source, f"cannot open: {e.strerror or e}")
        return
    with fh:
        try:
            head = fh.peek(4096)[:4096] if hasattr(fh, "peek") else b""
            kind = _kind(path, head)
            if kind == "jsonl":
                yield from _jsonl_stream(fh, source=source, default_date=default_date)
            elif kind == "warc":
                # warcio reads gzip member by member itself, so a truncated tail costs one record only
                with _open_regular(path) as raw:
                    yield from _warc_stream(raw, source=source, default_date=default_date)
            elif kind.startswith("feed-"):
                data = fh.read(MAX_FEED_BYTES + 1)
                yield from feed_articles(
                    data, kind=kind[5:], source=source, stem=_ref_of(path), default_date=default_date
                )
            else:
                data = _read_limited(fh, source)
                if not data.strip():
                    raise InputError(source, "empty file")
                maker = html_article if kind == "html" else text_article
                yield maker(data, source=source, ref=_ref_of(path), default_date=default_date)
        except InputError as e:
            yield e
        except (OSError, EOFError) as e:
            yield _unreadable(source, e)


def _unreadable(source: str, e: OSError | EOFError) -> InputError:
    if isinstance(e, EOFError):
        return InputError(source, str(e) or "truncated")
    return InputError(source, f"unreadable: {type(e).__name__}: {e}")


def _stdin(stream: BinaryIO, default_date: date | None) -> Iterator[Article | InputError]:
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(cast(Any, stream))
    head: bytes = buffered.peek(4096)[:4096]
    compressed = head[:2] == b"\x1f\x8b"
    if compressed:
        try:  # a look at the first bytes that cannot fail on a cut-off stream
            head = zlib.decompressobj(31).decompress(head, 4096)
        except zlib.error:
            head = b""
    kind = _kind(Path("stdin"), head)
    if compressed and kind != "warc":
        buffered = _gunzip(buffered)
    yield from _stdin_items(buffered, kind, default_date)


def _stdin_items(buffered: IO[bytes], kind: str, default_date: date | None) -> Iterator[Article | InputError]:
    try:
        if kind == "jsonl":
            yield from _jsonl_stream(buffered, source="stdin", default_date=default_date, stdin=True)
        elif kind == "warc":
            # warcio reads gzip member by member itself, so a cut-off tail costs one record only
            yield from _warc_stream(buffered, source="stdin", default_date=default_date, stdin=True)
        elif kind.startswith("feed-"):
            data = buffered.read(MAX_FEED_BYTES + 1)
            yield from feed_articles(data, kind=kind[5:], source="stdin", stem=None, default_date=default_date)
        else:
            data = _read_limited(buffered, "stdin")
            if not data.strip():
                raise InputError("stdin", "empty input")
            maker = html_article if kind == "html" else text_article
            yield unique_ref(maker(data, source="stdin", ref="stdin", default_date=default_date))
    except InputError as e:
        yield e
    except (OSError, EOFError) as e:
        yield _unreadable("stdin", e)


def iter_articles(
    inputs: Iterable[str],
    *,
    date: date | None = None,
    stdin: BinaryIO | None = None,
    follow_symlinks: bool = False,
) -> Iterator[Article | InputError]:
    """Stream the articles of every input (files, directories, ``-`` for standard input).

    Lazy and bounded in memory: JSONL and WARC are read record by record, directories file by
    file. A bad item yields an :class:`InputError` naming it and the reason, and the stream goes on.
    ``date`` is used only for articles that carry no date of their own. In directories only regular
    files are read; symbolic links are followed only with ``follow_symlinks`` and only when they lead
    inside one of the directories given.
    """
    default_date = date
    inputs = list(inputs)
    roots = [os.path.realpath(item) for item in inputs if item != "-" and Path(item).is_dir()]
    for item in inputs:
        if item == "-":
            yield from _stdin(stdin or sys.stdin.buffer, default_date)
            continue
        path = Path(item)
        if path.is_dir():
            empty = True
            for found in directory_files(path, roots, follow_symlinks=follow_symlinks):
                empty = False
                if isinstance(found, InputError):
                    yield found
                else:
                    yield from _file(found, default_date)
            if empty:
                yield InputError(item, "directory holds no files")
        elif path.is_file():
            yield from _file(path, default_date)
        elif path.exists():
            yield InputError(item, "not a regular file")
        else:
            yield InputError(item, "no such file or directory")
