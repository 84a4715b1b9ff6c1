"""``slate_dates``: release_date and previous_release_date facts.

Surface forms: "will debut/open/hit theaters on D", "is set for D", "dated D", "arrives on D",
"premieres D", "moved from D1 to D2" (D1 is the previous date), "pushed back to D",
"originally scheduled for D", "was slated for D", "was meant to be released on D".  Dates are
normalised against the article date; the move signal ("delayed", "pushed", "moved"...) is kept.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import RawFact, add_fact, article_date, mentions_in, sent_text, title_at
from slate.extract._dates import find_dates

RELEASE_CUES = re.compile(
    r"\b(?:releas\w*|debut\w*|opens?|opening|hit(?:s|ting)? (?:\w+ )?(?:theaters|theatres|cinemas)|arriv\w*|premier\w*|"
    r"set for|slated|scheduled|dated|date|in (?:theaters|theatres|cinemas)|bow\w*|launch\w*|"
    r"come out|out on|streaming|moved|moves|pushed|delayed|shifted|postponed|expected to open|follow on|"
    r"deliver|land\w*|drops?|due)\b",
    re.I,
)
PREVIOUS_BEFORE = re.compile(
    r"\b(?:originally|initially|previously|once|formerly|was meant|were meant|was supposed|had been|"
    r"was set|was scheduled|was slated|was dated|was expected|was going|were going|was due|had planned|"
    r"had (?:dated|set|scheduled|slated|slotted|penciled|pencilled) (?:it|the \w+ )?|"
    r"planned to|would have|had things gone|from|removed from|instead of|prior to the pandemic)\b[^.;]*$",
    re.I,
)
MOVE_SIGNAL = re.compile(
    r"\b(delay\w*|push\w*|mov(?:ed|es|ing)|shift\w*|postpon\w*|bump\w*|rescheduled|kick(?:ed)? it back)\b", re.I
)


SOURCE_CONTEXT = re.compile(
    r"\b(?:on Broadway|on stage|performed|published|novel|comic book|stage musical|West End)\b[^.;]*$", re.I
)
EARLIER_FILM = re.compile(
    r"^(?:[’'‘]s\b|\s+(?:[a-z-]+\s+){0,2}(?:film|movie|hit|thriller|drama|comedy|blockbuster|feature|original|"
    r"western|musical|horror|documentary|biopic|epic|novel|book|play)\b)"
)
CLAUSE_BREAK = re.compile(
    r"[;]|\bbut\b|\bnow\b|\bhowever\b|\binstead\b(?!\s+of\b)|\bresulting in\b|\bnew date\b|\)", re.I
)
ANNOUNCED_ON = re.compile(
    r"\s*,\s*(?:the\s+)?(?:[A-Z][\w.&’'+-]*\s+){1,5}(?:has\s+|had\s+)?(?:announced|said|revealed|confirmed|told|"
    r"reported|shared|posted|tweeted|wrote|unveiled|released\s+(?:a|the|an)\s+(?:statement|trailer|teaser|poster))\b"
)
MOVED_TO = re.compile(
    r"\b(?:mov\w*|push\w*|delay\w*|shift\w*|bump\w*|chang\w*|postpon\w*|back|forward|up|from\b[^;]*)\s[^;]{0,40}?\bto\s*$",
    re.I,
)


class DateFinder:
    def __init__(self, nlp: Language, name: str, *, min_year: int) -> None:
        self.name = name
        self.min_year = min_year

    @staticmethod
    def _is_previous(before: str) -> bool:
        """Is the date right after ``before`` one the production WAS set for?"""
        if re.search(r"\bfrom\s+$", before):
            return True  # "moved from D1 to D2"
        if re.search(r"\bto\s+$", before) and MOVED_TO.search(before[-80:]):
            return False  # "pushed back to D2"
        clause = CLAUSE_BREAK.split(before)[-1]
        paren = before.rfind("(")
        if paren > before.rfind(")"):
            clause = before[paren:]  # "(originally scheduled for D)"
        return bool(PREVIOUS_BEFORE.search(clause))

    def __call__(self, doc: Doc) -> Doc:
        ref = article_date(doc)
        for sent in doc.sents:
            st = sent_text(doc, sent)
            if not RELEASE_CUES.search(st):
                continue
            found = find_dates(st, ref)
            if not found:
                continue
            signal_m = MOVE_SIGNAL.search(st)
            signal = signal_m.group(1).lower() if signal_m else None
            for s, e, value in found:
                if int(value[:4]) < self.min_year:
                    continue
                if SOURCE_CONTEXT.search(st[max(0, s - 50) : s]):
                    continue  # "first performed on Broadway in 2003", "the novel published in 1995"
                if len(value) == 4 and EARLIER_FILM.match(st[e:]):
                    continue  # "2018's Fallout", "his 2019 drama Joker": the year of another film
                if ANNOUNCED_ON.match(st[e:]):
                    continue  # "on August 2, the studio announced that ...": the day of the news
                before = st[:s]
                previous = self._is_previous(before)
                rel = "previous_release_date" if previous else "release_date"
                start = sent.start_char + s
                title = title_at(doc, start, sent=sent)
                if title is None:
                    continue
                named = mentions_in(doc, sent.start_char, sent.end_char)
                if not named and len(value) == 4 and int(value) < ref.year:
                    continue  # "Disney began releasing Star Wars films in 2015": no production named here
                add_fact(doc, RawFact(title, rel, value, start, sent.start_char + e, signal=signal))
        return doc


@Language.factory("slate_dates", default_config={"min_year": 1900})
def make_dates(nlp: Language, name: str, *, min_year: int) -> DateFinder:
    return DateFinder(nlp, name, min_year=min_year)
