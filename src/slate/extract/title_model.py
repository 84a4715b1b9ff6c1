"""``slate_title_model``: the trained title recogniser (``models/titles``), run inside Slate's pipeline.

It is an entity recogniser with one label, ``TITLE``, trained on the team's annotations (every
mention of every production an annotator found) by ``./dev train``.  It reads the token vectors the
pipeline's own ``tok2vec`` already computed, so it runs after it; it never touches the pipeline's
entities (PERSON, ORG, ...): its mentions go to ``doc.spans["slate_title_model"]``, where
``slate_titles`` takes them as candidates beside its surface rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc

from slate.extract import _learned

SPANS_KEY = "slate_title_model"


class TitleModel:
    def __init__(self, nlp: Language, name: str, *, enabled: bool) -> None:
        self.name = name
        self.enabled = enabled and _learned.available("titles")
        self.ner: EntityRecognizer | None = None
        if self.enabled:
            ner = _learned.title_model().get_pipe("ner")
            assert isinstance(ner, EntityRecognizer)
            self.ner = ner
            for label in self.ner.labels:  # the spans it makes are labelled in this pipeline's vocabulary
                nlp.vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        return self._run([doc])[0]

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 64) -> Iterator[Doc]:
        """Batched (``nlp.pipe`` calls this): one network pass and one parse loop per batch, not per document."""
        stream = iter(docs)
        while batch := list(islice(stream, max(batch_size, 1))):
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> list[Doc]:
        if self.ner is None:
            for doc in docs:
                doc.spans[SPANS_KEY] = []
            return docs
        kept = [doc.ents for doc in docs]
        for doc in docs:
            doc.ents = []
        try:
            self.ner.set_annotations(docs, self.ner.predict(docs))
            found = [[e for e in doc.ents if e.label_ == "TITLE"] for doc in docs]
        finally:
            for doc, ents in zip(docs, kept, strict=True):
                doc.ents = ents
        for doc, spans in zip(docs, found, strict=True):
            doc.spans[SPANS_KEY] = spans
        return docs


@Language.factory("slate_title_model", default_config={"enabled": True})
def make_title_model(nlp: Language, name: str, *, enabled: bool) -> TitleModel:
    return TitleModel(nlp, name, enabled=enabled)
