"""The learned title check (``slate_title_check``): what it reads of a found production, and that a production
under its decision point goes with every fact attached to it; on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import numpy
from spacy.tokens import Doc

from slate.extract import Extractor
from slate.extract import relations as rel
from slate.extract import title_check as tc
from slate.extract._base import facts, mentions, titles
from slate.models import Article

TEXT = (
    'The heist film "Glass Ledger" shoots in Lisbon next month, starring Oren Falk. '
    'Falk also leads the drama "Salt Kingdom" for Kestrel Studios.'
)


def _doc(extractor: Extractor) -> Doc:
    article = Article.create(text=TEXT, published=date(2025, 5, 1), ref="t")
    with extractor.nlp.select_pipes(disable=["slate_title_check"]):
        return extractor.nlp(extractor._make_doc(article))


def test_features_describe_how_a_production_was_found_and_used(extractor: Extractor) -> None:
    doc = _doc(extractor)
    feats = tc.entry_features(doc, titles(doc)["Glass Ledger"])
    assert "why:quoted" in feats and "rel:cast" in feats and "quoted:True" in feats
    assert "prev:film" in feats or "prev:“" in feats or 'prev:"' in feats


def _scoring(marked: str) -> rel.RelationModel:
    """A model that scores a production 0.12 unless it has the feature ``marked`` (then 0.88)."""
    weights = numpy.zeros((1, 1 << rel.BITS), dtype="float32")
    weights[0, rel._hash([marked])[0]] = 4.0
    return rel.RelationModel(weights, numpy.array([-2.0], dtype="float32"), {"valid": 0.5})


def test_a_production_under_the_decision_point_goes_with_its_facts(extractor: Extractor) -> None:
    check = tc.TitleCheck(extractor.nlp, "slate_title_check", enabled=False, threshold_offset=0.0, min_chars=0)
    check.model = _scoring("primary:True")  # only the article's main production passes
    doc = check(_doc(extractor))
    assert set(titles(doc)) == {"Glass Ledger"}
    assert {f.title for f in facts(doc)} == {"Glass Ledger"}
    assert {m.name for m in mentions(doc) if m.name} == {"Glass Ledger"}
    check.model = _scoring("bias")  # everything passes
    doc = check(_doc(extractor))
    assert {"Glass Ledger", "Salt Kingdom"} <= set(titles(doc))
    check.model, check.min_chars = _scoring("primary:True"), 600  # a snippet: the check abstains
    doc = check(_doc(extractor))
    assert {"Glass Ledger", "Salt Kingdom"} <= set(titles(doc))


def test_the_committed_model_is_in_the_extractor_version(extractor: Extractor) -> None:
    assert "title_check-1.0.0+" in extractor.version
    check = extractor.nlp.get_pipe("slate_title_check")
    assert isinstance(check, tc.TitleCheck) and check.model is not None
    assert 0.0 <= check.model.thresholds["valid"] <= 1.0
