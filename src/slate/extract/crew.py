"""``slate_crew``: director, writer, producer and former_director facts.

Surface forms: "directed by A", "director A", "A will direct/helm", "A-directed", "filmmaker A",
"writer-director A", "helmed by A", "behind the camera"; "written by", "screenplay by", "script by",
"penned", "co-wrote"; "produced by", "producer A", "executive producer", "showrunner"; a director
who "stepped down", "exited", "dropped out" or was "replaced" is a former_director.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import RawFact, add_fact, in_title, title_at

ROLE_BEFORE = [
    (
        re.compile(r"\b(?:writer[-/ ]director|writer and director|director[-/ ]writer)\s*$", re.I),
        ("director", "writer"),
    ),
    (
        re.compile(
            r"\b(?:co-?)?director\s*$|\bfilmmaker\s*$|\bhelmer\s*$|\bdirected by\s*$|\bhelmed by\s*$|"
            r"\bdirector[’']s chair (?:will be )?(?:occupied|filled) by\s*$",
            re.I,
        ),
        ("director",),
    ),
    (
        re.compile(
            r"\bwritten (?:and directed )?by\s*$|\bscreenplay by\s*$|\bscript by\s*$|\bpenned by\s*$|"
            r"\b(?:screen)?writers?\s*$|\bscribe\s*$",
            re.I,
        ),
        ("writer",),
    ),
    (re.compile(r"\bwritten and directed by\s*$", re.I), ("writer", "director")),
    (re.compile(r"\b(?:executive |co-)?producers?\s*$|\bproduced by\s*$|\bshowrunners?\s*$", re.I), ("producer",)),
]
ROLE_AFTER = [
    (
        re.compile(
            r"^[’']?s?\s*(?:,\s*who\s+)?(?:will|is set to|is going to|is to|has signed on to|is slated to|"
            r"is in talks to|in talks to|to)?\s*(?:direct|helm|directs|directed|helms|helmed)\b",
            re.I,
        ),
        ("director",),
    ),
    (re.compile(r"^-directed\b", re.I), ("director",)),
    (
        re.compile(
            r"^\s*(?:,\s*who\s+)?(?:also\s+)?(?:co-wrote|wrote|writes|penned|co-writes|scripted|is writing)\b", re.I
        ),
        ("writer",),
    ),
    (
        re.compile(
            r"^\s*(?:,\s*who\s+)?(?:is\s+|will be\s+)?(?:also\s+)?(?:producing|produces|produced|will produce)\b", re.I
        ),
        ("producer",),
    ),
    (re.compile(r"^\s*(?:is|will be)?\s*(?:writing and directing|directing)\b", re.I), ("director",)),
    (re.compile(r"^\s*(?:is|will be)?\s*writing and directing\b", re.I), ("writer",)),
]
FORMER = re.compile(
    r"\b(?:stepped down|steps down|step down|stepping down|exited|exits|has left|left the|dropped out|drops out|"
    r"departed|parted ways|no longer|replaced|replace|replacing|to be replaced)\b",
    re.I,
)


def _persons(sent: Span) -> list[Span]:
    return [e for e in sent.ents if e.label_ == "PERSON"]


class CrewFinder:
    def __init__(self, nlp: Language, name: str, *, window: int) -> None:
        self.name = name
        self.window = window

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for sent in doc.sents:
            persons = [p for p in _persons(sent) if not in_title(doc, p.start_char, p.end_char)]
            if not persons:
                continue
            found: list[set[str]] = []
            for i, p in enumerate(persons):
                before = text[max(sent.start_char, p.start_char - self.window) : p.start_char]
                after = text[p.end_char : min(sent.end_char, p.end_char + self.window)]
                rels: set[str] = set()
                for rx, rr in ROLE_BEFORE:
                    if rx.search(before):
                        rels.update(rr)
                # lists: "written by A, B and C"
                if not rels and i > 0:
                    gap = text[persons[i - 1].end_char : p.start_char]
                    if re.fullmatch(r"\s*(?:,|and|&|,\s*and)\s*", gap):
                        rels.update(found[i - 1])
                for rx, rr in ROLE_AFTER:
                    if rx.search(after):
                        rels.update(rr)
                found.append(rels)
                if not rels:
                    continue
                former = bool(FORMER.search(sent.text)) and "director" in rels
                title = title_at(doc, p.start_char, sent=sent)
                if title is None:
                    continue
                for rel in sorted(rels):
                    if rel == "director" and former and self._is_leaving(doc, sent, p):
                        rel = "former_director"
                    add_fact(doc, RawFact(title, rel, p.text, p.start_char, p.end_char))
        return doc

    def _is_leaving(self, doc: Doc, sent: Span, p: Span) -> bool:
        after = doc.text[p.end_char : sent.end_char][:80]
        before = doc.text[sent.start_char : p.start_char][-60:]
        if re.search(
            r"^\W*(?:has\s+|had\s+|willingly\s+)?(?:stepped down|steps down|exited|left|dropped out|departed)",
            after,
            re.I,
        ):
            return True
        return bool(re.search(r"\breplac(?:e|ing)\s*$", before, re.I))


@Language.factory("slate_crew", default_config={"window": 60})
def make_crew(nlp: Language, name: str, *, window: int) -> CrewFinder:
    return CrewFinder(nlp, name, window=window)
