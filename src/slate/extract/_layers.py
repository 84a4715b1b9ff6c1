"""Model pieces of Slate's trained components, registered with spaCy so a saved model loads offline.

- ``slate.DocTensor.v1``: the token vectors the pipeline's own ``tok2vec`` already wrote to
  ``doc.tensor`` (en_core_web_sm's, 96 wide), as the input of a trained component.  The title
  recogniser reads them instead of running a second embedding network, so it costs little more than
  its span scorer, and it learns nothing into them (the tagger, parser and entity recogniser that
  share them are left exactly as shipped).
- ``slate.title_suggester.v1``: the candidate spans the title recogniser scores: runs of 1 to
  ``max_size`` tokens that begin like a name does (a capital letter or a digit) and do not end on a word that cannot end a title ("of", "and", a comma).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model, Ragged
from thinc.types import Floats2d, Ints2d

NO_END = {
    "of", "and", "the", "a", "an", "in", "on", "at", "to", "for", "with", "from", "by", "or", "as", ",", ":",
    "-", "–", "—", "(", "'s", "’s", "\"", "“", "‘",
}  # fmt: skip


@registry.architectures("slate.DocTensor.v1")
def doc_tensor(width: int = 96) -> Model[list[Doc], list[Floats2d]]:
    """``doc.tensor`` of each document, as set by the upstream ``tok2vec`` (not trained here)."""

    def forward(model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool) -> tuple[Any, Callable]:
        ops = model.ops
        out = []
        for doc in docs:
            t = doc.tensor
            if t is None or t.size == 0 or t.shape[0] != len(doc):
                t = numpy.zeros((len(doc), width), dtype="float32")
            out.append(ops.asarray2f(t))

        def backprop(d_out: list[Floats2d]) -> list[Doc]:
            return []

        return out, backprop

    return Model("doc_tensor", forward, dims={"nO": width})


def _starts_name(text: str) -> bool:
    return bool(text) and (text[0].isupper() or text[0].isdigit())


@registry.misc("slate.title_suggester.v1")
def title_suggester(max_size: int = 10) -> Callable[[Iterable[Doc], Any], Ragged]:
    def suggest(docs: Iterable[Doc], *, ops: Any = None) -> Ragged:
        if ops is None:
            from thinc.api import get_current_ops

            ops = get_current_ops()
        spans: list[list[tuple[int, int]]] = []
        lengths = []
        for doc in docs:
            found: list[tuple[int, int]] = []
            n = len(doc)
            for i in range(n):
                if not _starts_name(doc[i].text):
                    continue
                for j in range(i + 1, min(n, i + max_size) + 1):
                    last = doc[j - 1]
                    if last.is_space or last.text == "." or (j > i + 1 and "\n" in doc[j - 2].whitespace_):
                        break
                    if last.lower_ in NO_END or (last.is_punct and last.text not in {"!", "?", ")"}):
                        continue
                    found.append((i, j))
            spans.append(found)
            lengths.append(len(found))
        flat = [s for doc_spans in spans for s in doc_spans]
        arr: Ints2d = ops.asarray2i(numpy.asarray(flat, dtype="int32").reshape((-1, 2)))
        return Ragged(arr, ops.asarray1i(numpy.asarray(lengths, dtype="int32")))

    return suggest


@registry.architectures("slate.TitleTok2Vec.v1")
def title_tok2vec(
    tensor_width: int = 96, width: int = 64, depth: int = 2, rows: list[int] | None = None
) -> Model[list[Doc], list[Floats2d]]:
    """The pipeline's own token vectors (``doc.tensor``, frozen) beside a small embedding of the
    title recogniser's own (word, shape, prefix, suffix; ``depth`` convolution layers), learned on titles."""
    from spacy.ml.models.tok2vec import MaxoutWindowEncoder, MultiHashEmbed, build_Tok2Vec_model
    from thinc.api import concatenate

    own = build_Tok2Vec_model(
        MultiHashEmbed(
            width=width,
            attrs=["NORM", "SHAPE", "PREFIX", "SUFFIX"],
            rows=rows or [5000, 500, 1000, 1000],
            include_static_vectors=False,
        ),
        MaxoutWindowEncoder(width=width, depth=depth, window_size=1, maxout_pieces=3),
    )
    model: Model[list[Doc], list[Floats2d]] = concatenate(doc_tensor(tensor_width), own)
    model.set_dim("nO", tensor_width + width)
    return model
