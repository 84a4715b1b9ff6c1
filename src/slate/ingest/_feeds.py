"""News feeds -> one article per entry: RSS 0.9x, 1.0 and 2.0 and Atom through feedparser; JSON Feed
(1.0 and 1.1, which feedparser 6 does not read) from its few fields here.

An entry is stored as an article when what it carries is the article: its content (``content:encoded``,
Atom ``<content>``, ``content_html`` / ``content_text``), or lacking one its description, has at least
:data:`MIN_FEED_ARTICLE_WORDS` words and does not end as a teaser ("…", "[…]", "Read more", "Continue
reading"). Otherwise the entry only points at its article, which is a page to fetch (``slate watch``
fetches; ``slate ingest`` of a file does not): it is reported as ``summary only: LINK`` and counted as
skipped. An entry's date is its own (published, else updated), taken as written; else a date in its
link; else ``--date``.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlparse

from slate.errors import InputError, InputSkipped
from slate.ingest._dates import parse_date_text
from slate.ingest._decode import normalise
from slate.ingest._json import JsonLimitError, check_depth, loads
from slate.ingest._quiet import captured, one_line
from slate.models import Article

#: fewer words than this in an entry is a summary, not the article
MIN_FEED_ARTICLE_WORDS = 80
#: a feed file larger than this is refused (it holds many articles, so more than one article's limit)
MAX_FEED_BYTES = 64 * 2**20

_PROLOGUE = rb"^(?:\xef\xbb\xbf)?\s*(?:(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)\s*)*"
FEED_XML_START = re.compile(_PROLOGUE + rb"<(?:[\w.-]+:)?(?:rss|RDF|feed)\b", re.S | re.I)
JSON_FEED_START = re.compile(rb'^(?:\xef\xbb\xbf)?\s*\{.*?"version"\s*:\s*"https?://jsonfeed\.org/version/', re.S)
_CLOSED = re.compile(rb"</(?:[\w.-]+:)?(?:rss|RDF|feed)\s*>\s*(?:<!--.*?-->\s*)*$", re.S | re.I)
_TEASER = re.compile(
    r"(?:…|\[…\]|\[\.\.\.\]|\.\.\.|\b(?:read|see) (?:more|the full (?:story|article))|\bcontinue reading\b"
    r"(?:\s+\S+){0,8}?)\W*$",
    re.I,
)
_APPEARED_FIRST = re.compile(r"The post [^\n]{1,300} appeared first on [^\n]{1,200}$")
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li "
    "main ol p pre section table tr ul".split()
)


def feed_kind(head: bytes) -> str | None:
    """``'xml'`` for RSS/Atom, ``'json'`` for JSON Feed, None for anything else (from the first bytes)."""
    if JSON_FEED_START.match(head):
        return "json"
    if FEED_XML_START.match(head):
        return "xml"
    return None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's content): one paragraph per block, scripts dropped."""
    from lxml import etree
    from lxml import html as lhtml

    if "<" not in html:
        return normalise(_paragraphs(html))
    try:
        root = lhtml.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return normalise(_paragraphs(re.sub(r"<[^>]*>", " ", html)))
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCKS:
            el.text = "\n\n" + (el.text or "")
            el.tail = "\n\n" + (el.tail or "")
    return normalise(_paragraphs(str(root.text_content())))


def _paragraphs(text: str) -> str:
    return "\n\n".join(p for p in (" ".join(part.split()) for part in re.split(r"\n\s*\n", text)) if p)


def _words(text: str) -> int:
    return len(text.split())


def _is_article(text: str) -> bool:
    return _words(text) >= MIN_FEED_ARTICLE_WORDS and not _TEASER.search(text[-200:])


def _host(url: str | None) -> str | None:
    try:
        return urlparse(url).hostname or None if url else None
    except ValueError:
        return None


class SummaryOnly(InputSkipped):
    """An entry that only points at its article: ``slate ingest`` reports it as skipped, ``slate watch``
    fetches its ``link`` (``published``, the entry's own date, is the page's fallback date)."""

    def __init__(
        self, source: str, link: str, *, published: date | None, title: str | None, feed_title: str | None = None
    ) -> None:
        super().__init__(source, f"summary only: {link}")
        self.link = link
        self.published = published
        self.title = title
        self.feed_title = feed_title


class _Entry:
    """What Slate reads of one entry, whatever the feed format."""

    def __init__(
        self,
        *,
        link: str | None,
        title: str | None,
        content: str,
        summary: str,
        dates: list[Any],
    ) -> None:
        self.link = link
        self.title = title
        self.content = content
        self.summary = summary
        self.dates = dates


def _entry_article(
    entry: _Entry, *, where: str, ref: str, feed_title: str | None, default_date: date | None
) -> Article:
    from slate.ingest._sources import no_date, url_date

    text = entry.content if _words(entry.content) >= _words(entry.summary) else entry.summary
    text = _APPEARED_FIRST.sub("", text).strip()
    published = None
    for value in entry.dates:
        published = _date_of(value)
        if published is not None:
            break
    if not _is_article(text):
        if entry.link:
            raise SummaryOnly(where, entry.link, published=published, title=entry.title, feed_title=feed_title)
        if not text:
            raise InputError(where, "empty entry (no content, no summary, no link)")
        raise InputSkipped(where, f"summary only, and no link to the article ({_words(text)} words)")
    published = published or url_date(entry.link) or default_date
    if published is None:
        raise no_date(where)
    return Article.create(
        text=text,
        published=published,
        ref=ref,
        url=entry.link,
        title=entry.title or None,
        source_name=feed_title or _host(entry.link),
    )


def _date_of(value: Any) -> date | None:
    if isinstance(value, time.struct_time):
        try:
            return date(value.tm_year, value.tm_mon, value.tm_mday)
        except ValueError:
            return None
    return parse_date_text(value)


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# ---------------------------------------------------------------------------------------------
# RSS and Atom


def _xml_entries(data: bytes, source: str) -> tuple[list[_Entry], str | None, InputError | None]:
    import feedparser

    with captured() as said:
        parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
        entries = [_xml_entry(e) for e in parsed.entries]
    feed_title = _str(dict.get(parsed.feed, "title")) if parsed.get("feed") else None
    problem: InputError | None = None
    if not parsed.get("version") and not entries:
        reason = _bozo(parsed) or said.first() or "no RSS or Atom document in it"
        return [], None, InputError(source, f"not a readable feed: {reason}")
    if parsed.get("bozo") and not _CLOSED.search(data[-4096:].rstrip()):
        if entries:
            entries.pop()  # cut somewhere inside: the last entry may be half of one
        problem = InputError(
            source,
            f"truncated feed: it ends before its closing tag ({_bozo(parsed) or 'cut off'}); "
            f"the {len(entries)} whole entries before the cut are read",
        )
    return entries, feed_title, problem


def _xml_entry(e: Any) -> _Entry:
    # dict.get: feedparser's own get() maps a missing 'published' to 'updated' with a DeprecationWarning
    def get(key: str) -> Any:
        return dict.get(e, key)

    contents = [c for c in get("content") or [] if isinstance(c, dict) and isinstance(c.get("value"), str)]
    content = max((_text_of(c.get("value", ""), c.get("type")) for c in contents), key=_words, default="")
    summary_detail = get("summary_detail") or {}
    summary = _text_of(get("summary") or "", summary_detail.get("type"))
    dates: list[Any] = [get(k) for k in ("published", "updated", "created") if get(k)]
    dates += [get(k) for k in ("published_parsed", "updated_parsed", "created_parsed") if get(k)]
    return _Entry(link=_str(get("link")), title=_str(get("title")), content=content, summary=summary, dates=dates)


def _bozo(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    if exc is None:
        return ""
    text = one_line(str(exc))
    return text or type(exc).__name__


def _text_of(value: str, kind: Any) -> str:
    if isinstance(kind, str) and "html" not in kind and "<" not in value:
        return normalise(_paragraphs(value))
    return fragment_text(value)


# ---------------------------------------------------------------------------------------------
# JSON Feed


def _json_entries(data: bytes, source: str) -> tuple[list[_Entry], str | None, InputError | None]:
    try:
        check_depth(data)
        doc = loads(data.decode("utf-8-sig", "replace"))
    except json.JSONDecodeError as e:
        return [], None, InputError(source, f"broken JSON Feed: {e.msg} at line {e.lineno} column {e.colno}")
    except JsonLimitError as e:
        return [], None, InputError(source, f"JSON Feed beyond the limits: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return [], None, InputError(source, "not a JSON Feed: no 'items' list")
    entries: list[_Entry] = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            item = {}
        html = _str(item.get("content_html"))
        content = fragment_text(html) if html else normalise(_paragraphs(_str(item.get("content_text")) or ""))
        summary = normalise(_paragraphs(_str(item.get("summary")) or ""))
        link = _str(item.get("url")) or _str(item.get("external_url"))
        dates = [item.get("date_published"), item.get("date_modified")]
        entries.append(_Entry(link=link, title=_str(item.get("title")), content=content, summary=summary, dates=dates))
    return entries, _str(doc.get("title")), None


# ---------------------------------------------------------------------------------------------


def feed_articles(
    data: bytes,
    *,
    kind: str,
    source: str,
    stem: str | None,
    default_date: date | None,
    links: bool = False,
) -> Iterator[Article | InputError]:
    """Every entry of a feed document (``kind`` from :func:`feed_kind`) as an article, a skipped
    entry or an error; entries are named ``SOURCE#N``, their refs ``STEM-N`` (``stdin-<hash>`` when
    ``stem`` is None: read from standard input). With ``links`` an entry that is only a summary
    comes out as :class:`SummaryOnly` (its link, date and title: the page to fetch)."""
    from slate.ingest._sources import unique_ref

    if len(data) > MAX_FEED_BYTES:
        yield InputError(source, f"too large: over the {MAX_FEED_BYTES // 2**20} MiB limit for a feed")
        return
    reader = _json_entries if kind == "json" else _xml_entries
    try:
        entries, feed_title, problem = reader(data, source)
    except InputError as e:
        yield e
        return
    except Exception as e:  # noqa: BLE001 - a parser failing on hostile input is one bad item
        yield InputError(source, f"not a readable feed: {type(e).__name__}: {one_line(str(e))}")
        return
    if not entries and problem is None:
        yield InputError(source, "the feed has no entries")
        return
    for n, entry in enumerate(entries, 1):
        try:
            article = _entry_article(
                entry, where=f"{source}#{n}", ref=f"{stem}-{n}", feed_title=feed_title, default_date=default_date
            )
            yield article if stem is not None else unique_ref(article)
        except SummaryOnly as e:
            yield e if links else InputSkipped(e.source, e.reason)
        except InputError as e:
            yield e
    if problem is not None:
        yield problem
