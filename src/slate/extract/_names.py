"""Finding people's names in a sentence without trusting the small model's entity labels alone.

A name is a run of capitalised words (with particles such as "de", "van", "El"), or a single word
that the article uses as the surname of a person named in full. Lists ("A, B and C", "Jez and
John-Henry Butterworth") are split into names, sharing the surname where the text does.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from slate.extract._base import in_title, people

PARTICLES = r"(?:(?:de|van|von|der|den|da|del|della|la|le|di|du|bin|al|El|Al)\b|St\.)"
WORD = r"(?:(?:[A-Z]\.){1,3}(?=[ \t]+[A-Z])|[A-Z][\w’']*(?:-[A-Z][\w’']*)*\.?)"
NAME = rf"{WORD}(?:[ \t]+(?:{WORD}|{PARTICLES})){{0,3}}(?![\w’'])"
LIST = rf"{NAME}(?:[ \t]*,[ \t]*(?:and[ \t]+)?{NAME}){{0,12}}(?:[ \t]*,?[ \t]*(?:and|&)[ \t]+{NAME})?"
LIST_MORE = re.compile(
    rf"[ \t]*,[ \t]*(?:and[ \t]+)?{NAME}|[ \t]*,?[ \t]*(?:and|&)[ \t]+{NAME}|"
    rf"[ \t]*,[ \t]*(?:who|whose)[ \t][^,;.()]{{1,120}}?,[ \t]*(?:and[ \t]+)?{NAME}"  # "C, who won an Oscar, D"
)
ROLE_WORDS = {
    "Director", "Directors", "Producer", "Producers", "Writer", "Writers", "Actor", "Actress", "Star", "Stars",
    "Filmmaker", "Showrunner", "Showrunners", "Executive", "Lead", "Newcomer", "Screenwriter", "Composer",
    "Photo", "Co-star", "Costar", "Singer", "Rapper", "Comedian", "Oscar-winner", "Veteran", "Creator",
}  # fmt: skip
NOT_NAMES = {
    "The", "A", "An", "This", "That", "These", "Those", "He", "She", "It", "They", "We", "I", "His", "Her",
    "Their", "Its", "But", "And", "Or", "In", "On", "At", "For", "With", "From", "By", "As", "If", "While",
    "When", "After", "Before", "Meanwhile", "However", "Also", "Then", "Now", "Here", "There", "Mr", "Mrs",
}  # fmt: skip
NON_PERSON_LABELS = {"GPE", "LOC", "FAC", "DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "NORP", "EVENT"}
HONOUR = re.compile(r"\b(?:Awards?|Prize|Globes?|Emmys?|Oscars?|Tonys?|Grammys?|Medal)$")  # "Academy Award"
COMPANY = re.compile(
    r"\b(?:Pictures|Studios?|Films|Entertainment|Media|Bros\.?|Productions|Animation|Television|Network|"
    r"Office|Company|Group|Inc\.?|LLC|Ltd\.?|Universal|Netflix|Disney|Paramount|Marvel|Lucasfilm)\b"
)


def clean_person(name: str) -> str:
    """Drop role words glued before a name ("Director Steven Spielberg" -> "Steven Spielberg")."""
    words = name.split()
    while len(words) > 1 and words[0] in ROLE_WORDS:
        words = words[1:]
    # "EP David Zucker", "CEO Ana Kim": a title's abbreviation before a full name (not "RJ Cyler")
    if len(words) >= 3 and re.fullmatch(r"[A-Z]{2,4}", words[0]):
        words = words[1:]
    return " ".join(words)


def list_end(text: str, end: int) -> int:
    """Where a list matched by ``LIST`` (bounded, to keep the scan linear) really ends: an ensemble
    of any length, followed item by item."""
    while m := LIST_MORE.match(text, end):
        end = m.end()
    return end


def split_list(text: str, known: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """ "A, B and C" -> [A, B, C]; "Jez and John-Henry Butterworth" -> both with the surname
    (unless the single word is ``known`` as a name of its own, e.g. a surname used earlier)."""
    parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s*,?\s+(?:and|&)\s+", text) if p.strip()]
    out = []
    for i, p in enumerate(parts):
        if " " not in p and i + 1 < len(parts) and " " in parts[i + 1] and p not in NOT_NAMES and p not in known:
            # "Matt and Ross Duffer": a first name sharing the next name's surname
            nxt = parts[i + 1].split()
            if len(nxt) == 2 and p[0].isupper():
                p = f"{p} {nxt[-1]}"
        out.append(p)
    return out


def is_person_name(doc: Doc, name: str, start: int, *, role_context: bool = False) -> bool:
    """Could this capitalised phrase at ``start`` be a person (not a title, place, company, date)?

    With ``role_context`` (the phrase fills a role slot: "directed by X") a multi-word name is
    trusted even when the small model labelled it a place or an organisation."""
    name = name.strip()
    if not name or name.split()[0] in NOT_NAMES or COMPANY.search(name) or HONOUR.search(name):
        return False
    words = name.split()
    end = start + len(name)
    if in_title(doc, start, end):
        return False
    words = name.split()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None:
        labels = {t.ent_type_ for t in span if t.ent_type_}
        if not any(t.like_num for t in span):
            labels -= {"MONEY", "CARDINAL", "PERCENT", "QUANTITY"}  # "Ralf Eder's sixth" as a sum: a slip
        hard = {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT"}
        if labels and labels <= NON_PERSON_LABELS and (not role_context or len(words) < 2 or labels & hard):
            return False
        if any(t.like_num for t in span):
            return False
    if len(words) == 1:
        return name in people(doc) or (span is not None and any(t.ent_type_ == "PERSON" for t in span))
    return len(words) <= 4
