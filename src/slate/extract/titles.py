"""``slate_titles``: find the film and series titles an article names, and every mention of them.

No list of known productions: titles are recognised by their surface form and context —
"Franchise: Subtitle", "Franchise N" / "Part Two" / "Vol. 3", quoted title-case phrases,
WORK_OF_ART entities, a cue word next to a title-case phrase ("the 1981 film X", "X star Y",
"2015's X", "X (2019)"), a title-case phrase that the article's URL slug repeats, and
"PERSON (Title, Title)" credit lists.  Once found, every later mention is matched, including the
bare subtitle ("Maverick" for "Top Gun: Maverick") and ordinal descriptions ("the seventh
Mission: Impossible" for "Mission: Impossible 7").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import unquote, urlparse

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from slate.extract._base import (
    RawFact,
    RawLink,
    TitleEntry,
    TitleMention,
    add_fact,
    article_date,
    doc_text,
    groups,
    links,
    mentions,
    sent_text,
    titles,
)
from slate.extract._names import COMPANY
from slate.extract._names import ROLE_WORDS as _ROLE_NAMES
from slate.extract.title_model import SPANS_KEY as MODEL_KEY

CONNECTORS = {
    "of", "the", "and", "a", "an", "in", "on", "at", "to", "for", "v", "v.", "vs", "vs.", "&", "à",
    "de", "la", "le", "du", "des", "with", "from", "into", "or", "&amp;",
}  # fmt: skip
INNER_PUNCT = {":", "-", "–", "—", "'s", "’s", "!", "?"}
ABBREVIATIONS = {"vol", "pt", "no", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "bros", "v", "vs"}
QUOTE_CHARS = set('"“”‘«»')
POSSESSIVE = {"'s", "’s", "‘s"}
PLATFORM_WORDS = {
    "instagram",
    "twitter",
    "x",
    "tiktok",
    "facebook",
    "youtube",
    "threads",
    "podcast",
    "account",
}
# a phrase in double quotation marks, or in single curly ones (‘X’; not the apostrophe of "Parkes‘s")
QUOTED = re.compile(r"[\"“]([^\"“”]{1,80})[\"”]|(?<![\w])‘([A-Z0-9][^‘’\"“”]{0,79})’(?![\w])")
CREDIT_PARTICIPLES = {
    "starring", "led", "directed", "helmed", "fronted", "headlined", "produced", "penned", "written", "created",
}  # fmt: skip
# a person's role before their name ("Director Ava Stone", "star Tom Reed"): a person, never a title
ROLE_WORDS = {w.lower() for w in _ROLE_NAMES} | {"helmer", "author", "novelist", "exec"}
# what only a production does, said of it as the subject ("X will shoot in Toronto", "X wrapped")
PRODUCTION_VERB = re.compile(
    r"(?:re)?(?:shoot(?:s|ing)?|shot|film(?:s|ed|ing)?|premier(?:e|es|ed|ing)|wrap(?:s|ped|ping)?|"
    r"return(?:s|ed|ing)?|debut(?:s|ed|ing)?|air(?:s|ed|ing)?|stream(?:s|ed|ing)?|resum(?:e|es|ed|ing))"
)
# what an unnamed production is described as ("an untitled comedy starring Ray Dunn")
DESCRIPTION_GENRES = {
    "comedy", "drama", "thriller", "horror", "spinoff", "spin-off", "remake", "reboot", "adaptation", "biopic",
    "documentary", "docuseries", "miniseries", "musical", "western", "romcom", "rom-com", "actioner", "starrer",
}  # fmt: skip
BREAK_CONNECTORS = {"in", "at", "on", "from", "to", "for", "with", "by", "into"}
COMPANY_TAIL = {
    "studios", "studio", "pictures", "entertainment", "films", "media", "productions", "inc", "inc.",
    "bros", "bros.",
}  # fmt: skip
BREAK_ENTS = {"DATE", "TIME", "GPE", "LOC", "FAC", "ORG", "PERSON", "NORP", "CARDINAL", "MONEY", "PERCENT"}
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "jan.", "feb", "feb.", "mar", "mar.", "apr", "apr.",
    "jun", "jun.", "jul", "jul.", "aug", "aug.", "sep", "sep.", "sept", "sept.", "oct", "oct.",
    "nov", "nov.", "dec", "dec.",
}  # fmt: skip
NON_TITLE_HEADS = MONTHS | {
    "no", "no.", "season", "seasons", "episode", "chapter", "phase", "volume", "vol", "vol.", "act",
    "page", "part", "room", "studio", "stage", "covid", "covid-19", "the", "a", "an", "in", "on",
    "at", "by", "for", "per", "as", "and", "but", "or", "it", "he", "she", "they", "we", "i", "his",
    "her", "their", "this", "that", "these", "those", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "christmas", "summer", "winter", "spring", "fall", "autumn",
    "number", "oscar", "oscars", "emmy", "emmys", "golden", "academy",
    # the work itself, not a work: "Shooting wrapped in Prague", "Production begins in May"
    "shooting", "filming", "production", "photography", "casting", "principal", "reshoots", "work", "development",
}  # fmt: skip
ORDER_VERBS = {
    "cancelled", "canceled", "renewed", "greenlit", "greenlighted", "ordered", "axed", "shelved", "scrapped",
    "acquired", "unveiled", "dated", "delayed", "postponed", "moved", "pushed", "shifted", "bumped",
}  # fmt: skip
# words that head a news item, not a work ("Trailer: X", "Exclusive: X")
NEWS_LABELS = {
    "trailer", "teaser", "exclusive", "review", "interview", "watch", "report", "breaking", "update", "casting",
    "first look", "box office", "photos", "video", "clip", "recap", "explainer", "opinion", "analysis", "news",
    "listen", "podcast", "poll", "quiz", "preview", "feature", "spoilers", "rumor", "rumour", "confirmed",
}  # fmt: skip
BEFORE_BIGRAMS = {
    ("director", "of"), ("star", "of"), ("producer", "of"), ("sequel", "to"), ("adaptation", "of"), ("set", "of"),
    ("remake", "of"), ("reboot", "of"), ("prequel", "to"), ("follow-up", "to"), ("spinoff", "of"), ("spin-off", "of"),
    ("release", "of"), ("premiere", "of"), ("trailer", "for"), ("debut", "of"), ("season", "of"),
    ("cast", "of"), ("production", "of"), ("filming", "of"), ("creator", "of"), ("writer", "of"), ("filming", "on"),
    ("production", "on"), ("work", "on"), ("role", "in"), ("roles", "in"), ("starred", "in"), ("appeared", "in"),
    ("star", "in"), ("stars", "in"), ("direct", "the"),
}  # fmt: skip
BEFORE_CUES = {
    "film", "movie", "sequel", "prequel", "series", "show", "spinoff", "spin-off", "adaptation",
    "installment", "instalment", "documentary", "miniseries", "drama", "comedy", "thriller",
    "flick", "biopic", "blockbuster", "reboot", "remake", "feature", "title", "titled", "pic",
    "franchise", "starrer", "hit", "epic", "western", "horror", "musical", "romcom", "rom-com", "docuseries",
    "anthology", "mystery", "satire", "sci-fi", "fantasy", "animated", "noir", "melodrama", "procedural",
}  # fmt: skip
AFTER_CUES = {
    "movie", "film", "sequel", "prequel", "series", "star", "stars", "actor", "actress", "director",
    "filmmaker", "trailer", "premiere", "cast", "co-star", "reboot", "remake", "season", "spinoff",
    "production", "set", "shoot", "script", "screenplay", "showrunner", "creator", "helmer",
    "producer", "writer", "alum", "alumni", "teaser", "finale", "episode", "episodes", "starring",
}  # fmt: skip
FRANCHISE_AFTER = {"franchise", "universe", "saga", "films", "movies", "sequels", "series", "entries"}
SERIES_CUES = {
    "series",
    "season",
    "seasons",
    "show",
    "episode",
    "episodes",
    "miniseries",
    "sitcom",
    "showrunner",
}
GENERIC_HEADS = {
    "film", "movie", "sequel", "project", "series", "show", "pic", "picture", "feature", "flick",
    "installment", "instalment", "prequel", "production", "blockbuster",
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
QUOTED_ORDINAL = re.compile(
    r"\b[Tt]he\s+((?i:" + "|".join(ORDINALS) + r"))\s+[“\"]([^”\"]{1,60})[”\"]\s+(?i:movie|film|installment|instalment|"
    r"chapter|part)\b"
)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
DESCRIPTION_WORDS = {"new", "next", "latest", "upcoming", "another", "previous", "last", "first", "untitled"}
URL_CUES = {
    "film", "movie", "sequel", "series", "season", "trailer", "release", "cast", "director", "delayed",
    "delay",
    "filming", "production", "premiere", "review", "set", "first", "official", "title", "teaser", "reboot",
    "gets", "pauses", "shuts", "wraps", "begins", "starts", "box", "casting", "adds", "finds",
}  # fmt: skip
QUOTED_TITLE_LEAD = (
    r"\b(?:appearance|appearances|role|roles|starred|starring|stars|film|movie|series|show|sequel|season|"
    r"original|adaptation|musical|prequel|spinoff|spin-off|titled|called|episode|franchise|drama|comedy|"
    r"thriller|western|horror|documentary|docuseries|miniseries|biopic|romcom|rom-com|anthology|mystery|sitcom|"
    r"(?:cast|set|director|creator|writer|producer|star|production|filming|shooting|sequel|remake)\s+(?:of|on|to|for))"
    r"\b[^.;]{0,25}$"
)
SUBJECT_OF_RELEASE = re.compile(
    r"^,?\s+(?:which\s+)?(?:(?:will|is set to|is slated to|is due to|is scheduled to|is expected to|finally)\s+)?"
    r"(?:arrives?|opens?|debuts?|hits? (?:theaters|theatres|cinemas|screens)|premieres?|"
    r"(?:opened|debuted) (?:to|with) \$|(?:grossed|earned|took in|made) (?:over |more than |nearly |about )?\$|"
    r"tops? the (?:box office|weekend)|topped the (?:box office|weekend)|"
    r"(?:is|was|has been) (?:set|slated|dated|scheduled|pushed|delayed|moved|directed|written|produced)|"
    r"wrapped|wraps|began filming|begins filming|is filming|co-stars)\b"
)
EARLIER_FILM_LEAD = re.compile(
    r"\b(?:first|original|previous|earlier|predecessor|(?:19|20)\d\d(?:[’']s)?)\s+[“\"‘']?$", re.I
)
STRONG_LIST_CUES = re.compile(
    r"\b(?:delays|releases|titles|films|movies|shows|series|projects|tentpoles|blockbusters|sequels|productions)"
    r" (?:include|including|like)\b[^.;]*$|\b(?:[Pp]roduction|[Ww]ork) on\s+$",  # "Production on A, B and C has"
)
LIST_CUES = re.compile(
    r"\b(?:(?:delays|releases|titles|films|movies|shows|projects|tentpoles|blockbusters|sequels|hits|productions)"
    r" (?:include|including|like)|credits (?:include|including)|known for|starred in|appeared in|roles in|"
    r"such as|films like|"
    r"shows like|series like|work on|hits)\b[^.;]*$",
    re.I,
)
# an actor's part in a production: "playing Queen Isla in X", "a senator in X", "starred opposite A in X"
PLAYED_IN_LEAD = re.compile(
    r"\b(?:play(?:s|ed|ing)?|portray(?:s|ed|ing)?|voic(?:es|ed|ing)|starr(?:ed|ing)|appear(?:s|ed|ing)|"
    r"role|roles|cameo)\b[^,;.()]{0,40}?\s+in\s+$"
    r"|\b(?:back|again|return(?:s|ed|ing)?|star(?:s|red|ring)?|appear(?:s|ed|ing)?)\s+as\s+[A-Z][^,;.()]{0,30}?\s+in\s+$"
)
# "X marks Ralf Eder's sixth and final turn as C", "X is her first outing as C": a production, an actor's part in it
OUTING_AFTER = re.compile(
    r"\s+(?:marks|is|was|will\s+be|becomes)\s+(?:[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}[’']s?|his|her|their|the)\s+"
    r"(?:[\w-]+\s+){0,4}(?:turn|outing|appearance|stint|performance|time)\s+(?:as|playing)\s+[A-Z]"
)
LINK_CUES = re.compile(
    r"\b(?:is|was|are|been|be|now|officially|finally)?\s*(?:titled|retitled|renamed|called|known as|"
    r"revealed as|formerly known as)\s*$",
    re.I,
)


def _is_cap(tok: Token) -> bool:
    t = tok.text
    if not t:
        return False
    if t[0].isupper() or t[0].isdigit():
        return True
    # "’71", "'Til"
    return len(t) > 1 and t[0] in "'’" and (t[1].isdigit() or t[1].isupper())


def _is_number(tok: Token) -> bool:
    return tok.text.isdigit() or tok.text.lower() in ROMAN or tok.like_num and tok.text[0].isupper()


def _has_quote(tok: Token) -> bool:
    return any(c in QUOTE_CHARS for c in tok.text) or (tok.is_quote and tok.text not in {"'s", "’s"})


def _cap_runs(sent: Span) -> Iterable[tuple[int, int]]:
    """Maximal token runs of title-case words with connectors inside (token index ranges).

    A run breaks at quotation marks, at a sentence-like full stop, and at a lowercase connector
    followed by a date, a number or a named place/organisation/person ("X in Pinewood Studios",
    "X on August 5").
    """
    toks = list(sent)
    i = 0
    n = len(toks)
    while i < n:
        if not _is_cap(toks[i]) or toks[i].is_punct or _has_quote(toks[i]) or toks[i].text.isdigit():
            i += 1
            continue
        j = i + 1
        last_cap = i
        while j < n:
            t = toks[j]
            low = t.text.lower()
            if _has_quote(t):
                break
            if t.text == "." and toks[j - 1].text.lower() in ABBREVIATIONS:
                j += 1
                continue
            if re.fullmatch(r"(?:19|20)\d\d", t.text) and j + 1 < n and toks[j + 1].text in POSSESSIVE:
                break  # "X and 2018's Y"
            if (_is_cap(t) and not t.is_punct) or t.text.isdigit():
                last_cap = j
                j += 1
                # "Ark." glued to its full stop ends the run unless it is an abbreviation
                if (
                    t.text.endswith(".")
                    and len(t.text) > 1
                    and t.text[:-1].lower() not in ABBREVIATIONS
                    and len(t.text) > 3
                ):
                    break
                continue
            if low in CONNECTORS or t.text in INNER_PUNCT:
                nxt = toks[j + 1] if j + 1 < n else None
                nxt2 = toks[j + 2] if j + 2 < n else None
                if t.text in {"-", "–"} and nxt is not None and nxt.lower_ in CREDIT_PARTICIPLES:
                    # "Ember Road and the Lee Moss-directed Dry Wells": the name belongs to the next title
                    k = max((x for x in range(i + 1, j) if toks[x].lower_ in CONNECTORS), default=None)
                    if k is not None:
                        last_cap = max(x for x in range(i, k) if _is_cap(toks[x]) or toks[x].text.isdigit())
                    break
                if (
                    nxt is not None
                    and nxt.lower_ == "the"
                    and nxt2 is not None
                    and (nxt2.like_num or nxt2.lower_ in MONTHS)
                ):
                    break
                if (
                    low in BREAK_CONNECTORS
                    and nxt is not None
                    and (
                        nxt.like_num
                        or nxt.lower_ in MONTHS
                        or (_is_cap(nxt) and nxt.ent_type_ in BREAK_ENTS and nxt.ent_iob_ == "B")
                        or (low in {"at", "from", "by"} and COMPANY.match(nxt.text))  # "Mulan at Disney"
                    )
                ):
                    break
                j += 1
                continue
            break
        yield toks[i].i, toks[last_cap].i + 1
        i = last_cap + 1


LEADING_WORDS = {
    "while",
    "when",
    "after",
    "although",
    "though",
    "because",
    "if",
    "since",
    "as",
    "once",
    "until",
    "before",
}
PRODUCTION_WORDS = {"filming", "production", "shooting", "work", "photography", "casting", "cameras", "shoot"}
OUTLET_LEAD = re.compile(r"\b(?:according to|as per|per|told|tells|via|reported by|speaking to|spoke to)\s+$")
OUTLET_TRAIL = re.compile(r"^\s*(?:first\s+)?(?:reported|reports|broke the news|confirmed|has learned|understands)\b")
EVENT_TAIL = re.compile(r"(?:Comic-Con|Festival|Awards|Expo|Conference|Summit|Olympics|Fashion Week|Upfronts)$")
AMBIGUOUS_CUES = {"show", "shows", "feature", "features", "hit", "pic"}  # "photos show Mara Lindqvist"


SERIES_CUE_RE = re.compile(r"\b(?:" + "|".join(sorted(SERIES_CUES)) + r")\b")
INSTALMENT_TAIL = re.compile(r"(?::|\s+(?:\d|Part\b|[IVX]+\b)|\s*[–—-]|\s+and\s+the\s+[A-Z])")
NTH_INSTALMENT = re.compile(
    r"\s+(?:is|was|will be|marks)\s+the\s+(" + "|".join(ORDINALS) + r")\s+(?:installment|instalment|entry|film|"
    r"movie|chapter)\b"
)


def _find_all(text: str, needle: str, *, whole_words: bool = False) -> Iterator[int]:
    """Start offsets of ``needle`` in ``text`` (not inside a longer word when ``whole_words``), without
    compiling a regular expression per name."""
    if not needle:
        return
    at = text.find(needle)
    while at >= 0:
        end = at + len(needle)
        if not whole_words or (
            (at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"))
            and (end >= len(text) or not (text[end].isalnum() or text[end] == "_"))
        ):
            yield at
        at = text.find(needle, at + 1)


def _credit_compound(doc: Doc, s: int) -> bool:
    """ "the Rhea Vance-starring Canary", "the Jo Park-led X", "a Lee Moss-directed X": a name joined to a
    credit verb by a hyphen, before the title it credits."""
    return (
        s >= 3
        and doc[s - 1].lower_ in CREDIT_PARTICIPLES
        and doc[s - 2].text in {"-", "–"}
        and _is_cap(doc[s - 3])
        and doc[s - 2].idx == doc[s - 3].idx + len(doc[s - 3].text)  # no space: one compound word
    )


def _verb_use(tok: Token) -> bool:
    """ "photos show Ana Kim", "stars Tom Reed": a cue word used as a verb cues no title."""
    return tok.pos_ in {"VERB", "AUX"} and tok.lower_ in {"show", "shows", "feature", "hit", "title", "pic"}


def _slug_words(url: str | None) -> set[str]:
    if not url:
        return set()
    try:
        path = unquote(urlparse(url).path).lower()
    except ValueError:
        return set()
    return {w for w in re.split(r"[^a-z0-9]+", path) if w}


def _slug(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def _strong_form(span: Span) -> bool:
    """Franchise: Subtitle, or Name N / Part Two / Vol. 2."""
    toks = list(span)
    if len(toks) < 2:
        return False
    head = toks[0].text.lower()
    if head in NON_TITLE_HEADS and head not in {"the", "a", "an"}:
        return False
    texts = [t.text for t in toks]
    if ":" in texts[1:-1]:
        k = texts.index(":")
        left = toks[:k]
        if len("".join(t.text for t in left)) < 2 and len("".join(t.text for t in toks[k + 1 :])) < 3:
            return False  # "M:I"
        if left and _is_cap(left[0]) and all(_is_cap(t) or t.text.lower() in CONNECTORS or t.is_punct for t in left):
            return True
    last = toks[-1]
    if last.text.isdigit() and len(last.text) <= 2 and int(last.text) < 40:
        prev = toks[-2].text.lower()
        return prev not in MONTHS and prev not in {"no", "no.", "season", "episode", "chapter", "phase"}
    if last.text.lower() in ROMAN and len(last.text) > 1:
        return True
    if len(toks) >= 3 and toks[-2].text.lower() == "part":
        return True
    if len(toks) >= 3 and last.text.isdigit() and len(last.text) == 4 and toks[-2].text.lower() not in MONTHS:
        return toks[-2].text[0].isupper() and toks[0].text.lower() not in NON_TITLE_HEADS
    return False


class TitleFinder:
    def __init__(
        self, nlp: Language, name: str, *, use_url: bool, use_quotes: bool, min_salience: float, model: str = "union"
    ):
        if model not in {"union", "gate", "off"}:
            raise ValueError(f"slate_titles: model must be union, gate or off, not {model!r}")
        self.model = model
        self.name = name
        self.use_url = use_url
        self.use_quotes = use_quotes
        self.min_salience = min_salience

    # -- candidate generation ---------------------------------------------------------------
    def _trim(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        # a headline's label: "Trailer: Hollow Bay", "Box office: Iron Meridian"
        for k in range(start + 1, min(start + 3, end - 1)):
            if doc[k].text == ":" and (
                " ".join(t.lower_ for t in doc[start:k]) in NEWS_LABELS
                or (k == start + 1 and doc[start].tag_ in {"VBN", "VBD", "JJ"})  # "Renewed: X", "Ended: Y"
            ):
                start = k + 1
                break
        # "Director Mia Santos's Cinder Road": the owner and their role are no part of the title
        poss = [k for k in range(start + 1, end - 1) if doc[k].text in POSSESSIVE]
        if poss and any(
            (t.ent_type_ == "PERSON" and self._ent_ends_at(t.i, poss[-1])) or t.lower_ in ROLE_WORDS
            for t in doc[start : poss[-1]]
        ):
            start = poss[-1] + 1
        # strip leading determiners/possessives and trailing connectors/punct
        while start < end and (doc[start].text.lower() in CONNECTORS | {"'s", "’s"} or doc[start].text in INNER_PUNCT):
            tok = doc[start]
            if tok.text in {"The", "A", "An"} and end - start >= 2 and _is_cap(doc[start + 1]):
                if not tok.is_sent_start or doc[start + 1].pos_ == "PROPN":
                    break
            start += 1
        while end > start and (
            doc[end - 1].text.lower() in CONNECTORS | {"'s", "’s"}
            or doc[end - 1].text in INNER_PUNCT
            # "Harbor Run: Tidewater opens": the verb after a title-case name is no part of it
            or (doc[end - 1].is_lower and doc[end - 1].pos_ in {"VERB", "AUX"} and end - start > 1)
        ):
            end -= 1
        for k in range(start + 1, end - 1):
            nxt = doc[k + 1]
            if (
                doc[k].is_lower
                and doc[k].lower_ in BREAK_CONNECTORS
                and _is_cap(nxt)
                and (
                    (nxt.ent_iob_ == "B" and nxt.ent_type_ in {"GPE", "LOC", "FAC", "ORG", "DATE"})
                    or COMPANY.match(nxt.text)
                )
            ):
                end = k  # "Dry Wells at Northwind", "Dry Wells in Pinewood Studios": the place is no part of it
                break
        if end - start >= 3 and doc[end - 2].lower_ in {"season", "series", "part"} and doc[end - 1].like_num:
            if doc[end - 2].lower_ != "part":
                end -= 2  # "Dry Wells season 2": a season counts as the series
        return start, end

    def _ent_ends_at(self, i: int, k: int) -> bool:
        """The entity at token ``i`` ends at token ``k`` (or takes in the possessive ``k`` and no more):
        "Mara Lind's The Warden" has an owner, "Harbor's Lot" (one entity) is one name."""
        ent = self._ent_at[i]
        return ent is not None and ent.end <= k + 1

    def _named_alone(self, doc: Doc, owner: Span, rest: str) -> bool:
        """ "Disney's Frozen 2": the owner is named without the rest somewhere (or is a company or a person's
        name); "Harbor's Lot", one entity, is one name."""
        if COMPANY.search(owner.text) or owner.text in self._person_parts:
            return True
        text = doc_text(doc)
        return any(
            not text.startswith(rest, at + len(owner.text)) for at in _find_all(text, owner.text, whole_words=True)
        )

    def _person_like(self, doc: Doc, span: Span) -> bool:
        if len(span) >= 2 and span[0].lower_ in {"the", "a", "an"}:
            return False  # "The Long Ember": no person's name starts with an article
        if len(span) >= 2 and span[0].lower_ in ROLE_WORDS:
            rest = self._ent_at[span.start + 1]
            if rest is not None and rest.label_ == "PERSON" or span[1:].text in self._person_parts:
                return True  # "Director Ava Stone": a role and a name
        caps = [t.i for t in span if t.is_alpha and _is_cap(t)]
        if len(caps) >= 2 and any(t.lower_ == "and" for t in span):
            covered = sum(1 for i in caps if (x := self._ent_at[i]) is not None and x.label_ == "PERSON")
            if covered * 3 >= len(caps) * 2:
                return True  # "Ana Kim and Tom Reed"
        ent = self._ent_at[span.start]
        if ent is not None and ent.end >= span.end and ent.label_ == "PERSON":
            return len(span) >= 2 or ent.start < span.start or ent.end > span.end
        return False

    def _runs(self, sent: Span) -> list[tuple[int, int]]:
        """The sentence's title-case runs, computed once per document."""
        if sent.start not in self._run_cache:
            self._run_cache[sent.start] = list(_cap_runs(sent))
        return self._run_cache[sent.start]

    def _ent_label(self, doc: Doc, span: Span) -> str:
        ent = self._ent_at[span.start] if len(span) else None
        if ent is None or ent.end < span.end:
            return ""
        if ent.label_ in {"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"} and not any(t.like_num for t in span):
            return ""  # "Thornwick marks Ralf Eder's sixth" as a sum of money: the small model's slip
        return ent.label_

    def candidates(self, doc: Doc) -> list[tuple[int, int, float, str]]:
        """(token start, token end, confidence, why)"""
        out: list[tuple[int, int, float, str]] = []
        url_words = _slug_words(doc._.article_url) if self.use_url else set()
        exclaimed: tuple[int, int] | None = None  # "Zap!" parsed as a sentence of its own
        for sent in doc.sents:
            runs = list(self._runs(sent))
            if exclaimed is not None and runs and runs[0][0] == sent.start:
                runs[0] = (exclaimed[0], runs[0][1])  # "Zap! Rise of the Tides": one title
            exclaimed = self._exclamation(doc, sent, runs)
            for s, e in runs:
                if exclaimed is not None and (s, e) == exclaimed:
                    continue
                s, e = self._trim(doc, s, e)
                if e <= s:
                    continue
                span = doc[s:e]
                # split "X 7 and 8" / "X and Y" at a top-level "and" only when both sides are strong
                for sub_s, sub_e in self._split(doc, s, e):
                    self._judge(doc, sub_s, sub_e, url_words, out)
                del span
        # quoted phrases
        if self.use_quotes:
            for m in QUOTED.finditer(doc_text(doc)):
                g = 1 if m.group(1) is not None else 2
                inner = m.group(g).strip()
                if not inner or inner[0].islower() or inner[-1] in ".,!?;" and len(inner.split()) > 3:
                    continue
                if "\n" in m.group(g):
                    continue  # a closing mark and the next paragraph's opening one
                # American punctuation inside the marks (“Narcos,” / ‘Sense8.’), a possessive (“The Orphanage’s”)
                bare = re.sub(r"(?:[’']s)?[ ,.;]*$", "", m.group(g))
                quoted = doc.char_span(m.start(g), m.start(g) + len(bare), alignment_mode="contract")
                if quoted is None or len(quoted) > 8 or len(quoted) == 0:
                    continue
                span = quoted
                words = [t for t in span if t.is_alpha]
                if not words or not all(_is_cap(t) or t.text.lower() in CONNECTORS for t in words):
                    continue
                if any(t.pos_ in {"VERB", "AUX", "PRON"} and not _is_cap(t) for t in span):
                    continue
                person = self._person_like(doc, span)
                # a nickname inside a name: Pete “Maverick” Mitchell
                prev_word = doc_text(doc)[: m.start()].rstrip().split(" ")[-1:] or [""]
                next_word = doc_text(doc)[m.end() :].lstrip().split(" ")[:1] or [""]
                if prev_word[0][:1].isupper() and next_word[0][:1].isupper():
                    continue
                lead = doc_text(doc)[max(0, m.start() - 40) : m.start()].lower()
                trail = doc_text(doc)[m.end() : m.end() + 25].lower()
                named = sum(1 for t in words if _is_cap(t) and t.lower_ not in CONNECTORS)
                cued = (
                    self._cue(doc, span.start, span.end) > 0
                    or re.search(QUOTED_TITLE_LEAD, lead)
                    or re.match(
                        r"^[\s,.]*(?:movie|film|series|show|sequel|season|musical|adaptation|trailer)\b",
                        trail,
                    )
                )
                supported = not person and (
                    # two or more title-case words in quotation marks, or a work the parser names: a title
                    (
                        named >= 2
                        and not any(t.ent_type_ in {"DATE", "TIME", "MONEY"} or t.pos_ in {"VERB", "AUX"} for t in span)
                        and inner[-1] not in ".!?"  # “Drugs Destroy Lives”, “Batgirl For Life.”: a slogan
                    )
                    or self._ent_label(doc, span) == "WORK_OF_ART"
                    or doc_text(doc).count(inner) >= 2
                )
                if cued or supported:
                    out.append((span.start, span.end, 0.8, "quoted"))
        return out

    @staticmethod
    def _exclamation(doc: Doc, sent: Span, runs: list[tuple[int, int]]) -> tuple[int, int] | None:
        """A "sentence" that is nothing but one to three title-case words and "!" or "?", followed on the same
        line by a title-case word: the head of a title ("Zap! Rise of the Tides"), not a sentence."""
        if len(runs) != 1 or runs[0] != (sent.start, sent.end - 1) or sent.end - sent.start > 4:
            return None
        end = sent[-1]
        if end.text not in {"!", "?"} or sent.end >= len(doc) or end.whitespace_ != " ":
            return None
        nxt = doc[sent.end]
        return runs[0] if _is_cap(nxt) and nxt.is_alpha and nxt.pos_ in {"PROPN", "NOUN", "ADJ"} else None

    def _split(self, doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
        toks = [t.text.lower() for t in doc[s:e]]
        # "Mission: Impossible 7 and 8"
        if (
            len(toks) >= 4
            and toks[-2] in {"and", "&", "or"}
            and doc[e - 1].text.isdigit()
            and doc[e - 3].text.isdigit()
        ):
            base = doc[s : e - 3]
            self._pending_number_pairs.append(
                (
                    base.start_char,
                    base.end_char,
                    doc[e - 3].text,
                    doc[e - 1].text,
                    doc[s].idx,
                    doc[e - 1].idx + len(doc[e - 1].text),
                )
            )
            return [(s, e - 2)]
        lead = doc_text(doc)[max(0, doc[s].idx - 25) : doc[s].idx]
        if re.search(r"\b(?:series|shows|films|movies|titles|projects|credits)\s*,?\s*$", lead, re.I):
            pieces = self._and_parts(doc, doc[s:e])  # "the series Lovecraft Country and Top Boy"
            if len(pieces) == 2:
                self._cued_pieces.update((p.start, p.end) for p in pieces)
                return [(p.start, p.end) for p in pieces]
        played = self._played_inside(doc, s, e)
        if played:
            self._played_pieces.update(played)
            return played
        wide = doc_text(doc)[max(doc[s].sent.start_char, doc[s].idx - 60) : doc[s].idx]
        trail = doc_text(doc)[doc[e - 1].idx + len(doc[e - 1].text) : doc[e - 1].idx + len(doc[e - 1].text) + 6]
        if PLAYED_IN_LEAD.search(wide) or re.search(r"\bof\s+$", lead) and re.match(r"\s+fame\b", trail):
            pieces = self._and_parts(doc, doc[s:e])  # "best known for playing C in X", "of X and Y fame"
            self._played_pieces.update((p.start, p.end) for p in pieces)
            return [(p.start, p.end) for p in pieces]
        if "and" in toks or "," in toks:
            parts: list[tuple[int, int]] = []
            cur = s
            for k in range(s, e):
                if doc[k].text.lower() == "and" and k > s:
                    left = doc[cur:k]
                    right_start = k + 1
                    right = doc[right_start:e]
                    same_start = len(left) >= 3 and len(right) >= 3 and left[:2].text == right[:2].text
                    if self._subtitle_and(doc, doc[cur:e], k):
                        continue  # "Wolves: Blood and Iron": the "and" is inside the subtitle
                    if _strong_form(left) or _strong_form(right) or same_start:  # "X and the A and X and the B"
                        parts.append((cur, k))
                        cur = right_start
            parts.append((cur, e))
            return parts
        return [(s, e)]

    def _played_inside(self, doc: Doc, s: int, e: int) -> list[tuple[int, int]]:
        """A title-case run that holds an actor's part and the production: "(playing) Queen Edda in Frostmark
        Throne", "(from a mayor in) Ledger to Agent Pike in Night Watch 2".  The productions are the pieces
        after a played "in", and the piece before "to" when the run itself follows a played "in"."""
        breaks = [k for k in range(s + 1, e - 1) if doc[k].lower_ in {"in", "to"} and doc[k].is_lower]
        if not breaks:
            return []
        text = doc_text(doc)
        sent_start = doc[s].sent.start_char

        def played_before(i: int) -> bool:
            return bool(PLAYED_IN_LEAD.search(text[max(sent_start, doc[i].idx - 60) : doc[i].idx]))

        out: list[tuple[int, int]] = []
        bounds = [s - 1, *breaks, e]
        for j in range(1, len(bounds)):
            a, b = bounds[j - 1] + 1, bounds[j]
            if b <= a:
                continue
            chained = bool(out) and j >= 3 and doc[bounds[j - 2]].lower_ == "to"  # "... to Agent Pike in Y"
            after_in = j > 1 and doc[bounds[j - 1]].lower_ == "in" and (chained or played_before(a))
            before_to = j == 1 and b < e and doc[b].lower_ == "to" and played_before(s)
            if after_in or before_to:
                out.append((a, b))
        return out

    def _subtitle_and(self, doc: Doc, span: Span, k: int) -> bool:
        """The "and" at token ``k`` joins the words of a subtitle ("Wolves: Blood and Iron"), not two titles:
        one entity spans it, or the subtitle before it and the words after it are short and neither side
        is a title on its own (a number, "Part Two", a colon of its own)."""
        colon = [t.i for t in span if t.text == ":" and t.i < k]
        if not colon:
            return False
        ent = self._ent_at[k]
        if ent is not None and ent.start < k < ent.end - 1 and ent.start > colon[-1]:
            return True
        sub, right = doc[colon[-1] + 1 : k], doc[k + 1 : span.end]
        return (
            1 <= len(sub) <= 2
            and 1 <= len(right) <= 2
            and right[0].lower_ not in {"the", "a", "an"}  # "X: Dead Drop and the Ember Road sequel"
            and not _strong_form(right)
            and not any(t.text == ":" or t.like_num for t in right)
            and not any(t.like_num for t in sub)
        )

    def _cue(self, doc: Doc, s: int, e: int) -> float:
        score = 0.0
        before = doc[s - 1] if s > 0 else None
        before2 = doc[s - 2] if s > 1 else None
        after = doc[e] if e < len(doc) else None
        after2 = doc[e + 1] if e + 1 < len(doc) else None
        if before is not None and before.lower_ in BEFORE_CUES and not _verb_use(before):
            score += 0.7
        elif (
            before is not None
            and before.lower_ in ORDER_VERBS
            and before2 is not None
            and (before2.lower_ in {"has", "have", "had"} or before2.pos_ == "PROPN")
        ):
            score += 0.6  # "Amazon has cancelled Tin Soldiers", "Vireo renewed Saltmarsh"
        elif before is not None and before2 is not None and (before2.lower_, before.lower_) in BEFORE_BIGRAMS:
            score += 0.6
        elif (
            before is not None
            and before.text == ","
            and before2 is not None
            and before2.lower_ in BEFORE_CUES
            and doc[s].ent_type_ != "PERSON"
        ):
            score += 0.6
        lead = doc[s + 1] if doc[s].lower_ in {"the", "a", "an"} and s + 1 < e else doc[s]  # "Lind's The Warden"
        if (
            before is not None
            and before.text in POSSESSIVE
            and before2 is not None
            and before2.ent_type_ == "PERSON"
            and lead.pos_ == "PROPN"
            and lead.ent_type_ != "PERSON"
            and lead.lower_ not in PLATFORM_WORDS
        ):
            score += 0.6
        if _credit_compound(doc, s):
            score += 0.7  # "the Rhea Vance-starring Canary"
        if self._production_subject(doc, doc[s:e]):
            score += 0.6  # "Hollow Crown Society will shoot in Toronto"
        if (
            before is not None
            and before.text in POSSESSIVE
            and before2 is not None
            and re.fullmatch(r"(?:19|20)\d\d", before2.text)
        ):
            score += 0.9
        star_verb = (  # "A and B star in the film", "Kit Harlan and Sena Obi star.": a verb, not "Title star Name"
            after is not None
            and after.lower_ in {"star", "stars", "co-star", "co-stars", "starring"}
            and (
                after2 is None
                or after2.lower_ in {"in", "as", "alongside", "opposite", "with", "together"}
                or after2.is_punct
                or any(t.lower_ in {"and", "&"} for t in doc[s:e])
            )
        )
        if after is not None and after.lower_ in AFTER_CUES and not star_verb:
            score += 0.6
        if (
            after is not None
            and after.text == "("
            and after2 is not None
            and re.fullmatch(r"(?:19|20)\d\d", after2.text)
        ):
            score += 0.8
        if after is not None and after.text in {"'s", "’s"} and after2 is not None and after2.lower_ in AFTER_CUES:
            score += 0.5
        if s > 1 and re.search(
            r"\b(?:season|seasons|episode|episodes|finale|premiere)\s+(?:\d{1,2}\s+|[a-z]+\s+)?of\s+$",
            doc_text(doc)[max(0, doc[s].idx - 30) : doc[s].idx],
            re.I,
        ):
            score += 0.6  # "season 5 of X"
        if (s, e) in self._played_pieces:
            score += 0.6  # an actor's part in it: "playing C in X", "of X fame"
        if self._appositive_genre(doc, e):
            score += 0.6  # an appositive: "The Tomorrow War, a sci-fi action flick starring ..."
        if e < len(doc) and re.match(
            r"^\s+(?:is|was|will be)\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}(?:film|movie|installment|instalment|entry|"
            r"sequel|prequel|chapter|series|season)\b",
            doc_text(doc)[doc[e - 1].idx + len(doc[e - 1].text) : doc[e - 1].idx + len(doc[e - 1].text) + 50],
        ):
            score += 0.6  # "X is the third film in the franchise"
        if e < len(doc) and OUTING_AFTER.match(doc_text(doc), doc[e - 1].idx + len(doc[e - 1].text)):
            score += 0.6  # "X marks Ralf Eder's final turn as Inspector Crane"
        if (
            e < len(doc)
            and SUBJECT_OF_RELEASE.match(
                doc_text(doc)[doc[e - 1].idx + len(doc[e - 1].text) : doc[e - 1].idx + len(doc[e - 1].text) + 60]
            )
            and not COMPANY.search(doc[s:e].text)  # "Netflix will premiere the show": the streamer
        ):
            score += 0.6
        return score

    def _production_subject(self, doc: Doc, span: Span) -> bool:
        """The phrase is the subject of a verb only a production does, used without an object ("X will shoot in
        Toronto", "X wrapped last week", "X returns for a second season"); a company that premieres or films
        something has an object, and a person is told apart by the caller."""
        root = span.root
        if root.dep_ not in {"nsubj", "nsubjpass"} or not (span.start <= root.i < span.end):
            return False
        if span[0].lower_ in NON_TITLE_HEADS or span[-1].like_num and len(span) <= 2:
            return False  # "Season 2 premiered", "Part 2 aired"
        verb = root.head
        if not (span.end <= verb.i <= span.end + 3) or "\n" in doc[span.end : verb.i + 1].text:
            return False
        if not PRODUCTION_VERB.fullmatch(verb.lower_) or verb.pos_ not in {"VERB", "AUX"}:
            return False
        if any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children):
            return False
        if self._company(doc, span) and self._ent_label(doc, span) != "ORG" or COMPANY.search(span.text):
            return False
        if any(t.ent_type_ in {"PERSON", "GPE", "NORP"} or t.text in self._person_parts for t in span):
            return False  # "Ana Kim will film in Oslo": people shoot too
        return len(span) >= 2 or span[0].pos_ == "PROPN"

    @staticmethod
    def _appositive_genre(doc: Doc, e: int) -> bool:
        """The span ending at token ``e`` is followed by ", a/the <up to 4 words> <genre word>"."""
        if e + 1 >= len(doc) or doc[e].text != ",":
            return False
        first = e + 1
        if doc[first].lower_ not in {"a", "an", "the", "its", "their", "his", "her"}:
            # "Northbound, Arden Films' road movie": a company's possessive instead of an article
            k = first
            while k < min(e + 5, len(doc)) and doc[k].text[:1].isupper():
                k += 1
            if k == first or k >= len(doc) or doc[k].text not in {"'", "’", "'s", "’s"}:
                return False
            first = k
        words = [t.lower_ for t in doc[first + 1 : min(first + 6, len(doc))]]
        head = next((w for w in words if w in BEFORE_CUES or w in GENERIC_HEADS), None)
        return head is not None and "," not in words[: words.index(head)]

    def _surname_like(self, doc: Doc, word: str) -> bool:
        """``word`` follows a capitalised given name somewhere ("Bassam Tariq")."""
        return word in self._surnames

    def _find_surnames(self, doc: Doc) -> set[str]:
        out = set()
        prev = None
        for tok in doc:
            if (
                prev is not None
                and prev.pos_ == "PROPN"
                and ((_is_cap(prev) and prev.is_alpha and not prev.is_sent_start) or prev.ent_type_ == "PERSON")
            ):
                out.add(tok.text)
            prev = tok
        return out

    def _url_cued(self, doc: Doc, span: Span) -> bool:
        """The URL slug names this phrase right before a cue word ("/marigold-film-...", "/x-2-release")."""
        words = _slug(span.text)
        if not words or not self._url_seq:
            return False
        n = len(words)
        seq = self._url_seq
        for i in range(len(seq) - n):
            if seq[i : i + n] == words and (seq[i + n] in URL_CUES or seq[i + n].isdigit()):
                if i > 0 and re.search(
                    r"\b" + re.escape(seq[i - 1]) + r"\s+" + re.escape(span.text.lower()) + r"\b",
                    doc_text(doc).lower(),
                ):
                    continue  # "jones" inside "indiana-jones-5"
                return True
        return False

    def _refine(self, doc: Doc, s: int, e: int) -> tuple[int, int]:
        """Strip what a title-case run picked up around the title itself."""
        played = (s, e) in self._played_pieces
        s, e = self._refine_span(doc, s, e, played)
        if played:
            self._played_pieces.add((s, e))  # "playing C in Perla Quinn's The Keeper": the title keeps the cue
        return s, e

    def _refine_span(self, doc: Doc, s: int, e: int, played: bool) -> tuple[int, int]:
        s, e = self._trim(doc, s, e)
        if (
            e - s >= 4
            and doc[s].lower_ in {"season", "episode", "series", "volume"}
            and doc[s + 1].like_num
            and doc[s + 2].lower_ == "of"
        ):
            s, e = self._trim(doc, s + 3, e)  # "Season 5 of X"
        # "Production on X", "According to X": a sentence-initial common word and a connector
        if e - s >= 2 and doc[s].is_sent_start and doc[s].pos_ in {"SCONJ", "ADV"} and doc[s].lower_ in LEADING_WORDS:
            s, e = self._trim(doc, s + 1, e)  # "While Tariq is set to remain ..."
            if e - s == 1:
                return s, s  # a bare name after "While": a person, not a title
        if (
            e - s >= 3
            and doc[s + 1].lower_ in CONNECTORS
            and ((doc[s].is_sent_start and doc[s].pos_ not in {"PROPN"}) or doc[s].lower_ in PRODUCTION_WORDS)
        ):
            s, e = self._trim(doc, s + 1, e)
        # "Paramount's X", "Brad Bird's X": an owner before a possessive (not in "playing C in Halvard's Crown")
        for k in range(s + 1, e - 1):
            if (
                doc[k].text in {"'s", "’s"}
                and played
                and any(t.is_alpha for t in doc[k + 1 : e])
                # "Halvard's Crown" is one name; "Perla Quinn's The Keeper" is an owner and a title
                and doc[k + 1].lower_ not in {"the", "a", "an"}
                and k - s < 2
            ):
                break
            if doc[k].text in {"'s", "’s"}:
                left = doc[s:k]
                owner = self._ent_at[s]
                if (
                    ":" not in left.text
                    and owner is not None
                    and owner.label_ in {"PERSON", "ORG", "GPE", "NORP"}
                    and owner.end >= k
                    # a one-word owner ("Marlow's Yard", one name) only when named alone or known as a company/person
                    and ((owner.end <= k + 1 and k - s >= 2) or self._named_alone(doc, left, doc[k:e].text))
                ):
                    s, e = self._trim(doc, k + 1, e)
                break
        # "Warner Bros. Shazam 2": an organisation or person glued before a strong title
        for ent in [x for x in [self._ent_at[s]] if x is not None and x.start == s]:
            if ent.end < e and ent.label_ == "ORG":
                glued = doc[s : ent.end]
                if (
                    all(_is_cap(t) or t.is_punct for t in glued)
                    and ":" not in doc[ent.end : e].text
                    and _strong_form(doc[ent.end : e])
                    and not _strong_form(glued)
                ):
                    s, e = self._trim(doc, ent.end, e)
                break
        return s, e

    def _judge(self, doc: Doc, s: int, e: int, url_words: set[str], out: list[tuple[int, int, float, str]]) -> None:
        s, e = self._refine(doc, s, e)
        if e <= s:
            return
        span = doc[s:e]
        head = span[0].text.lower()
        if self._not_a_title_here(doc, span):
            return
        label = self._ent_label(doc, span)
        after = doc[e] if e < len(doc) else None
        if after is not None and after.lower_ in FRANCHISE_AFTER and not _strong_form(span):
            return
        if after is not None and after.lower_ in {"franchise", "universe", "saga"}:
            return
        if after is not None and after.lower_ in FRANCHISE_AFTER and after.tag_ in {"NNS", "NNPS"}:
            return  # "the M:I sequels", "two new Mission: Impossible movies"
        if _strong_form(span) and not span.text.isdigit() and span[-1].lower_ not in COMPANY_TAIL:
            out.append((s, e, 0.9, "form"))
            return
        if head in NON_TITLE_HEADS and len(span) == 1:
            return
        if url_words and self._url_cued(doc, span) and not (span[0].is_sent_start and span[0].pos_ not in {"PROPN"}):
            dated = any(re.fullmatch(r"(?:19|20)\d\d", t.text) for t in doc[max(0, s - 4) : s])
            out.append((s, e, 0.8, "cue-year" if dated else "url-cue"))  # "2019 drama Joker": the earlier film
            return
        if (
            s > 1
            and doc[s - 1].text in POSSESSIVE
            and re.fullmatch(r"(?:19|20)\d\d", doc[s - 2].text)
            and span[0].pos_ in {"PROPN", "NOUN", "ADJ"}
        ):
            out.append((s, e, 0.9, "cue-year"))  # "2018's Fallout"
            return
        if span[-1].lower_ in COMPANY_TAIL or span.text.isdigit():
            return
        if (
            s > 0
            and doc[s - 1].lower_ in {"starring", "featuring", "opposite", "alongside"}
            and not _credit_compound(doc, s)
        ):
            return  # "the comedy starring Lily Park and Jonah Reese, has been delayed": the cast
        before_cue = s > 0 and (
            (
                doc[s - 1].lower_ in BEFORE_CUES
                and not _verb_use(doc[s - 1])
                and not (doc[s - 1].lower_ in AMBIGUOUS_CUES and self._person_like(doc, doc[s:e]))
            )
            or (doc[s - 1].text == "," and s > 1 and doc[s - 2].lower_ in BEFORE_CUES and doc[s].ent_type_ != "PERSON")
            or (s > 1 and (doc[s - 2].lower_, doc[s - 1].lower_) in BEFORE_BIGRAMS)
            or (s, e) in self._cued_pieces
            or (s, e) in self._played_pieces
            or _credit_compound(doc, s)
            or (
                s > 1
                and doc[s - 1].lower_ in ORDER_VERBS
                and (doc[s - 2].lower_ in {"has", "have", "had"} or doc[s - 2].pos_ == "PROPN")
            )
        )
        headline = doc._.article_title or ""
        if (
            len(span) >= 2
            and headline
            and re.search(r"(?<!\w)" + re.escape(span.text) + r"(?!\w)", headline)
            and not self._person_like(doc, span)
            and (
                before_cue
                or self._cue(doc, s, e) > 0
                or span[0].ent_type_ != "PERSON"
                or _is_headline_subject(headline, span.text)
            )
        ):
            out.append((s, e, 0.7, "headline"))
            return
        genre_after = self._appositive_genre(doc, e)
        owned = s > 1 and doc[s - 1].text in POSSESSIVE and doc[s - 2].ent_type_ == "PERSON"
        if all(t.text in self._person_parts or not t.is_alpha for t in span) and not (
            before_cue or genre_after or owned
        ):
            return
        genre_before = (
            (s, e) in self._cued_pieces
            or (s > 0 and doc[s - 1].lower_ in BEFORE_CUES - {"title", "titled", "hit", "franchise"})
            or _credit_compound(doc, s)
        )
        if label == "FAC" and owned:
            label = ""  # "Director Mia Santos's Cinder Road": a person's road is their film
        if label in {"GPE", "LOC", "FAC", "NORP"} and (genre_after or genre_before and len(span) >= 2):
            label = ""  # "the drama Glass Harbor", "Stormglass, the sci-fi epic": the genre outweighs the place
        if label in {"GPE", "LOC", "DATE", "TIME", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "FAC"}:
            return
        cue = self._cue(doc, s, e)
        if (self._person_like(doc, span) or span.text in self._person_parts) and not (before_cue or genre_after):
            return  # ("Ember Coast, the survival thriller": no person is a thriller)
        owner = after is not None and after.text in {"'", "’", "'s", "’s"} and e + 1 < len(doc)
        if owner and len(span) >= 2 and self._person_like(doc, span) and not _strong_form(span):
            return  # "the sequel to Todd Phillips' 2019 drama": the owner is a person
        if owner and not _strong_form(span) and any(t.lower_ in BEFORE_CUES for t in doc[e + 1 : e + 4]):
            return  # "production on Tamsin Reed's thriller Blackwater Lane": the owner of the thriller
        before = doc[s - 1] if s > 0 else None
        after_cue = after is not None and after.lower_ in {
            "film",
            "movie",
            "sequel",
            "series",
            "installment",
            "instalment",
        }
        if after_cue and before is not None and (before.ent_type_ == "ORDINAL" or before.lower_ in DESCRIPTION_WORDS):
            return  # "the fifth Indiana Jones film", "the new X movie": a description, not a title
        outing = e < len(doc) and OUTING_AFTER.match(doc_text(doc), doc[e - 1].idx + len(doc[e - 1].text))
        if cue >= 0.6 and (outing or not (len(span) == 1 and span[0].is_sent_start and span[0].pos_ != "PROPN")):
            year_before = any(re.fullmatch(r"(?:19|20)\d\d", t.text) for t in doc[max(0, s - 4) : s])
            out.append((s, e, min(0.5 + cue / 2, 0.9), "cue-year" if year_before else "cue"))
            return

        if url_words and len(span) <= 6:
            words = _slug(span.text)
            content = [w for w in words if w not in CONNECTORS]
            if content and all(w in url_words for w in words) and head not in NON_TITLE_HEADS:
                if len(span) == 1:
                    tok = span[0]
                    if label in {"ORG", "PERSON"}:
                        return
                    if tok.is_sent_start and tok.pos_ != "PROPN":
                        return
                    if tok.pos_ not in {"PROPN", "NOUN", "ADJ"}:
                        return
                    if self._surname_like(doc, tok.text):
                        return
                    if tok.text in self._place_words:
                        return  # the word names a place elsewhere in the article
                elif label == "ORG":
                    return
                out.append((s, e, 0.7, "url"))

    def _with_model(self, doc: Doc, raw: list[tuple[int, int, float, str]]) -> list[tuple[int, int, float, str]]:
        """The trained recogniser's mentions join the rules' candidates.  With ``model`` set to "gate",
        a rule's candidate stands only where the recogniser found a title too, or when its form alone
        makes it one ("Franchise: Subtitle", "Franchise 3")."""
        found = doc.spans[MODEL_KEY] if MODEL_KEY in doc.spans else None
        if found is None or self.model == "off":
            return raw
        spans = [(m.start, m.end) for m in found]
        covered = [False] * (len(doc) + 1)
        for a, b in spans:
            for i in range(a, b):
                covered[i] = True
        out = list(raw)
        if self.model == "gate":
            out = [c for c in raw if c[3] == "form" or any(covered[i] for i in range(c[0], c[1]))]
        for a, b in spans:
            a, b = self._trim(doc, a, b)
            if b <= a or self._not_a_title_here(doc, doc[a:b]):
                continue
            span = doc[a:b]
            if self._person_like(doc, span) or all(t.text in self._person_parts or not t.is_alpha for t in span):
                continue  # a person's name (the recogniser's commonest mistake): the rules decide
            if self._between_people(doc, a, b) or self._long_list(doc, a):
                continue  # an item of a list of people is a person ("stars A, Bo Dek, C and D")
            if b - a == 1 and doc[a].is_sent_start and b < len(doc) and doc[b].text == ",":
                continue  # "Relax, filming starts Monday": a sentence's opening word
            out.append((a, b, 0.8, "model"))
        return out

    def _long_list(self, doc: Doc, a: int) -> bool:
        """Inside a run of more than 30 commas (a crowd of names, the small model's sentence cuts in it):
        the recogniser's mentions there are list items, which the rules alone judge."""
        lo, hi = max(0, a - 60), min(len(doc), a + 60)
        return sum(1 for t in doc[lo:hi] if t.text == ",") > 30

    def _between_people(self, doc: Doc, a: int, b: int) -> bool:
        """The span is an item of a list whose neighbouring item is a person: ", A, X and B"."""

        def person(i: int) -> bool:
            ent = self._ent_at[i] if 0 <= i < len(doc) else None
            return ent is not None and ent.label_ == "PERSON"

        before = a >= 2 and doc[a - 1].text in {",", "and"} and person(a - 2)
        after = b + 1 < len(doc) and doc[b].text in {",", "and"} and person(b + 1)
        return before or after

    # -- main -------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        self._pending_number_pairs: list[tuple[int, int, str, str, int, int]] = []
        self._ents = list(doc.ents)  # spaCy rebuilds doc.ents on every access
        self._run_cache: dict[int, list[tuple[int, int]]] = {}
        self._played_pieces: set[tuple[int, int]] = set()  # "playing C in X", "of X fame"
        self._cued_pieces: set[tuple[int, int]] = set()  # items of a list after "the series": each cued
        self._ent_at: list[Span | None] = [None] * (len(doc) + 1)  # the entity covering each token
        for ent in self._ents:
            for i in range(ent.start, ent.end):
                self._ent_at[i] = ent
        self._place_words = {e.text for e in self._ents if e.label_ in {"GPE", "LOC", "FAC"}}
        self._surnames = self._find_surnames(doc)
        self._person_parts = {
            part
            for ent in self._ents
            if ent.label_ == "PERSON" and 2 <= len(ent) <= 3 and all(t.pos_ == "PROPN" or t.is_punct for t in ent)
            for part in re.sub(r"[’']s$", "", ent.text).split()
        }
        url = doc._.article_url or ""
        try:
            self._url_seq = _slug(unquote(urlparse(url).path)) if url else []
        except ValueError:
            self._url_seq = []
        # "Ana Kim (Dana Cruz), Tom Reed (Eli Stone)": the characters they play, never titles
        self._characters = {
            (g.start, g.end)
            for groups, titled in self._paren_groups(doc, {})
            if not titled and len(groups) >= 2
            for g in groups
        }
        raw = self._with_model(doc, self.candidates(doc))
        entries = titles(doc)
        found: dict[str, tuple[float, int]] = {}
        whys: dict[str, set[str]] = {}
        for s, e, conf, why in raw:
            text = doc[s:e].text
            if text.endswith(".") and doc[e - 1].text[:-1].lower() not in ABBREVIATIONS:
                text = text[:-1]
            whys.setdefault(text, set()).add(why)
            prev = found.get(text)
            if prev is None or prev[0] < conf:
                found[text] = (conf, doc[s].idx if prev is None else min(prev[1], doc[s].idx))
        # "X 7 and 8" -> also "X 8"
        for bs, be, _n1, n2, _a, _b in self._pending_number_pairs:
            base = doc_text(doc)[bs:be]
            found.setdefault(f"{base} {n2}", (0.85, bs))
        # parenthesised credits after a person: decide titles per sentence
        self._paren_titles(doc, found)
        self._lists(doc, found)
        # a franchise name is the prefix of an instalment's title ("Top Gun" / "Top Gun: Maverick"):
        # not a production of its own unless something else marks it as one
        for text in list(found):
            if whys.get(text, set()) & {"quoted", "cue-year"}:
                continue
            bare = text[4:] if text.startswith("The ") and len(text) > 4 else text  # "The Top Gun sequel"
            if any(
                other != text and other.startswith(bare) and INSTALMENT_TAIL.match(other, len(bare)) for other in found
            ):
                del found[text]
        for text, (conf, first) in sorted(found.items(), key=lambda kv: kv[1][1]):
            if conf < self.min_salience:
                continue
            entries.setdefault(text, TitleEntry(name=text, aliases=[text], first=first))
        self._debug = {t: (found.get(t), sorted(whys.get(t, set()))) for t in found}
        doc.user_data["slate_title_whys"] = {t: sorted(whys.get(t, set())) for t in found}  # for slate_title_check
        self._earlier_only: set[str] = set()  # earlier films known only as "the first X": matched there only
        self._link_forms(doc, entries)
        self._described: list[tuple[int, int, str]] = []  # (start, end, name): unnamed productions' mentions
        self._descriptions(doc, entries)
        self._match_all(doc, entries)
        self._kinds_and_salience(doc, entries)
        self._year_facts(doc)
        self._groups(doc, entries)
        return doc

    def _descriptions(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        """Productions the article describes without a name, each its own production named by the description
        (GUIDELINE: the article's shortest description): "an untitled comedy starring Ray Dunn" ->
        "untitled comedy starring Ray Dunn", "a new Space Rangers movie" -> "new Space Rangers movie" (unless
        the article names an instalment of Space Rangers: then it is that one)."""
        text = doc_text(doc)
        for sent in doc.sents:
            for tok in sent:
                if tok.lower_ not in {"a", "an"} or tok.i + 2 >= sent.end:
                    continue
                desc = self._description_at(doc, tok.i, sent.end)
                if desc is None:
                    continue
                a, b, head, franchise = desc
                lead = text[sent.start_char : doc[a].idx]
                if doc[head].dep_ in {"appos", "attr"} or re.search(
                    r"\b(?:is|was|are|were|be|been|being|as|becomes|became)\s+$|[:—–(]\s*$", lead
                ):
                    continue  # "Iron Vale is a new comedy starring Ray Dunn": a description of a named title
                after = text[doc[b - 1].idx + len(doc[b - 1].text) : doc[b - 1].idx + len(doc[b - 1].text) + 30]
                if re.match(r"^\s*,?\s*(?:titled|called|dubbed|named)\b|^\s*,\s+[“\"]?[A-Z]", after):
                    continue  # "a new comedy starring Ray Dunn, titled Iron Vale" / "..., Iron Vale,"
                start = doc[a + 1].idx
                end = doc[b - 1].idx + len(doc[b - 1].text)
                name = text[start:end]
                if franchise is not None:
                    owner = next(
                        (
                            n
                            for n in entries
                            if n != franchise and n.startswith(franchise) and INSTALMENT_TAIL.match(n, len(franchise))
                        ),
                        None,
                    )
                    if owner is not None:
                        entries[owner].aliases.append(text[doc[a].idx : end])
                        continue
                if name not in entries:
                    entries[name] = TitleEntry(name=name, aliases=[name], first=start)
                # the mention is the description up to its noun: the people it names stay people
                self._described.append((start, doc[head].idx + len(doc[head].text), name))

    def _description_at(self, doc: Doc, i: int, stop: int) -> tuple[int, int, int, str | None] | None:
        """The description that the indefinite article at token ``i`` opens, as (start, end, franchise):
        a/an, then descriptive words (untitled, new, superhero, ...), a production noun (film, comedy,
        series) and either who makes it ("starring X", "with X", "from director X") or, before the noun, the
        title-case name of its franchise ("a new Space Rangers movie")."""
        k = i + 1
        words: list[Token] = []
        while k < stop and len(words) < 5 and doc[k].lower_ not in GENERIC_HEADS | DESCRIPTION_GENRES:
            if doc[k].is_punct and doc[k].text not in {"-", "–"} or doc[k].pos_ in {"VERB", "AUX", "ADP", "DET"}:
                return None
            words.append(doc[k])
            k += 1
        if k >= stop or doc[k].lower_ not in GENERIC_HEADS | DESCRIPTION_GENRES or doc[k].tag_ in {"NNS", "NNPS"}:
            return None
        head = k
        caps = [t for t in words if _is_cap(t) and t.is_alpha]
        if caps and not any(t.lower_ in DESCRIPTION_WORDS for t in words[: words.index(caps[0])]):
            return None  # "a Northwind film": a company's film is no production of its own here
        if caps:  # "a new Space Rangers movie"
            first, last = caps[0].i, caps[-1].i
            if any(not (_is_cap(t) or t.lower_ in CONNECTORS) for t in doc[first : last + 1]):
                return None
            if self._ent_label(doc, doc[first : last + 1]) in {"PERSON", "GPE", "NORP", "LANGUAGE"}:
                return None  # "a new Ana Kim film", "a new Korean series"
            return i, head + 1, head, doc[first : last + 1].text
        if not any(t.lower_ in {"untitled", "new", "upcoming", "next"} for t in words) and head + 1 < stop:
            if doc[head + 1].lower_ not in {"starring", "with", "featuring", "from"}:
                return None
        if head + 2 < stop and doc[head + 1].lower_ in {"starring", "with", "featuring", "from"}:
            m = head + 2
            while m < stop and doc[m].lower_ in ROLE_WORDS | {"the", "filmmaker", "director"}:
                m += 1
            ent = self._ent_at[m]
            if ent is not None and ent.label_ == "PERSON" and ent.start == m:
                end = ent.end
                if doc[end - 1].text in POSSESSIVE:
                    return None
                return i, end, head, None
        if any(t.lower_ == "untitled" for t in words):
            return i, head + 1, head, None  # "an untitled thriller"
        return None

    def _groups(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        """Sentences that speak of two instalments at once: "X 7 and 8", "the next two X sequels"."""
        numbered: dict[str, dict[str, str]] = {}  # family key -> {entry name: its numbered form}
        for name, entry in entries.items():
            for form in [name, *entry.aliases]:  # "The eighth installment", also called "X 8"
                m = re.match(r"^(.*?)\s+(\d{1,2})$", form)
                if m:
                    numbered.setdefault(_norm(m.group(1)), {}).setdefault(name, form)
                    break
        families = [(sorted(v), sorted(v.values())) for v in numbered.values() if len(v) >= 2]
        if not families:
            return
        for sent in doc.sents:
            st = sent_text(doc, sent)
            members: list[str] = []
            for fam, forms in families:
                base = re.sub(r"\s+\d{1,2}$", "", forms[0])
                pair = re.search(re.escape(base) + r"\s+\d{1,2}\s+(?:and|&)\s+\d{1,2}\b", st)
                plural = re.search(
                    r"\b(?:the|both|two|these|those|its|their)\b[^.;]{0,50}?\b(?:sequels|films|movies|installments|"
                    r"instalments|entries|chapters)\b",
                    st,
                    re.I,
                )
                if pair or (plural and not mentions_in_range(doc, sent.start_char, sent.end_char, exclude=fam)):
                    members = fam
            if members:
                groups(doc).append((sent.start_char, sent.end_char, members))

    def _year_facts(self, doc: Doc) -> None:
        """ "2018's Fallout", "the 1981 film Raiders...", "Joker (2019)": the year a production came out."""
        text = doc_text(doc)
        for m in mentions(doc):
            if m.generic:
                continue
            before = text[max(0, m.start - 40) : m.start]
            after = text[m.end : m.end + 8]
            year = None
            bm = re.search(r"\b((?:19|20)\d\d)[’'‘]s\s+$", before) or re.search(
                r"(?:\bthe|[’'‘]s?|\bhis|\bher|\btheir|\bits)\s+((?:19|20)\d\d)\s+(?:[a-z-]+\s+){0,2}(?:film|movie|"
                r"hit|thriller|drama|comedy|blockbuster|feature|series|sequel|adaptation|original|western|"
                r"musical|horror|documentary|biopic|epic|miniseries)\s+$",
                before,
            )
            if bm and re.search(r"\b(?:comic|comics|novel|book|graphic|game|album|play|song)\b", bm.group(0)):
                bm = None  # "the 1973 comic series X": the source, not a production
            if bm:
                year = bm.group(1)
            else:
                am = re.match(r"^\s*\(((?:19|20)\d\d)\)", after)
                if am:
                    year = am.group(1)
            if year and int(year) <= article_date(doc).year:
                start = m.start - (len(before) - (bm.start(1) if bm else len(before)))
                add_fact(doc, RawFact(m.name, "release_date", year, start, m.end, confidence=0.7))

    def _lists(self, doc: Doc, found: dict[str, tuple[float, int]]) -> None:
        """Items listed with a known title, or after "credits include"/"known for", are titles too."""
        text = doc_text(doc)
        for sent in doc.sents:
            items: list[tuple[int, int]] = []
            for s0, e0 in self._runs(sent):
                for s1, e1 in self._split(doc, s0, e0):
                    s2, e2 = self._refine(doc, s1, e1)
                    if e2 > s2:
                        items.append((s2, e2))
            if len(items) < 2:
                continue
            groups: list[list[tuple[int, int]]] = [[items[0]]]
            prev_end = items[0][1]
            for cur in items[1:]:
                gap = text[doc[prev_end - 1].idx + len(doc[prev_end - 1].text) : doc[cur[0]].idx]
                if re.fullmatch(r"\s+(?:at|from)\s+", gap) and self._company(doc, doc[cur[0] : cur[1]]):
                    prev_end = cur[1]  # "Mulan at Disney, ...": the studio belongs to the item
                    continue
                if re.fullmatch(r"\s*(?:,|,?\s*(?:and|or|&))\s*", gap):
                    groups[-1].append(cur)
                else:
                    groups.append([cur])
                prev_end = cur[1]
            for group in groups:
                spans = [doc[a:b] for a, b in group]
                lead = text[max(sent.start_char, spans[0].start_char - 40) : spans[0].start_char]
                cue = bool(LIST_CUES.search(lead) or STRONG_LIST_CUES.search(lead))
                if cue:  # "delays include Black Widow and Mulan": the pair is two items
                    spans = [part for sp in spans for part in self._and_parts(doc, sp)]
                if len(spans) < 2:
                    continue
                anchored = sum(1 for sp in spans if sp.text in found)
                if not (anchored or cue):
                    continue
                strong = bool(STRONG_LIST_CUES.search(lead))  # "delays include A, B": every item is a title
                for sp in spans:
                    if sp.text in found or self._not_a_title_here(doc, sp):
                        continue
                    if strong and sp[0].pos_ in {"PROPN", "NOUN", "ADJ", "DET", "NUM"} and not sp.text.isdigit():
                        found[sp.text] = (0.65, sp.start_char)
                        continue
                    if self._person_like(doc, sp):
                        continue
                    if sp[0].pos_ in {"ADP", "ADV", "INTJ", "VERB", "PRON", "SCONJ", "CCONJ", "AUX"}:
                        continue
                    if all(t.text in self._person_parts or not t.is_alpha for t in sp):
                        continue
                    label = self._ent_label(doc, sp)
                    if cue and label == "PERSON" and len(sp) == 1 and sp.text not in self._person_parts:
                        label = ""  # "delays include Black Widow and Mulan": the model's PERSON is wrong here
                    if label in {
                        "GPE",
                        "LOC",
                        "DATE",
                        "NORP",
                        "PERSON",
                        "CARDINAL",
                        "FAC",
                    }:
                        continue
                    if sp[-1].lower_ in COMPANY_TAIL:
                        continue
                    found[sp.text] = (0.65, sp.start_char)

    def _not_a_title_here(self, doc: Doc, span: Span) -> bool:
        """Outlets reporting the news, events, abbreviations."""
        text = doc_text(doc)
        lead = text[max(0, span.start_char - 20) : span.start_char].lower()
        trail = text[span.end_char : span.end_char + 25].lower()
        if len(span) <= 2 and (OUTLET_LEAD.search(lead) or OUTLET_TRAIL.match(trail)):
            return True  # "As per Deadline, ...", "Variety reported": the outlet reporting the news
        if EVENT_TAIL.search(span.text):
            return True  # "2019's San Diego Comic-Con": an event
        if any(t.lower_ in {"and", "&"} for t in span) and self._person_like(doc, span):
            return True  # "Ana Kim and Tom Reed": people
        if (span.start, span.end) in self._characters or re.match(r"^,?\s+(?:played|portrayed|voiced) by\b", trail):
            return True  # "Ana Kim (Dana Cruz), Tom Reed (Eli Stone)", "Eli Stone, played by Tom Reed": characters
        if re.search(r"\b(?:as|plays|playing|played)\s+$", lead) and span.start > 1 and _is_cap(span[0]):
            ent = self._ent_at[span.start - 2]
            if ent is not None and ent.label_ == "PERSON" or doc[span.start - 2].pos_ == "PROPN":
                return True  # "Simon Vale as Benji Dunn": the character
        ent = self._ent_at[span.start]
        if (
            ent is not None
            and ent.label_ == "PERSON"
            and (ent.start, ent.end) == (span.start, span.end)
            and 2 <= len(span) <= 3
            and all(t.is_alpha and t.pos_ == "PROPN" for t in span)
            and not _credit_compound(doc, span.start)
            and not (span.start > 0 and doc[span.start - 1].lower_ in BEFORE_CUES | {"'s", "’s"})
            and not any(t.text in QUOTE_CHARS for t in doc[max(0, span.start - 1) : span.end + 1])
            and not self._appositive_genre(doc, span.end)
            and self._surname_alone(doc, span)
        ):
            return True  # "Tom Cruise" in an article that goes on to say "Cruise": a person
        if self._ent_label(doc, span) in {"GPE", "LOC"} and all(
            re.search(r"\b(?:in|at|across|around|from|to|near|of)\s+(?:the\s+)?$", text[max(0, at - 12) : at])
            for at in _find_all(text, span.text, whole_words=True)
        ):
            return True  # "Kenya" where the article only ever films "in Kenya": a place
        if COMPANY.search(span.text) and self._ent_label(doc, span) == "ORG" and len(span) <= 3:
            return True  # "Netflix", "Northwind Pictures": the company
        return len(span) == 1 and span.text.isupper() and len(span.text) <= 3 and not _strong_form(span)

    @staticmethod
    def _surname_alone(doc: Doc, span: Span) -> bool:
        """The last word of the name stands alone elsewhere, as people's surnames do ("Tom Reed ... Reed said")."""
        text = doc_text(doc)
        last, given = span[-1].text, span[-2].text
        return any(
            not text[:at].rstrip().endswith(given)
            for at in _find_all(text, last, whole_words=True)
            if at != span[-1].idx
        )

    def _company(self, doc: Doc, span: Span) -> bool:
        return bool(COMPANY.match(span.text)) or span[-1].lower_ in COMPANY_TAIL or self._ent_label(doc, span) == "ORG"

    def _and_parts(self, doc: Doc, span: Span) -> list[Span]:
        """ "Black Widow and Mulan" -> both, when each side is title-case on its own."""
        cut = [t.i for t in span if t.lower_ == "and" and t.i > span.start and t.i < span.end - 1]
        if len(cut) != 1:
            return [span]
        left, right = doc[span.start : cut[0]], doc[cut[0] + 1 : span.end]
        if all(_is_cap(t) or not t.is_alpha for t in left) and all(_is_cap(t) or not t.is_alpha for t in right):
            if len(left) <= 3 and len(right) <= 3 and not any(t.text == ":" for t in span):
                return [left, right]
        return [span]

    def _paren_titles(self, doc: Doc, found: dict[str, tuple[float, int]]) -> None:
        for items, titled in self._paren_groups(doc, found):
            if titled:
                for g in items:
                    if g.text not in found:
                        found[g.text] = (0.75, g.start_char)

    def _paren_groups(self, doc: Doc, found: dict[str, tuple[float, int]]) -> list[tuple[list[Span], bool]]:
        """Per sentence, the phrases in parentheses after a name ("Ana Kim (Salt Harbor, Dry Wells 2)", "Ana
        Kim (Dana Cruz)"), and whether they are credits (titles) rather than the characters the person plays."""
        out: list[tuple[list[Span], bool]] = []
        for sent in doc.sents:
            groups: list[Span] = []
            for tok in sent:
                if tok.text != "(" or tok.i == 0:
                    continue
                prev = doc[tok.i - 1]
                if not (prev.ent_type_ in {"PERSON", "ORG", ""} and _is_cap(prev) and prev.pos_ == "PROPN"):
                    continue
                close = next((t.i for t in doc[tok.i + 1 : min(tok.i + 20, sent.end)] if t.text == ")"), None)
                if close is None:
                    continue
                inner = doc[tok.i + 1 : close]
                # split by commas
                start = inner.start
                for k in range(inner.start, inner.end + 1):
                    if k == inner.end or doc[k].text in {",", ";"}:
                        part = doc[start:k]
                        if len(part) and _is_cap(part[0]):
                            groups.append(part)
                        start = k + 1
            if not groups:
                continue
            titled = any(
                _strong_form(g)
                or any(t.lower_ in {"of", "the", "and", "v", "v.", "vs.", "&"} for t in g)
                or g.text in found
                for g in groups
            )
            multi = sum(1 for t in sent if t.text == ",") and any(
                doc[g.start - 1].text == "," or doc[g.end].text == ","
                for g in groups
                if g.start > 0 and g.end < len(doc)
            )
            director_ctx = any(t.lower_ in {"director", "directed", "filmmaker", "helmer", "writer"} for t in sent)
            out.append((groups, bool(titled or (multi and director_ctx))))
        return out

    def _instalments(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        """Instalments named by number: "No. 8", "the eighth installment" (in an article about one
        franchise), and "X is the seventh installment in the franchise" (X = "<its franchise> 7")."""
        text = doc_text(doc)
        families: dict[str, str] = {}
        for name in list(entries):
            m = re.match(r"^(.*?)\s+(\d{1,2})$", name)
            if m:
                families[_norm(m.group(1))] = m.group(1)
        # "The first Paper Lanterns grossed $180 million" in an article about "Paper Lanterns 2": the earlier film
        for base in list(families.values()):
            if base in entries or any(base in e.aliases for e in entries.values()):
                continue
            m = re.search(
                r"\b(?:[Tt]he\s+)?(?:first|original|previous)\s+[“\"‘']?("
                + re.escape(base)
                + r")[”\"’']?(?![\w’'-]|\s*(?:\d|:|[IVX]+\b))",
                text,
            )
            if m:
                entries[base] = TitleEntry(name=base, aliases=[base], first=m.start(1))
                self._earlier_only.add(base)
        if families:
            # the franchise the article talks about most
            base = max(families.values(), key=lambda b: (text.count(b), -text.find(b)))
            ordinal = "|".join(ORDINALS)
            for m in re.finditer(
                rf"\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+((?i:{ordinal}))\s+(?:installment|instalment|entry|chapter)\b"
                r"(?!\s+(?:in|of)\s+the\b)",
                text,
            ):
                n = ORDINALS[m.group(1).lower()]
                target = f"{base} {n}"
                phrase = m.group(0)
                if target in entries:
                    entries[target].aliases.append(phrase)
                else:
                    entries[phrase] = TitleEntry(name=phrase, aliases=[phrase, target], first=m.start())
            for m in re.finditer(r"\bNo\.\s?(\d{1,2})\b", text):
                target = f"{base} {int(m.group(1))}"
                owner = (
                    target
                    if target in entries
                    else next((e.name for e in entries.values() if target in e.aliases), None)
                )
                if owner:
                    entries[owner].aliases.append(m.group(0))
        # "the second "Wicked" movie" (a production split in parts): its own production unless "X 2" is named
        for m in QUOTED_ORDINAL.finditer(text):
            n, base = ORDINALS[m.group(1).lower()], m.group(2).strip()
            owner = next((e.name for e in entries.values() if base == e.name or base in e.aliases), None)
            if owner is None:
                continue
            phrase = m.group(0)
            target = owner if n == 1 else f"{owner} {n}"
            if target in entries:
                entries[target].aliases.append(phrase)
            else:
                entries[phrase] = TitleEntry(name=phrase, aliases=[phrase, target], first=m.start())
        # "X is the seventh installment in the (action) franchise"
        for name in list(entries):
            m = None
            for at in _find_all(text, name):
                m = NTH_INSTALMENT.match(text, at + len(name))
                if m:
                    break
            dash = re.split(r"\s+[–—-]\s+", name, maxsplit=1)
            prefix = dash[0] if len(dash) == 2 else name.split(":", 1)[0].strip()
            if m and prefix != name:
                target = f"{prefix} {ORDINALS[m.group(1)]}"
                entries[name].aliases.append(target)
                start = text.rfind(name, 0, m.start())
                links(doc).append(RawLink(target, name, f"the {m.group(1)} installment", start, m.end()))

    def _link_forms(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        """Numbered titles get their ordinal descriptions; "is titled X" links two names."""
        self._instalments(doc, entries)
        numbered: dict[tuple[str, int], str] = {}
        for name in entries:
            m = re.match(r"^(.*?)[\s:]+(\d{1,2}|[IVX]{2,4})$", name)
            if m:
                n = int(m.group(2)) if m.group(2).isdigit() else ROMAN.get(m.group(2).lower(), 0)
                numbered[(_norm(m.group(1)), n)] = name
        text = doc_text(doc)
        if numbered:
            ord_re = re.compile(
                r"\b(?:(?i:the|its|their|a|this)\s+)?"
                r"(?:(?i:upcoming|new|currently untitled|untitled)\s+)?((?i:"
                + "|".join(ORDINALS)
                + r"))\s+([A-Z][\w’'.:-]*(?:\s+[A-Z][\w’'.:-]*)*)"
                r"(?:\s+((?i:film|movie|installment|instalment|entry|chapter)))?\b"
            )
            for m in ord_re.finditer(text):
                n = ORDINALS[m.group(1).lower()]
                franchise = m.group(2).strip()
                key = (_norm(franchise), n)
                if key in numbered:
                    alias = m.group(0).strip()
                    entries[numbered[key]].aliases.append(alias)
            inst_re = re.compile(
                r"\b(?:(?i:the)\s+)?((?i:"
                + "|".join(ORDINALS)
                + r"))\s+(?i:installment|instalment|entry|film|movie|chapter)"
                r"\s+(?i:in|of)\s+(?i:the)\s+([A-Z][\w’'.:-]*(?:\s+[A-Z][\w’'.:-]*)*)\s*(?:(?i:film|movie)\s+)?"
                r"(?i:franchise|series|saga)"
            )
            for m in inst_re.finditer(text):
                key = (_norm(m.group(2)), ORDINALS[m.group(1).lower()])
                if key in numbered:
                    entries[numbered[key]].aliases.append(m.group(0).strip())
        # "X, now titled Y" / "is titled Y"
        for name in list(entries):
            longer = [o for o in entries if o != name and o.startswith(name)]
            for at in _find_all(text, name):
                if any(text.startswith(o, at) for o in longer):
                    continue  # "Indiana Jones" inside "is titled Indiana Jones and the Dial of Destiny"
                hit_end = at + len(name)
                before = text[max(0, at - 40) : at]
                lm = LINK_CUES.search(before)
                if not lm:
                    continue
                # the title or description this renames: nearest title name earlier in the sentence
                sent_start = text.rfind(".", 0, at - len(before) + lm.start()) + 1
                window = text[sent_start : at - len(before) + lm.start()]
                ordm = re.search(
                    r"(?:the|its|their)\s+(?:"
                    + "|".join(ORDINALS)
                    + r")\s+[^,.;]*?(?:film|movie|installment|instalment)",
                    window,
                    re.I,
                )
                other = None
                best = -1
                for cand in entries:
                    if cand == name:
                        continue
                    k = window.rfind(cand)
                    if k > best:
                        best, other = k, cand
                if other is not None and ordm and ordm.start() <= best < ordm.end():
                    other = None  # "their fifth Indiana Jones film ... is titled X": the description, not the franchise
                if other is not None:
                    links(doc).append(RawLink(other, name, lm.group(0).strip(), sent_start, hit_end))
                    entries[name].aliases.extend(entries[other].aliases)
                    entries[name].aliases.append(other)
                    entries[name].score += 1
                    del entries[other]
                elif ordm:
                    entries[name].aliases.append(ordm.group(0))
                    links(doc).append(RawLink(ordm.group(0), name, lm.group(0).strip(), sent_start, hit_end))

    def _match_all(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        text = doc_text(doc)
        spans: list[TitleMention] = []
        forms: list[tuple[str, str]] = []
        for entry in entries.values():
            for alias in dict.fromkeys([entry.name, *entry.aliases]):
                forms.append((alias, entry.name))
            if ":" in entry.name:
                sub = entry.name.split(":", 1)[1].strip()
                sub = re.sub(r"^(?:the|a|an)\s+", "", sub, flags=re.I) if len(sub.split()) > 1 else sub
                if sub and sub[0].isupper() and sub.lower() not in NON_TITLE_HEADS:
                    forms.append((sub, entry.name))
            for dash in ("–", "—", " - "):
                if dash in entry.name:
                    sub = entry.name.split(dash, 1)[1].strip()
                    if sub and sub[0].isupper():
                        forms.append((sub, entry.name))
        forms.sort(key=lambda f: -len(f[0]))
        taken: list[tuple[int, int]] = []
        described = {name for _, _, name in self._described}
        for start, end, name in self._described:
            taken.append((start, end))
            spans.append(TitleMention(start, end, name, text[start:end]))
        forms = [f for f in forms if f[1] not in described]
        for form, name in forms:
            if not form:
                continue
            prefix_of_another = any(other != name and other.startswith(name + ":") for other in entries)
            for at in _find_all(text, form, whole_words=True):
                end = at + len(form)
                if any(at < e and s < end for s, e in taken):
                    continue
                if name in self._earlier_only and not EARLIER_FILM_LEAD.search(text[max(0, at - 30) : at]):
                    continue  # "Paper Lanterns sequel" in a headline is the sequel, not the first film
                owner = re.search(r"\b([A-Z][\w-]+)[’']s\s+$", text[max(0, at - 30) : at])
                if prefix_of_another and owner and owner.group(1) in self._person_parts:
                    continue  # "Phoenix’s Joker": the character the franchise is named after
                taken.append((at, end))
                spans.append(TitleMention(at, end, name, form))
                if form != name and form not in entries[name].aliases:
                    entries[name].aliases.append(form)
        # generic references: "the film", "the sequel", "the project"
        for m in re.finditer(
            r"\b(?:the|this|that|its|their)\s+(?:upcoming\s+|new\s+|latest\s+|live-action\s+|untitled\s+)?("
            + "|".join(sorted(GENERIC_HEADS | DESCRIPTION_GENRES))
            + r")\b(?!\s+(?:world|genre|industry|scene|business|star|icon|legend)\b)"
            r"|\b(?:the|this|its|their)\s+(?:(?:"
            + "|".join(ORDINALS)
            + r"|new|next|final|latest|upcoming)\s+season|season\s+(?:\d{1,2}|"
            + "|".join(WORD_NUMBERS)
            + r"))\b",  # "the first season": the series in focus
            text,
            re.I,
        ):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            spans.append(TitleMention(m.start(), m.end(), "", m.group(0), generic=True))
        spans.sort(key=lambda t: t.start)
        mentions(doc).extend(spans)

    def _kinds_and_salience(self, doc: Doc, entries: dict[str, TitleEntry]) -> None:
        url_words = _slug_words(doc._.article_url)
        head = doc._.article_title or ""
        counts: dict[str, float] = {}
        series_votes: dict[str, int] = {}
        for m in mentions(doc):
            if m.generic:
                continue
            lead = doc_text(doc)[max(0, m.start - 30) : m.start]
            if EARLIER_FILM_LEAD.search(lead):
                counts.setdefault(m.name, 0)
                continue  # "the first “Joker” movie", "Phillips’ original Joker": the earlier film, not the news
            counts[m.name] = counts.get(m.name, 0) + 1
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and span.root.dep_ in {"nsubj", "nsubjpass"}:
                counts[m.name] += 0.5  # the subject of its sentence
            window = doc_text(doc)[max(0, m.start - 40) : m.end + 40].lower()
            if SERIES_CUE_RE.search(window):
                series_votes[m.name] = series_votes.get(m.name, 0) + 1
        n = max(len(doc_text(doc)), 1)
        for name, entry in entries.items():
            c = counts.get(name, 0)
            entry.score += c + (1.0 - entry.first / n)
            words = [w for w in _slug(name) if w not in CONNECTORS]
            if words and url_words and all(w in url_words for w in words):
                entry.score += 1.5
            if head and name.lower() in head.lower():
                entry.score += 2.0
            if series_votes.get(name, 0) * 2 > max(c, 1) or series_votes.get(name, 0) >= 2:
                entry.kind = "series"
            entry.aliases = list(dict.fromkeys([entry.name, *entry.aliases]))


def _is_headline_subject(headline: str, phrase: str) -> bool:
    """The headline starts with the phrase followed by a verb-like lowercase-in-body word ("X changes directors")."""
    return headline.startswith(phrase + " ") and not headline[len(phrase) + 1 :][:1].isupper()


def mentions_in_range(doc: Doc, start: int, end: int, *, exclude: list[str]) -> bool:
    """Does the range name a production outside ``exclude``?"""
    return any(m.start >= start and m.end <= end and not m.generic and m.name not in exclude for m in mentions(doc))


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@Language.factory(
    "slate_titles",
    default_config={"use_url": True, "use_quotes": True, "min_salience": 0.5, "model": "union"},
)
def make_titles(
    nlp: Language, name: str, *, use_url: bool, use_quotes: bool, min_salience: float, model: str
) -> TitleFinder:
    return TitleFinder(nlp, name, use_url=use_url, use_quotes=use_quotes, min_salience=min_salience, model=model)
