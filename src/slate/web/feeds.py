"""The release calendar as iCalendar (RFC 5545) and the changes as an Atom feed (RFC 4287).

Both are built from the query layer's rows (:class:`slate.query.ReleaseRow`, :class:`slate.query.Change`)
and hold nothing a run or a database would change on its own: a release event's ``UID`` is derived from
the production's identity and its region/medium, its ``SEQUENCE`` counts the moves the news made and its
``LAST-MODIFIED`` (= ``DTSTAMP``: no ``METHOD``) is the day of the latest one; an Atom entry's id is the
change's own stable id. Every value is escaped by the library that writes it (icalendar, ElementTree).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import quote

from icalendar import Calendar, Event

from slate import __version__
from slate.query import Change, ReleaseRow, period_bounds, period_label

ATOM = "http://www.w3.org/2005/Atom"
ICS_TYPE = "text/calendar; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _midnight(day: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(0), UTC)


def _where(region: str | None, medium: str | None) -> str:
    parts = [p for p in (region, medium) if p]
    return f" ({', '.join(parts)})" if parts else ""


def release_event(row: ReleaseRow, base_url: str) -> Event | None:
    """One all-day VEVENT for a production's release in one region/medium (None for an unreadable date).

    A day is a one-day event; a date known only to the month or year is not put on a made-up day:
    the event spans the whole month or year, is TENTATIVE and says so in its summary and description."""
    bounds = period_bounds(row.date)
    if bounds is None:
        return None
    ev = Event()
    ev.add("uid", row.uid)
    ev.add("dtstamp", _midnight(row.last_modified))
    ev.add("last-modified", _midnight(row.last_modified))
    ev.add("created", _midnight(row.first_announced))
    ev.add("sequence", row.moves)
    ev.add("dtstart", bounds[0])
    ev.add("dtend", bounds[1] + timedelta(days=1))
    ev.add("transp", "TRANSPARENT")
    where = _where(row.region, row.medium)
    notes = []
    if row.precision == "day":
        ev.add("summary", f"{row.title}{where} released")
        ev.add("status", "CONFIRMED")
    else:
        label = row.date if row.precision == "year" else period_label(row.date)
        ev.add("summary", f"{row.title}{where} released in {label} (day not announced)")
        ev.add("status", "TENTATIVE")
        notes.append(f"Release announced for {label} only: no day given yet, so this event spans the {row.precision}.")
    if row.status and "cancelled" in row.status.split(" / "):
        ev["STATUS"] = "CANCELLED"  # a calendar shows the event struck out
    if row.previous:
        notes.append(f"Moved from {row.previous} by the news of {row.moved_on}.")
    if row.status:
        notes.append(f"Status: {row.status}.")
    notes.append("Sources: " + "; ".join(f"{s['date']} {s['ref']}" for s in row.sources))
    ev.add("description", "\n".join(notes))
    ev.add("categories", [row.kind, "release"])
    ev.add("url", f"{base_url}/titles/{row.title_id}")
    return ev


def release_calendar(rows: Sequence[ReleaseRow], *, name: str, base_url: str) -> bytes:
    """An iCalendar file (RFC 5545) with one VEVENT per production and region/medium."""
    cal = Calendar()
    cal.add("prodid", f"-//Slate//Slate {__version__} release calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for row in rows:
        ev = release_event(row, base_url)
        if ev is not None:
            cal.add_component(ev)
    data: bytes = cal.to_ical()
    return data


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _sources_html(sources: Sequence[dict[str, Any]], base_url: str) -> str:
    return "; ".join(
        f'<a href="{html.escape(base_url)}/articles/{html.escape(quote(str(s["ref"]), safe=""))}">'
        f"{html.escape(str(s['date']))}"
        f" {html.escape(str(s['ref']))}</a>"
        for s in sources
    )


def change_html(c: Change, base_url: str) -> str:
    """The change's body: before and after, each with the articles that said it."""
    rows = [f"<p>{html.escape(c.summary)}</p>"]
    before = _sources_html(c.before_sources, base_url) or "no source"
    after = _sources_html(c.after_sources, base_url) or "no source"
    if c.before is not None:
        rows.append(f"<p>Before: {html.escape(c.before)} ({before})</p>")
    if c.after is not None:
        rows.append(f"<p>After: {html.escape(c.after)} ({after})</p>")
    elif c.after_sources:
        rows.append(f"<p>Said by: {_sources_html(c.after_sources, base_url)}</p>")
    return "".join(rows)


def changes_feed(
    changes: Sequence[Change], *, feed_id: str, title: str, self_url: str, page_url: str, base_url: str
) -> bytes:
    """An Atom feed (RFC 4287) of ``changes``, newest first; ``updated`` is the latest change's day."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", feed_id)
    _sub(feed, "title", title)
    newest = sorted(changes, key=lambda c: (c.date, c.id), reverse=True)
    _sub(feed, "updated", _midnight(newest[0].date if newest else "1970-01-01").isoformat().replace("+00:00", "Z"))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _sub(feed, "author")
    _sub(author, "name", "Slate")
    _sub(feed, "generator", "Slate", version=__version__)
    for c in newest:
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:uuid:{c.id}")
        _sub(entry, "title", f"{c.title}: {c.summary}")
        stamp = _midnight(c.date).isoformat().replace("+00:00", "Z")
        _sub(entry, "updated", stamp)
        _sub(entry, "published", stamp)
        _sub(entry, "link", rel="alternate", type="text/html", href=f"{base_url}/titles/{c.title_id}")
        _sub(entry, "category", term=c.kind)
        _sub(entry, "content", change_html(c, base_url), type="html")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data


__all__ = ["ATOM_TYPE", "ICS_TYPE", "change_html", "changes_feed", "release_calendar", "release_event"]
