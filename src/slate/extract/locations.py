"""``slate_locations``: filming_location facts.

"filming in/at P", "shot in P", "on location in P", "production began in P", "spotted filming in P",
"the people of P" after a shoot.  spaCy's small model often tags small places as PERSON or ORG,
so a capitalised name after "in/at" in a filming sentence counts too.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import RawFact, add_fact, in_title, title_at

FILMING = re.compile(
    r"\b(?:film\w*|shoot\w*|shot|on location|production (?:began|begins|started|is underway|moved)|"
    r"cameras (?:will )?roll|on set|set of|spotted|locations?|studios?)\b",
    re.I,
)
PLACE_LABELS = {"GPE", "LOC", "FAC"}


class LocationFinder:
    def __init__(self, nlp: Language, name: str, *, use_preposition_names: bool) -> None:
        self.name = name
        self.use_preposition_names = use_preposition_names

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for sent in doc.sents:
            if not FILMING.search(sent.text):
                continue
            for ent in sent.ents:
                label = ent.label_
                if in_title(doc, ent.start_char, ent.end_char):
                    continue
                before = text[max(sent.start_char, ent.start_char - 25) : ent.start_char]
                prep = re.search(r"\b(?:in|at|near|around|across|to|of|from)\s+(?:the\s+)?$", before)
                if label in PLACE_LABELS:
                    if not prep:
                        continue
                elif label in {"PERSON", "ORG"} and self.use_preposition_names:
                    if not re.search(r"\b(?:in|at|near)\s+(?:the\s+)?$", before):
                        continue
                    if not re.search(r"\b(?:filming|shooting|shot|filmed|location)\b", sent.text, re.I):
                        continue
                else:
                    continue
                title = title_at(doc, ent.start_char, sent=sent)
                if title is None:
                    continue
                name = re.sub(r"^the\s+", "", ent.text, flags=re.I)
                add_fact(doc, RawFact(title, "filming_location", name, ent.start_char, ent.end_char, confidence=0.6))
        return doc


@Language.factory("slate_locations", default_config={"use_preposition_names": True})
def make_locations(nlp: Language, name: str, *, use_preposition_names: bool) -> LocationFinder:
    return LocationFinder(nlp, name, use_preposition_names=use_preposition_names)
