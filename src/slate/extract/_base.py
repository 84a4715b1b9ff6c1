"""Shared state of Slate's spaCy components: ``Doc._`` extensions and small helpers.

Every Slate component reads what earlier ones left on the ``Doc`` (article date, title mentions,
people) and appends what it finds to ``doc._.slate_facts`` / ``doc._.slate_quotes`` as
:class:`RawFact` / :class:`RawQuote` (character offsets only); the pipeline turns those into
:class:`slate.models.Fact` with evidence at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc, Span, Token


@dataclass(frozen=True)
class TitleMention:
    """One mention of a production in the text, linked to its canonical name in this article."""

    start: int  # char offsets
    end: int
    name: str  # canonical (fullest) name in this article
    text: str  # as written
    generic: bool = False  # "the film", "the sequel": a reference to the title in focus


@dataclass
class TitleEntry:
    name: str
    kind: str = "film"
    aliases: list[str] = field(default_factory=list)
    first: int = 0
    score: float = 0.0  # salience in the article


@dataclass(frozen=True)
class RawFact:
    title: str
    rel: str
    value: str
    start: int  # evidence span, char offsets
    end: int
    character: str | None = None
    region: str | None = None
    medium: str | None = None
    confidence: float = 0.8
    signal: str | None = None


@dataclass(frozen=True)
class RawQuote:
    speaker: str
    text: str
    start: int
    end: int
    platform: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class RawLink:
    name: str
    other: str
    reason: str
    start: int
    end: int


_EXTENSIONS: dict[str, object] = {
    "article_date": None,
    "article_url": None,
    "article_title": None,
    "slate_titles": None,  # dict[str, TitleEntry]
    "slate_mentions": None,  # list[TitleMention], sorted by start
    "slate_people": None,  # dict[str, str]: any name form -> fullest name
    "slate_facts": None,  # list[RawFact]
    "slate_quotes": None,  # list[RawQuote]
    "slate_links": None,  # list[RawLink]
    "slate_groups": None,  # list[tuple[int, int, list[str]]]: sentences that speak of several titles at once
}


def register_extensions() -> None:
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def doc_text(doc: Doc) -> str:
    """``doc_text(doc)``, computed once per document (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get("slate_text")
    if text is None:
        text = doc.user_data["slate_text"] = doc.text
    assert isinstance(text, str)
    return text


def sent_text(doc: Doc, sent: Span) -> str:
    """``sent.text`` without rebuilding it token by token (spaCy joins the tokens on every access)."""
    return doc_text(doc)[sent.start_char : sent.end_char]


def article_date(doc: Doc) -> date:
    d = doc._.article_date
    if isinstance(d, date):
        return d
    if isinstance(d, str):
        return date.fromisoformat(d)
    return date.today()


def _slot(doc: Doc, name: str, new: type[list[Any]] | type[dict[Any, Any]]) -> Any:
    """``doc._.<name>``, set to ``new()`` when unset: read straight from ``doc.user_data``, where spaCy keeps
    a ``Doc`` extension's value (``doc._`` builds an accessor object on every use; these are read often)."""
    key = ("._.", name, None, None)
    data: dict[Any, Any] = doc.user_data
    value = data.get(key)
    if value is None:
        value = data[key] = new()
    return value


def titles(doc: Doc) -> dict[str, TitleEntry]:
    t: dict[str, TitleEntry] = _slot(doc, "slate_titles", dict)
    return t


def mentions(doc: Doc) -> list[TitleMention]:
    m: list[TitleMention] = _slot(doc, "slate_mentions", list)
    return m


def people(doc: Doc) -> dict[str, str]:
    p: dict[str, str] = _slot(doc, "slate_people", dict)
    return p


def facts(doc: Doc) -> list[RawFact]:
    f: list[RawFact] = _slot(doc, "slate_facts", list)
    return f


def quotes(doc: Doc) -> list[RawQuote]:
    q: list[RawQuote] = _slot(doc, "slate_quotes", list)
    return q


def links(doc: Doc) -> list[RawLink]:
    x: list[RawLink] = _slot(doc, "slate_links", list)
    return x


def groups(doc: Doc) -> list[tuple[int, int, list[str]]]:
    """Sentences (char ranges) that refer to several productions together ("X 7 and 8", "both sequels")."""
    g: list[tuple[int, int, list[str]]] = _slot(doc, "slate_groups", list)
    return g


def add_fact(doc: Doc, fact: RawFact) -> None:
    facts(doc).append(fact)


# ---------------------------------------------------------------------------------------------
# Title in focus


def primary_title(doc: Doc) -> str | None:
    """The production the article is mostly about (highest salience)."""
    entries = titles(doc)
    if not entries:
        return None
    best = max(entries.values(), key=lambda e: (e.score, -e.first))
    return best.name


def mentions_in(doc: Doc, start: int, end: int) -> list[TitleMention]:
    return [m for m in mentions(doc) if m.start >= start and m.end <= end and not m.generic]


def title_at(doc: Doc, pos: int, *, sent: Span | None = None) -> str | None:
    """The title in focus at character ``pos``.

    The nearest named title before ``pos`` in the same sentence, else the nearest after it in the
    same sentence, else the primary title of the article.
    """
    if sent is None:
        sent = doc.char_span(pos, pos + 1, alignment_mode="expand")
        sent = sent.sent if sent is not None else None
    primary = primary_title(doc)
    if sent is not None:
        text = doc_text(doc)
        in_sent = [
            m
            for m in mentions(doc)
            if m.start >= sent.start_char
            and m.end <= sent.end_char
            and not _parenthesised(text, m, pos, _asides(doc, sent.start_char, sent.end_char))
        ]
        before = [m for m in in_sent if m.end <= pos]
        # "the Lee Moss-directed Dry Wells": the name credits the title its compound word stands before
        credited = [m for m in in_sent if m.start >= pos and CREDIT_COMPOUND.fullmatch(text, pos, m.start)]
        if credited and not credited[0].generic:
            return credited[0].name
        # a title later in the sentence is in focus only within the same clause (no comma between)
        after = [
            m for m in in_sent if m.start >= pos and not re.search(r"[,;:—–]|\bwho\b|\bwhich\b", text[pos : m.start])
        ]
        if before and not before[-1].generic:
            # "The sequel to X's 2019 drama Y has been given a date": the sequel is the subject, not Y
            lead = text[sent.start_char : before[-1].start]
            object_of = re.search(
                r"\b(?:sequel|follow-up|followup|prequel|successor|remake)\s+(?:to|of)\b[^,;]*$", lead
            )
            cut = sent.start_char + object_of.start() if object_of else -1
            subjects = [g for g in before if g.generic and g.start <= cut < g.end + 1]
            if subjects:
                return subjects[-1].name or _sequel_of(doc, before[-1].name, pos) or primary
        for m in before[-1:] or after[:1]:
            return m.name or in_focus(doc, m.start) or primary
    return primary


def in_focus(doc: Doc, pos: int) -> str | None:
    """The production "the film", "the series" or "the thriller" at ``pos`` refers to: the one the sentence
    before it (in the same paragraph) or this one is about, named as its subject and the only production
    they name; None (the article's primary title) otherwise.  "Ana Kim, known for X, joins Y. The film..."
    speaks of Y; "... directed by Lee Moss, known for X. The film ..." of the article's film."""
    text = doc_text(doc)
    par = text.rfind("\n", 0, pos) + 1
    span = doc.char_span(pos, pos + 1, alignment_mode="expand")
    if span is None:
        return None
    sent = span.sent
    prev = doc[sent.start - 1].sent if sent.start > 0 else None
    start = max(par, prev.start_char if prev is not None else sent.start_char)
    named = [m for m in mentions(doc) if not m.generic and start <= m.start and m.end <= pos]
    if not named or len({m.name for m in named}) > 1:
        return None
    m = named[-1]
    head = doc.char_span(m.start, m.end, alignment_mode="expand")
    if head is None:
        return None
    # the subject, or what opens the sentence (the parser takes "X 2 returns in June" for a noun phrase)
    opening = not re.search(r"\w", re.sub(r"^\s*\w+,", "", text[head.sent.start_char : m.start]))
    if head.root.dep_ not in {"nsubj", "nsubjpass"} and not (opening and head.root.dep_ not in {"pobj", "appos"}):
        return None
    return m.name


def _sequel_of(doc: Doc, earlier: str, pos: int) -> str | None:
    """ "The sequel to X": the production named X plus a number or subtitle ("X 2", "X: Folie à Deux"),
    the nearest one before ``pos`` (else after it); None if the article names none."""
    shaped = re.compile(re.escape(earlier) + r"(?:\s*[:–—-]\s*\S|\s+(?:\d|[IVX]+\b|Part\b|and the\b))")
    named = [m for m in mentions(doc) if not m.generic and m.name != earlier and shaped.match(m.name)]
    named.sort(key=lambda m: (m.start > pos, abs(m.start - pos)))
    return named[0].name if named else None


def _asides(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Dash asides ("—which films with No. 8—") and asides about a person (", best known for X,") in the
    sentence at [start, end), computed once per sentence."""
    cache: dict[int, list[tuple[int, int]]] = doc.user_data.setdefault("slate_asides", {})
    if start not in cache:
        text = doc_text(doc)
        dashes = [i for i in range(start, end) if text[i] == "—"]
        spans = list(zip(dashes[::2], dashes[1::2], strict=False))
        spans += [(m.start(), m.end()) for m in ASIDE.finditer(text, start, end)]
        cache[start] = spans
    return cache[start]


def _parenthesised(text: str, m: TitleMention, pos: int, asides: list[tuple[int, int]] | None = None) -> bool:
    """A mention inside parentheses ("A (Title)"), a dash aside ("The project—which films with No. 8—was
    about to shoot") or an aside about a person ("Lind, best known for the series Y, will co-write") is not
    in focus outside them."""
    open_ = text.rfind("(", 0, m.start)
    if open_ >= 0 and text.rfind(")", open_, m.start) < 0:
        close = text.find(")", m.end)
        if close >= 0:
            return not open_ < pos < close
    for a, b in asides or ():
        if a < m.start and m.end <= b:
            return not a < pos < b
    return False


CREDIT_COMPOUND = re.compile(
    r"[\w.'’ ]{0,40}?[-–](?:starring|led|directed|helmed|fronted|headlined|produced|penned|written|created)\s+"
)
ASIDE = re.compile(r",\s+(?:who\b|best known\b|known\b|famous\b|fresh off\b|hot off\b)[^,;.]*,")


def title_of_token(doc: Doc, token: Token) -> str | None:
    return title_at(doc, token.idx, sent=token.sent)


def in_title(doc: Doc, start: int, end: int) -> TitleMention | None:
    """The title mention that overlaps ``[start, end)``, if any."""
    for m in mentions(doc):
        if m.start < end and start < m.end and not m.generic:
            return m
    return None


# ---------------------------------------------------------------------------------------------
# People

_HONORIFICS = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?\s+")


def clean_name(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    name = _HONORIFICS.sub("", name)
    if re.search(r"\s[A-Z]", name):  # "company Skydance Media": lowercase words before a proper name
        name = re.sub(r"^(?:[a-z][\w-]*\s+)+(?=[A-Z])", "", name)
    return name.strip(" ,.;:-–—\"“”'’()")


def full_name(doc: Doc, name: str) -> str:
    """The fullest name the article uses for ``name`` ("McQuarrie" -> "Christopher McQuarrie")."""
    name = clean_name(name)
    p = people(doc)
    return p.get(name, p.get(name.split()[-1], name) if name and " " not in name else name)


def person_at(doc: Doc, start: int, end: int) -> Span | None:
    """A PERSON entity overlapping the char range."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.start_char < end and start < ent.end_char:
            return ent
    return None


def is_capitalised(tok: Token) -> bool:
    return bool(tok.text) and (tok.text[0].isupper() or tok.text[0].isdigit())
