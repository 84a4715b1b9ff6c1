"""Extraction: ``Article -> Extraction`` with spaCy plus Slate's own pipeline components.

Pure: no I/O besides loading the model once, no global state beyond it, so it runs in worker
processes and on a Dask cluster.  Each component lives in its own module and registers a
``@Language.factory``; :func:`load_nlp` builds the pipeline.
"""

from __future__ import annotations

from slate.extract._pipeline import (
    COMPONENTS,
    DEFAULT_MODELS,
    EXTRACTOR_VERSION,
    Extractor,
    load_nlp,
)

__all__ = ["COMPONENTS", "DEFAULT_MODELS", "EXTRACTOR_VERSION", "Extractor", "load_nlp"]
