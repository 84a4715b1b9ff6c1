"""Slate's data records: what flows from ingest through extract to store.

Plain frozen dataclasses, no behaviour beyond (de)serialisation, so every layer can
import them without pulling in spaCy or SQL.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Relations of ``../shared/corpus/GUIDELINE.md``.
PERSON_RELATIONS = ("director", "writer", "producer", "cast", "former_director", "former_cast")
FUNCTIONAL_RELATIONS = ("release_date", "status", "director")
SET_RELATIONS = ("writer", "producer", "cast", "studio", "filming_location")
RELATIONS = (
    "director",
    "writer",
    "producer",
    "cast",
    "studio",
    "release_date",
    "previous_release_date",
    "filming_location",
    "status",
    "former_director",
    "former_cast",
)
STATUSES = (
    "announced",
    "development",
    "pre_production",
    "filming",
    "post_production",
    "released",
    "delayed",
    "cancelled",
    "paused",
)


#: what no backend can hold: NUL (PostgreSQL text refuses it) and lone surrogates (not encodable as UTF-8)
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` without the characters a database cannot hold (NUL dropped, a lone surrogate as U+FFFD),
    so an article reads and stores the same on SQLite and PostgreSQL."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def content_id(text: str) -> str:
    """Stable id of an article: a hash of its normalised text (same text -> same article)."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Article:
    """One dated news article, whatever source it came from."""

    id: str
    ref: str
    published: date
    text: str
    url: str | None = None
    title: str | None = None
    source_name: str | None = None

    @classmethod
    def create(
        cls,
        *,
        text: str,
        published: date,
        ref: str,
        url: str | None = None,
        title: str | None = None,
        source_name: str | None = None,
    ) -> Article:
        text = storable(text)
        return cls(
            id=content_id(text),
            ref=storable(ref),
            published=published,
            text=text,
            url=None if url is None else storable(url),
            title=None if title is None else storable(title),
            source_name=None if source_name is None else storable(source_name),
        )


@dataclass(frozen=True)
class Evidence:
    """Where a fact or quote was stated: the sentence and character offsets in ``Article.text``."""

    sentence: str
    start: int  # start of the evidence span (character offset in the article text)
    end: int  # end of the evidence span
    sent_start: int
    sent_end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "sent_start": self.sent_start,
            "sent_end": self.sent_end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Evidence:
        return cls(d["sentence"], int(d["start"]), int(d["end"]), int(d["sent_start"]), int(d["sent_end"]))


@dataclass(frozen=True)
class TitleInfo:
    """A production named in one article: its fullest name, kind and every name used."""

    name: str
    kind: str = "film"  # film | series
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        aliases = list(dict.fromkeys([self.name, *self.aliases]))
        return {"name": self.name, "kind": self.kind, "aliases": aliases}


@dataclass(frozen=True)
class Fact:
    """One claim an article makes about a production."""

    title: str
    rel: str
    value: str
    evidence: Evidence
    character: str | None = None
    region: str | None = None
    medium: str | None = None
    confidence: float = 0.8
    #: a word in the sentence that signals a move ("delayed", "pushed", "moved"...), for release dates
    signal: str | None = None

    def to_dict(self, *, evidence: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"title": self.title, "rel": self.rel, "value": self.value}
        for key in ("character", "region", "medium", "signal"):
            v = getattr(self, key)
            if v:
                d[key] = v
        if evidence:
            d["evidence"] = self.evidence.to_dict()
        return d


@dataclass(frozen=True)
class Quote:
    """A direct quotation with its speaker."""

    speaker: str
    text: str
    evidence: Evidence
    platform: str | None = None
    title: str | None = None  # the production in focus where the quote stands
    fictional: bool = False

    def to_dict(self, *, evidence: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {"speaker": self.speaker, "text": self.text}
        if self.platform:
            d["platform"] = self.platform
        if self.title:
            d["title"] = self.title
        if self.fictional:
            d["fictional"] = True
        if evidence:
            d["evidence"] = self.evidence.to_dict()
        return d


@dataclass(frozen=True)
class TitleLink:
    """An article's statement that two names are the same production (retitling, working title...)."""

    name: str
    other: str
    reason: str  # e.g. "now titled", "working title", "seventh installment of Mission: Impossible"
    evidence: Evidence


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article: Article
    titles: list[TitleInfo] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    links: list[TitleLink] = field(default_factory=list)
    extractor_version: str = ""
    #: the relevance classifier's score (None when it did not run); below its threshold nothing is extracted
    relevance: float | None = None

    def to_record(self, *, evidence: bool = True) -> dict[str, Any]:
        """The gold-file record format of ``../shared/corpus/GUIDELINE.md`` (scored by ``score.py``)."""
        a = self.article
        return {
            "id": a.ref,
            "article_id": a.id,
            "url": a.url,
            "date": a.published.isoformat(),
            "titles": [t.to_dict() for t in self.titles],
            "facts": [f.to_dict(evidence=evidence) for f in self.facts],
            "quotes": [q.to_dict(evidence=evidence) for q in self.quotes],
        }
