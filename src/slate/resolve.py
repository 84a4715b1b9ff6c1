"""Identity: when two names are the same production or the same person. Pure functions, no SQL.

Resolution is deterministic and blocked by normalised keys (dictionary look-ups), never all-pairs:

* titles are the same when their keys are equal: case, accents, punctuation and dashes aside,
  a leading "the" dropped, "&" = "and", Roman numerals and number words as digits, and an ordinal
  description of an instalment ("the seventh Mission: Impossible", "the fifth installment in the
  Indiana Jones franchise") keyed like the numbered title ("Mission: Impossible 7");
* "Part One" and "Part Two" keep different keys, so they never merge;
* other names of a production (a retitling, a working title) are linked only when an article
  says so (:class:`slate.models.TitleLink`);
* people are the same by full-name key; a common short form of a first name ("Chris" for
  "Christopher") links only when the surname and a shared production agree.
"""

from __future__ import annotations

import re
import unicodedata

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
#: common English short forms of given names (general knowledge, not a list of anyone in the news)
NICKNAMES = {
    "chris": "christopher", "matt": "matthew", "mike": "michael", "tom": "thomas", "bob": "robert",
    "rob": "robert", "bill": "william", "will": "william", "jim": "james", "jimmy": "james", "joe": "joseph",
    "dan": "daniel", "dave": "david", "steve": "steven", "tony": "anthony", "nick": "nicholas",
    "alex": "alexander", "ben": "benjamin", "sam": "samuel", "jon": "jonathan", "andy": "andrew",
    "ed": "edward", "ted": "edward", "pete": "peter", "rick": "richard", "dick": "richard", "liz": "elizabeth",
    "beth": "elizabeth", "kate": "katherine", "katie": "katherine", "jen": "jennifer", "jenny": "jennifer",
    "meg": "margaret", "maggie": "margaret", "sue": "susan", "greg": "gregory", "jeff": "jeffrey",
    "josh": "joshua", "zach": "zachary", "zack": "zachary", "nate": "nathan", "ken": "kenneth",
    "larry": "lawrence", "tim": "timothy", "pat": "patrick", "ron": "ronald", "don": "donald",
}  # fmt: skip
_DESCRIPTION_HEAD = (
    r"(?:the|its|their|his|her|a|an|this)?\s*(?:(?:upcoming|new|next|latest|currently|untitled|long-awaited)\s+)*"
)
_KIND_WORDS = r"(?:film|movie|installment|instalment|entry|chapter|outing|adventure|sequel|picture|feature)"
_ORD = "|".join(ORDINALS)
ORDINAL_DESCRIPTION = re.compile(rf"^{_DESCRIPTION_HEAD}({_ORD})\s+(.+?)(?:\s+(?:film\s+)?{_KIND_WORDS})?$", re.I)
ORDINAL_IN_FRANCHISE = re.compile(
    rf"^{_DESCRIPTION_HEAD}({_ORD})\s+{_KIND_WORDS}\s+(?:in|of)\s+the\s+(.+?)\s+(?:film\s+|movie\s+)?"
    r"(?:franchise|series|saga)$",
    re.I,
)


GENERIC_NUMBER_HEADS = {"no", "number", "season", "episode", "part", "vol", "volume", "chapter", "phase", "series"}


def fold(text: str) -> str:
    """Lowercase ASCII words: accents, case, punctuation and dashes aside."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ")
    text = re.sub(r"[’'`]s\b", "s", text)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _numbers(words: list[str]) -> list[str]:
    out = []
    for i, w in enumerate(words):
        prev = words[i - 1] if i else ""
        if w in ROMAN and i > 0 and (i == len(words) - 1 or prev == "part"):
            out.append(str(ROMAN[w]))
        elif w == "i" and prev in {"part", "episode", "chapter", "vol"}:
            out.append("1")  # "Part I" (a lone "I" elsewhere is the pronoun or a letter)
        elif w in NUMBER_WORDS and prev in {"part", "vol", "volume", "chapter"}:
            out.append(str(NUMBER_WORDS[w]))
        else:
            out.append(w)
    return out


def title_key(name: str) -> str:
    """The normalised key of a production's name; equal keys are the same production."""
    desc = ordinal_description(name)
    if desc is not None:
        base, n = desc
        return f"{title_key(base)} {n}"
    words = fold(name).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    words = ["vol" if w == "volume" else w for w in words]
    return " ".join(_numbers(words))


def subtitle(name: str) -> str | None:
    """ "Fallout" for "Mission: Impossible – Fallout": the part after the franchise, if there is one."""
    seps = list(re.finditer(r"\s*:\s+|\s+[–—-]\s+", name.strip()))
    if not seps:
        return None
    last = seps[-1]
    head, tail = name.strip()[: last.start()], name.strip()[last.end() :]
    return tail if fold(head) and fold(tail) else None


def ordinal_description(name: str) -> tuple[str, int] | None:
    """("Mission: Impossible", 7) for "the seventh Mission: Impossible" and the like."""
    text = " ".join(name.split())
    m = ORDINAL_IN_FRANCHISE.match(text) or ORDINAL_DESCRIPTION.match(text)
    if not m:
        return None
    base = m.group(2).strip()
    if not base or not base[0].isupper():
        return None
    return base, ORDINALS[m.group(1).lower()]


def is_strong_alias(alias: str, name: str) -> bool:
    """May this alias identify the production across articles? Its own name, numbered and ordinal
    forms do; a bare subtitle ("Fallout") or a pronoun-like description does not."""
    if title_key(alias) == title_key(name):
        return True
    if ordinal_description(alias) is not None:
        return True
    words = fold(alias).split()
    if not words or words[0] in GENERIC_NUMBER_HEADS:
        return False  # "No. 7", "Season 2", "Part 2" name nothing on their own
    return len(words) >= 2 and bool(re.search(r"\d$", title_key(alias)))


def is_descriptive(alias: str) -> bool:
    """A name that only describes ("No. 8", "Season 2", "Part 2", "the seventh Mission: Impossible"):
    never offered alone as a production's name."""
    words = fold(alias).split()
    return not words or words[0] in GENERIC_NUMBER_HEADS or ordinal_description(alias) is not None


def person_key(name: str) -> str:
    """Key of a person's full name."""
    words = fold(name).split()
    return " ".join(words)


def person_variants_match(a: str, b: str) -> bool:
    """ "Chris McQuarrie" ~ "Christopher McQuarrie": same surname, first names equal or a known short
    form of each other. (The caller checks that they share a production.)"""
    wa, wb = fold(a).split(), fold(b).split()
    if len(wa) < 2 or len(wb) < 2 or wa[-1] != wb[-1]:
        return False
    fa, fb = wa[0], wb[0]
    return (
        fa == fb
        or NICKNAMES.get(fa) == fb
        or NICKNAMES.get(fb) == fa
        or (NICKNAMES.get(fa) is not None and NICKNAMES.get(fa) == NICKNAMES.get(fb))
    )


def value_key(rel: str, value: str) -> str:
    """Key to group the values of one relation ("2022-05-27" stays as is, names are folded)."""
    if rel in {"release_date", "previous_release_date", "status"}:
        return value.strip()
    return fold(value)


class UnionFind:
    """Canonical ids for merged productions (deterministic: the smaller id is the root)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        lo, hi = min(ra, rb), max(ra, rb)
        self.parent[hi] = lo
        return lo
