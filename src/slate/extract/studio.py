"""``slate_studio``: the studio, distributor, streamer or production company of a production.

Surface forms: "Paramount's X", "Warner Bros. has moved X", "Universal Pictures will release X",
"distributed by", "(Netflix)", "a Netflix original", "X at Disney", ORG names with a company word
("Pictures", "Studios", "Films"...) in a sentence about the title.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import RawFact, add_fact, in_title, title_at

COMPANY = re.compile(
    r"\b(?:Pictures|Studios?|Films|Entertainment|Media|Bros\.?|Productions|Animation|Television|TV|Plus|\+|Max)\b"
)
STUDIO_CONTEXT = re.compile(
    r"\b(?:studio|studios|distribut\w*|release[sd]?|releasing|produc\w+|moves?|moved|pushed|delay\w*|dated|"
    r"shift\w*|original|streamer|streaming|announced|revealed|deal|set)\b",
    re.I,
)
NOT_STUDIO = re.compile(r"\b(?:Office|Commission|University|Council|Police|Academy|Festival|Awards?|Guild)\b")


class StudioFinder:
    def __init__(self, nlp: Language, name: str, *, need_context: bool) -> None:
        self.name = name
        self.need_context = need_context

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for sent in doc.sents:
            for ent in sent.ents:
                if ent.label_ not in {"ORG", "PERSON", "GPE", "NORP"}:
                    continue
                if in_title(doc, ent.start_char, ent.end_char):
                    continue
                name = re.sub(r"[’']s$", "", ent.text).strip()
                if NOT_STUDIO.search(name):
                    continue
                after = text[ent.end_char : ent.end_char + 40]
                before = text[max(0, ent.start_char - 30) : ent.start_char]
                companyish = bool(COMPANY.search(name))
                possessive = bool(re.match(r"^[’']s\s+[A-Z]", after)) and ent.label_ == "ORG"
                acting = (
                    bool(
                        re.match(
                            r"^\s*(?:has|have|had|will|is|was|plans|planned|announced|said|moved|pushed|delayed|"
                            r"revealed|confirmed|decided)\b",
                            after,
                        )
                    )
                    and ent.label_ == "ORG"
                )
                at_x = bool(re.search(r"\b(?:at|from|by|via)\s*$", before)) and ent.label_ == "ORG"
                paren = bool(re.search(r"\(\s*$", before) and re.match(r"^\s*\)", after)) and ent.label_ == "ORG"
                if ent.label_ != "ORG" and not companyish:
                    continue
                if not (companyish or possessive or acting or at_x or paren):
                    continue
                if self.need_context and not (STUDIO_CONTEXT.search(sent.text) or possessive or companyish):
                    continue
                title = title_at(doc, ent.end_char, sent=sent)
                if title is None:
                    continue
                add_fact(doc, RawFact(title, "studio", name, ent.start_char, ent.end_char, confidence=0.6))
        return doc


@Language.factory("slate_studio", default_config={"need_context": True})
def make_studio(nlp: Language, name: str, *, need_context: bool) -> StudioFinder:
    return StudioFinder(nlp, name, need_context=need_context)
