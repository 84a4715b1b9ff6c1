"""``slate_relations``: a learned reading of how a person named in a sentence is credited on a production
(cast, director, writer or producer), beside the crew and cast rules.

Each person the small model names in a sentence is paired with every production mentioned in that
sentence (or, when none is, with the production in focus there).  A pair is described by hashed words
and shapes — the words between the two and around each, their distance and order, whether another
production or person stands between, the person's place in the parse — and one logistic regression per
relation scores it.  Weights (``models/relations/weights.npz``) are learned by ``./dev train relations``
from the team's annotations, on the pipeline's own title mentions, so the model learns the cues the
rules do not list ("Joining the ensemble are newcomers A, B") and which of several productions a name
goes with.  A pair scoring over the relation's decision point becomes a fact unless the rules already
stated it.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

from slate.extract._base import RawFact, TitleMention, add_fact, facts, mentions, people, title_at, titles
from slate.extract._names import COMPANY, clean_person, is_person_name

RELATIONS = ("cast", "director", "writer", "producer", "studio")
#: which relations a candidate of each entity type can hold
ELIGIBLE = {"PERSON": ("cast", "director", "writer", "producer"), "ORG": ("studio",)}
BITS = 18
MODEL_DIR = Path(__file__).resolve().parent / "models" / "relations"


@dataclass(frozen=True)
class Pair:
    """A person and a production named in one sentence (the production in focus when none is named)."""

    title: str
    value: str  # the person's fullest name in the article (a company's name as written)
    kind: str  # "PERSON" or "ORG"
    start: int  # the person's char offsets (the fact's evidence)
    end: int
    features: tuple[int, ...]
    stated: frozenset[str] = frozenset()  # the relations the rules already gave this value on this production


def _bucket(n: int) -> str:
    for b in (0, 1, 2, 3, 5, 8, 12, 20):
        if n <= b:
            return str(b)
    return "far"


def _words(span: Span) -> list[str]:
    return [t.lower_ if t.is_alpha or t.is_punct else ("<num>" if t.like_num else t.shape_) for t in span]


def _hash(feats: list[str]) -> tuple[int, ...]:
    mask = (1 << BITS) - 1
    return tuple(sorted({zlib.crc32(f.encode("utf-8")) & mask for f in feats}))


def _pair_features(
    doc: Doc, sent: Span, person: Span, mention: Span | None, generic: bool, others: list[Span], persons: list[Span]
) -> list[str]:
    f = ["bias", f"type:{person.label_}"]
    p0, p1 = person.start, person.end
    left = _words(doc[max(sent.start, p0 - 3) : p0])
    right = _words(doc[p1 : min(sent.end, p1 + 3)])
    for k, w in enumerate(reversed(left)):
        f.append(f"pl{k}:{w}")
    for k, w in enumerate(right):
        f.append(f"pr{k}:{w}")
    if left:
        f.append(f"pl01:{'_'.join(left[-2:])}")
    if right:
        f.append(f"pr01:{'_'.join(right[:2])}")
    root = person.root
    f.append(f"pdep:{root.dep_}")
    f.append(f"phead:{root.head.lower_}")
    f.append(f"phead_dep:{root.head.dep_}:{root.dep_}")
    listed = any(q is not person and (abs(q.end - p0) <= 2 or abs(p1 - q.start) <= 2) for q in persons)
    f.append(f"listed:{listed}")
    if mention is None:
        f.append("focus")
        return f
    m0, m1 = mention.start, mention.end
    f.append(f"generic:{generic}")
    before = m1 <= p0
    order = "TP" if before else "PT"
    gap = doc[m1:p0] if before else doc[p1:m0]
    f.append(f"order:{order}")
    f.append(f"dist:{order}:{_bucket(len(gap))}")
    words = _words(gap)
    if len(words) > 12:
        words = words[:6] + ["..."] + words[-6:]
    for w in words:
        f.append(f"b:{order}:{w}")
    for a, b in zip(words, words[1:], strict=False):
        f.append(f"bb:{order}:{a}_{b}")
    if len(gap) <= 4:
        f.append(f"gap:{order}:{'_'.join(words)}")
    ml = _words(doc[max(sent.start, m0 - 2) : m0])
    mr = _words(doc[m1 : min(sent.end, m1 + 2)])
    f.append(f"ml:{'_'.join(ml)}")
    f.append(f"mr:{'_'.join(mr)}")
    lo, hi = (m1, p0) if before else (p1, m0)
    between_titles = sum(1 for o in others if o is not mention and lo <= o.start and o.end <= hi)
    between_people = sum(1 for q in persons if q is not person and lo <= q.start and q.end <= hi)
    f.append(f"tb:{_bucket(between_titles)}")
    f.append(f"pb:{_bucket(between_people)}")
    nearest = min(others, key=lambda o: min(abs(o.start - p1), abs(p0 - o.end)))
    f.append(f"nearest:{nearest is mention}")
    f.append(f"n_titles:{_bucket(len(others))}")
    return f


def _key(value: str) -> str:
    """A name's last word, as the rules' values and the pairs' are compared ("Devin Marsh." = "Marsh")."""
    words = re.findall(r"\w+", value.lower())
    return words[-1] if words else ""


def candidate_pairs(doc: Doc) -> Iterator[Pair]:
    """Every (production, person) pair of every sentence, for training and for scoring alike."""
    names = people(doc)
    found = mentions(doc)
    title_names = {a for e in titles(doc).values() for a in (e.name, *e.aliases)}
    by_rules: dict[str, set[tuple[str, str]]] = {}  # a value's last word -> {(title, rel)} the rules stated
    for f in facts(doc):
        if f.rel in RELATIONS and _key(f.value):
            by_rules.setdefault(_key(f.value), set()).add((f.title, f.rel))

    def rules_said(title: str, value: str) -> tuple[frozenset[str], list[str]]:
        said = by_rules.get(_key(value), set())
        here = frozenset(r for t, r in said if t == title)
        return here, [f"rule:{r}" for r in here] + [f"rule_elsewhere:{r}" for t, r in said if t != title]

    for sent in doc.sents:
        persons = [e for e in sent.ents if e.label_ in ELIGIBLE]
        if not persons:
            continue
        in_sent: list[tuple[TitleMention, Span]] = []
        for m in found:
            if sent.start_char <= m.start and m.end <= sent.end_char:
                span = doc.char_span(m.start, m.end, alignment_mode="expand")
                name = m.name or (title_at(doc, m.start, sent=sent) if m.generic else None)  # "the thriller"
                if span is not None and name:
                    in_sent.append((replace(m, name=name), span))
        spans = [s for _, s in in_sent]
        for person in persons:
            if any(person.text in t for t in title_names) or any(
                s.start < person.end and person.start < s.end for s in spans
            ):
                continue  # a production's own name, or its franchise's, tagged a company ("Marrow Street" of "... 2")
            targets = [(m, s) for m, s in in_sent if s.end <= person.start or s.start >= person.end]
            if person.label_ == "ORG":
                value = re.sub(r"[’']s$", "", person.text).strip()
                if not value or not targets and not COMPANY.search(value):
                    continue
            else:
                value = re.sub(r"[’']s$", "", clean_person(person.text))
                if not value or not is_person_name(doc, value, person.start_char):
                    continue
                value = names.get(value, value)
            start = person.start_char
            end = start + len(person.text)
            if not targets:
                focus = title_at(doc, start, sent=sent)
                if focus:
                    here, said = rules_said(focus, value)
                    feats = _pair_features(doc, sent, person, None, False, [], persons) + said
                    yield Pair(focus, value, person.label_, start, end, _hash(feats), here)
                continue
            for m, span in targets:
                here, said = rules_said(m.name, value)
                feats = _pair_features(doc, sent, person, span, m.generic, spans, persons) + said
                yield Pair(m.name, value, person.label_, start, end, _hash(feats), here)


class RelationModel:
    """One logistic regression per relation over hashed pair features (also the title check's one)."""

    def __init__(self, weights: numpy.ndarray, bias: numpy.ndarray, thresholds: dict[str, float]) -> None:
        self.weights = weights  # (len(RELATIONS), 2**BITS)
        self.bias = bias  # (len(RELATIONS),)
        self.thresholds = thresholds

    def scores(self, features: tuple[int, ...]) -> numpy.ndarray:
        z = self.weights[:, list(features)].sum(axis=1) + self.bias
        out: numpy.ndarray = 1.0 / (1.0 + numpy.exp(-z))
        return out

    @classmethod
    def load(cls, path: Path) -> RelationModel:
        data = numpy.load(path / "weights.npz")
        weights = numpy.zeros((data["bias"].shape[0], 1 << BITS), dtype="float32")
        weights[data["rows"], data["cols"]] = data["values"].astype("float32")
        meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
        return cls(weights, data["bias"].astype("float32"), {k: float(v) for k, v in meta["thresholds"].items()})

    def save(self, path: Path, meta: dict[str, object]) -> None:
        path.mkdir(parents=True, exist_ok=True)
        rows, cols = numpy.nonzero(numpy.abs(self.weights) > 1e-4)
        numpy.savez_compressed(
            path / "weights.npz",
            rows=rows.astype("int8"),
            cols=cols.astype("int32"),
            values=self.weights[rows, cols].astype("float16"),
            bias=self.bias.astype("float32"),
        )
        (path / "meta.json").write_text(
            json.dumps({**meta, "thresholds": self.thresholds}, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )


class RelationFinder:
    def __init__(self, nlp: Language, name: str, *, enabled: bool, threshold_offset: float) -> None:
        self.name = name
        self.model: RelationModel | None = None
        self.offset = threshold_offset
        if enabled and (MODEL_DIR / "weights.npz").is_file():
            from slate.extract import _learned

            self.model = _learned.relation_model()

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return doc
        stated = {(f.title, f.rel, f.value) for f in facts(doc)}
        characters = {f.character for f in facts(doc) if f.character}
        for pair in candidate_pairs(doc):
            if pair.value in characters:
                continue
            probs = self.model.scores(pair.features)
            for k, rel in enumerate(RELATIONS):
                if rel not in ELIGIBLE[pair.kind]:
                    continue
                p = float(probs[k])
                if (
                    p < self.model.thresholds[rel] + self.offset
                    or rel in pair.stated
                    or (pair.title, rel, pair.value) in stated
                ):
                    continue
                stated.add((pair.title, rel, pair.value))
                add_fact(doc, RawFact(pair.title, rel, pair.value, pair.start, pair.end, confidence=round(p, 3)))
        return doc


@Language.factory("slate_relations", default_config={"enabled": True, "threshold_offset": 0.0})
def make_relations(nlp: Language, name: str, *, enabled: bool, threshold_offset: float) -> RelationFinder:
    return RelationFinder(nlp, name, enabled=enabled, threshold_offset=threshold_offset)
