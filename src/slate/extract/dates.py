"""``slate_dates``: release_date and previous_release_date facts.

Surface forms: "will debut/open/hit theaters on D", "is set for D", "dated D", "arrives on D",
"premieres D", "moved from D1 to D2" (D1 is the previous date), "pushed back to D", "open in the UK on D"
(region UK), "stream on X from D" (medium streaming),
"originally scheduled for D", "was slated for D", "was meant to be released on D".  Dates are
normalised against the article date; the move signal ("delayed", "pushed", "moved"...) is kept.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from slate.extract._base import RawFact, add_fact, article_date, doc_text, mentions_in, sent_text, title_at
from slate.extract._dates import find_dates

RELEASE_CUES = re.compile(
    r"\b(?:releas\w*|debut\w*|opens?|opening|hit(?:s|ting)? (?:\w+ )?(?:theaters|theatres|cinemas)|arriv\w*|premier\w*|"
    r"set for|slated|scheduled|dated|date|in (?:theaters|theatres|cinemas)|bow\w*|launch\w*|"
    r"come out|out on|into (?:\w+ )?(?:theaters|theatres|cinemas)|streaming|moved|moves|pushed|delayed|shifted|"
    r"postponed|expected to open|follow on|"
    r"deliver|land\w*|drops?|due)\b",
    re.I,
)
PREVIOUS_BEFORE = re.compile(
    r"\b(?:originally|initially|previously|once|formerly|was meant|were meant|was supposed|had been|"
    r"was set|was scheduled|was slated|was dated|was expected|was going|were going|was due|had planned|"
    r"had (?:dated|set|scheduled|slated|slotted|penciled|pencilled) (?:it|the \w+ )?|"
    r"planned to|would have|had things gone|instead of|prior to the pandemic)\b[^.;]*$|"
    # "moved from its original June 24 date", "removed from its slot" — but not "a series from showrunner A, on D"
    r"\bfrom(?:\s+(?:its|the|their|an?|his|her|original|originally|previous|planned|earlier|initial|scheduled|"
    r"slated|release|opening|premiere)){0,4}\s*$",
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
PAST_RELEASE = re.compile(
    r"\b(?:opened|premiered|debuted|released|arrived|landed|bowed|came out|hit (?:theaters|theatres|cinemas|screens)|"
    r"was released|were released|launched|aired|dropped)\b[^.;]*$",
    re.I,
)


# the word a date hangs on: a release, a move, a plan ("will open on D", "moved to D", "set for D", "is D")
RELEASE_HEAD = re.compile(
    r"^(?:releas|debut|open|hit|arriv|premier|bow|launch|come|came|stream|air|land|drop|mov|push|delay|shift|"
    r"postpon|bump|reschedul|set|slat|schedul|dat|target|plan|expect|due|return|appear|remain|stay|keep|kept|"
    r"hold|held|lock|slot|book|pencil|bring|brought|deliver|follows?$|be$|is$|are$|was$|were$|been$|will$|out$)",
    re.I,
)
# a premiere that is an event, not the release: "world premiere", "premiered at the festival"
PREMIERE_EVENT = re.compile(
    r"(?:world|global|international|red[- ]carpet|gala)\s+premiere|premier\w*\s+(?:\w+\s+){0,2}at\b|"
    r"\b(?:festival|film fest)\b",
    re.I,
)
IN_THEATERS = re.compile(r"\b(?:in|into|to)\s+(?:\w+\s+)?(?:theaters|theatres|cinemas|screens)\b", re.I)
# "— A Name (@handle) July 13, 2023": the date a post was made
POST_DATE = re.compile(r"@\w+\)\s*$|pic\.twitter\.com/\w+\s*$")
FUTURE_OR_MOVE = re.compile(
    r"\b(?:will|[’']ll|set|slated|scheduled|due|mov\w*|push\w*|shift\w*|delay\w*|postpon\w*|bump\w*|expected|"
    r"plans?|planned|upcoming|new date|is to|are to|target\w*|dated)\b",
    re.I,
)


def _governor(doc: Doc, start: int, end: int) -> Token | None:
    """The verb (or noun) a date expression hangs on, through prepositions and the date's own words:
    "On Tuesday (April 30), Kestrel announced" -> announced; "will open on June 7" -> open."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    t = span.root
    for _ in range(6):
        if t.head is t:
            return None
        t = t.head
        if span.start <= t.i < span.end:
            continue
        if t.pos_ in {"VERB", "AUX", "NOUN"}:
            return t
    return None


def _next_year(value: str) -> str:
    year, month, day = int(value[:4]) + 1, value[5:7], value[8:10]
    return f"{year}-{month}-{'28' if (month, day) == ('02', '29') else day}"


CLAUSE_START = re.compile(r",\s*|;\s*|\s+(?:and|but|while|whereas)\s+")
MEDIA: list[tuple[str, re.Pattern[str]]] = [
    ("streaming", re.compile(r"\bstream\w*\b", re.I)),
    ("digital", re.compile(r"\b(?:digital(?:ly)?|VOD|on demand|PVOD)\b", re.I)),
    ("home video", re.compile(r"\b(?:Blu-ray|DVD|4K UHD|home (?:video|release|entertainment))\b", re.I)),
    ("tv", re.compile(r"\b(?:airs?|aired|airing|broadcast\w*|on (?:BBC|ITV|network) television)\b", re.I)),
]
MOVED_TO = re.compile(
    r"\b(?:mov\w*|push\w*|delay\w*|shift\w*|bump\w*|chang\w*|postpon\w*|back|forward|up|from\b[^;]*)\s[^;]{0,40}?\bto\s*$",
    re.I,
)


class DateFinder:
    def __init__(self, nlp: Language, name: str, *, min_year: int) -> None:
        self.name = name
        self.min_year = min_year

    @staticmethod
    def _is_previous(before: str, after: str = "") -> bool:
        """Is the date right after ``before`` one the production WAS set for?"""
        before = before.rstrip() + " "  # (a date's span may begin with the space before it)
        if re.search(r"\bfrom\s+$", before):
            # "moved from D1 to D2", but "will stream from October 1" is a start
            return bool(re.match(r"\s*,?\s*(?:to|until)\b", after) or MOVE_SIGNAL.search(before[-80:]))
        if re.search(r"\bto\s+$", before) and MOVED_TO.search(before[-80:]):
            return False  # "pushed back to D2"
        clause = CLAUSE_BREAK.split(before)[-1]
        paren = before.rfind("(")
        if paren > before.rfind(")"):
            clause = before[paren:]  # "(originally scheduled for D)"
        return bool(PREVIOUS_BEFORE.search(clause))

    @staticmethod
    def _where_and_how(doc: Doc, base: int, st: str, s: int, e: int) -> tuple[str | None, str | None]:
        """The region and medium the clause gives a date: "open in the UK on D" -> UK; "stream on X from D"
        -> streaming. The clause runs back to the last comma, "and" or "but" before the date."""
        cut = max((m.end() for m in CLAUSE_START.finditer(st, 0, s)), default=0)
        clause = st[cut:s] + st[e : e + 25].split(",")[0].split(" and ")[0]
        medium = next((name for name, rx in MEDIA if rx.search(clause)), None)
        region = None
        for ent in doc.ents:
            if ent.label_ == "GPE" and base + cut <= ent.start_char and ent.end_char <= base + e + 25:
                lead = doc_text(doc)[max(base, ent.start_char - 8) : ent.start_char]
                if re.search(r"\bin\s+(?:the\s+)?$", lead):  # "in the UK", not "Toronto-set"
                    region = ent.text
                    break
        return region, medium

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
                if POST_DATE.search(st[max(0, s - 40) : s]):
                    continue  # the date of a quoted post
                head = _governor(doc, sent.start_char + s, sent.start_char + e) if len(value) >= 7 else None
                if (
                    head is not None
                    and head.pos_ == "VERB"
                    and not RELEASE_HEAD.match(head.text)
                    and not IN_THEATERS.search(doc_text(doc)[min(head.idx, sent.start_char + s) : sent.start_char + e])
                ):
                    continue  # "On June 25, the agency stated ...", "tickets go on sale on October 6"
                if (
                    head is not None
                    and head.text.lower().startswith(("premier", "debut"))
                    and PREMIERE_EVENT.search(st)
                ):
                    continue  # "premiered at the festival on September 8": an event, not the release
                before = st[:s]
                previous = self._is_previous(before, st[e : e + 20])
                rel = "previous_release_date" if previous else "release_date"
                start = sent.start_char + s
                title = title_at(doc, start, sent=sent)
                if title is None:
                    continue
                named = mentions_in(doc, sent.start_char, sent.end_char)
                if not named and len(value) == 4 and int(value) < ref.year:
                    continue  # "Disney began releasing Star Wars films in 2015": no production named here
                if (
                    rel == "release_date"
                    and len(value) == 10
                    and value < ref.isoformat()
                    and not re.search(r"(?:19|20)\d\d", st[s:e])
                    and not PAST_RELEASE.search(st[max(0, s - 80) : s])
                    and FUTURE_OR_MOVE.search(st)
                ):
                    # "moved Dust Runners from June 5 to July 24" in October: a plan is ahead, not behind
                    value = _next_year(value)
                region, medium = self._where_and_how(doc, sent.start_char, st, s, e)
                add_fact(
                    doc,
                    RawFact(title, rel, value, start, sent.start_char + e, signal=signal, region=region, medium=medium),
                )
        return doc


@Language.factory("slate_dates", default_config={"min_year": 1900})
def make_dates(nlp: Language, name: str, *, min_year: int) -> DateFinder:
    return DateFinder(nlp, name, min_year=min_year)
