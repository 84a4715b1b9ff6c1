"""``slate_cast``: cast facts, with the character when the text names it, and former_cast.

Surface forms: "starring A, B and C", "A stars as C", "A as C", "A (C)", "A plays/will play C",
"A, who plays C", "A reprises her role as C", "the return of A as the character of C", "returning
cast members ... A, B", "alongside A", "the cast includes A", "X star A" (a cast fact for X),
"A joins the cast", "A, B and C have also been cast", "A-starrer"/"A-led", "Tom Cruise's Ethan
Hunt" (an actor and the character), "bringing characters C1 and C2 to life" (paired in order with
the people just named). "A (Title)" credits A with that production. A character is never itself
cast, and people found in a crew role in the same place are not cast either.
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
    mentions_in,
    people,
    sent_text,
    title_at,
    titles,
)
from slate.extract._names import (
    COMPANY,
    LIST,
    NAME,
    NON_PERSON_LABELS,
    clean_person,
    is_person_name,
    list_end,
    split_list,
)

QUOTED = r"(?:“[^”]{1,30}”|\"[^\"]{1,30}\"|‘[^’]{1,30}’|'[^']{1,30}')"
CWORD = rf"(?:[A-Z][\w.’'\-]*(?:/[A-Z][\w.’'\-]*)?|{QUOTED})"
CHAR = rf"{CWORD}(?:[ \t]+(?:{CWORD}|of|the|de|van|von)){{0,4}}"
DESCRIPTOR = (
    r"(?:(?:the|a|an|his|her|their|iconic|legendary|titular|title|young|older|new|evil|main|computer|police|"
    r"supervillain|villain|villainous|pyromaniac|commissioner|agent|captain|detective|doctor|hero|archaeologist|"
    r"archeologist|whiz|vampire|hunter|mysterious|original|role|character|part|of)[ \t]+){0,5}"
)
AS_CHARACTER = re.compile(
    rf"^\s*,?\s*(?:who\s+)?(?:will\s+|be\s+|is\s+set\s+to\s+|is\s+|are\s+|has\s+been\s+|has\s+|have\s+|was\s+|also\s+|again\s+|once\s+again\s+)*"
    rf"(?:(?:reprise|reprises|reprising)\s+(?:his|her|their|the)\s+role\s+(?:as|of)|(?:suiting|suit)\s+up\s+as|"
    rf"(?:joining|joins|joined|join)\s+(?:the\s+)?(?:[\w+-]+\s+){{0,2}}as|(?:is|are)\s+back\s+as|"
    rf"return(?:s|ing)?\s+(?:again\s+|once\s+again\s+)?as|(?:in\s+action|on\s+screen|onscreen|again|back|once\s+more|this\s+time)\s+as|(?:be\s+)?star(?:s|ring)?\s+(?:again\s+|once\s+again\s+)?as|"
    rf"plays?|playing|play|portrays?|portraying|voices?|voicing|cast\s+as|appear(?:s|ing)?\s+as|"
    rf"take\s+on\s+the\s+role\s+of|taking\s+on\s+the\s+role\s+of|in\s+the\s+role\s+of|as(?!\s+well\s+as))\s+"
    rf"{DESCRIPTOR}(?:(?!(?:opposite|alongside|with|against|and|beside|in|on|for|from|named|called)\b)[a-z][\w-]*\s+){{0,3}}"
    rf"(?:(?:named|called)\s+)?(?P<char>{CHAR})"
)
LIST_TRIGGER = re.compile(
    rf"\b(?:starring|also\s+starring|stars|co-stars|also\s+stars|cast\s+(?:that\s+)?includes?|"
    rf"cast\s+of\s+[^.;:]{{1,80}}?\s+(?:includes?|will\s+include|features?)|cast\s+including|"
    rf"cast\s+members?(?:\s+from\s+the\s+franchise)?\s+(?:including|include|are)|rest\s+of\s+the\s+cast\s+includes|"
    rf"supporting\s+cast\s+includes|ensemble\s+includes|alongside|opposite|joined\s+by|reunite\s+\w+\s+with"
    rf"[^:.]{{0,60}}:|as\s+well\s+as|which\s+includes|that\s+includes|including|also\s+includes|rounded\s+out\s+by|"
    rf"along\s+with|(?i:star)|(?i:stars)|returning\s+are|back\s+are|new\s+additions\s+include"
    rf"[^:.]{{0,60}}:|newcomers?\s+includ\w+|"
    rf"(?:series|film|movie|drama|comedy|thriller|show|cast|ensemble)\s+(?:led|fronted|headlined|toplined)\s+by|(?i:joining)\s+(?:\w+\s+){{0,3}}are|cast\s+for\s+the\s+movie\s+"
    rf"(?:so\s+far\s+)?(?:have|has)\s+been\s+confirmed\s+as|stars\s+include|includes?)\s+"
    rf"(?P<desc>(?:[a-z][\w-]*\s+){{0,2}})(?P<names>{LIST})"
)
NAMES_THEN_VERB = re.compile(
    rf"(?P<names>{LIST})\s+(?:have|has|had|are|is|will|were|was|remains|remain)?\s*(?:also\s+|all\s+|both\s+|already\s+)*"
    rf"(?:been\s+cast|cast|set\s+to\s+star|to\s+star|star|stars|co-star|co-stars|starred|round\s+out\s+the\s+cast|"
    rf"confirmed\s+to\s+appear|join(?:s|ed)?\s+the\s+cast|sign(?:s|ed)?\s+on|returning|return|returns|reprising|"
    rf"will\s+appear|appear|appears|lead|leads|headline|headlines|reprise|reprises|is\s+back|are\s+back|"
    rf"be\s+joined|(?:still\s+)?(?:on\s*board|attached|set|signed)\s+to\s+(?:star|appear|return))\b"
)
RESPECTIVELY = re.compile(
    rf"(?P<names>{LIST})\s+[^.;]{{0,40}}?\b(?:roles?\s+of|as|play(?:s|ing)?|portray(?:s|ing)?|voic(?:e|es|ing))\s+"
    rf"(?:the\s+)?(?P<chars>{CHAR}(?:\s*,\s*{CHAR})*,?\s+and\s+{CHAR}),?\s+respectively\b"
)
CREW_BEFORE = re.compile(r"\b(?:produc\w*|direct\w*|co-direct\w*|writ\w*|co-writ\w*|penn\w*)\s+$", re.I)
JOINED_TITLE = re.compile(
    rf"(?P<name>{NAME})\s+(?:has\s+|have\s+)?(?:officially\s+)?(?:joined|boarded|signed on to)\s+(?P<obj>)"
)
PLAYS_A = re.compile(
    rf"(?P<name>{NAME})\s+(?:will\s+|is\s+set\s+to\s+|is\s+to\s+)?(?:play|plays|playing|portray|portrays)\s+"
    rf"(?:a|an)\s+[a-z]"
)
DESCRIBED_PART = re.compile(
    rf"\b(?:a|an|the|his|her|their)\s+(?:[a-z][\w-]*\s+){{0,4}}[a-z][\w-]*\s*\((?P<name>{NAME})\)"
)
THEIR_ROLES = re.compile(
    rf"(?P<names>{LIST})\s+(?:[a-z]+\s+){{0,3}}?(?:reprise|reprises|reprising|return\s+to|returning\s+to|take\s+on|"
    rf"play|playing|star\s+in|starring\s+in)\s+(?:their|the)\s+(?:[a-z]+\s+)?(?:roles|parts)\s+(?:as|of)\s+"
    rf"(?P<chars>{CHAR}(?:\s*,\s*{CHAR})*,?\s+and\s+{CHAR})"
)  # "A and B will reprise their roles as C and D": paired in order
PAIR_PLAY = re.compile(
    rf"(?P<names>{NAME}\s+and\s+{NAME})\s+(?:will\s+)?(?:play|portray)\s+(?:the\s+)?"
    rf"(?:siblings|sisters|brothers|twins|couple|spouses|partners|rivals|best\s+friends|friends|lovers|parents)\s+"
    rf"(?P<chars>{CHAR}\s+and\s+{CHAR})"
)
TITULAR = re.compile(
    rf"\btitular\s+(?:[a-z-]+\s+){{0,2}}?[a-z-]+\s*\((?:played|portrayed)\s+by\s+(?P<name>{NAME})\)|"
    rf"(?P<name2>{NAME})\s+(?:will\s+|is\s+set\s+to\s+)?(?:return\s+to\s+|returns\s+to\s+)?(?:plays?|played|"
    rf"is\s+playing|stars?\s+as|portrays?)\s+the\s+(?:titular|title)\s+(?:role|character|hero|[a-z-]+)|"
    rf"(?P<name3>{NAME})\s+as\s+(?:the\s+)?(?:(?:[a-z-]+\s+){{0,4}}of\s+the\s+same\s+name|"
    rf"(?:title|titular)\s+(?:character|role|hero))"
)
STARRED_IN = re.compile(
    rf"(?P<name>{NAME})\s*,\s*who\s+(?:also\s+|previously\s+|once\s+|famously\s+)?(?:starred|appeared|co-starred)\s+"
    rf"in\s+(?P<obj>[^,;]{{1,80}}?)(?:\s+as\s+{DESCRIPTOR}(?P<char>{CHAR}))?\s*,(?P<tail>\s+(?:is|are|will|has)\b[^.;]*)?"
)
PART_IN = re.compile(
    rf"(?P<name>{NAME})(?:\s*,[^,;.()]{{1,60}},)?\s*,?\s+(?:[a-z][\w-]*\s+){{0,4}}?(?:play(?:s|ed|ing)?|portray(?:s|ed|ing)?|voic(?:es|ed|ing)|"
    rf"debut(?:s|ed)?|(?:co-)?starr(?:ed|ing)|appear(?:s|ed|ing)|"
    rf"(?:his|her|their)\s+(?:[a-z]+\s+)?(?:role|turn|part)\s+as)\b(?P<rest>[^.;()]{{0,160}})"
)  # "A, best known for playing C in X", "A has played everything from a senator in X to C in Y"
CHAR_BEFORE_IN = re.compile(rf"(?:^|\b(?:as|playing|played|plays|to|and)\s+|^\s*){DESCRIPTOR}(?P<char>{CHAR})\s+in\s+$")
FAME = re.compile(rf"(?P<name>{NAME})\s*,\s+of\s+(?P<obj>[^,;.]{{1,80}}?)\s+fame\b")  # "A, of X and Y fame,"
RETURNING = re.compile(r"\b(?:return\w*|back|reprise\w*|reprising|star\w*|join\w*|cast|on\s*board)\b")
OWN_ROLE_IN = re.compile(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:appearance|role|turn|performance|stint|cameo|outing)s?\s+in\s+"
    r"(?:the\s+(?:upcoming\s+|recent\s+)?(?:film|movie|series|show)\s+)?[“\"]?"
)
UNCONFIRMED = re.compile(
    r"(?:\s*,[^.;]{0,80}?,?)?\s+(?:has|have|is|are)(?:n[’']t|\s+not)\s+(?:yet\s+)?(?:been\s+)?"
    r"(?:confirmed|announced|signed|cast|attached)"
)
OUTING_AS = re.compile(
    rf"(?P<name>{NAME})\s+(?:[a-z]+\s+){{0,4}}(?:outing|turn|appearance|stint)\s+as\b(?:\s+{DESCRIPTOR}(?P<char>{CHAR}))?"
)
LIST_PART = re.compile(r"\s+(?:as|playing)\s+[^,;.()]{1,50}?(?=\s*,)")  # "A as the lead, B"
LIST_CONTINUED = re.compile(rf"^\s*,?\s*(?:and\s+)?(?P<names>{LIST})")
ROLE_AFTER = re.compile(rf"\s+(?:actor|actress|star|co-star|alum|veteran)\s+(?P<name>{NAME})")
PLAYED_BY = re.compile(
    rf"(?P<char>{CHAR})(?:,|\s+[–—-])?\s+(?:who\s+is\s+|as\s+)?(?:played|portrayed|voiced)\s+by\s+(?P<name>{NAME})"
)
FOUND_IN = re.compile(
    rf"\b(?:found|find|finds|cast|casts|adds|added|add)\s+(?:their|its|his|her|a|the)?\s*(?P<char>{CHAR})\s+in\s+(?P<name>{NAME})"
)
ADDS_AS = re.compile(rf"\b(?i:adds|casts|taps|hires|lands|signs)\s+(?P<name>{NAME})\s+(?i:as)\s+(?P<char>{CHAR})")
STAR_OF = re.compile(
    rf"\b(?i:star|stars|actor|actress|co-star|lead|leads)\s+(?:(?:a|an)\s+(?:[a-z-]+\s+){{1,4}})?(?P<name>{NAME})"
)  # "Glen star Ana Kim", "it's going to star a singing and dancing Ana Kim"
LED = re.compile(rf"(?P<name>{NAME})-(?:starrer|starring|led|fronted|headlined)\b")
POSSESSIVE_CHAR = re.compile(
    rf"(?P<name>[A-Z][\w.-]*(?:[ \t]+[A-Z][\w.-]*){{0,3}})(?:[’']s|(?<=s)[’'])\s+(?P<char>{CHAR})"
)
PAIR_TO_LIFE = re.compile(rf"\bbringing\s+(?:the\s+)?characters?\s+(?P<c1>{CHAR})\s+and\s+(?P<c2>{CHAR})\s+to\s+life")
CO_STARS = re.compile(rf"\bco-stars\s+(?P<a>{NAME})\s+and\s+(?P<b>{NAME})")
FORMER = re.compile(
    rf"(?P<name>{NAME})\s+(?:has\s+|had\s+)?(?:exited|left|dropped\s+out\s+of|departed|quit)\s+(?:the\s+)?"
    rf"(?:role|cast|film|movie|series|show|project)"
)
# forms of address and ranks that mark a name as a character's ("Insp. Rhona Vail (Esme Dunn)")
RANKS = (
    r"(?:[A-Z][a-z]{1,4}\.|Agent|Captain|Detective|Inspector|Sergeant|Officer|Lieutenant|Commander|Colonel|"
    r"General|Major|Professor|Doctor|King|Queen|Prince|Princess|Lord|Lady|Sir|Dame|Judge|Sheriff|Father|Sister)"
)
RANK = re.compile(rf"^{RANKS}\s+")
RANK_BEFORE = re.compile(rf"(?<![\w.]){RANKS}\s+$")
CHARACTER_LEAD = re.compile(
    r"\b(?:(?:story|tale|life|role|part)\s+of|character|characters|role|follows|centers\s+on|centres\s+on|as)"
    r"\s+(?:the\s+)?$"
)
AWARD_HEADS = {"Best", "Outstanding"}
NOT_CHARACTER = {"The", "A", "An", "Instagram", "Twitter", "Netflix", "Disney", "Oscar", "Oscars", "Emmy"}
CAST_CONTEXT = re.compile(
    r"\b(?:cast|star|stars|starring|co-?stars?|roles?|play|plays|playing|actors?|actress(?:es)?|reprise|return|"
    r"returning|joins|joined|alongside|opposite|appear|portray|voice|reunite|newcomers?|players?|characters?|regulars?|"
    r"led by|fronted by|headlined by|toplined by)\b",
    re.I,
)


def _surname_of_found(name: str, found: list[tuple[int, str, str | None, str | None]]) -> bool:
    """ "Crane" after "Ellis Crane" was found in a cast role: the same person."""
    return " " not in name and any(n.endswith(" " + name) for _, n, _, _ in found)


def _title_role(title: str) -> str:
    """The character a title is named after: "Indiana Jones and the Dial of Destiny" -> "Indiana Jones"."""
    base = re.split(r":|\s+[–—-]\s+|\s+and\s+the\s+", title)[0]
    return re.sub(r"\s+(?:\d{1,2}|[IVX]{1,4}|Part\s+\w+)$", "", base).strip() or title


def _describes(doc: Doc, start: int, end: int) -> bool:
    """The words between a cast cue and its names ("alongside heavyweights A and B") are only nouns and
    adjectives describing the people, not a preposition or verb that starts something else."""
    if end <= start:
        return True
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and all(t.pos_ in {"NOUN", "ADJ"} or t.is_space for t in span)


def _cast_list_end(text: str, end: int) -> int:
    """A cast list goes on after an item's part: "A as the title heroine, B and C" (B and C are cast too)."""
    end = list_end(text, end)
    while m := LIST_PART.match(text, end):
        more = list_end(text, m.end())
        if more == m.end():
            break
        end = more
    return end


def _not_a_player(text: str, pos: int, name: str) -> bool:
    """Names that are not a person's: a dateline in capitals ("LOS ANGELES (Reuters) -"), an award
    category ("Best Picture", "Outstanding Lead Actor")."""
    words = name.split()
    if sum(1 for w in words if len(w) > 1 and w.isupper()) == len(words) and any(len(w) > 3 for w in words):
        return True
    return words[0] in AWARD_HEADS and len(words) >= 2


def _strip_rank(name: str) -> str:
    return RANK.sub("", name) if len(RANK.sub("", name).split()) else name


def _clean_char(text: str) -> str:
    text = text.strip().rstrip(",.;:")
    return re.sub(r"\s+(?:of|the|de|van|von)$", "", text)


class CastFinder:
    def __init__(self, nlp: Language, name: str, *, possessive_characters: bool) -> None:
        self.name = name
        self.possessive_characters = possessive_characters

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        crew = {(f.start, f.value) for f in facts(doc)}
        crew_names = {f.value for f in facts(doc) if f.rel in {"director", "writer", "producer", "former_director"}}
        characters: set[str] = set()
        found: list[tuple[int, str, str | None, str | None]] = []  # (pos, name, character, title)

        def person_ok(name: str, pos: int) -> bool:
            return (
                (pos, name) not in crew and name not in characters and is_person_name(doc, name, pos, role_context=True)
            )

        list_open = False
        for sent in doc.sents:
            st = sent_text(doc, sent)
            base = sent.start_char
            # characters: "A as C", "A plays C", "A (C)", "Tom Cruise's Ethan Hunt"
            runs: list[Span | tuple[int, str]] = [*sent.ents, *self._name_runs(doc, sent)]
            for ent in runs:
                if isinstance(ent, Span) and ent.label_ not in {"PERSON", ""} and ent.text not in people(doc):
                    continue  # ("Phoenix" tagged a place is still Joaquin Phoenix once he has been named)
                name = clean_person(ent.text if isinstance(ent, Span) else ent[1])
                pos = ent.start_char if isinstance(ent, Span) else ent[0]
                pos += len(ent.text if isinstance(ent, Span) else ent[1]) - len(name)
                if text[max(0, pos - 1) : pos] in {"“", "‘", '"', "'"}:
                    continue
                inside = self._actor_in_parentheses(doc, name, pos, characters)
                if inside is not None:  # "Insp. Rhona Vail (Esme Dunn)": the character outside, the actor inside
                    char, (apos, aname) = _strip_rank(name), inside
                    characters.add(char)
                    found.append((apos, aname, char, None))
                    continue
                if name in characters:
                    continue
                cast_surname = _surname_of_found(name, found)
                person = cast_surname or is_person_name(doc, name, pos, role_context=True)
                if not isinstance(ent, Span) and not person:
                    continue  # ("Crane will play C" after "Ellis Crane ... joined the cast": Crane is a person)
                end = pos + len(name)
                after = text[end : sent.end_char]
                m = AS_CHARACTER.match(after)
                nickname = m is not None and bool(re.search(r"[“\"‘]\w+[”\"’]\s+[A-Z]", m.group("char")))
                if m and (nickname or not in_title(doc, end + m.start("char"), end + m.end("char"))):
                    char = _clean_char(m.group("char"))
                    if char and char.split()[0] not in NOT_CHARACTER and char != name:
                        characters.add(char)
                        found.append((pos, name, char, None))
                        continue
                pm = re.match(r"^\s*\(([^()]{1,60})\)", after)
                if pm:
                    credits = mentions_in(doc, end + pm.start(1), end + pm.end(1))
                    if credits:
                        for c in credits:
                            found.append((pos, name, None, c.name))
                        found.append((pos, name, None, None))
                        continue
                    inner = pm.group(1).strip()
                    if (
                        inner[:1].isupper()
                        and not re.search(r"\d{4}|@|\bvia\b|[,;]", inner)
                        and CAST_CONTEXT.search(st)
                        and inner.split()[0] not in NOT_CHARACTER
                    ):
                        characters.add(inner)
                        found.append((pos, name, inner, None))
            if self.possessive_characters:
                for m in POSSESSIVE_CHAR.finditer(st):
                    pos = base + m.start("name")
                    char = _clean_char(m.group("char"))
                    cpos = base + m.start("char")
                    if in_title(doc, cpos, cpos + len(char)) or char.split()[0] in NOT_CHARACTER:
                        continue
                    cspan = doc.char_span(cpos, cpos + len(char), alignment_mode="expand")
                    named_after = char in titles(doc)  # "Phoenix’s Joker": the title character
                    if cspan is None or not (named_after or any(t.ent_type_ == "PERSON" for t in cspan)):
                        continue
                    name = clean_person(m.group("name"))
                    if name in crew_names or not is_person_name(doc, name, pos + len(m.group("name")) - len(name)):
                        continue
                    characters.add(char)
                    found.append((pos, name, char, None))
            low = st.lower()
            pairs = [
                *(RESPECTIVELY.finditer(st) if "respectively" in low else ()),
                *(PAIR_PLAY.finditer(st) if " play" in low else ()),
                *(THEIR_ROLES.finditer(st) if re.search(r"\b(?:roles|parts)\b", low) else ()),
            ]
            for m in pairs:  # "A and B star as C and D, respectively", "A and B play siblings C and D"
                actors = split_list(m.group("names"), known=set(people(doc)))
                chars = [_clean_char(c) for c in re.split(r"\s*,\s*(?:and\s+)?|\s*,?\s+and\s+", m.group("chars"))]
                if len(actors) == len(chars) >= 2:
                    paired: dict[str, str] = {}
                    for name, char in zip(actors, chars, strict=True):
                        name = clean_person(name)
                        k = st.find(name, m.start())
                        if k >= 0 and person_ok(name, base + k) and char.split()[0] not in NOT_CHARACTER:
                            characters.add(char)
                            found.append((base + k, name, char, None))
                            paired[name] = char
                    # the pairing overrides a reading of "B play siblings C" alone
                    found = [f for f in found if f[1] not in paired or f[2] in {None, paired[f[1]]}]
            for m in (
                TITULAR.finditer(st) if re.search(r"titular|title|same name", low) else ()
            ):  # "the titular physicist (played by A)": A plays the title role
                key = next(k for k in ("name", "name2", "name3") if m.group(k))
                name = clean_person(m.group(key))
                pos = base + m.start(key) + len(m.group(key)) - len(name)
                titular = title_at(doc, pos, sent=sent)
                if titular and person_ok(name, pos):
                    found.append((pos, name, _title_role(titular), titular))
            for m in (
                OUTING_AS.finditer(st) if re.search(r"outing|turn|appearance", low) else ()
            ):  # "Harrison Ford's fifth outing as the archeologist"
                if not re.search(r"[’']s$", m.group("name")):
                    continue
                name = clean_person(re.sub(r"[’']s$", "", m.group("name")))
                pos = base + m.start("name") + len(m.group("name")) - 2 - len(name)
                char = _clean_char(m.group("char") or "")
                cpos = base + m.start("char")
                if not char or char.split()[0] in NOT_CHARACTER or in_title(doc, cpos, cpos + len(char)):
                    char = ""  # "Tilda Farrow's final turn as Inspector Hale": the character
                if person_ok(name, pos):
                    if char:
                        characters.add(char)
                    found.append((pos, name, char or None, None))
            for rx in (FOUND_IN, ADDS_AS, PLAYED_BY):
                for m in rx.finditer(st):
                    name = clean_person(m.group("name"))
                    pos = base + m.start("name") + len(m.group("name")) - len(name)
                    char = _clean_char(m.group("char"))
                    if re.search(r"[’']s$", char):
                        continue  # "Abby's - played by A, life": a possessive, not a character's name
                    if char.split()[0] in NOT_CHARACTER or not is_person_name(doc, name, pos, role_context=True):
                        continue
                    characters.add(char)
                    found.append((pos, name, char, None))
            for m in PAIR_TO_LIFE.finditer(st):
                named = sorted(
                    {(p, n) for p, n, _, _ in found if p < base + m.start()}
                    | set(self._people_before(doc, base + m.start()))
                )
                pair = named[-2:]
                if len(pair) == 2:
                    for (p, n), played in zip(pair, (m.group("c1"), m.group("c2")), strict=True):
                        characters.add(_clean_char(played))
                        found.append((p, n, _clean_char(played), None))
            # lists after a cast trigger, and names before a cast verb
            carried = list_open
            list_open = False
            for rx in (LIST_CONTINUED, LIST_TRIGGER, NAMES_THEN_VERB):
                if rx is LIST_TRIGGER and not CAST_CONTEXT.search(st):
                    continue
                if rx is LIST_CONTINUED and not carried:
                    continue  # a cast list the model cut in two: the next "sentence" goes on with it
                for m in rx.finditer(st):
                    if rx is LIST_TRIGGER and CREW_BEFORE.search(st, max(0, m.start() - 40), m.start() + 1):
                        continue  # "executive produces alongside A": A is a producer, not cast
                    if (
                        rx is LIST_TRIGGER
                        and m.group("desc")
                        and (
                            re.match(r"includ", m.group(0))
                            or not _describes(doc, base + m.start("desc"), base + m.end("desc"))
                        )
                    ):
                        continue  # "joining the ensemble are newcomers A, B": only nouns and adjectives between
                    start = m.start("names")
                    names = m.group("names")
                    if rx is not NAMES_THEN_VERB:
                        end = _cast_list_end(st, m.end("names"))
                        names = st[start:end]
                        tail = st.rstrip(" \t\n,")
                        list_open = list_open or (end >= len(tail) and not re.search(r"[.!?\"”]$", tail))
                    for name in split_list(names, known=set(people(doc))):
                        name = clean_person(re.sub(r"\s+(?:as|playing)\s.*$", "", name))  # "A as C, B": A
                        k = st.find(name, start)
                        if k < 0:
                            continue
                        actor = ROLE_AFTER.match(st, k + len(name))
                        if actor:  # "Indiana Jones actor Harrison Ford": the person comes after the role
                            name, k = clean_person(actor.group("name")), actor.start("name")
                        start = k + len(name)
                        who = re.match(r"\s*,\s*who\b", st[start : start + 12])
                        if person_ok(name, base + k) or (
                            who
                            and rx is not NAMES_THEN_VERB
                            and " " not in name
                            and name[:1].isupper()
                            and (base + k, name) not in crew
                            and name not in characters
                            and not in_title(doc, base + k, base + start)
                        ):  # "confirmed as Cruise, who will reprise his role": "who" speaks of a person
                            as_role = AS_CHARACTER.match(st[start:])
                            played = _clean_char(as_role.group("char")) if as_role else ""
                            if played:
                                characters.add(played)  # "Stars A, who plays C, and B": C is nobody's name
                            found.append((base + k, name, played or None, None))
            for m in STAR_OF.finditer(st):
                name = clean_person(m.group("name"))
                pos = base + m.start("name") + len(m.group("name")) - len(name)
                if not person_ok(name, pos):
                    continue
                before = [x for x in mentions_in(doc, base, base + m.start()) if x.end >= base + m.start() - 2]
                found.append((pos, name, None, before[-1].name if before else None))
            for m in STARRED_IN.finditer(st) if "who" in st else ():
                # "A, who starred in the first X as C, is also returning": a credit for X, and for this one
                name = clean_person(m.group("name"))
                pos = base + m.start("name") + len(m.group("name")) - len(name)
                if not person_ok(name, pos):
                    continue
                char = _clean_char(m.group("char")) if m.group("char") else ""
                for earlier in mentions_in(doc, base + m.start("obj"), base + m.end("obj")):
                    found.append((pos, name, char or None, earlier.name))
                if char:
                    characters.add(char)
                if m.group("tail") and RETURNING.search(m.group("tail")):
                    found.append((pos, name, None, None))
            for m in PART_IN.finditer(st) if " in " in st else ():
                # a part in another production: a credit there, with the character named just before "in"
                name = clean_person(m.group("name"))
                pos = base + m.start("name") + len(m.group("name")) - len(name)
                if not (person_ok(name, pos) or _surname_of_found(name, found)):
                    continue
                name = people(doc).get(name, name)
                for credit in mentions_in(doc, base + m.start("rest"), base + m.end("rest")):
                    lead = text[base + m.start("rest") : credit.start]
                    if not re.search(r"\bin\s+(?:(?:19|20)\d\d[’']s\s+)?$", lead):
                        continue
                    cm = CHAR_BEFORE_IN.search(re.sub(r"\s*(?:(?:19|20)\d\d[’']s\s+)$", " ", lead))
                    char = _clean_char(cm.group("char")) if cm else ""
                    if char and (char.split()[0] in NOT_CHARACTER or char in titles(doc)):
                        char = ""
                    if char:
                        characters.add(char)
                    found.append((pos, name, char or None, credit.name))
            for m in FAME.finditer(st) if "fame" in low else ():
                name = clean_person(m.group("name"))
                pos = base + m.start("name") + len(m.group("name")) - len(name)
                if person_ok(name, pos):
                    for credit in mentions_in(doc, base + m.start("obj"), base + m.end("obj")):
                        found.append((pos, name, None, credit.name))
            for m in OWN_ROLE_IN.finditer(st):
                # "Keaton is suiting up as Batman, hot off the heels of his appearance in X": a credit for X
                here = [f for f in found if base <= f[0] < base + m.start() and f[1] not in characters]
                credits = [x for x in mentions_in(doc, base + m.end(), sent.end_char) if x.start == base + m.end()]
                if here and credits:
                    found.append((here[-1][0], here[-1][1], None, credits[0].name))
            for m in [*JOINED_TITLE.finditer(st), *PLAYS_A.finditer(st)]:
                # "A has joined X" (X a production), "A will play a retired trucker" (a part, no name)
                name = clean_person(m.group("name"))
                pos = base + m.start("name") + len(m.group("name")) - len(name)
                if not person_ok(name, pos) and not _surname_of_found(name, found):
                    continue
                if "obj" in m.groupdict():
                    joined = [x for x in mentions_in(doc, base + m.end(), sent.end_char) if x.start == base + m.end()]
                    if joined:
                        found.append((pos, name, None, joined[0].name))
                else:
                    found.append((pos, name, None, None))
            for m in DESCRIBED_PART.finditer(st) if "(" in st else ():
                # a review's "follows a widowed mechanic (Grace Olin)": the actor of a described part
                name = clean_person(m.group("name"))
                pos = base + m.start("name")
                if person_ok(name, pos):
                    found.append((pos, name, None, None))
            for m in LED.finditer(st):
                name = clean_person(re.sub(r"^(?:The|A|An|This|That)\s+", "", m.group("name")))
                pos = base + m.start("name") + len(m.group("name")) - len(name)  # "The Lena Voss-starring X"
                if person_ok(name, pos):
                    found.append((pos, name, None, None))
            for m in FORMER.finditer(st):
                name = clean_person(m.group("name"))
                pos = base + m.start("name")
                if is_person_name(doc, name, pos, role_context=True):
                    left = title_at(doc, pos, sent=sent)
                    if left:
                        add_fact(doc, RawFact(left, "former_cast", name, pos, pos + len(name)))
        for pos, name, role, given in found:
            if name in characters or name in crew_names and role is None or not name[:1].isupper():
                continue  # (a list item "who plays C" is a clause, not a name)
            if _not_a_player(text, pos, name):
                continue  # a dateline ("LOS ANGELES (Reuters) -"), an award category ("Best Actor")
            if UNCONFIRMED.match(text, pos + len(name)):
                continue  # "A, who plays C, hasn't been confirmed to return yet": not cast (yet)
            title = given if given is not None else title_at(doc, pos)
            if title == name:  # a person's name the title recogniser took for a title is not their film
                others = [e for e in titles(doc).values() if e.name != name]
                title = max(others, key=lambda e: (e.score, -e.first)).name if others else None
            if title is None:
                continue
            add_fact(doc, RawFact(title, "cast", name, pos, pos + len(name), character=role))
        return doc

    def _name_runs(self, doc: Doc, sent: Span) -> list[tuple[int, str]]:
        """Capitalised names the model did not label as people, followed by a character cue."""
        out = []
        for m in re.finditer(
            rf"(?P<name>{NAME})(?=\s*,?\s*(?:who\s+)?(?:will\s+|is\s+|also\s+)*"
            r"(?:reprise|reprises|stars as|plays|play|as\b|portrays|returns as|\())",
            sent_text(doc, sent),
        ):
            out.append((sent.start_char + m.start("name"), m.group("name")))
        return out

    def _actor_in_parentheses(self, doc: Doc, name: str, pos: int, characters: set[str]) -> tuple[int, str] | None:
        """ "X (Y)" where X is a character (a rank or form of address before it, "the story of X", or a
        character named earlier) and Y a person's name: Y plays X."""
        text = doc_text(doc)
        end = pos + len(name)
        pm = re.match(rf"\s*\((?P<inner>{NAME})\)", text[end : end + 80])
        if pm is None:
            return None
        inner = pm.group("inner")
        ipos = end + pm.start("inner")
        lead = text[max(0, pos - 40) : pos]
        ranked = bool(RANK.search(name) or RANK_BEFORE.search(lead))
        set_up = bool(CHARACTER_LEAD.search(lead)) or name in characters
        if not (ranked or set_up) or len(inner.split()) < 2 or inner.split()[0] in NOT_CHARACTER:
            return None
        if re.search(r"\b(?:of|the|and)\b|\d", inner) or COMPANY.search(inner):
            return None
        if not ranked and in_title(doc, ipos, ipos + len(inner)):
            return None  # "John Nettles (Harbour Lane) as C": a credit
        span = doc.char_span(ipos, ipos + len(inner), alignment_mode="expand")
        if span is not None and any(t.ent_type_ in NON_PERSON_LABELS for t in span):
            return None
        return ipos, inner

    def _people_before(self, doc: Doc, pos: int) -> list[tuple[int, str]]:
        return [
            (e.start_char, e.text)
            for e in doc.ents
            if e.label_ == "PERSON" and e.end_char <= pos and not in_title(doc, e.start_char, e.end_char)
        ]


@Language.factory("slate_cast", default_config={"possessive_characters": True})
def make_cast(nlp: Language, name: str, *, possessive_characters: bool) -> CastFinder:
    return CastFinder(nlp, name, possessive_characters=possessive_characters)
