"""Ingest: any source (text, HTML, JSONL, WARC, directories, stdin) -> a stream of Articles.

Bad items come out of the stream as :class:`~slate.errors.InputError` values (one line each) so
the rest of a batch goes on.
"""

from __future__ import annotations

from slate.ingest._decode import MAX_ARTICLE_BYTES
from slate.ingest._sources import html_article, iter_articles, parse_header_date, text_article, url_date

__all__ = [
    "MAX_ARTICLE_BYTES",
    "html_article",
    "iter_articles",
    "parse_header_date",
    "text_article",
    "url_date",
]
