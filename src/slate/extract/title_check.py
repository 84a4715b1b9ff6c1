"""``slate_title_check``: a learned judgement of each production the article seems to name — is it one?

The title finder's candidates come from many weak signals (a recogniser, quotation marks, cue words,
the URL, the headline); some are companies, people, places, events or fragments, and every fact
attached to them is wrong.  This component scores each found production with a logistic regression
over hashed features of how it was found and used: which signals proposed it, how often and where it
is mentioned, the words before and after its mentions, the small model's entity labels and parts of
speech on it, its shape, and the relations its facts hold.  A production scoring under the decision
point is dropped with its facts.  It learned from whole articles, so on a text shorter than ``min_chars``
it abstains.  Weights (``models/title_check``) are learned by
``./dev train title_check`` from the team's annotations: a found production is right when an annotator
named it (``score.py``'s title matching).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from slate.extract._base import TitleEntry, doc_text, facts, mentions, primary_title, quotes, titles
from slate.extract.relations import RelationModel, _bucket, _hash

MODEL_DIR = Path(__file__).resolve().parent / "models" / "title_check"
OPENING_MARKS = {"“", '"', "‘"}


def entry_features(doc: Doc, entry: TitleEntry) -> list[str]:
    whys: dict[str, list[str]] = doc.user_data.get("slate_title_whys", {})
    f = ["bias", f"kind:{entry.kind}"]
    f += [f"why:{w}" for w in whys.get(entry.name, ["none"])] or ["why:none"]
    name = entry.name
    words = name.split()
    f.append(f"len:{_bucket(len(words))}")
    f.append(f"digit:{any(c.isdigit() for c in name)}")
    f.append(f"colon:{':' in name}")
    f.append(f"article:{words[0].lower() in {'the', 'a', 'an'} if words else False}")
    f.append(f"lower:{sum(1 for w in words if w[:1].islower())}")
    f.append(f"caps:{name.isupper()}")
    f.append(f"aliases:{_bucket(len(entry.aliases))}")
    f.append(f"primary:{primary_title(doc) == name}")
    head = doc._.article_title or ""
    f.append(f"headline:{bool(head) and name.lower() in head.lower()}")
    own = [m for m in mentions(doc) if m.name == name]
    named = [m for m in own if not m.generic]
    f.append(f"mentions:{_bucket(len(named))}")
    f.append(f"generic:{_bucket(len(own) - len(named))}")
    text = doc_text(doc)
    for m in named[:4]:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        f += [f"ner:{t.ent_type_ or 'O'}" for t in span]
        f.append(f"pos0:{span[0].pos_}")
        f.append(f"dep:{span.root.dep_}")
        before = re.findall(r"[\w’'-]+|[^\w\s]", text[max(0, m.start - 30) : m.start])[-2:]
        after = re.findall(r"[\w’'-]+|[^\w\s]", text[m.end : m.end + 30])[:2]
        f += [f"prev:{w.lower()}" for w in before[-1:]] + [f"prev2:{'_'.join(w.lower() for w in before)}"]
        f += [f"next:{w.lower()}" for w in after[:1]] + [f"next2:{'_'.join(w.lower() for w in after)}"]
        quoted = text[max(0, m.start - 1) : m.start] in OPENING_MARKS
        f.append(f"quoted:{quoted}")
    rels = [x.rel for x in facts(doc) if x.title == name]
    f += [f"rel:{r}" for r in set(rels)]
    f.append(f"facts:{_bucket(len(rels))}")
    f.append(f"quotes:{sum(1 for q in quotes(doc) if q.title == name) > 0}")
    return f


class TitleCheck:
    def __init__(self, nlp: Language, name: str, *, enabled: bool, threshold_offset: float, min_chars: int) -> None:
        self.name = name
        self.offset = threshold_offset
        self.min_chars = min_chars
        self.model: RelationModel | None = None
        if enabled and (MODEL_DIR / "weights.npz").is_file():
            from slate.extract import _learned

            self.model = _learned.title_check_model()

    def score(self, doc: Doc, entry: TitleEntry) -> float:
        assert self.model is not None
        return float(self.model.scores(_hash(entry_features(doc, entry)))[0])

    def __call__(self, doc: Doc) -> Doc:
        if self.model is None or len(doc_text(doc)) < self.min_chars:
            return doc  # it learned from whole articles (700 to 2,600 characters): on a snippet it abstains
        entries = titles(doc)
        dropped = {
            name for name, e in entries.items() if self.score(doc, e) < self.model.thresholds["valid"] + self.offset
        }
        if not dropped:
            return doc
        for name in dropped:
            del entries[name]
        doc._.slate_facts = [x for x in facts(doc) if x.title not in dropped]
        doc._.slate_mentions = [m for m in mentions(doc) if m.name not in dropped]
        doc._.slate_quotes = [replace(q, title=None) if q.title in dropped else q for q in quotes(doc)]
        return doc


@Language.factory("slate_title_check", default_config={"enabled": True, "threshold_offset": 0.0, "min_chars": 600})
def make_title_check(nlp: Language, name: str, *, enabled: bool, threshold_offset: float, min_chars: int) -> TitleCheck:
    return TitleCheck(nlp, name, enabled=enabled, threshold_offset=threshold_offset, min_chars=min_chars)
