"""``slate_cast``: cast facts, with the character when the text names it, and former_cast.

Surface forms: "starring A, B and C", "A stars as C", "A as C", "A (C)", "A plays/will play C",
"A, who plays C", "A reprises her role as C", "returning cast members ... A", "alongside A",
"the cast includes A", "X star A", "A joins the cast".  "A (Title)" credits a person with another
production.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import RawFact, add_fact, in_title, mentions_in, title_at

CAST_CUES = re.compile(
    r"\b(?:star|stars|starring|starred|co-?stars?|cast|casting|plays?|playing|played|role|roles|reprise|reprises|"
    r"reprising|return|returns|returning|alongside|joins|joined|joining|actor|actress|actors|appear|appears|"
    r"portray|portrays|portrayed|voice|voices|lead|leads|led|opposite|ensemble|newcomers?)\b",
    re.I,
)
NOT_CAST_BEFORE = re.compile(
    r"\b(?:director|directed by|filmmaker|writer|written by|screenplay by|producer|produced by|showrunner|"
    r"composer|according to|told|said|per|reporter|editor|ceo|chairman|president|spokesperson|by)\s*$",
    re.I,
)
CHAR_AFTER = re.compile(
    r"^\s*(?:,\s*who\s+)?(?:will\s+)?(?:also\s+)?(?:again\s+)?(?:be\s+)?(?:is\s+)?(?:reprising\s+\w+\s+role\s+as|"
    r"reprises?\s+(?:his|her|their)\s+role\s+(?:of|as)|will reprise (?:his|her|their) role as|"
    r"returns?\s+as|returning\s+as|stars?\s+as|starring\s+as|plays?|playing|will play|set to play|as|"
    r"portrays?|portraying|voices?|voicing|is\s+playing)\s+(?:the\s+role\s+of\s+)?"
    r"(?:(?:the|computer|police|supervillain|pyromaniac|villain|villainous|commissioner|agent)\s+)*"
    r"((?:[A-Z][\w.’'\-]*|“[^”]+”|\"[^\"]+\"|‘[^’]+’)(?:\s+(?:[A-Z][\w.’'\-]*|“[^”]+”|\"[^\"]+\"|‘[^’]+’|of|the|de|van))*)",
)


def _char_name(text: str) -> str:
    text = text.strip().rstrip(",.;:")
    # drop a trailing lowercase connector
    return re.sub(r"\s+(?:of|the|de|van)$", "", text)


class CastFinder:
    def __init__(self, nlp: Language, name: str, *, sentence_cues: bool) -> None:
        self.name = name
        self.sentence_cues = sentence_cues

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for sent in doc.sents:
            persons = [e for e in sent.ents if e.label_ == "PERSON" and not in_title(doc, e.start_char, e.end_char)]
            if not persons:
                continue
            has_cue = bool(CAST_CUES.search(sent.text))
            for p in persons:
                before = text[max(sent.start_char, p.start_char - 40) : p.start_char]
                after = text[p.end_char : sent.end_char]
                if NOT_CAST_BEFORE.search(before):
                    continue
                # "A (X)": a title credit or a character
                pm = re.match(r"^\s*\(([^()]{1,60})\)", after)
                if pm:
                    inner_start = p.end_char + pm.start(1)
                    credits = mentions_in(doc, inner_start, p.end_char + pm.end(1))
                    if credits:
                        for m in credits:
                            add_fact(
                                doc,
                                RawFact(m.name, "cast", p.text, p.start_char, p.end_char + pm.end(), confidence=0.6),
                            )
                        self._main_cast(doc, sent, p, None, has_cue)
                        continue
                    inner = pm.group(1).strip()
                    if inner and inner[0].isupper() and not re.search(r"\d{4}|@|\bvia\b", inner):
                        self._main_cast(doc, sent, p, inner, True)
                        continue
                cm = CHAR_AFTER.match(after)
                if cm:
                    char = _char_name(cm.group(1))
                    if char and not in_title(doc, p.end_char + cm.start(1), p.end_char + cm.end(1)):
                        self._main_cast(doc, sent, p, char, True)
                        continue
                if has_cue:
                    self._main_cast(doc, sent, p, None, True)
        return doc

    def _main_cast(self, doc: Doc, sent: Span, p: Span, character: str | None, cue: bool) -> None:
        if not cue:
            return
        title = title_at(doc, p.start_char, sent=sent)
        if title is None:
            return
        add_fact(doc, RawFact(title, "cast", p.text, p.start_char, p.end_char, character=character))


@Language.factory("slate_cast", default_config={"sentence_cues": True})
def make_cast(nlp: Language, name: str, *, sentence_cues: bool) -> CastFinder:
    return CastFinder(nlp, name, sentence_cues=sentence_cues)
