"""Model pieces of Slate's trained components, registered with spaCy so a saved model loads offline.

- ``slate.DocTensor.v1``: the token vectors the pipeline's own ``tok2vec`` already wrote to
  ``doc.tensor`` (en_core_web_sm's, 96 wide), as the input of a trained component.  The title
  recogniser reads them instead of running a second embedding network, so it costs little more than
  its span scorer, and it learns nothing into them (the tagger, parser and entity recogniser that
  share them are left exactly as shipped).
- ``slate.TitleTok2Vec.v1``: those vectors beside a small embedding the title recogniser learns itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Model
from thinc.types import Floats2d


@registry.architectures("slate.DocTensor.v1")  # type: ignore[untyped-decorator]
def doc_tensor(width: int = 96) -> Model[list[Doc], list[Floats2d]]:
    """``doc.tensor`` of each document, as set by the upstream ``tok2vec`` (not trained here)."""

    def forward(
        model: Model[list[Doc], list[Floats2d]], docs: list[Doc], is_train: bool
    ) -> tuple[list[Floats2d], Callable[[list[Floats2d]], list[Doc]]]:
        ops = model.ops
        out = []
        for doc in docs:
            t = doc.tensor
            if t is None or t.size == 0 or t.shape[0] != len(doc):
                t = numpy.zeros((len(doc), width), dtype="float32")
            out.append(ops.asarray2f(cast(Floats2d, numpy.asarray(t, dtype="float32"))))

        def backprop(d_out: list[Floats2d]) -> list[Doc]:
            return []

        return out, backprop

    return Model("doc_tensor", forward, dims={"nO": width})


@registry.architectures("slate.TitleTok2Vec.v1")  # type: ignore[untyped-decorator]
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
