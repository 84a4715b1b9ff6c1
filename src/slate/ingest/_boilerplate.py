"""Is the text extracted from a page an article, or only what a site shows instead of one?

A page behind a script check ("JavaScript is disabled in your browser"), a cookie wall, a paywall stub
("Subscribe to continue reading"), a bot check or an error page has text, and trafilatura hands it back
as the page's text. Such a page is "no article text": its paragraphs that are notices of these kinds are
set aside, and what is left must have at least :data:`MIN_ARTICLE_WORDS` words.
"""

from __future__ import annotations

import re

#: fewer words than this, notices aside, is not an article (a news brief has a few sentences)
MIN_ARTICLE_WORDS = 25

_NOTICES: list[tuple[str, re.Pattern[str]]] = [
    (
        "a JavaScript notice",
        re.compile(
            r"\bjavascript (?:is |has been )?(?:disabled|required|turned off|not enabled|must be enabled|is needed)"
            r"|\b(?:enable|turn on|activate|allow) javascript\b|\bjavascript (?:to|in order to) (?:view|continue|use)"
            r"|\bbrowser (?:does not|doesn't) support javascript",
            re.I,
        ),
    ),
    (
        "a cookie wall",
        re.compile(
            r"\b(?:accept|allow|enable|reject|manage) (?:all |the |our )?cookies\b|\bwe (?:and our partners )?use "
            r"cookies\b|\bcookie (?:settings|preferences|policy|consent)\b|\bthis (?:site|website) uses cookies\b",
            re.I,
        ),
    ),
    (
        "a paywall",
        re.compile(
            r"\bsubscribe (?:now )?(?:to|for) (?:continue|keep) reading|\bsubscribe to read\b|\balready a "
            r"(?:subscriber|member)\b|\b(?:this|the full) (?:article|story|content) is (?:only )?(?:available|"
            r"reserved) (?:to|for) (?:subscribers|members)|\byou(?:'ve| have) (?:reached|used) (?:your|all of your) "
            r"(?:limit|free articles|monthly)|\bsign in to (?:continue|read)|\bcreate a free account to (?:continue|"
            r"read)|\bunlock (?:this|the full) (?:article|story)\b|\bsubscribers only\b",
            re.I,
        ),
    ),
    (
        "a bot check",
        re.compile(
            r"\bare you a (?:robot|human)\b|\bverify (?:that )?you are (?:a )?human\b|\bchecking your browser\b"
            r"|\bcomplete the security check\b|\bunusual traffic from your (?:computer|network)\b",
            re.I,
        ),
    ),
    (
        "an error page",
        re.compile(
            r"^\W*(?:404|403|410|500)\b(?=.{0,40}\b(?:error|not found|forbidden|gone)\b)"
            r"|\bpage (?:not found|could not be found|cannot be found|does not exist)\b"
            r"|\baccess (?:denied|forbidden)\b|\bsomething went wrong\b",
            re.I,
        ),
    ),
]


def not_an_article(text: str) -> str | None:
    """Why ``text`` (a page's extracted text) is no article, in a few words, or None if it is one."""
    kept = 0
    notice: tuple[str, str] | None = None
    for paragraph in re.split(r"\n\s*\n|\n", text):
        words = len(paragraph.split())
        if not words:
            continue
        found = next((what for what, pattern in _NOTICES if pattern.search(paragraph)), None)
        if found is not None and words <= 80:
            if notice is None:
                notice = (found, paragraph.strip())
            continue
        kept += words
    if kept >= MIN_ARTICLE_WORDS:
        return None
    if notice is not None:
        what, paragraph = notice
        shown = paragraph if len(paragraph) <= 60 else paragraph[:59].rstrip() + "…"
        return f"the page is {what} ({shown!r})"
    return f"{kept} words, too few for an article (at least {MIN_ARTICLE_WORDS})"
