"""Slate's trained models, loaded from ``models/`` beside this file (committed; never downloaded).

- ``models/relevance``: the relevance classifier (:mod:`slate.extract.relevance`); an article it judges
  not to be about film or TV productions is not parsed and yields nothing.
- ``models/relations``: logistic regressions over (production, person) pairs of a sentence
  (:mod:`slate.extract.relations`), run by the ``slate_relations`` component.
- ``models/title_check``: a logistic regression judging each found production (:mod:`slate.extract.title_check`).
- ``models/titles``: an entity recogniser (label ``TITLE``) over en_core_web_sm's token vectors, run by
  the ``slate_title_model`` component.

Both are reproduced by ``./dev train`` (``scripts/train.py``, configs and settings in ``training/``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from slate.extract import _layers  # noqa: F401  (registers slate.DocTensor.v1 and slate.TitleTok2Vec.v1)
from slate.extract.relations import RelationModel
from slate.extract.relevance import RelevanceModel

MODELS_DIR = Path(__file__).resolve().parent / "models"
#: an article whose relevance is below this is not about productions (0.5 is the trained decision point)
RELEVANCE_THRESHOLD = 0.5
FILES = {"titles": "config.cfg", "relevance": "weights.npz", "relations": "weights.npz", "title_check": "weights.npz"}


def available(name: str) -> bool:
    return (MODELS_DIR / name / FILES[name]).is_file() and (MODELS_DIR / name / "meta.json").is_file()


@lru_cache(maxsize=2)
def relevance_model() -> RelevanceModel:
    return RelevanceModel.load(MODELS_DIR / "relevance")


@lru_cache(maxsize=2)
def relation_model() -> RelationModel:
    return RelationModel.load(MODELS_DIR / "relations")


@lru_cache(maxsize=2)
def title_check_model() -> RelationModel:
    return RelationModel.load(MODELS_DIR / "title_check")


@lru_cache(maxsize=2)
def title_model() -> Language:
    return spacy.load(MODELS_DIR / "titles")


def model_versions() -> str:
    """``titles-1.0.0+abc123,relevance-1.0.0+abc123``: the trained models in use, for the extractor version."""
    out = []
    for name in ("titles", "relevance", "relations", "title_check"):
        if available(name):
            meta = json.loads((MODELS_DIR / name / "meta.json").read_text(encoding="utf-8"))
            out.append(f"{name}-{meta.get('version', '?')}")
    return ",".join(out)
