"""``slate_people``: every name form of a person in the article mapped to the fullest one.

"McQuarrie" -> "Christopher McQuarrie" when the article names him in full anywhere; possessives
and honorifics are stripped. Title mentions are never people.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import clean_name, in_title, people
from slate.extract._names import clean_person

_NAME_OK = re.compile(r"^[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*|\s+(?:de|van|von|der|da|del|la|le|di|bin|al))*$")


class PeopleResolver:
    def __init__(self, nlp: Language, name: str, *, min_parts: int) -> None:
        self.name = name
        self.min_parts = min_parts

    def __call__(self, doc: Doc) -> Doc:
        table = people(doc)
        fulls: list[str] = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            if in_title(doc, ent.start_char, ent.end_char):
                continue
            name = clean_person(clean_name(ent.text))
            if not _NAME_OK.match(name):
                continue
            if len(name.split()) >= self.min_parts:
                fulls.append(name)
        # a first name alone ("Leslie") is the one person of the article with that first name
        firsts: dict[str, set[str]] = {}
        for full in set(fulls):
            firsts.setdefault(full.split()[0], set()).add(full)
        # longest first so the fullest form wins
        for full in sorted(set(fulls), key=lambda n: (-len(n.split()), n)):
            parts = full.split()
            table.setdefault(full, full)
            table.setdefault(parts[-1], full)
            if len(parts) >= 3:
                table.setdefault(" ".join(parts[-2:]), full)
                table.setdefault(f"{parts[0]} {parts[-1]}", full)
        for first, owners in firsts.items():
            if len(owners) == 1:
                table.setdefault(first, next(iter(owners)))
        return doc


@Language.factory("slate_people", default_config={"min_parts": 2})
def make_people(nlp: Language, name: str, *, min_parts: int) -> PeopleResolver:
    return PeopleResolver(nlp, name, min_parts=min_parts)
