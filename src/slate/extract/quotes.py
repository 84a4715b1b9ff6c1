"""``slate_quotes``: direct quotations with speaker and platform.

"“...,” A said", "A said: “...”", "A wrote on Instagram", "A told Variety", "A tweeted", "..., saying,
“...”"; the speaker is the subject of the speech verb next to the quotation (a pronoun or a
description such as "the actor" is the person last named as a subject; "a studio spokesperson"
stays as written). A quotation continued after its attribution ("“A,” she said. “B.”") is one
quote. Short quoted phrases count only with an attribution right next to them, so quoted titles
and scare quotes are left alone.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from slate.extract._base import RawQuote, clean_name, doc_text, facts, in_title, people, quotes, title_at
from slate.extract._names import ROLE_WORDS

# closed quotations; and a paragraph that opens a quotation and never closes it (the first paragraphs of a
# quotation that runs over several, or an article cut off mid-quote)
# single quotation marks (curly or straight) close at a mark that no letter follows, so "I’m" and
# "Nolan's" stay inside; two apostrophes typed for a double quotation mark close at the next two
_SINGLE_BODY = r"(?:[^‘’'\n]|[’'](?=[^\W\d_]))"
QUOTE_RE = re.compile(
    r"“(?P<dq>[^”“]{2,3000})”"
    r"|''(?P<da>(?:[^'\n]|'(?!'))(?:[^'\n]|'(?!')){1,2999})''"
    r"|\"(?P<sq>[^\"\n]{2,3000})\""
    r"|(?:(?m:^)|(?<=:\s))[“\"](?P<op>[^”“\"\n]{20,3000}[.!?])(?m:$)"
    r"|(?<![^\W_])‘(?P<cs>" + _SINGLE_BODY + r"{2,3000}?)’(?![^\W\d_])"
    r"|(?<![^\W_])'(?=\S)(?P<ss>" + _SINGLE_BODY + r"{2,3000}?)(?<=\S)'(?![^\W\d_])"
)
OPEN_MARKS = '“"‘'
SPEECH_LEMMAS = {
    "say", "write", "tell", "explain", "add", "share", "post", "tweet", "note", "continue", "reveal", "state",
    "comment", "recall", "joke", "tease", "deadpan", "admit", "announce", "insist", "remark", "confirm",
    "caption", "quip", "gush", "describe", "reply", "respond", "exclaim", "acknowledge", "begin", "demand",
    "call", "speak", "express", "muse", "laugh", "warn", "promise", "claim", "argue", "assure", "stress",
    "declare", "read", "conclude", "summarize", "summarise", "put", "ask", "answer", "shout", "whisper",
    "tweete",
}  # fmt: skip
IRREGULAR_SPEECH = {
    "say": ("said",), "write": ("wrote",), "tell": ("told",), "speak": ("spoke",), "begin": ("began",),
    "read": ("read",),
}  # fmt: skip


def _inflections(lemma: str) -> set[str]:
    """A speech verb's third-person and past forms ("ask": asks, asked; "quip": quipped; "reply": replied).
    Not the bare verb nor the -ing form: "does add to the feel of", "adding that" attribute nothing alone."""
    forms = {*IRREGULAR_SPEECH.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d"}
    elif re.search(r"[^aeiou]y$", lemma):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif re.search(r"(?:s|sh|ch|x)$", lemma):
        forms |= {lemma + "es", lemma + "ed"}
    else:
        forms |= {lemma + "s", lemma + "ed"}
        if re.search(r"[aeiou][bdgklmnprt]$", lemma):
            forms.add(lemma + lemma[-1] + "ed")  # "quipped" (and a harmless "answerred")
    return forms


# every speech verb's inflected forms, derived from SPEECH_LEMMAS (the small model's lemmatizer is not loaded),
# and the bare and -ing forms that attribute alone ("say", "saying", "tweet")
_SPEECH_FORMS = {f for lemma in SPEECH_LEMMAS for f in _inflections(lemma)} | {
    "say", "call", "tweet", "post", "saying", "writing", "calling", "speaking", "telling",
}  # fmt: skip
_SPEECH_FORMS -= {"comments", "reads"}  # nouns as often ("Knight comments", "the message reads" after its quote)
SPEECH_WORDS = re.compile(r"\b(?:" + "|".join(sorted(_SPEECH_FORMS, key=len, reverse=True)) + r")\b", re.I)
SHORT_SPEECH = (
    r"\b(?:said|says|wrote|writes|told|tweeted|posted|demanded|called|added|explained|insisted|quipped|"
    r"joked|deadpanned|continued|stated|declared|exclaimed|revealed|call|calling)\b"
)
PERSON_NOUNS = {
    "actor", "actress", "star", "director", "filmmaker", "producer", "writer", "showrunner", "singer",
    "octogenarian", "septuagenarian", "veteran", "creator", "helmer", "author", "comedian", "rapper", "icon",
    "legend", "newcomer", "performer", "musician", "executive", "chief", "co-star", "costar", "man", "woman",
}  # fmt: skip
KEEP_NOUNS = {"spokesperson", "spokesman", "spokeswoman", "source", "insider", "representative", "rep"}
DOC_NOUNS = {"statement", "post", "tweet", "message", "note", "caption", "letter"}
TITLE_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "from", "by"}
ACCOUNT_NOUNS = {"account", "handle", "page", "channel", "feed"}
COMPANY_WORDS = {
    "pictures", "studios", "studio", "films", "entertainment", "media", "productions", "bros", "network",
    "universal", "netflix", "disney", "paramount", "marvel", "lucasfilm", "warner", "sony", "apple", "amazon",
}  # fmt: skip
PRONOUNS = {"he", "she", "him", "her", "i"}
PAIR_NOUNS = {"brothers", "sisters", "siblings", "duo", "pair", "twins", "couple", "showrunners", "co-creators"}


def _name_chain(tok: Token) -> list[Token]:
    """The words of the name or phrase ``tok`` heads: "a Warner Bros. spokesperson" -> Warner Bros. spokesperson."""
    left = [t for t in tok.lefts if t.dep_ in {"compound", "amod", "nmod", "poss"} and t.i >= tok.i - 4]
    first = min((t.left_edge.i for t in left), default=tok.i)
    words = [t for t in tok.doc[max(first, tok.i - 6) : tok.i + 1] if t.dep_ not in {"det", "punct"}]
    while words and words[0].dep_ in {"cc", "conj"}:
        words = words[1:]
    # "Showrunner and Director Ada Voss": the words before the last "and" are roles, not a second name
    cc = [i for i, t in enumerate(words) if t.dep_ == "cc"]
    if cc and not any(t.ent_type_ == "PERSON" for t in words[: cc[-1]]):
        words = words[cc[-1] + 1 :]
    return words


def _known_people(doc: Doc) -> dict[str, str]:
    """Names and surnames of people in this article -> full names: those the model tagged, and those
    credited in a role (the model sometimes calls a showrunner an organisation)."""
    known = dict(people(doc))
    for f in facts(doc):
        if f.rel in {"director", "writer", "producer", "cast"} and " " in f.value:
            known.setdefault(f.value, f.value)
            known.setdefault(f.value.split()[-1], f.value)
    return known


def _new_attribution(gap: str) -> bool:
    """Text between two quotations that ends a sentence and then names a new speaker ("... and thanked
    the crew. Kerr wrote on Instagram:")."""
    parts = re.split(r"[.!?]\s+", gap)
    return len(parts) > 1 and bool(SPEECH_WORDS.search(parts[-1]))


def _title_shaped(body: str) -> bool:
    """ "Shake It Off", "Killers of the Flower Moon": a quoted name of a work, not words spoken — short,
    not a sentence, every word capitalised but the short function words title case leaves small."""
    words = re.findall(r"[^\W\d_][\w’'-]*", body)
    return (
        0 < len(words) <= 10
        and not re.search(r"[.!?,]$", body)
        and words[0][0].isupper()
        and all(w[0].isupper() or w in TITLE_SMALL_WORDS for w in words)
        and not all(w.isupper() for w in words)
    )


def _pair(a: str, b: str) -> str:
    """ "Matt" and "Ross Duffer": a first name alone shares the second person's surname."""
    if " " not in a and " " in b:
        a = f"{a} {b.split()[-1]}"
    return f"{a} and {b}"


PLATFORMS = [
    (re.compile(r"\bInstagram\b", re.I), "Instagram"),
    (re.compile(r"\btweet\w*|\bTwitter\b|\bX \(formerly Twitter\)", re.I), "Twitter"),
    (re.compile(r"\b(?:on|via)\s+X\b(?![\w-])"), "X"),  # "Feld wrote on X"
    (re.compile(r"\bTikTok\b", re.I), "TikTok"),
    (re.compile(r"\bFacebook\b", re.I), "Facebook"),
    (re.compile(r"\bYouTube\b", re.I), "YouTube"),
    (re.compile(r"\bpress release\b", re.I), "press release"),
    (re.compile(r"\bpodcast\b", re.I), "podcast"),
    (re.compile(r"\bstatement\b", re.I), "statement"),
]
OUTLET = r"((?:The\s+)?[A-Z][\w.&’'-]*(?:\s+[A-Z][\w.&’'-]*){0,3})"
OUTLET_FORMS = [
    re.compile(r"\b(?:told|telling|speaking to|spoke to|talking to|talked to)\s+" + OUTLET),
    re.compile(r"\binterview with\s+" + OUTLET),
    re.compile(r"\b(?:in|during) an? " + OUTLET + r"\s+interview\b"),
    re.compile(r"\bon\s+" + OUTLET + r"[’']s?\s+podcast\b"),
]


SENTENCE_END = re.compile(
    r"(?<!\bBros)(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bJr)(?<!\bSr)(?<!\bSt)(?<!\bInc)(?<!\bCo)"
    r"(?<!\bNo)(?<!\bvs)(?<!\b[A-Z])[.!?](?:\s|$)"
)


def _norm_space(text: str) -> str:
    return " ".join(text.split())


class QuoteFinder:
    def __init__(self, nlp: Language, name: str, *, min_words: int, short_words: int) -> None:
        self.name = name
        self.min_words = min_words
        self.short_words = short_words

    # -- speakers ----------------------------------------------------------------------------
    def _subject_people(self, doc: Doc) -> list[tuple[int, str]]:
        """(position, name) of every person named as the subject of a clause, in order."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "PERSON" or in_title(doc, ent.start_char, ent.end_char):
                continue
            if any(t.dep_ in {"nsubj", "nsubjpass"} or t.head.dep_ in {"nsubj", "nsubjpass"} for t in ent):
                out.append((ent.start_char, clean_name(ent.text)))
        # names the small model did not tag as people: a two-word proper-name subject, or the surname
        # of someone named in full before ("Voss stayed silent")
        for tok in doc:
            if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ != "PROPN" or tok.ent_type_ == "PERSON":
                continue
            full = people(doc).get(tok.text, "").split()
            if full and tok.text in {full[0], full[-1]} and not in_title(doc, tok.idx, tok.idx + len(tok.text)):
                out.append((tok.idx, " ".join(full)))
                continue
            chain = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [tok]
            if (
                2 <= len(chain) <= 3
                and all(t.text[:1].isupper() and t.is_alpha for t in chain)
                and tok.lower_ not in COMPANY_WORDS
                and not in_title(doc, chain[0].idx, tok.idx + len(tok.text))
            ):
                out.append((chain[0].idx, " ".join(t.text for t in chain)))
        return sorted(out)

    def _last_pair(self, doc: Doc, pos: int) -> str | None:
        """ "Matt Duffer and Ross Duffer shared the news. ... they wrote": the pair named last, nearby."""
        text = doc_text(doc)
        named = [
            e
            for e in doc.ents
            if e.label_ == "PERSON" and pos - 400 <= e.start_char and e.end_char <= pos
            and not in_title(doc, e.start_char, e.end_char)
        ]  # fmt: skip
        for a, b in reversed(list(zip(named, named[1:], strict=False))):
            if re.fullmatch(r"\s+(?:and|&)\s+", text[a.end_char : b.start_char]) and " " in b.text.strip():
                return _pair(clean_name(a.text), clean_name(b.text))
        for e in reversed(named):  # "Matt and Ross Duffer" as one name
            m = re.fullmatch(
                r"([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)?) (?:and|&) ([A-Z][\w.’'-]* [A-Z][\w.’'-]*)", e.text.strip()
            )
            if m:
                return _pair(m.group(1), m.group(2))
        return None

    def _last_person(self, doc: Doc, pos: int) -> str | None:
        subjects = [(p, n) for p, n in self._subject_people(doc) if p < pos]
        spoke = [(p, n) for p, n in self._spoken if p < pos]
        best = max([*subjects[-1:], *spoke[-1:]], default=None)
        if best is not None:
            return best[1]
        named = [
            clean_name(e.text)
            for e in doc.ents
            if e.label_ == "PERSON" and e.end_char <= pos and not in_title(doc, e.start_char, e.end_char)
        ]
        return named[-1] if named else None

    def _np_speaker(self, doc: Doc, subj: Token) -> str | None:
        """The speaker named by a subject token: a person, a pronoun, or an institutional phrase."""
        if subj.lower_ in PRONOUNS:
            return self._last_person(doc, subj.idx)
        if subj.lower_ in {"they", "we"} or subj.lower_ in PAIR_NOUNS:
            return self._last_pair(doc, subj.idx)
        if subj.lower_ in DOC_NOUNS or subj.lower_ in ACCOUNT_NOUNS:
            return self._author(doc, subj)
        if subj.ent_type_ != "PERSON":
            for child in subj.children:  # "the network's drama chief, Ada Voss, said"
                if child.dep_ == "appos" and (child.ent_type_ == "PERSON" or child.text in people(doc)):
                    return self._np_speaker(doc, child)
        if subj.ent_type_ == "PERSON":
            for ent in doc.ents:
                if ent.start <= subj.i < ent.end:
                    known = _known_people(doc)
                    name = known.get(clean_name(ent.text), clean_name(ent.text))
                    partner = next(
                        (c for c in subj.children if c.dep_ == "conj" and (c.ent_type_ == "PERSON" or c.text in known)),
                        None,
                    )
                    if partner is not None and all(w in ROLE_WORDS for w in name.split()):
                        return self._np_speaker(doc, partner)  # "Showrunner and Director Ada Voss" tagged as one
                    if partner is not None:  # "Lee Parkes and Ana Kim said", "Whitlock and Bell said"
                        other = next((e for e in doc.ents if e.start <= partner.i < e.end), None)
                        other_name = clean_name(other.text) if other is not None else partner.text
                        return _pair(name, known.get(other_name, other_name))
                    return name
        if subj.text in people(doc) and not in_title(doc, subj.idx, subj.idx + len(subj.text)):
            full = people(doc)[subj.text]  # a surname or first name of someone named in full: the full name
            partner = next((c for c in subj.children if c.dep_ == "conj" and c.text in people(doc)), None)
            return _pair(full, people(doc)[partner.text]) if partner is not None else full
        # "Leslie's statement began", "McQuarrie's post read"
        for child in subj.children:
            if child.dep_ == "poss" and child.ent_type_ == "PERSON":
                return self._np_speaker(doc, child)
        # the proper-name chain of the subject: compounds and flat names
        words = _name_chain(subj)
        text = " ".join(t.text for t in words if t.text not in {"’s", "'s"})
        partner = next((c for c in subj.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
        roles_only = all(t.text in ROLE_WORDS or t.pos_ != "PROPN" for t in words)
        if partner is not None and roles_only and (partner.ent_type_ == "PERSON" or partner.text in people(doc)):
            return self._np_speaker(doc, partner)  # "Showrunner and Director Ada Voss"
        if partner is not None and " and " not in text and any(t.pos_ == "PROPN" for t in words):
            text = f"{text} and {' '.join(t.text for t in _name_chain(partner))}"  # "A Pictures and B Media said"

        head = subj.lower_
        if any(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) and head not in KEEP_NOUNS:
            for t in words:
                if t.ent_type_ == "PERSON":
                    return self._np_speaker(doc, t)
            return clean_name(text)
        if head in PERSON_NOUNS:
            return self._last_person(doc, subj.idx)
        if head in {"source", "sources", "insider", "insiders"} and not any(t.pos_ == "PROPN" for t in words):
            return "unnamed source"  # "the source said", "an insider told"
        if head in KEEP_NOUNS:
            return clean_name(text)
        return None

    def _author(self, doc: Doc, noun: Token) -> str | None:
        """Whose statement, post or message it is: "Kim's post", "a Northwind statement", else the
        person or company last named as a subject before it ("Northwind ran an inquiry. “...,” the
        statement read")."""
        for child in noun.children:
            if child.dep_ == "poss":
                return self._np_speaker(doc, child)
            if child.dep_ == "prep" and child.lower_ == "of":  # "the official account of Northwind Films"
                owner = next((c for c in child.children if c.dep_ == "pobj"), None)
                if owner is not None:
                    return self._np_speaker(doc, owner)
        # "the official Northwind Twitter account": the name, without the platform
        names = [
            t
            for t in _name_chain(noun)
            if t.pos_ == "PROPN" and t.i < noun.i and not any(rx.fullmatch(t.text) for rx, _ in PLATFORMS)
        ]
        if names:
            return clean_name(" ".join(t.text for t in names))
        text = doc_text(doc)
        for tok in reversed(doc[max(0, noun.i - 120) : noun.i]):
            if tok.dep_ not in {"nsubj", "nsubjpass"} or "\n\n" in text[tok.idx : noun.idx]:
                continue
            if tok.ent_type_ in {"PERSON", "ORG"} or tok.text in people(doc):
                return self._np_speaker(doc, tok)
        return None

    def _speaker_of_verb(self, doc: Doc, verb: Token, *, climb: int = 3) -> str | None:
        tok: Token | None = verb
        for _ in range(climb):  # "..., saying, “...”": the subject of the clause "saying" hangs from
            if tok is None:
                break
            # the subject nearest the verb ("Co-creators Ada Voss and Ben Ruiz explained": the tokenizer
            # leaves "Co" and "-" as subjects too)
            # ... and in the same paragraph (the parser runs some sentences across a paragraph break)
            text = doc_text(doc)
            at = tok.i
            subjects = sorted(
                (
                    c
                    for c in tok.children
                    if c.dep_ in {"nsubj", "nsubjpass"}
                    and c.is_alpha
                    and "\n" not in text[min(c.idx, verb.idx) : max(c.idx, verb.idx)]
                ),
                key=lambda c: abs(c.i - at),
            )
            for child in subjects[:1]:
                if ")" in text[child.idx : verb.idx] and "(" not in text[child.idx : verb.idx]:
                    # "Ada Voss (Inspector Kell) adds": the name before the parentheses
                    opening = text.rfind("(", 0, child.idx)
                    last = len(text[:opening].rstrip())
                    before = doc.char_span(last - 1, last, alignment_mode="expand") if last > 0 else None
                    if before is None or not len(before) or before[-1].pos_ != "PROPN":
                        return None
                    child = before[-1]
                if child.dep_ == "nsubjpass" and tok.lower_ in {"asked", "told"}:
                    return None  # "she was asked, “...?”": the question is not hers
                return self._np_speaker(doc, child)
            tok = tok.head if tok.head is not tok else None
        return None

    def _speaker_of_governor(self, doc: Doc, gov: Token) -> str | None:
        if gov.pos_ in {"NOUN", "PROPN"}:
            return self._np_speaker(doc, gov)
        # a verb known only by its syntax speaks for its own subject, not for a clause it hangs from
        speaker = self._speaker_of_verb(doc, gov, climb=3 if self._is_speech(gov) else 1)
        if speaker is None and self._is_speech(gov) and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in gov.children):
            # a parse without a subject ("Speaking about the role Voss tweeted: ..."): the name just before
            before = doc[max(0, gov.i - 3) : gov.i]
            names = [t for t in before if t.ent_type_ == "PERSON" or t.text in people(doc)]
            if names and names[-1].i == gov.i - 1:
                return self._np_speaker(doc, names[-1])
        return speaker

    def _verbs_in(self, span: Span | None) -> list[Token]:
        if span is None:
            return []
        return [
            t
            for t in span
            if (t.lemma_.lower() in SPEECH_LEMMAS or SPEECH_WORDS.fullmatch(t.text))
            and t.pos_ in {"VERB", "AUX", "NOUN"}
        ]

    def _attribution(self, doc: Doc, start: int, end: int, *, nearest_last: bool) -> tuple[str | None, int]:
        """Speaker and end position of the attribution in text[start:end], if any."""
        if end <= start:
            return None, -1
        span = doc.char_span(start, end, alignment_mode="contract")
        verbs = self._verbs_in(span)
        if nearest_last:
            verbs = list(reversed(verbs))
        for verb in verbs:
            speaker = self._speaker_of_verb(doc, verb)
            if speaker is None and span is not None:
                # "said Ford": a person right after the verb
                for ent in span.ents:
                    if ent.label_ == "PERSON" and 0 <= ent.start - verb.i <= 2:
                        speaker = clean_name(ent.text)
            if speaker is None and span is not None and nearest_last:
                # a parse without a subject: the first name of the clause before the verb
                clause = [t for t in span if t.i < verb.i]
                chain: list[Token] = []
                for t in clause:
                    if t.pos_ == "PROPN" and t.text[:1].isupper():
                        chain.append(t)
                    elif chain:
                        break
                if len(chain) >= 2:
                    speaker = clean_name(" ".join(t.text for t in chain))
            if speaker:
                return speaker, verb.idx + len(verb.text)
        return None, -1

    # -- syntax ------------------------------------------------------------------------------
    def _is_speech(self, tok: Token) -> bool:
        return tok.lemma_.lower() in SPEECH_LEMMAS or bool(SPEECH_WORDS.fullmatch(tok.text))

    def _governor(self, doc: Doc, qs: int, qe: int) -> tuple[Token | None, bool]:
        """The word outside the quotation that the quotation is the object or clausal complement of
        ("“...,” Kim laughed", "Kim asks, “...?”", "the studio released this statement: “...”",
        "described it as “...”"), or that hangs from the quotation ("“...,” she said"); the flag says
        whether it was found only higher up, as the speech verb of a reported clause the quotation
        sits in ("Kim said the town looked “like a postcard”")."""
        span = doc.char_span(qs, qe, alignment_mode="contract")
        if span is None or not len(span):
            return None, False
        lo, hi = span.start, span.end
        sent = span[0].sent
        outward = [t for t in span if not t.is_punct and not lo <= t.head.i < hi]
        for t in outward:
            h = t.head
            v = h.head if t.dep_ == "pobj" and h.dep_ == "prep" else h
            if v.pos_ in {"NOUN", "PROPN"} and v.dep_ in {"dobj", "attr", "appos"} and v.head.pos_ == "VERB":
                v = v.head  # "released the following statement: “...”"
            clause = t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ccomp", "parataxis", "dobj", "xcomp", "dep", "acl"}
            if v.pos_ in {"VERB", "AUX"} and (clause or self._is_speech(v)):
                return v, False
            if v.pos_ in {"NOUN", "PROPN"} and any(c.dep_ == "amod" and self._is_speech(c) for c in v.children):
                return v, False  # "Added writer Ada Voss: “...”"
        for t in outward[:1]:
            # a partial quotation inside reported speech: the speech verb a few levels up
            anc = t
            for _ in range(8):
                if anc.head is anc or not (sent.start <= anc.head.i < sent.end):
                    break
                anc = anc.head
                if anc.pos_ == "VERB" and self._is_speech(anc) and not (lo <= anc.i < hi):
                    return anc, True
        for t in [*doc[hi : min(len(doc), hi + 8)], *doc[max(0, lo - 8) : lo]]:
            hangs = t.dep_ in {"parataxis", "ccomp", "advcl"} and lo <= t.head.i < hi
            if t.pos_ == "VERB" and hangs and self._is_speech(t):
                return t, False
        return None, False

    def _previous_paragraph_speaker(self, doc: Doc, para_start: int, last_said: tuple[int, str] | None) -> str | None:
        """The speaker of a paragraph that is a quotation with no attribution of its own: the speaker of
        the quotation that ends the paragraph before ("“...,” Kim said.\n\n“...”"), or the person the
        last sentence of the paragraph before introduces ("Here is what Kim told us.\n\n“...”")."""
        text = doc_text(doc)
        prev_stop = len(text[:para_start].rstrip())
        prev_start = text.rfind("\n", 0, prev_stop) + 1
        if last_said is not None and prev_start <= last_said[0] <= prev_stop:
            tail = text[last_said[0] : prev_stop]
            if len(tail.split()) <= 12 and not SENTENCE_END.search(tail.rstrip()[:-1]):
                return last_said[1]
            return None
        last = doc.char_span(prev_start, prev_stop, alignment_mode="contract")
        if last is None or not len(last):
            return None
        sent = last[-1].sent
        start = max(sent.start_char, prev_start)
        if any(c in text[start:prev_stop] for c in '“”"‘'):
            return None
        speaker, _ = self._attribution(doc, start, prev_stop, nearest_last=True)
        return speaker

    # -- main --------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        self._spoken: list[tuple[int, str]] = []
        found = list(QUOTE_RE.finditer(text))
        prev_end = -1
        prev_speaker: str | None = None
        prev_open = False  # the last quotation was a paragraph left open
        last_said: tuple[int, str] | None = None  # end and speaker of the last quote found
        for m in found:
            was_open, prev_open = prev_open, m.lastgroup == "op"
            if prev_open and m.start() > 0 and text[m.start() - 1] != "\n" and not text[m.end() :].strip():
                prev_open = False
                continue  # "Kim said: “...", never closed before the end of the text: cut off, not a quote
            inner = m.group(m.lastgroup or 0)
            qs, qe = m.start(), m.end()
            body = inner.strip().rstrip(",").strip()
            n_words = len(body.split())
            if n_words < self.min_words and not re.search(r"[.!?]$", body):
                prev_end = qe
                continue
            if _title_shaped(body):
                prev_end = qe
                continue
            para_start = text.rfind("\n", 0, qs) + 1
            para_end = text.find("\n", qe)
            para_end = len(text) if para_end < 0 else para_end
            # after: up to the end of the sentence or the next quotation
            stops = [x for x in (*(text.find(c, qe) for c in OPEN_MARKS), para_end) if x >= 0]
            after_end = min(stops) if stops else len(text)
            stop = SENTENCE_END.search(text[qe:after_end])
            if stop:
                after_end = qe + stop.end()
            before_start = max(para_start, prev_end if prev_end > para_start else para_start)
            sent_start = max(text.rfind(". ", before_start, qs) + 2, before_start) if qs > before_start else qs
            gap = text[prev_end:qs] if prev_end >= 0 else ""
            # a quotation continued after its attribution is the same quote
            continuation = (
                prev_end >= 0
                and prev_speaker is not None
                and "\n" not in gap
                and len(gap.split()) <= 10
                and bool(SPEECH_WORDS.search(gap))
                # "...," she said. "...": yes; ... and thanked the crew. Kerr wrote: "...": a new attribution
                and not _new_attribution(gap)
            )
            speaker, _ = self._attribution(doc, qe, after_end, nearest_last=False)
            gov, reported = self._governor(doc, qs, qe)
            if gov is not None and not (sent_start <= gov.idx < after_end):
                gov = None  # beyond the next quotation or in another sentence: not this one's attribution
            by_syntax = False
            if speaker is None and gov is not None and not reported:
                speaker = self._speaker_of_governor(doc, gov)
                by_syntax = speaker is not None
            if continuation and (speaker is None or speaker == prev_speaker):
                prev_end = qe
                continue
            if speaker is None and was_open and prev_speaker and not text[prev_end:qs].strip():
                speaker = prev_speaker  # the next paragraph of a quotation that ran over several
            if speaker is None:
                speaker, _ = self._attribution(doc, sent_start, qs, nearest_last=True)
            if speaker is None and gov is not None and reported:
                speaker = self._speaker_of_governor(doc, gov)
                by_syntax = speaker is not None
            if speaker is None and para_start > 0:
                # "He writes:" on the line before
                prev_para = text[:para_start].rstrip()
                if prev_para.endswith(":"):
                    line_start = max(text.rfind("\n", 0, len(prev_para)) + 1, len(prev_para) - 200)
                    speaker, _ = self._attribution(doc, line_start, len(prev_para), nearest_last=True)
            if speaker is None and para_start > 0 and not text[para_start:qs].strip():
                speaker = self._previous_paragraph_speaker(doc, para_start, last_said)
            if speaker is None:
                prev_end, prev_speaker = qe, None
                continue
            # short quoted phrases need the attribution right next to them
            if n_words <= self.short_words:
                near_after = text[qe : qe + 40]
                near_before = text[max(0, qs - 60) : qs]
                if not (
                    by_syntax
                    or re.match(r"^[\s,]*(?:\w+\s+){0,3}" + SHORT_SPEECH, near_after, re.I)
                    or re.search(SHORT_SPEECH + r"(?:\s+[\w’']+){0,4}[\s,:]*$", near_before, re.I)
                ):
                    prev_end, prev_speaker = qe, None
                    continue
                if in_title(doc, qs + 1, qe - 1):
                    prev_end, prev_speaker = qe, None
                    continue
            context = text[max(para_start, qs - 300) : after_end]
            platform = self._platform(context, text[qe:after_end], text[sent_start:qs])
            title = title_at(doc, qs)
            quotes(doc).append(RawQuote(speaker, _norm_space(body), qs, qe, platform, title))
            self._spoken.append((qs, speaker))
            prev_end, prev_speaker = qe, speaker
            last_said = (qe, speaker)
        return doc

    def _platform(self, context: str, after: str, before: str) -> str | None:
        for window in (after + " " + before, context):
            for rx in OUTLET_FORMS:
                m = rx.search(window)
                if m:
                    outlet = m.group(1).strip()
                    return outlet[:-1] if outlet.endswith(".") and not outlet.endswith(".com.") else outlet
            for rx, name in PLATFORMS:
                if rx.search(window):
                    return name
        return None


@Language.factory("slate_quotes", default_config={"min_words": 2, "short_words": 4})
def make_quotes(nlp: Language, name: str, *, min_words: int, short_words: int) -> QuoteFinder:
    return QuoteFinder(nlp, name, min_words=min_words, short_words=short_words)
