"""``slate_studio``: the studio, distributor, streamer or production company of a production.

Surface forms: "Paramount's X", "Warner Bros. has moved X", "Disney and Lucasfilm have revealed",
"Universal Pictures will release/distribute X", "distributed by", "(Netflix)", "a Netflix original",
"one of Netflix's shows", "X and Y at Disney", "streaming on HBO Max", "partners Warner Bros and
Mattel", "the studio and production company Skydance Media". Outlets that report the news
("according to Variety", "Deadline confirmed", "ComicBook.com's critic"), datelines and places
("at Pinewood Studios" in a filming sentence) are not studios.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import (
    RawFact,
    add_fact,
    doc_text,
    facts,
    in_title,
    mentions,
    people,
    sent_text,
    title_at,
)
from slate.extract._base import titles as title_entries

COMPANY_WORD = r"(?:Pictures|Studios?|Films|Entertainment|Media|Bros\.?|Productions|Animation|Television|TV|Max|\+)"
ORG_NAME = rf"[A-Z][\w&.’'-]*(?:[ \t]+(?:[A-Z][\w&.’'-]*|{COMPANY_WORD}|of|and(?=[ \t]+{COMPANY_WORD})))*\+?"
KNOWN_COMPANY = re.compile(
    r"\b(?:Warner Bros\.?(?: Discovery| Pictures)?|Universal(?: Pictures)?|Paramount(?: Pictures)?|"
    r"Netflix|Disney\+?|Lucasfilm|Marvel Studios|HBO Max|HBO|Amazon Studios|Apple TV\+|Sony Pictures|Lionsgate)\b"
    r"(?![\w-])"
)
ORDERS = re.compile(
    r"(?<![\w’'])(?P<name>[A-Z][\w+&.’'-]*(?:[ \t]+[A-Z][\w+&.’'-]*){0,2})\s+(?:has|have|had)\s+"
    r"(?:officially\s+|now\s+)?(?:ordered|renewed|cancell?ed|greenlit|greenlighted|picked up|axed|scrapped|"
    r"acquired)\b"
)
WORK_WORDS = {"Filming", "Shooting", "Production", "Photography", "Casting", "Principal", "Reshoots"}
PLATFORM_ON = re.compile(
    r"\b(?:premieres?|premiered|streams?|streaming|debuts?|debuted|airs?|aired|arrives?|lands?|available)\s+"
    r"(?:exclusively\s+)?on\s+(?P<name>[A-Z][\w+&.’'-]*(?:[ \t]+[A-Z][\w+&.’'-]*){0,2})"
)
CALENDAR = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
    "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas",
}  # fmt: skip
SUBJECT_VERBS = re.compile(
    r"^(?:\s+(?:studios?|pictures|films))?"  # "Universal studios, which is producing"
    r"(?:\s+(?:and|&)\s+[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,2})?"  # "Disney and Lucasfilm have revealed"
    r"\s*(?:,[^,]{0,60},\s*)?(?:(?:has|have|had|will|is|was)\s+(?:today|now|also|officially|finally|just|recently)\s+)?"
    r"(?:,\s*which\s+(?:is|was|will\s+be)\s+(?:producing|distributing|releasing|behind)|has|have|had|will|is|was|are|were|would|plans?|planned|decided|moved|moves|pushed|"
    r"delayed|dated|announced|revealed|unveiled|released|releases|confirmed|set|sets|renewed|renews|ordered|"
    r"hired|tapped|greenlit|greenlighted|acquired|scrapped|shelved|cancell?ed|pulled|said|says|opted|"
    r"distributes|distributed|produces|produced|shifted|bumped|slated|scheduled)\b"
)
CONTEXT_BEFORE = re.compile(
    r"(?:\(\s*now\s+$|\b(?:distributed by|produced by|released by|from|studios?|streamer|partners?|production company|"
    r"studio and production company|at|on|via|between|(?:hit|success|win|smash|earner|release)\s+for)\s*$|\(\s*$)",
    re.I,
)
OUTLET_BEFORE = re.compile(
    r"\b(?:according to|per|told|tells|telling|via|reported by|report(?:ed)? (?:from|by)|speaking to|"
    r"spoke to|to|in|interview with|wrote for|writing for)\s+(?:the\s+)?$",
    re.I,
)
OUTLET_AFTER = re.compile(
    r"^(?:[’']s\s+[A-Z][a-z]+\s+[A-Z]|\s+(?:first\s+)?(?:reported|reports|broke the news|confirmed the news|"
    r"has learned|understands|spoke|interviewed)\b|\s*\)?\s*[-–—]\s)"
)
# "Dunkirk was a success", "Babs is the hero": a name before a bare "is/was a ..." is no company at work
BARE_BE = re.compile(
    r"^\s+(?:is|was|are|were|has|had|have|will be|would be)\s+(?:a|an|the|one|its|his|her|their|this|that|"
    r"such|so|very|still|more|less|never|also a|now a|just a)\b",
    re.I,
)
APPOSITIVE = re.compile(
    r"^\s+(?:(?:live-action|animated|superhero|horror|action|drama|comedy|feature|streaming)\s+)?"
    r"(?:production|feature|film|movie|series|show|original|sequel|prequel|project|release|tentpole)s?"
    r"\s*,?\s*(?:titled\s+|called\s+)?[“\"]?"
)
# "in development at X", "a deal at X", "an executive at X": "at" names a company only after such words
AT_COMPANY = re.compile(
    r"\b(?:development|developed|set up|sets up|lands?|landed|landing|home|homes|deal|pact|executives?|president|"
    r"chief|chairman|head|boss|division|label|banner|series|film|movie|show|project|drama|comedy|thriller|feature|"
    r"title|sequel|tentpole|franchise|greenlit|ordered|produced|distributed|released)\s+(?:\w+\s+)?at\s+$",
    re.I,
)
PLACE_BEFORE = re.compile(r"\b(?:at|in|near|around)\s+(?:the\s+)?$", re.I)
FILMING = re.compile(r"\b(?:film\w*|shoot\w*|shot|set of|on set|production (?:began|moved)|cameras)\b", re.I)
NOT_STUDIOS = re.compile(
    r"\b(?:Office|Commission|University|Council|Police|Academy|Festival|Awards?|Guild|Union|Association|"
    r"Tomatoes|Box Office|IMDb|Metacritic|Variety|Deadline|Reporter|Times|Post|Magazine|News|Wrap|THR|"
    r"Instagram|Twitter|TikTok|Facebook|YouTube|Reuters|AP|Associated Press|WGA|SAG|SAG-AFTRA|DGA|MPA|AMPTP)\b|"
    r"\.com\b"
)


class StudioFinder:
    def __init__(self, nlp: Language, name: str, *, require_context: bool) -> None:
        self.name = name
        self.require_context = require_context

    def _candidates(self, doc: Doc, sent: Span) -> list[tuple[int, str, str]]:
        """(start, name, label) of organisation names in the sentence."""
        out: dict[int, tuple[int, str, str]] = {}
        for ent in sent.ents:
            if ent.label_ in {"ORG", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "PERSON", "FAC"}:
                offset = 0
                for piece in re.split(r"(\s*\n\s*)", ent.text):  # a name never runs across a line break
                    start, offset = ent.start_char + offset, offset + len(piece)
                    name = re.sub(r"[’']s?$", "", piece).strip()
                    if not name or "\n" in piece or ent.label_ != "ORG" and not re.search(COMPANY_WORD + r"$", name):
                        continue
                    out[start] = (start, name, ent.label_)
        # the major studios and streamers by name, whatever the small model tagged them
        for m in KNOWN_COMPANY.finditer(sent_text(doc, sent)):
            start = sent.start_char + m.start()
            for s, n, _ in list(out.values()):
                if s <= start < s + len(n) and n != m.group(0) and re.search(r"[,;]", n):
                    del out[s]  # "Disney, Fast & Furious": the model's span ran past the company
            if not any(s <= start < s + len(n) for s, n, _ in out.values()):
                out[start] = (start, m.group(0), "ORG")
        # whoever orders, renews or cancels a show is its studio or streamer, whatever the model tagged it;
        # and where it premieres or streams
        for m in [*ORDERS.finditer(sent_text(doc, sent)), *PLATFORM_ON.finditer(sent_text(doc, sent))]:
            first = m.group("name").split()[0].rstrip(".")
            if len(first) >= 3 and any(day.startswith(first) for day in CALENDAR):
                continue  # "on Nov. 4", "on Friday"
            start = sent.start_char + m.start("name")
            name = m.group("name")
            if name.endswith(".") and not re.search(r"\b(?:Bros|Inc|Co|Ltd|Corp)\.$", name):
                name = name[:-1]  # "streaming on Lumo.": the sentence's full stop
            out.setdefault(start, (start, name, "ORG"))
        # company-shaped names the model missed ("Northstar Pictures", "Disney+", "HBO Max")
        for m in re.finditer(rf"\b{ORG_NAME}", sent_text(doc, sent)):
            name = m.group(0).strip()
            first = name.split()[0]
            if first in {"Now", "The", "Then", "Meanwhile", "Today", "However", "But", "And", "So", "Until", "A", "An"}:
                name = name[len(first) :].strip()
                if not name:
                    continue
            if re.search(rf"(?:\s{COMPANY_WORD}|\+)$", name) and len(name.split()) <= 4:
                start = sent.start_char + m.start() + (len(m.group(0).strip()) - len(name))
                out.setdefault(start, (start, name, "ORG"))
        found = sorted(out.values())
        # a name inside a longer one ("Pictures" in "Paradox Pictures"), and the work itself, are no companies
        return [
            (s, n, lab)
            for s, n, lab in found
            if n.split()[0] not in WORK_WORDS
            and not any(s2 <= s and s + len(n) <= s2 + len(n2) and (s2, n2) != (s, n) for s2, n2, _ in found)
        ]

    def _not_a_company(self, doc: Doc, name: str) -> bool:
        """People, characters and productions the model tagged as organisations."""
        if (
            name.startswith("@")
            or name in self._known_names
            and not (name in self._model_people and re.search(rf"\s{COMPANY_WORD}$", name))
        ):
            return True  # ("Kestrel Films" the model called a person is still a company)
        if re.search(rf"\s{COMPANY_WORD}$", name):
            return False
        return any(re.sub(r"[’']s$", "", w) in self._person_words for w in name.split())

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # people, characters, credited names and productions: never companies (set once per document)
        self._model_people = set(people(doc)) - {
            f.value for f in facts(doc) if f.rel in {"cast", "director", "writer", "producer"}
        }
        self._known_names = (
            set(people(doc))
            | {f.character for f in facts(doc) if f.character}
            | {f.value for f in facts(doc) if f.rel in {"cast", "director", "writer", "producer"}}
            | {a for e in title_entries(doc).values() for a in [e.name, *e.aliases]}
        )
        credited = {f.value for f in facts(doc) if f.rel in {"cast", "director", "writer", "producer"}}
        self._person_words = {
            w
            for full in [
                *(e.text for e in doc.ents if e.label_ == "PERSON" and len(e) >= 2),
                *people(doc).values(),
                *credited,  # "Yann Demange" tagged as an organisation, then "Demange and Starrbury will"
            ]
            for w in full.split()
        }
        for sent in doc.sents:
            filming_sentence = bool(FILMING.search(sent_text(doc, sent)))
            for start, name, label in self._candidates(doc, sent):
                end = start + len(name)
                if in_title(doc, start, end) or NOT_STUDIOS.search(name) or len(name) < 2:
                    continue
                if self._not_a_company(doc, name):
                    continue
                before = text[max(sent.start_char, start - 45) : start]
                after = text[end : min(sent.end_char, end + 60)]
                partner = re.search(r"(\w+)\s+(?:and|&)\s+$", before) or re.match(r"^\s+(?:and|&)\s+(\w+)", after)
                if partner and partner.group(1) in self._person_words:
                    continue  # "Demange and Starrbury will be tasked": a person's partner is a person
                if OUTLET_BEFORE.search(before) and not re.search(r"\b(?:at|on|from)\s+$", before):
                    continue
                if OUTLET_AFTER.match(after):
                    continue
                if re.match(r"^\s*\)", after) and re.search(r"\(\s*$", before) and name.isupper():
                    continue  # a dateline "(KRQE)"
                if filming_sentence and PLACE_BEFORE.search(before) and not re.search(r"\bon\s+$", before):
                    continue  # "at Pinewood Studios": a place
                possessive = re.match(r"^[’']s\s+", after) or (
                    re.match(r"^[’']\s+", after) if name.endswith("s") else None
                )
                titles: list[str] = []
                company_shaped = bool(KNOWN_COMPANY.fullmatch(name) or re.search(rf"(?:\s{COMPANY_WORD}|\+)$", name))
                if possessive and not (
                    KNOWN_COMPANY.fullmatch(name) or re.search(rf"(?:\s{COMPANY_WORD}|\+)$", name) or " " not in name
                ):
                    continue  # "Tamsin Reed's thriller": two capitalised words owning a film are a person's
                if possessive:
                    pos_end = end + possessive.end()
                    titles = [m.name for m in mentions(doc) if not m.generic and m.start == pos_end]
                    if not titles and not re.match(
                        r"^[’']s?\s+(?:[\w-]+\s+){0,3}(?:shows?|series|films?|movies?|franchise|original|sequel|"
                        r"drama|comedy|thriller|western|documentary|feature)",
                        after,
                    ):
                        continue
                elif not (
                    (SUBJECT_VERBS.match(after) and not BARE_BE.match(after))
                    or CONTEXT_BEFORE.search(before)
                    or re.match(
                        r"^(?:\s*\([^()]{1,30}\))?\s+(?:original|movie|film|series|show|production|feature|mega-hit|"
                        r"hit|smash|blockbuster|tentpole|franchise|release|spokes(?:person|man|woman)|representative)\b",
                        after,
                    )
                    or re.search(rf"\s{COMPANY_WORD}$", name)
                    and label == "ORG"
                ):
                    continue
                if re.search(r"\bat\s+$", before):
                    titles = self._listed_before(doc, start)
                    if not (titles or company_shaped or AT_COMPANY.search(before)) and not SUBJECT_VERBS.match(after):
                        continue  # "was seen at Bryn Meadow": a place someone was, not a company

                named = APPOSITIVE.match(after)
                if named and not titles:
                    # "the Marvel Studios feature, Blade": the production named right after
                    titles = [m.name for m in mentions(doc) if not m.generic and m.start == end + named.end()]
                if not titles and SUBJECT_VERBS.match(after):
                    # "..., while Kestrel Films dated its horror sequel Pale Harbor 2": the object of its verb
                    clause = re.split(r"[,;]|\s(?:while|but|and)\s", text[end : sent.end_char])[0]
                    titles = [m.name for m in mentions(doc) if not m.generic and end < m.start < end + len(clause)][:1]
                if not titles:
                    t = title_at(doc, start, sent=sent)
                    titles = [t] if t else []
                for title in titles:
                    add_fact(doc, RawFact(title, "studio", name, start, end, confidence=0.6))
        return doc

    def _listed_before(self, doc: Doc, pos: int) -> list[str]:
        """ "Black Widow and Mulan at Disney": the titles named right before "at"."""
        text = doc_text(doc)
        out: list[str] = []
        cursor = pos
        for m in sorted((m for m in mentions(doc) if not m.generic and m.end <= pos), key=lambda m: -m.end):
            gap = text[m.end : cursor]
            if cursor == pos:
                if not re.fullmatch(r"\s+at\s+", gap):
                    break
            elif not re.fullmatch(r"\s*(?:,|and|,\s*and|&)\s*", gap):
                break
            out.append(m.name)
            cursor = m.start
        return out


@Language.factory("slate_studio", default_config={"require_context": True})
def make_studio(nlp: Language, name: str, *, require_context: bool) -> StudioFinder:
    return StudioFinder(nlp, name, require_context=require_context)
