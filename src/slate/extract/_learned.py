"""Slate's trained components, loaded from ``models/`` beside this file (committed; never downloaded).

- ``models/relevance``: a bag-of-words text classifier over tokens only; an article it judges not to be
  about film or TV productions is not parsed and yields nothing.
- ``models/titles``: a span categoriser (label ``TITLE``) over en_core_web_sm's token vectors; its spans
  are candidates of the rule-based title finder (``slate_titles``).

Both are reproduced by ``./dev train`` (``scripts/train.py``, configs in ``training/``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from slate.extract import _layers  # noqa: F401  (registers slate.DocTensor.v1 and the suggester)

MODELS_DIR = Path(__file__).resolve().parent / "models"
SPANS_KEY = "slate_titles"
#: an article whose relevance score is below this is not about productions.  Set low on purpose:
#: dropping a real production article loses everything in it, keeping a stray one costs a parse.
RELEVANCE_THRESHOLD = 0.2
#: characters of an article the relevance classifier reads (its opening says what it is about)
RELEVANCE_CHARS = 3000


def available(name: str) -> bool:
    return (MODELS_DIR / name / "config.cfg").is_file()


@lru_cache(maxsize=2)
def relevance_model() -> Language:
    return spacy.load(MODELS_DIR / "relevance")


@lru_cache(maxsize=2)
def title_model() -> Language:
    return spacy.load(MODELS_DIR / "titles")


def relevance_score(nlp: Language, text: str) -> float:
    return float(nlp(text[:RELEVANCE_CHARS]).cats.get("RELEVANT", 1.0))


def model_versions() -> str:
    """``titles-1.0.0+abc123,relevance-1.0.0+def456``: the trained models in use, for the extractor version."""
    out = []
    for name in ("titles", "relevance"):
        if available(name):
            import json

            meta = json.loads((MODELS_DIR / name / "meta.json").read_text(encoding="utf-8"))
            out.append(f"{name}-{meta.get('version', '?')}")
    return ",".join(out)
