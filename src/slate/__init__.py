"""Slate: a time-aware, sourced database of film and TV productions read from dated news."""

from __future__ import annotations

from slate.errors import AccountError, EditError, InputError, NotFoundError, SlateError, StoreError
from slate.models import Article, Evidence, Extraction, Fact, Quote, TitleInfo, TitleLink

__version__ = "0.1.0"

__all__ = [
    "AccountError",
    "Article",
    "EditError",
    "Evidence",
    "Extraction",
    "Fact",
    "InputError",
    "NotFoundError",
    "Quote",
    "SlateError",
    "StoreError",
    "TitleInfo",
    "TitleLink",
    "__version__",
]
