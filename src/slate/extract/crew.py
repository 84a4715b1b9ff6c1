"""``slate_crew``: director, writer, producer and former_director facts.

Surface forms: "directed by A", "director A", "A will direct/helm", "A-directed", "filmmaker A",
"writer-director A" (both relations), "helmed by A", "directing duo A and B", "A directed the pic",
"A, director of X and Y" (credits for X and Y), "A (X, Y) directed" (credits in parentheses);
"written by A, B and C", "screenplay by", "from a script by", "adapted for the screen by A and by B",
"penned", "A co-wrote the script with B and C"; "produced by", "producer A", "executive producer",
"showrunners A and B", "A is producing the film alongside B", "on board as a producer, along with A, B"; a director who
"stepped down", "exited", "dropped out" or was "replaced" is a former_director, and "to replace A
as director" names the one leaving. "A's X" alone states no role.
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
from slate.extract._names import LIST, NAME, clean_person, is_person_name, list_end, split_list

D, W, P = ("director",), ("writer",), ("producer",)
DW = ("director", "writer")

# "by Marvel veteran A", "by Oscar winner A": a short description between the cue and the names
BY_DESC = r"(?:(?:[A-Z][\w&.’'-]*\s+)?(?:veteran|alum|scribe|newcomer|winner|nominee|favou?rite)\s+)?"
# role word(s) then a list of names
LIST_AFTER: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (DW, re.compile(rf"\b(?:writer[-/ ]directors?|director[-/ ]writers?|written and directed by)\s+(?P<names>{LIST})")),
    (W, re.compile(rf"\b(?:writer[-/ ]stars?|writer and star|star and writer|creator and star)\s+(?P<names>{LIST})")),
    (D, re.compile(
        rf"\b(?i:co-?directors?|directors?|filmmakers?|helmers?|directed by|helmed by|directing duo|"
        rf"director duo|directorial duo)\s+(?:duo\s+|team\s+)?(?:(?<=by ){BY_DESC})?(?P<names>{LIST})"
    )),
    (W, re.compile(
        rf"\b(?:written by|screenplay (?:is |was )?by|script (?:is |was )?by|scripted by|penned by|"
        rf"(?i:screenwriters?|scribes?|writers?)|"
        rf"from a script by|(?:a|the) script from|screenplay from|co-?written by|teleplay by|"
        rf"(?:script|screenplay) (?:comes|came|will come) from|created by|(?i:co-?creators?|creators?))\s+"
        rf"(?:(?:herself|himself|themselves)\s+and\s+)?(?:(?<=by ){BY_DESC})?(?P<names>{LIST})"
    )),
    (P, re.compile(
        rf"\b(?i:executive producers?|co-producers?|producers?|produced by|executive produced by|showrunners?|"
        rf"producing partners?)\s+(?P<names>{LIST})"
    )),
]  # fmt: skip
# names, then the role: "A and B were the directors"
LIST_BEFORE: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (rels, re.compile(
        rf"(?P<names>{LIST})\s+(?:were|are|was|is|will be|serve as|served as)\s+(?:the\s+)?(?:film[’']s\s+|"
        rf"movie[’']s\s+|show[’']s\s+)?(?:co-)?{role}\b"
    ))
    for rels, role in ((D, "directors?"), (W, "(?:writers?|screenwriters?)"), (P, r"(?:executive\s+)?producers?"))
]  # fmt: skip
PRONOUN_CREDIT = re.compile(
    r"^(?:[^,.;“”\"]{1,60},\s*)?(?:[Hh]e|[Ss]he)\s+(?:also\s+|previously\s+|recently\s+|has\s+|had\s+)?"
    r"(?P<verb>directed|helmed|produced|wrote|co-wrote|penned)\s+(?P<obj>[^.;]*)"
)
# "The French filmmaker is known for executive producing and directing episodes of X and Y"
DESCRIBED_CREDIT = re.compile(
    r"^(?:The|This|That)\s+(?:[\w-]+\s+){0,2}?(?:filmmaker|director|helmer|writer|screenwriter|producer|showrunner)\s+"
    r"(?:is|was|has been)\s+(?:best\s+|also\s+)?known for\s+(?:his\s+|her\s+|their\s+)?"
    r"(?P<verb>(?:[\w-]+\s+){0,4}(?:directing|writing|producing))\b(?P<obj>[^.;]*)"
)
CREDIT_ROLE = re.compile(
    r"\b(?:(director|writer|producer)\s+of|"
    r"known for (?:his |her |their )?(?:[\w-]+\s+){0,3}?(directing|writing|producing))\b"
)
SOURCE_WORK = re.compile(
    r"\b(?:novel|book|biography|memoir|comic|comics|graphic novel|play|article|story|short story|poem|essay|"
    r"bestseller|best-seller)\s+(?:\w+\s+)?$",
    re.I,
)
# a name then the role
NAME_BEFORE: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (DW, re.compile(rf"(?P<name>{NAME})\s+(?:is|are|will be)\s+(?:writing and directing|directing and writing)\b")),
    (D, re.compile(
        rf"(?P<name>{NAME})(?:\s*\([^()]{{1,80}}\))?\s*,?\s+(?:who\s+)?(?:also\s+|previously\s+|has\s+|had\s+)?"
        rf"(?:will|is set to|is to|is going to|has signed on to|is slated to|is in talks to|in talks to|is expected to|"
        rf"is returning to|returns to|is attached to|was hired to|has been hired to|was tapped to|"
        rf"has been tapped to|to)?"
        rf"\s*(?:direct|helm|directs|directed|helms|helmed|is directing|is helming|co-directed|co-directs)\b"
        rf"(?P<obj>[^.;]*)"
    )),
    (D, re.compile(rf"(?P<name>{NAME})-(?:directed|helmed)\b")),
    (D, re.compile(
        rf"(?P<name>{NAME})(?:[’']s)?\s+(?:latest\s+)?(?:turn as director|returns to the director[’']s chair|"
        rf"is behind the camera|(?:is\s+)?in talks to take over as director|(?:will\s+)?take over as director|"
        rf"took over as director|takes over as director|stepped in as director|is on directing duties)"
    )),
    # "Director A's X"
    (D, re.compile(rf"\b(?i:director|filmmaker|helmer)\s+(?P<name>{NAME})(?<=[’']s)\s+(?P<obj>[^,.;]*)")),
    (D, re.compile(
        rf"director[’']s chair(?:\s+(?:on|for)\s+[^,.;]{{1,60}}?)? (?:will be|is|was|has been) "
        rf"(?:occupied|filled|taken) by (?P<name>{NAME})"
    )),
    (W, re.compile(
        rf"(?P<name>{NAME})(?:\s*,\s*(?:who|best known|known)\s+[^.;]{{1,120}}?,)?\s*,?\s+(?:who\s+)?"
        rf"(?:will\s+|also\s+|is\s+|to\s+|was\s+hired\s+to\s+)*(?:co-wrote|wrote|co-write|co-writing|"
        rf"writes|penned|co-writes|scripted|writing|write|has written)\b(?P<obj>[^.;]*)"
    )),
    (P, re.compile(
        rf"(?P<name>{NAME})(?:\s*[—–-]+\s*who)?\s*,?\s+(?:who\s+)?(?:is|will be|was)?\s*(?:also\s+)?"
        rf"(?:producing|executive producing|produces|produced|will produce|co-produces)\b(?P<obj>[^.;—]*)"
    )),
    (P, re.compile(
        rf"(?P<name>{NAME})\s+(?:is|remains)\s+(?:still\s+)?on board as (?:a|an)\s+(?:[\w-]+\s+){{0,3}}producer"
    )),
]  # fmt: skip
# names listed after a role that belongs to someone else in the sentence
ALONG_WITH = re.compile(
    rf"\b(?:producer|producing|produces|produce|co-produces)\b[^.;]{{0,60}}?\b(?:along with|alongside|with)\s+"
    rf"(?:husband\s+|wife\s+|partner\s+)?(?P<names>{LIST})"
)
# "Alder executive produces alongside Pete Lund": the subject is a producer too
PRODUCES = re.compile(
    rf"(?P<name>{NAME})\s+(?:also\s+|will\s+)?(?:executive[ -]produces|executive[ -]produce|produces|co-produces|"
    rf"is producing|is executive producing)\b"
)
OTHER_DIRECTOR = re.compile(
    r"\b(?:festival|casting|creative|artistic|managing|executive|program(?:me)?|art|music|marketing|"
    r"communications|technical|stunt|second[- ]unit|photography|editorial|animation|studio)\s+$",
    re.I,
)
EARLIER_WORK = re.compile(r"\s*(?:the\s+|his\s+|her\s+|their\s+)?(?:first|original|previous|earlier|last)\b", re.I)
SHOWRUNNER = re.compile(
    rf"(?P<name>{NAME})\s+(?:is\s+back|returns|will\s+return|will\s+serve|serves|is\s+set\s+to\s+return)\s+as\s+"
    rf"(?:the\s+)?(?:series[’']?\s+)?(?:showrunner|executive\s+producer)\b"
)
CO_WROTE_WITH = re.compile(
    rf"\b(?:co-?wrote\s+(?:the\s+(?:script|screenplay)\s+)?|wrote\s+the\s+(?:script|screenplay)\s+)with\s+"
    rf"(?:(?:his|her|their)\s+(?:[a-z-]+\s+){{0,2}}?(?:sister|brother|wife|husband|partner|son|daughter|father|"
    rf"mother|friend|collaborator)s?\s*,?\s+)?(?P<names>{LIST})"
)
LEAVING = re.compile(
    rf"(?P<name>{NAME})(?:\s*,[^.;]{{0,160}}?,)?\s+(?:who\s+)?(?:has\s+|had\s+|have\s+|willingly\s+|officially\s+|"
    rf"reportedly\s+)*(?:stepped down|steps down|step down|exited|exits|left the project|left the production|"
    rf"left the film|has left|dropped out|drops out|departed|parted ways|is no longer directing|"
    rf"is no longer attached|will no longer direct|won[’']t direct|wont direct)\b"
)
# "is adapted for the screen by the stage show's book writer A and by composer B": every name in the clause
ADAPTED_BY = re.compile(
    r"\b(?:adapted|being adapted|translated)\s+(?:for\s+(?:the\s+)?(?:big\s+|small\s+)?"
    r"(?:screen|film|cinema|television|TV)\s+)?by\b(?P<rest>[^;]*)"
)
ADAPTED_CUT = re.compile(r"\b(?:from|based on|for the stage|for Broadway|who|which)\b|[(—–]")
LOST = re.compile(rf"\blost its director,?\s+(?P<name>{NAME})")
HIRED_AS = re.compile(
    rf"\b(?:tapped|hired|named|chosen|selected|picked|enlisted|recruited|brought on|set)\s+(?P<name>{NAME})\s+"
    rf"(?:as|to be|to)\s+(?:the\s+|its\s+)?(?:new\s+)?(?P<role>director|writer|screenwriter|producer|showrunner|"
    rf"direct|write|produce|helm)"
    rf"(?P<obj>[^.;]*)"
)
SWAP = re.compile(
    rf"(?P<new>{NAME})\s+(?:replaces|replaced|will replace|is replacing|succeeds|succeeded)\s+(?P<old>{NAME})"
)
REMAIN_PRODUCER = re.compile(
    rf"(?P<name>{NAME})\s+(?:[^.;]{{0,80}}?\bbut\s+)?(?:is set to |will |would |is expected to )?"
    rf"(?:remain|remains|stay|stays|continue|continues)\s+(?:on\s+)?(?:as\s+)?(?:an?\s+)?(?:executive\s+)?producer"
)
REPLACED = re.compile(
    rf"\b(?:to\s+)?replac(?:e|es|ed|ing)\s+(?P<name>{NAME})\s+(?:as\s+(?:the\s+)?director|behind the camera)"
)
REPLACED_BY = re.compile(rf"\breplaced by\s+(?P<name>{NAME})")
NOT_BY = re.compile(rf"\bnot directed by\s+(?P<name>{NAME})")
CREDIT_OF = re.compile(
    r"\b(?:director of|directed|helmed|known for directing(?: on| episodes of)?|directing(?: on| episodes of)?|"
    r"producing and directing(?: episodes of)?|executive producing and directing(?: episodes of)?|"
    r"writer of|wrote|penned|producer of|produced)\b"
)
# "A, known for directing on the series X and Y, is ..." / "A, the director of X, ...": credits of a named person
APPOSITIVE_CREDIT = re.compile(
    r"\s*,\s*(?:(?:the|a|an)\s+)?(?:(?:[\w-]+\s+){0,3}?(?P<role>director|writer|producer|screenwriter|helmer)s?"
    r"\s+(?:of|behind)\s+|(?:who\s+is\s+|best\s+)?known\s+for\s+(?:his\s+|her\s+|their\s+)?"
    r"(?P<gerund>(?:[\w-]+\s+){0,4}(?:directing|writing|producing|helming))\b)"
)
APPOSITIVE_END = re.compile(r",\s+(?:is|was|has|had|will|would|are|were|who|which|but)\b|\s[—–]\s|[;.]")
FOR_SOURCE = re.compile(
    r"\W*(?:for|in)\s+(?:the\s+|a\s+|an\s+)?(?:\d{4}\s+)?(?:[\w-]+\s+){0,2}(?:comic|comics|novel|book|manga|"
    r"video game|game|play|musical|short story)\b",
    re.I,
)
# what follows "wrote" when the writing is a message: "wrote in a post", "wrote on X", "wrote that", "wrote: ..."
WROTE_MESSAGE = re.compile(
    r"\s*(?:[:“\"]|,\s*[“\"]|in\s+(?:a|an|the|his|her|their)\b|on\s+(?:[A-Z]|social|his|her|their)|that\b|to\s+"
    r"(?:fans|followers|the)\b|(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:post|caption|letter|note|message|"
    r"statement|tweet|essay|op-ed|column|blog))"
)
OBJECT_CUT = re.compile(
    r"[;.]|,\s+(?:which|who|while|but|also|starring|with)\b|\s+(?:before|after|when|starring|alongside)\s"
)


class CrewFinder:
    def __init__(self, nlp: Language, name: str, *, credits_in_parentheses: bool) -> None:
        self.name = name
        self.credits_in_parentheses = credits_in_parentheses

    def _titles_in(self, doc: Doc, start: int, end: int) -> list[str]:
        text = doc_text(doc)
        return list(
            dict.fromkeys(
                m.name
                for m in mentions(doc)
                if not m.generic
                and m.start >= start
                and m.end <= end
                and not (text.rfind("(", start, m.start) > text.rfind(")", start, m.start))
            )
        )

    def _emit(self, doc: Doc, sent: Span, rels: tuple[str, ...], name: str, start: int, titles: list[str]) -> None:
        cleaned = clean_person(name)
        start += len(name) - len(cleaned)
        name = cleaned
        if not is_person_name(doc, name, start, role_context=True):
            return
        if not titles:
            t = title_at(doc, start, sent=sent)
            titles = [t] if t else []
        for title in titles:
            for rel in rels:
                add_fact(doc, RawFact(title, rel, name, start, start + len(name)))

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        self._focus: str | None = None
        previous: Span | None = None
        for sent in doc.sents:
            st = sent_text(doc, sent)
            base = sent.start_char
            if previous is not None:
                self._update_focus(doc, previous)
            self._pronoun_credits(doc, sent)
            previous = sent
            leaving: set[str] = set()
            for rx in (LEAVING, REPLACED, LOST):
                for m in rx.finditer(st):
                    if rx is LEAVING and not re.search(r"direct|helm|behind the camera|chair", st, re.I):
                        continue
                    name = m.group("name")
                    leaving.add(name)
                    # "A, known for X, is no longer directing the studio's feature, Z": the production left
                    rest = st[m.end() :]
                    cut = OBJECT_CUT.search(rest)
                    left = self._titles_in(doc, base + m.end(), base + m.end() + (cut.start() if cut else len(rest)))
                    self._emit(doc, sent, ("former_director",), name, base + m.start("name"), left[:1])
            context = text[max(0, base - 250) : base + len(st)]
            for m in SWAP.finditer(st):
                if re.search(r"director|direct|helm", context, re.I):
                    leaving.add(m.group("old"))
                    self._emit(doc, sent, ("former_director",), m.group("old"), base + m.start("old"), [])
                    self._emit(doc, sent, D, m.group("new"), base + m.start("new"), [])
            for m in HIRED_AS.finditer(st):
                role = {
                    "screenwriter": "writer", "showrunner": "producer", "direct": "director", "helm": "director",
                    "write": "writer", "produce": "producer",
                }.get(m.group("role"), m.group("role"))  # fmt: skip
                obj = m.group("obj")
                cut = OBJECT_CUT.search(obj)
                hired_for = self._titles_in(
                    doc, base + m.start("obj"), base + m.start("obj") + (cut.start() if cut else len(obj))
                )
                self._emit(doc, sent, (role,), m.group("name"), base + m.start("name"), hired_for)
            low = st.lower()
            for m in REMAIN_PRODUCER.finditer(st) if re.search(r"remain|stay|continue", low) else ():
                self._emit(doc, sent, P, m.group("name"), base + m.start("name"), [])
            negated = {m.group("name") for m in NOT_BY.finditer(st)}
            skip = leaving | negated
            for rels, rx in LIST_AFTER:
                for m in rx.finditer(st):
                    if rels == D and OTHER_DIRECTOR.search(st, max(0, m.start() - 30), m.start()):
                        continue  # "festival director A", "casting director B": not the film's director
                    if rels == W and SOURCE_WORK.search(st[max(0, m.start() - 40) : m.start()]):
                        continue  # "the 2005 biography written by A": the book's authors, not the film's
                    if rels == W and FOR_SOURCE.match(st, list_end(st, m.end("names"))):
                        continue  # "created by A and B for the 1973 comic series": the source's creators
                    start = m.start("names")
                    for name in split_list(m.group("names"), known=set(people(doc))):
                        pos = st.find(name.split()[0], start)
                        if name in skip or pos < 0:
                            continue
                        start = pos + 1
                        self._emit(doc, sent, rels, name, base + pos, self._credit_titles(doc, base, st, pos, name))
                        self._paren_credits(doc, sent, rels, clean_person(name), base + pos + len(name))
            for rels, rx in LIST_BEFORE if re.search(r"director|writer|producer", low) else ():
                for m in rx.finditer(st):
                    start = m.start("names")
                    for name in split_list(m.group("names"), known=set(people(doc))):
                        pos = st.find(name, start)
                        if name in skip or pos < 0:
                            continue
                        start = pos + len(name)
                        self._emit(doc, sent, rels, name, base + pos, [])
            for rels, rx in NAME_BEFORE:
                for m in rx.finditer(st):
                    name = re.sub(r"[’']s$", "", m.group("name"))
                    if name in skip:
                        continue
                    titles: list[str] = []
                    if rels == W and "obj" in rx.groupindex and WROTE_MESSAGE.match(st, m.start("obj")):
                        continue  # "director A wrote in an Instagram post": a message, not the film
                    if "obj" in rx.groupindex and m.group("obj"):
                        obj = m.group("obj")
                        cut = OBJECT_CUT.search(obj)
                        obj_end = base + m.start("obj") + (cut.start() if cut else len(obj))
                        titles = self._titles_in(doc, base + m.start("obj"), obj_end)
                        if not titles and EARLIER_WORK.match(obj):
                            continue  # "Brody co-wrote the first film": not this production
                    pos = base + m.start("name")
                    self._emit(doc, sent, rels, name, pos, titles)
                    credits = self._credit_titles(doc, base, st, m.start("name"), name)
                    said = CREDIT_ROLE.search(st, m.start("name") + len(name), m.start("name") + len(name) + 60)
                    if credits and said:  # "... by James Mangold, director of Logan and Ford v Ferrari"
                        word = (said.group(1) or said.group(2) or "").lower()
                        rel = {"writ": "writer", "prod": "producer"}.get(word[:4], "director")
                        self._emit(doc, sent, (rel,), name, pos, credits)
                    self._paren_credits(doc, sent, rels, name, base + m.end("name"))
            self._appositive_credits(doc, sent)
            for m in SHOWRUNNER.finditer(st):
                self._emit(doc, sent, P, m.group("name"), base + m.start("name"), [])
            for m in PRODUCES.finditer(st):
                if m.group("name") not in skip:
                    self._emit(doc, sent, P, m.group("name"), base + m.start("name"), [])
            for m in ALONG_WITH.finditer(st):
                for name in split_list(m.group("names"), known=set(people(doc))):
                    pos = st.find(name.split()[0], m.start("names"))
                    if pos >= 0 and name not in skip:
                        self._emit(doc, sent, P, name, base + pos, [])
            for m in CO_WROTE_WITH.finditer(st):
                for name in split_list(m.group("names"), known=set(people(doc))):
                    pos = st.find(name.split()[0], m.start("names"))
                    if pos >= 0:
                        self._emit(doc, sent, W, name, base + pos, [])
            for m in ADAPTED_BY.finditer(st):
                cut = ADAPTED_CUT.search(m.group("rest"))
                lo, hi = base + m.start("rest"), base + m.start("rest") + (cut.start() if cut else len(m.group("rest")))
                found = {e.start_char: e.text for e in sent.ents if e.label_ == "PERSON" and lo <= e.start_char < hi}
                for n in re.finditer(NAME, text[lo:hi]):
                    found.setdefault(lo + n.start(), n.group(0))
                for pos, name in sorted(found.items()):
                    if name not in skip and pos + len(name) <= hi:
                        self._emit(doc, sent, W, name, pos, [])
            for m in REPLACED_BY.finditer(st):
                if re.search(r"direct|helm|chair", st, re.I) and m.group("name") not in skip:
                    self._emit(doc, sent, D, m.group("name"), base + m.start("name"), [])
        del text
        return doc

    def _pronoun_credits(self, doc: Doc, sent: Span) -> None:
        """ "Mangold just finished X. He produced Y" / "The filmmaker is known for directing Y": the
        pronoun or description is the person in focus (the subject, else the first person, of the
        sentences before)."""
        st = sent_text(doc, sent)
        m = PRONOUN_CREDIT.match(st) or DESCRIBED_CREDIT.match(st)
        if m and self._focus:
            verb = m.group("verb").lower()
            rels = _roles_named(verb)
            obj = m.group("obj")
            cut = OBJECT_CUT.search(obj)
            start = sent.start_char + m.start("obj")
            for title in self._titles_in(doc, start, start + (cut.start() if cut else len(obj))):
                for rel in rels:
                    add_fact(
                        doc, RawFact(title, rel, self._focus, sent.start_char, sent.start_char + 2, confidence=0.5)
                    )

    def _update_focus(self, doc: Doc, sent: Span) -> None:
        """Who is in focus after ``sent``: its subject if a known person, else the first person named
        (credited or known); unchanged when it names nobody or is itself about the person in focus."""
        st = sent_text(doc, sent)
        if PRONOUN_CREDIT.match(st) or DESCRIBED_CREDIT.match(st):
            return
        known = people(doc)
        credited = {f.value for f in facts(doc) if f.rel in {"director", "writer", "producer", "cast"}}
        subject = next(
            (
                t
                for t in sent
                if t.dep_ in {"nsubj", "nsubjpass"} and t.text in known and not in_title(doc, t.idx, t.idx + len(t))
            ),
            None,
        )
        if subject is not None:
            self._focus = known.get(subject.text, subject.text)
            return
        named = [
            (st.find(n), n)
            for n in credited | {full for full in known.values() if " " in full}
            if n in st and not in_title(doc, sent.start_char + st.find(n), sent.start_char + st.find(n) + len(n))
        ]
        if named:
            self._focus = min(named)[1]

    def _appositive_credits(self, doc: Doc, sent: Span) -> None:
        """ "Yann Demange, known for directing on the series X and Y, is no longer directing Z": X and Y
        are his credits, whatever else the sentence says of him."""
        st = sent_text(doc, sent)
        if not re.search(r"known for|director|writer|producer|helmer", st):
            return
        anchors = list(APPOSITIVE_CREDIT.finditer(st))
        if not anchors:
            return
        credited = {
            f.value for f in facts(doc) if f.rel in {"director", "writer", "producer", "cast", "former_director"}
        }
        names = credited | {full for full in people(doc).values() if " " in full}
        for m in anchors:
            name = max((n for n in names if st.endswith(n, 0, m.start())), key=len, default=None)
            if name is None:
                continue
            word = (m.group("role") or m.group("gerund")).lower()
            rels = _roles_named(word)
            end = APPOSITIVE_END.search(st, m.end())
            lo, hi = sent.start_char + m.end(), sent.start_char + (end.start() if end else len(st))
            start = sent.start_char + m.start() - len(name)
            for title in self._titles_in(doc, lo, hi):
                for rel in rels:
                    add_fact(doc, RawFact(title, rel, name, start, start + len(name), confidence=0.6))

    def _credit_titles(self, doc: Doc, base: int, st: str, pos: int, name: str) -> list[str]:
        """ "A, director of X and Y" / "A, known for directing X": credits for X and Y."""
        after = st[pos + len(name) :]
        m = re.match(
            r"^\s*,\s*(?:the\s+)?(?:(?:[\w-]+\s+){0,3}?(?:director|writer|producer|creator)\s+of\s+|"
            r"known for (?:his |her |their )?(?:[\w-]+\s+){0,3}?(?:directing|work|producing)\b)",
            after,
        )
        if not m:
            return []
        start = pos + len(name) + m.end()
        cut = OBJECT_CUT.search(st, start)
        return self._titles_in(doc, base + start, base + (cut.start() if cut else len(st)))

    def _paren_credits(self, doc: Doc, sent: Span, rels: tuple[str, ...], name: str, end: int) -> None:
        """ "James Mangold (X, Y) directed the pic": X and Y are earlier credits in the same role."""
        if not self.credits_in_parentheses:
            return
        m = re.match(r"^\s*\(([^()]{1,80})\)", doc_text(doc)[end : end + 90])
        if not m:
            return
        for title in self._titles_in(doc, end + m.start(1), end + m.end(1)):
            for rel in rels:
                add_fact(doc, RawFact(title, rel, name, end - len(name), end, confidence=0.6))


def _roles_named(words: str) -> list[str]:
    """The crew relations a role phrase names: "executive producing and directing" -> producer, director."""
    stems = (("director", ("direct", "helm")), ("writer", ("wr", "penn")), ("producer", ("produc",)))
    return [rel for rel, forms in stems if any(f in words for f in forms)]


@Language.factory("slate_crew", default_config={"credits_in_parentheses": True})
def make_crew(nlp: Language, name: str, *, credits_in_parentheses: bool) -> CrewFinder:
    return CrewFinder(nlp, name, credits_in_parentheses=credits_in_parentheses)
