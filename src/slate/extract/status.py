"""``slate_status``: the production state as of the article date, when the text says it.

"production continues/began", "filming", "cameras rolling" -> filming; "wrapped" -> post_production;
"halted", "paused", "shut down" -> paused; "delayed", "pushed" -> delayed; "cancelled", "shelved" ->
cancelled; "opened", "in theaters", box-office figures -> released; "in development" -> development;
"pre-production" -> pre_production.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import (
    RawFact,
    add_fact,
    article_date,
    doc_text,
    facts,
    mentions,
    mentions_in,
    sent_text,
    title_at,
)
from slate.extract._dates import find_dates

RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "paused",
        re.compile(
            r"\b(?:halted|halts|paused|pause|shut down|suspended|stopped production|on hold|"
            r"hold-up|put on ice)\b",
            re.I,
        ),
    ),
    (
        "cancelled",
        re.compile(r"\b(?:cancel(?:l)?ed|shelved|scrapped|axed|will not be released|won't be released)\b", re.I),
    ),
    (
        "post_production",
        re.compile(
            r"\b(?:wrapped|(?<!under )wraps|wrap(?:ped)? (?:filming|production|shooting)|"
            r"post-production|postproduction|in post)\b",
            re.I,
        ),
    ),
    (
        "filming",
        re.compile(
            r"\b(?:production (?:continues|began|begins|is underway|has begun|started|starts|kicked off)|"
            r"(?:began|begins|started|starts|is|are|currently|now|been) (?:filming|shooting)|"
            r"filming (?:is|has|began|begins|started|starts|continues|is underway|on)|"
            r"cameras (?:started|are|will) roll\w*|cameras (?:are |were )?(?:expected|set|scheduled|due) to roll|"
            r"in production|on set|on the set|"
            r"spotted (?:filming|shooting)|shooting scenes|set photos|"
            r"(?:begin|began|begins|start|started|starts|commence[sd]?) principal photography|"
            r"principal photography (?:began|begins|started|starts|is underway|has begun|kicked off|commenced))\b",
            re.I,
        ),
    ),
    (
        "pre_production",
        re.compile(
            r"\bpre-production\b|\bpreproduction\b|\bpreparing to (?:film|shoot)\b|"
            r"\b(?:production|filming|shooting)(?: on [^,.;]{1,40}?)? (?:was|is) (?:set|scheduled|slated|due) to "
            r"(?:start|begin)\b",
            re.I,
        ),
    ),
    ("development", re.compile(r"\b(?:in development|in the works|being developed|in early development)\b", re.I)),
    (
        "delayed",
        re.compile(
            r"\b(?:delay(?:ed|s)?|pushed (?:back|from|to)|postponed|has been pushed|"
            r"(?:dates?|releases?) (?:\w+ ){0,2}pushed|"
            r"moved (?:back|from)|shifted to|kick it back|bumped)\b",
            re.I,
        ),
    ),
    (
        "released",
        re.compile(
            r"\b(?:(?:now |currently )?(?:in|hit) theaters (?:now|this weekend)|opened (?:in|to|with|on)|"
            r"box office|grossed|earned \$|opening weekend|is now streaming|premiered (?:on|in|at)|"
            r"(?:biggest|record-breaking|record|best)\s+(?:[\w-]+\s+){0,3}opening|\$\d[\d.]*\s+(?:million|billion)\s+opening)\b",
            re.I,
        ),
    ),
    (
        "announced",
        re.compile(
            r"\b(?:officially announced|has been announced|was announced|announced (?:a|the) "
            r"(?:sequel|new|film|movie|series))\b",
            re.I,
        ),
    ),
]


FUTURE = re.compile(
    r"\b(?:will|when|is set to|are set to|is expected to|is scheduled to|plans? to|next (?:week|month|year)|"
    r"later this|soon|imminent|is about to|gearing up|preparing to|ahead of)\b|"
    # "Filming starts in Arizona in January": a present tense with a time ahead
    r"\b(?:starts|begins|kicks off)\b[^.;]{0,40}?\b(?:in|this|next)\s+(?:January|February|March|April|May|June|July|"
    r"August|September|October|November|December|spring|summer|fall|autumn|winter)\b",
    re.I,
)


WRAP_AHEAD = re.compile(
    r"^(?:wraps|will wrap|is set to wrap|is expected to wrap)\b[^.;]*?\b(?:next|later|soon|by the end)\b"
)
PAST_START = re.compile(r"\b(?:began|started|kicked off|has begun|been)\b", re.I)
# "moved from Utah to Japan" is no delay: a move delays only a date, a release or a schedule
MOVE_WORDS = re.compile(r"^(?:moved|shifted|bumped|pushed)\b", re.I)
SCHEDULE_WORDS = re.compile(
    r"\b(?:releas\w*|dates?|dated|premiere\w*|debut\w*|opening|slot|schedul\w*|calendar|launch\w*|bow|window)\b", re.I
)
# what is cancelled must be the production, not a shoot, a trip or an event around it
CANCELLED_OTHER = re.compile(
    r"\b(?:shoot|shooting|schedule|premiere|screening|event|panel|appearance|trip|tour|concert|show of|interview|"
    r"flight|party|meeting)s?\s+(?:\w+\s+){0,2}(?:was|were|being|been|got|get|is|are)\s+(?:\w+\s+)?$",
    re.I,
)
BOX_OFFICE = re.compile(r"\b(?:box office|gross\w*|earn\w*|haul|took in|made|opening|record|collection|debut)\b", re.I)
SPECULATION = re.compile(r"\b(?:might|could|may)\s+(?:need\s+to\s+|have\s+to\s+)?(?:be\s+|get\s+)?$", re.I)


class StatusFinder:
    def __init__(self, nlp: Language, name: str, *, max_per_article: int) -> None:
        self.name = name
        self.max_per_article = max_per_article

    def __call__(self, doc: Doc) -> Doc:
        seen: set[tuple[str, str]] = set()
        for sent in doc.sents:
            st = sent_text(doc, sent)
            for status, rx in RULES:
                m = rx.search(st)
                if not m:
                    continue
                if SPECULATION.search(st[max(0, m.start() - 30) : m.start()]):
                    continue  # "might need to be pushed back": not a fact yet
                if status == "filming" and re.search(r"\bwrapped\b|\bhas wrapped\b|\bwraps\b(?<!under wraps)", st):
                    continue  # "Filming on X has officially wrapped": it is over
                if status == "released" and re.search(r"\bBroadway\b|\bWest End\b|\bon stage\b", st):
                    continue  # the stage show opened, not the film
                if status == "delayed" and MOVE_WORDS.match(m.group(0)):
                    rest = st[m.end() :]
                    if not (find_dates(rest, article_date(doc)) or SCHEDULE_WORDS.search(st)):
                        continue  # "the family moved from Utah to Japan"
                if status == "cancelled" and CANCELLED_OTHER.search(st[max(0, m.start() - 50) : m.start()]):
                    continue  # "the shoot being cancelled": the day's work, not the production
                start = sent.start_char + m.start()
                if status == "pre_production" and re.search(r"\bbefore\s+$", st[max(0, m.start() - 20) : m.start()]):
                    continue  # "left weeks before filming was scheduled to start": an old plan, not the state
                window = st[max(0, m.start() - 40) : m.end() + 60]
                wrap_ahead = status == "post_production" and bool(WRAP_AHEAD.search(st[m.start() : m.end() + 60]))
                if wrap_ahead:
                    status = "filming"  # "wraps filming in Malta next month": still shooting
                elif status == "filming" and FUTURE.search(window) and not PAST_START.search(m.group(0)):
                    if re.search(r"\bresum\w*", window):
                        continue  # "paused and will resume": the pause is the state
                    status = "pre_production"  # "filming starts next week", "when production begins"
                focus = title_at(doc, start, sent=sent)
                targets = self._listed(doc, sent, m.start()) or ([focus] if focus else [])
                for title in targets:
                    if title is None or (title, status) in seen:
                        continue
                    seen.add((title, status))
                    add_fact(doc, RawFact(title, "status", status, start, sent.start_char + m.end(), confidence=0.6))
        self._released(doc, seen)
        return doc

    def _released(self, doc: Doc, seen: set[tuple[str, str]]) -> None:
        """Productions the text shows to be out already: a release date before the article ("2019's X", "X,
        released in 2013"), or box-office money beside the title ("X ($128.1 million)", "$30 million for X")."""
        ref = article_date(doc)
        out: list[tuple[str, int, int]] = []
        for f in facts(doc):
            if f.rel != "release_date" or f.region or f.medium:
                continue
            past = int(f.value[:4]) < ref.year if len(f.value) == 4 else f.value < ref.isoformat()[: len(f.value)]
            span = doc.char_span(f.start, max(f.end, f.start + 1), alignment_mode="expand")
            if span is not None and any(t.tag_ == "MD" for t in doc[span.sent.start : span.start]):
                continue  # "there was doubt it would open in 2022": a plan, not a release
            if past:
                out.append((f.title, f.start, f.end))
        text = doc_text(doc)
        money = [e for e in doc.ents if e.label_ == "MONEY"]
        for m in mentions(doc):
            if m.generic or not money:
                continue
            sent = doc.char_span(m.start, m.end, alignment_mode="expand")
            if sent is None or not BOX_OFFICE.search(sent_text(doc, sent.sent)):
                continue
            for e in money:
                after = text[m.end : e.start_char] if e.start_char >= m.end else None
                before = text[e.end_char : m.start] if e.end_char <= m.start else None
                if (after is not None and re.fullmatch(r"[”\"’']?,?\s*(?:\(|[–—-]|:)\s*(?:[A-Z]{1,3})?", after)) or (
                    before is not None and re.fullmatch(r"\s+(?:for|by)\s+(?:the\s+)?[“\"‘']?", before)
                ):
                    out.append((m.name, m.start, m.end))
                    break
        for title, start, end in out:
            if (title, "released") not in seen:
                seen.add((title, "released"))
                add_fact(doc, RawFact(title, "status", "released", start, end, confidence=0.5))

    def _listed(self, doc: Doc, sent: Span, at: int = 0) -> list[str]:
        """Titles listed together ("X and Y at Disney, Z at Universal"): the status holds for each; a list
        under another heading ("Renewed: A, B  Cancelled: C") is not the trigger's."""
        text = doc_text(doc)
        st = sent_text(doc, sent)
        cuts = [k.end() for k in re.finditer(r"(?:\n|\s{2,}|;)\s*(?=[A-Z][\w .]{0,25}:)", st)]
        lo = sent.start_char + max((c for c in cuts if c <= at), default=0)
        hi = sent.start_char + min((c for c in cuts if c > at), default=len(st))
        named = [m for m in mentions_in(doc, lo, hi) if "(" not in text[m.start - 1 : m.start]]
        if len(named) < 2:
            return []
        linked = 0
        for a, b in zip(named, named[1:], strict=False):
            gap = text[a.end : b.start]
            if re.fullmatch(
                r"(?:\s+(?:at|on|from)\s+[A-Z][\w.’' ]{0,25})?\s*(?:,|,?\s*and|,?\s*&|,?\s*or|with)\s*", gap
            ):
                linked += 1
        return list(dict.fromkeys(m.name for m in named)) if linked >= 1 else []


@Language.factory("slate_status", default_config={"max_per_article": 4})
def make_status(nlp: Language, name: str, *, max_per_article: int) -> StatusFinder:
    return StatusFinder(nlp, name, max_per_article=max_per_article)
