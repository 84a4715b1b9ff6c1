"""The learned relation reader (``slate_relations``): its candidate pairs, its saved weights, and how it adds
facts beside the rules, on sentences written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy

from slate.extract import Extractor
from slate.extract import relations as rel
from slate.extract._base import facts
from slate.models import Article

TEXT = (
    'The heist film "Glass Ledger" shoots in Lisbon next month, starring Oren Falk. '
    "Mira Jansen heads the crew of the rival picture, which Kestrel Studios backs."
)


def _doc(extractor: Extractor, text: str = TEXT):  # type: ignore[no-untyped-def]
    article = Article.create(text=text, published=date(2025, 5, 1), ref="r")
    with extractor.nlp.select_pipes(disable=["slate_relations"]):
        return extractor.nlp(extractor._make_doc(article))


def test_pairs_carry_the_rules_findings(extractor: Extractor) -> None:
    doc = _doc(extractor)
    pairs = {(p.title, p.value, p.kind): p for p in rel.candidate_pairs(doc)}
    falk = pairs[("Glass Ledger", "Oren Falk", "PERSON")]
    assert "cast" in falk.stated  # the cast rule read "starring Oren Falk"
    assert falk.features and all(0 <= h < 1 << rel.BITS for h in falk.features)
    # a sentence that names no production pairs its people with the production in focus
    assert ("Glass Ledger", "Mira Jansen", "PERSON") in pairs
    assert not pairs[("Glass Ledger", "Mira Jansen", "PERSON")].stated


def test_weights_round_trip(tmp_path: Path) -> None:
    rng = numpy.random.default_rng(7)
    weights = numpy.zeros((len(rel.RELATIONS), 1 << rel.BITS), dtype="float32")
    cols = rng.integers(0, 1 << rel.BITS, 500)
    weights[:, cols] = rng.normal(size=(len(rel.RELATIONS), 500)).astype("float32")
    model = rel.RelationModel(weights, numpy.arange(len(rel.RELATIONS), dtype="float32") / 10, {"cast": 0.4})
    model.save(tmp_path / "m", {"version": "test"})
    back = rel.RelationModel.load(tmp_path / "m")
    feats = tuple(sorted({int(c) for c in cols[:40]}))
    assert numpy.allclose(back.scores(feats), model.scores(feats), atol=1e-2)
    assert back.thresholds == {"cast": 0.4}


def _always(rel_name: str, threshold: float) -> rel.RelationModel:
    """A model that scores every pair 0.88 for one relation, through the 'bias' feature every pair has."""
    weights = numpy.zeros((len(rel.RELATIONS), 1 << rel.BITS), dtype="float32")
    weights[rel.RELATIONS.index(rel_name), rel._hash(["bias"])[0]] = 2.0
    bias = numpy.full(len(rel.RELATIONS), -30.0, dtype="float32")
    bias[rel.RELATIONS.index(rel_name)] = 0.0
    return rel.RelationModel(weights, bias, {r: threshold for r in rel.RELATIONS})


def test_adds_what_the_rules_did_not_state_above_the_decision_point(extractor: Extractor) -> None:
    finder = rel.RelationFinder(extractor.nlp, "slate_relations", enabled=False, threshold_offset=0.0)
    finder.model = _always("cast", 0.5)
    doc = finder(_doc(extractor))
    cast = [(f.title, f.value, f.confidence) for f in facts(doc) if f.rel == "cast"]
    assert ("Glass Ledger", "Mira Jansen", 0.881) in cast  # added by the model, with its score as confidence
    # stated by the rules once (their raw value still has the sentence's full stop), not added again
    assert [v.rstrip(".") for t, v, _ in cast if v.startswith("Oren Falk")] == ["Oren Falk"]
    assert not [f for f in facts(doc) if f.rel == "director"]
    finder.model = _always("cast", 0.95)  # over the score: nothing added
    doc = finder(_doc(extractor))
    assert ("Glass Ledger", "Mira Jansen") not in {(f.title, f.value) for f in facts(doc) if f.rel == "cast"}


def test_a_company_is_only_a_studio(extractor: Extractor) -> None:
    finder = rel.RelationFinder(extractor.nlp, "slate_relations", enabled=False, threshold_offset=0.0)
    finder.model = _always("cast", 0.5)
    doc = finder(_doc(extractor))
    assert "Kestrel Studios" not in {f.value for f in facts(doc) if f.rel == "cast"}


def test_the_committed_model_is_in_the_extractor_version(extractor: Extractor) -> None:
    assert "relations-1.0.0+" in extractor.version
    finder = extractor.nlp.get_pipe("slate_relations")
    assert isinstance(finder, rel.RelationFinder) and finder.model is not None
