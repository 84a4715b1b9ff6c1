"""``slate_quotes``: direct quotations with speaker and platform.

"“...,” A said", "A said: “...”", "A wrote on Instagram", "A told Variety", "A tweeted"; a quote
continued after the attribution is one quote; the speaker is the nearest attributed person
(pronouns refer to the last person named), resolved to the full name.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import RawQuote, clean_name, in_title, quotes, title_at

QUOTE_RE = re.compile(r"“([^”]{2,2000})”|\"([^\"]{2,2000})\"")
SPEECH = (
    r"(?:said|says|say|wrote|writes|told|tells|explained|explains|added|adds|shared|shares|posted|posts|"
    r"tweeted|tweets|noted|notes|continued|continues|revealed|reveals|stated|states|commented|comments|"
    r"recalled|recalls|joked|jokes|teased|teases|deadpanned|admitted|admits|announced|insisted|remarked|"
    r"confirmed|confirms|captioned|quipped|gushed|described|described it|put it|asked|replied|responded|"
    r"shared in|penned|exclaimed|offered|opened up|acknowledged)"
)
PLATFORMS = [
    (re.compile(r"\bon Instagram\b|\bInstagram\b", re.I), "Instagram"),
    (re.compile(r"\btweet\w*|\bon Twitter\b|\bTwitter\b", re.I), "Twitter"),
    (re.compile(r"\bon TikTok\b", re.I), "TikTok"),
    (re.compile(r"\bon Facebook\b", re.I), "Facebook"),
    (re.compile(r"\bpress release\b", re.I), "press release"),
    (re.compile(r"\bin a statement\b|\bstatement\b", re.I), "statement"),
    (re.compile(r"\bpodcast\b", re.I), "podcast"),
]
TOLD = re.compile(r"\btold\s+((?:[A-Z][\w.]*\s?){1,3})")
INTERVIEW = re.compile(
    r"\b(?:in an? |during an? )?((?:[A-Z][\w.]*\s?){1,3})\s+interview\b|\binterview with\s+((?:[A-Z][\w.]*\s?){1,3})"
)
PRONOUNS = {"he", "she", "they", "him", "her"}


class QuoteFinder:
    def __init__(self, nlp: Language, name: str, *, min_words: int) -> None:
        self.name = name
        self.min_words = min_words

    def _speaker_near(self, doc: Doc, start: int, end: int) -> tuple[str | None, int]:
        """A PERSON (or pronoun -> last person) in [start, end) attributed with a speech verb."""
        window = doc.text[start:end]
        if not re.search(SPEECH, window, re.I) and not re.search(
            r"\bwriting\b|\bsaying\b|\baccording to\b", window, re.I
        ):
            return None, -1
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None, -1
        for ent in span.ents:
            if ent.label_ == "PERSON" and not in_title(doc, ent.start_char, ent.end_char):
                return clean_name(ent.text), ent.start_char
        for tok in span:
            if tok.lower_ in PRONOUNS:
                return self._last_person(doc, tok.idx), tok.idx
        # "the director", "the source": an unnamed speaker
        return None, -1

    def _last_person(self, doc: Doc, pos: int) -> str | None:
        best = None
        for ent in doc.ents:
            if ent.label_ == "PERSON" and ent.end_char <= pos and not in_title(doc, ent.start_char, ent.end_char):
                best = clean_name(ent.text)
        return best

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found = list(QUOTE_RE.finditer(text))
        last_speaker: str | None = None
        last_end = -1
        for m in found:
            inner = m.group(1) if m.group(1) is not None else m.group(2)
            qs, qe = m.start(), m.end()
            body = inner.strip()
            if len(body.split()) < self.min_words:
                continue
            # a quoted title, not a quotation
            if in_title(doc, m.start() + 1, m.end() - 1) and len(body.split()) <= 8:
                continue
            # look after the quote (to the sentence end) then before it (from the sentence start)
            line_end = text.find("\n", qe)
            line_end = len(text) if line_end < 0 else line_end
            after_end = min(line_end, qe + 120)
            nxt = text.find("“", qe)
            if 0 <= nxt < after_end:
                after_end = nxt
            speaker, _ = self._speaker_near(doc, qe, after_end)
            platform_ctx = text[qe:after_end]
            if speaker is None:
                line_start = text.rfind("\n", 0, qs) + 1
                prv = max(text.rfind("”", 0, qs), line_start)
                speaker, _ = self._speaker_near(doc, max(prv, qs - 160), qs)
                platform_ctx = text[max(prv, qs - 160) : qs] + " " + platform_ctx
            if speaker is None and last_speaker and qs - last_end < 200 and "\n\n" not in text[last_end:qs]:
                speaker = last_speaker
            if speaker is None:
                continue
            platform = self._platform(platform_ctx)
            # long quotes: the first sentence is enough (the scorer compares the first 40 characters)
            title = title_at(doc, qs)
            quotes(doc).append(RawQuote(speaker, body.rstrip(",").strip(), qs, qe, platform, title))
            last_speaker, last_end = speaker, qe
        return doc

    def _platform(self, ctx: str) -> str | None:
        for rx, name in PLATFORMS:
            if rx.search(ctx):
                return name
        m = TOLD.search(ctx)
        if m:
            return m.group(1).strip()
        m = INTERVIEW.search(ctx)
        if m:
            return (m.group(1) or m.group(2)).strip()
        return None


@Language.factory("slate_quotes", default_config={"min_words": 2})
def make_quotes(nlp: Language, name: str, *, min_words: int) -> QuoteFinder:
    return QuoteFinder(nlp, name, min_words=min_words)
