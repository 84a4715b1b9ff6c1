"""``slate_locations``: filming_location facts.

"filming in/at P", "shot in P", "on location in P", "production began in P", "is in production in
P and Q", "spotted filming in P", "cameras will roll at P", "one of the filming locations is P",
"the set of X in P", "a European shoot, starting with P", "the people of P" after a shoot, "P, Calif."
(both parts as written). spaCy's small model often tags small places as PERSON or ORG, so a
capitalised name in a place slot ("in P", "at P") of a filming sentence counts too; people,
companies and the production's own titles do not.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import RawFact, add_fact, doc_text, in_title, sent_text, title_at

FILMING = re.compile(
    r"\b(?:film(?:s|ed|ing)?|shoot(?:s|ing)?|shot|on location|in production|production (?:began|begins|started|"
    r"starts|is underway|moved|kicked off|(?:on [^,.;]{1,40}? )?(?:is |was )?(?:scheduled|set|slated|due|expected) "
    r"to (?:begin|start)|"
    r"will (?:begin|start|take place|get underway))|cameras? (?:will |are set to |started to |began to )?roll\w*|"
    r"on set|set of|spotted|filming locations?|locations?|scenes?|principal photography|wrapped production|"
    r"wraps|wrapped|soundstages?|sound stages?)\b",
    re.I,
)
PLACE_WORD = r"(?:[A-Z][\w]*(?:-[A-Z][\w]*)*|of|the|de|upon|on)"
PLACE = rf"(?:the\s+)?[A-Z][\w]*(?:-[A-Z][\w]*)*(?:[ \t]+{PLACE_WORD}){{0,4}}(?![\w’'-])"
SLOT = re.compile(
    rf"\b(?P<prep>in|at|around|across|throughout|on location in|starting with|to|on(?=\s+the\s+(?:Isle|Island)\b))\s+"
    rf"(?P<place>(?:(?:metro|greater|downtown|central|northern|southern|eastern|western|rural|coastal|upstate)"
    rf"\s+)?{PLACE}(?:\s*,\s*{PLACE})?"
    rf"(?:\s*(?:,\s*)?(?:and|&)\s+{PLACE}(?:\s*,\s*{PLACE})?)?)"
)
LOCATIONS_ARE = re.compile(rf"\bfilming locations?\s+(?:is|are|was|were|include|includes)\s+(?P<place>{PLACE})")
PEOPLE_OF = re.compile(rf"\b(?:people|residents|town|village|city|folks|citizens)\s+of\s+(?P<place>{PLACE})")
STATE_ABBREV = re.compile(r"^,\s*(?P<st>[A-Z][a-z]{1,4}\.)")
NOT_PLACES = {
    "Netflix", "Twitter", "Instagram", "Variety", "Deadline", "The", "It", "He", "She", "They", "We", "This",
    "That", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
}  # fmt: skip
COMPANY = re.compile(r"\b(?:Pictures|Entertainment|Media|Bros\.?|Productions|Office|Festival|Awards?|Guild)\b")
HARD_NON_PLACES = {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "PERCENT", "WORK_OF_ART", "NORP", "EVENT"}


# a place slot after these is where the film opens, earns or is set, not where it is shot
NOT_SHOOT_BEFORE = re.compile(
    r"\b(?:opens?|opening|opened|releas\w*|(?<!was )(?<!is )(?<!on )(?<!the )set|gross\w*|earn\w*|made|"
    r"sale|success|records?|showing|screen\w*|premier\w*|debut\w*|(?:million|billion|crore|lakh)|box office)"
    r"(?:\s+[\w$.,-]+){0,2}\s*$",
    re.I,
)


MONEY_OR_RELEASE = re.compile(
    r"\b(?:box office|gross\w*|earn\w*|tickets?|opens?|opened|opening|releas\w*|premier\w*|record|million|"
    r"billion|crore|screens?|theaters|theatres|cinemas|audiences?|hit)\b",
    re.I,
)


class LocationFinder:
    def __init__(self, nlp: Language, name: str, *, people_of: bool) -> None:
        self.name = name
        self.people_of = people_of

    @staticmethod
    def _a_film(doc: Doc, start: int, word: str) -> bool:
        """ "film"/"films" used as a noun ("the animated film"): a production, not a shoot (in a sentence about
        money or a release, where the place slot is a market)."""
        if word.lower() not in {"film", "films"}:
            return False
        span = doc.char_span(start, start + len(word), alignment_mode="expand")
        if span is None or span[0].pos_ not in {"NOUN", "PROPN"}:
            return False
        # "films in Durban": a verb the small model took for a noun, followed by its place
        return not re.match(
            r"\s+(?:in|at|around|across|throughout)\s+[A-Z]", doc_text(doc)[span.end_char : span.end_char + 30]
        )

    def _ok(self, doc: Doc, place: str, start: int, *, place_slot: bool = False) -> bool:
        place = place.strip()
        if not place or place.split()[0] in NOT_PLACES or COMPANY.search(place):
            return False
        end = start + len(place)
        if in_title(doc, start, end):
            return False
        if re.match(r"^[ \t]+[A-Z]", doc_text(doc)[end : end + 3]):
            return False  # only part of a longer name ("Greta" of "Greta Gerwig-directed")
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        labels = {t.ent_type_ for t in span if t.ent_type_}
        if "NORP" in labels and not re.search(r"(?:an|ans|ish|ese|ic|i)$", place):
            labels.discard("NORP")  # "the village of Ivinghoe": not a nationality whatever the model says
        if labels & HARD_NON_PLACES:
            return False
        if "PERSON" in labels and len(place.split()) >= 2 and not re.search(r"Avenue|Street|Castle|Park|Road", place):
            return False  # "Greta Gerwig"
        one_word_in = place_slot and len(place.split()) == 1  # "shooting ... in Tegrithburg", "at Pinewood"
        if (
            "ORG" in labels
            and "GPE" not in labels
            and not one_word_in
            and not re.search(r"Studios?|Castle|Railway|Park|Stadium", place)
        ):
            return False
        return not any(t.like_num for t in span)

    def _emit(self, doc: Doc, sent: Span, place: str, start: int, *, place_slot: bool = False) -> None:
        place = re.sub(r"(?:\s+(?:of|the|de|upon|on))+$", "", place.strip().rstrip(","))  # "New Mexico on a budget"
        if place.lower().startswith("the "):
            place, start = place[4:], start + 4
        if not self._ok(doc, place, start, place_slot=place_slot):
            return
        title = title_at(doc, start, sent=sent)
        if title is None:
            return
        add_fact(doc, RawFact(title, "filming_location", place, start, start + len(place), confidence=0.6))
        m = STATE_ABBREV.match(doc_text(doc)[start + len(place) : start + len(place) + 8])
        if m:  # "Venice, Calif."
            s2 = start + len(place) + m.start("st")
            add_fact(
                doc, RawFact(title, "filming_location", m.group("st"), s2, s2 + len(m.group("st")), confidence=0.5)
            )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        filming_article = bool(FILMING.search(text))
        for sent in doc.sents:
            st = sent_text(doc, sent)
            base = sent.start_char
            if FILMING.search(st):
                money_or_release = bool(MONEY_OR_RELEASE.search(st))  # "the film grossed $9 million in Japan"
                triggers = [
                    t.start()
                    for t in FILMING.finditer(st)
                    if not (t.group(0).istitle() and re.search(r"[A-Z][\w&.]*[ \t]+$", st[: t.start()]))
                    and not (money_or_release and self._a_film(doc, base + t.start(), t.group(0)))
                ]  # "Harbourline Films" is a company, not a shoot; "the animated film" is no shoot either
                for m in SLOT.finditer(st):
                    # the place slot must belong to a filming clause nearby
                    if not any(abs(m.start() - t) <= 120 for t in triggers):
                        continue
                    if re.match(r"near\b", st[max(0, m.start("prep") - 5) : m.start("prep")].strip() or "x"):
                        continue
                    if NOT_SHOOT_BEFORE.search(st[max(0, m.start() - 30) : m.start()]):
                        continue  # "opens in Canada", "set in Cape Town", "grossed $9 million in Japan"
                    place = m.group("place")
                    abbrev = re.match(r"^(.*?),\s*[A-Z][a-z]{1,4}$", place)
                    if abbrev and st[m.end("place") : m.end("place") + 1] == ".":
                        place = abbrev.group(1)  # "Venice, Calif.": the state follows through STATE_ABBREV
                    for part in re.split(r"\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", place):
                        k = st.find(part, m.start("place"))
                        if k >= 0:
                            self._emit(doc, sent, part, base + k, place_slot=m.group("prep") in {"in", "at"})
                for m in LOCATIONS_ARE.finditer(st):
                    self._emit(doc, sent, m.group("place"), base + m.start("place"))
            if self.people_of and filming_article:
                for m in PEOPLE_OF.finditer(st):
                    self._emit(doc, sent, m.group("place"), base + m.start("place"))
        del text
        return doc


@Language.factory("slate_locations", default_config={"people_of": True})
def make_locations(nlp: Language, name: str, *, people_of: bool) -> LocationFinder:
    return LocationFinder(nlp, name, people_of=people_of)
