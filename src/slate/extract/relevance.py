"""The relevance classifier: is an article about film or TV productions?

A naive Bayes model over the words of the article's opening (``RELEVANCE_CHARS`` characters,
lower-cased, no parse): each word has a learned weight, the log-ratio of how often it occurs in
production news and in other news in the team's annotated training articles.  The article's score
is the mean weight of its known words (each clipped to ``±cap``), so an article is judged by what its
words are, not by how many there are; a word never seen in training (a name, a rare word) weighs
nothing.  It costs a regular expression and a table look-up per word, so a crawl that is mostly
irrelevant costs little.

Words are kept as hashed buckets, never as text: the model holds no list of words.  Trained by
``./dev train`` (``scripts/train.py``), saved in ``models/relevance/`` (weights ``.npz`` + ``meta.json``).
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy

#: characters of an article the classifier reads (its opening says what it is about)
RELEVANCE_CHARS = 3000
BUCKETS = 1 << 20
#: fewer known words than this and an article is not judged to be about productions
MIN_KNOWN = 3
WORD = re.compile(r"[a-z][a-z'’-]+")


def words(text: str) -> list[str]:
    return WORD.findall(text[:RELEVANCE_CHARS].lower())


def bucket(word: str) -> int:
    return zlib.crc32(word.encode("utf-8")) & (BUCKETS - 1)


class RelevanceModel:
    """``score(text)`` in (0, 1): 0.5 at the trained decision point, higher is more about productions."""

    def __init__(
        self,
        weights: dict[int, float],
        *,
        offset: float,
        cap: float,
        scale: float = 8.0,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self.weights = weights
        self.offset = offset
        self.cap = cap
        self.scale = scale
        self.meta = meta or {}

    def raw(self, text: str) -> float:
        """The mean weight of the article's known words (at least ``MIN_KNOWN`` of them, else ``-cap``):
        names and rare words carry no evidence either way, so a page that is mostly a list of names is
        judged by the words around them."""
        get = self.weights.get
        cap = self.cap
        total = 0.0
        known = 0
        for w in words(text):
            v = get(bucket(w))
            if v is not None:
                total += cap if v > cap else -cap if v < -cap else v
                known += 1
        return total / known if known >= MIN_KNOWN else -cap

    def score(self, text: str) -> float:
        z = self.scale * (self.raw(text) - self.offset)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    # -- training -----------------------------------------------------------------------------
    @classmethod
    def train(
        cls, examples: Iterable[tuple[str, bool]], *, alpha: float = 1.0, min_docs: int = 2, cap: float = 3.0
    ) -> RelevanceModel:
        """Word weights from (text, relevant) examples; the decision point is set afterwards (``offset``)."""
        counts = {True: Counter[int](), False: Counter[int]()}
        docs: Counter[int] = Counter()
        for text, relevant in examples:
            bs = [bucket(w) for w in words(text)]
            counts[relevant].update(bs)
            docs.update(set(bs))
        vocab = [b for b, n in docs.items() if n >= min_docs]
        n_pos, n_neg, v = sum(counts[True].values()), sum(counts[False].values()), len(vocab)
        weights = {
            b: math.log((counts[True][b] + alpha) / (n_pos + alpha * v))
            - math.log((counts[False][b] + alpha) / (n_neg + alpha * v))
            for b in vocab
        }
        return cls(weights, offset=0.0, cap=cap)

    # -- storage ------------------------------------------------------------------------------
    def save(self, path: Path, meta: dict[str, Any]) -> None:
        path.mkdir(parents=True, exist_ok=True)
        keys = numpy.array(sorted(self.weights), dtype="int32")
        values = numpy.array([self.weights[int(k)] for k in keys], dtype="float32")
        numpy.savez_compressed(path / "weights.npz", buckets=keys, weights=values)
        full = {**meta, "offset": self.offset, "cap": self.cap, "scale": self.scale, "buckets": BUCKETS}
        (path / "meta.json").write_text(json.dumps(full, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RelevanceModel:
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        if meta.get("buckets") != BUCKETS:
            raise ValueError(f"{path}: trained with {meta.get('buckets')} buckets, this code hashes into {BUCKETS}")
        with numpy.load(path / "weights.npz") as z:
            weights = dict(zip(z["buckets"].tolist(), z["weights"].tolist(), strict=True))
        return cls(weights, offset=float(meta["offset"]), cap=float(meta["cap"]), scale=float(meta["scale"]), meta=meta)
