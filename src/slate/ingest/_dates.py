"""Publication dates written the many ways pages and feeds write them.

A date is taken as written: ``Fri, 31 Oct 2014 23:30:00 EST`` is 31 October (the publisher's day), so a
timezone abbreviation never needs resolving and never makes dateutil warn. A text that names no full
date (no year, or no day) gives None rather than a date filled in from today.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from email.utils import parsedate_tz
from typing import Any

#: metadata keys that hold an article's publication date, in scripts that are not JSON-LD (a page's
#: analytics or data layer object: ``"date": "2014-10-31 at 07:15:00AM EST"``)
_SCRIPT_KEYS = (
    "datePublished",
    "date_published",
    "publishDate",
    "publish_date",
    "publishedDate",
    "published_date",
    "publishedAt",
    "published_at",
    "pubDate",
    "pubdate",
    "article_date",
    "articleDate",
    "date",
)
_SCRIPT_DATE = re.compile(
    r"""["']?\b(""" + "|".join(_SCRIPT_KEYS) + r""")["']?\s*[:=]\s*["']([^"'\n<>]{6,60})["']""",
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_FAR = (datetime(1901, 2, 3, 4, 5, 6), datetime(1902, 3, 4, 5, 6, 7))


def parse_date_text(value: Any) -> date | None:
    """The calendar date a metadata value states, as written (timezone ignored), or None."""
    if not isinstance(value, str):
        return None
    v = " ".join(value.split())
    if not v or len(v) > 100:
        return None
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    if not _YEAR.search(v):
        return None
    rfc = parsedate_tz(v)
    if rfc is not None:
        try:
            return date(rfc[0], rfc[1], rfc[2])
        except ValueError:
            return None
    from dateutil import parser

    found: list[datetime] = []
    for default in _FAR:
        try:
            found.append(parser.parse(v, default=default, ignoretz=True))
        except (ValueError, OverflowError, TypeError):
            return None
    first, second = found
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # the text lacks part of the date: the default filled it in
    return first.date()


def script_date(html: str) -> date | None:
    """A publication date stated in a page's scripts (JSON-LD or any data object), the first one that parses.

    ``datePublished``-like keys win over a bare ``date``."""
    best: tuple[int, date] | None = None
    for script in _scripts(html):
        for m in _SCRIPT_DATE.finditer(script):
            day = parse_date_text(m.group(2))
            if day is None:
                continue
            rank = _SCRIPT_KEYS.index(m.group(1))
            if best is None or rank < best[0]:
                best = (rank, day)
    return None if best is None else best[1]


def _scripts(html: str) -> Iterator[str]:
    """The contents of a page's ``<script>`` elements, found in one pass (a page of unclosed
    ``<script>`` tags costs linear time, where a lazy regular expression would rescan to the end)."""
    low = html.lower()
    pos = 0
    while (start := low.find("<script", pos)) >= 0:
        body = low.find(">", start)
        end = low.find("</script", body) if body >= 0 else -1
        if end < 0:
            return
        yield html[body + 1 : end]
        pos = end + 8
