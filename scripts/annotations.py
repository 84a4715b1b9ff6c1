"""The team's annotations of ``../shared/corpus/train``: validate, build, and write gold for scoring.

    python scripts/annotations.py validate PART.jsonl [--ids IDS.txt]
    python scripts/annotations.py build PART.jsonl... [-o data/annotations/train.jsonl]
    python scripts/annotations.py gold --split devtest|train|all -o GOLD.jsonl

Annotators write records in the format of ``../shared/corpus/dev.jsonl`` (quotes with their
``text``) to working files outside the repository.  ``build`` turns every quote's text into
``start``/``end`` character offsets into the article and drops the text, so the repository holds
ids, offsets and values only (the article text stays in ``../shared``).  ``gold`` puts the quote
texts back from the articles, for ``score.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from slate.models import RELATIONS
from slate.models import STATUSES as GUIDELINE_STATUSES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
ARTICLES = CORPUS / "train" / "articles.jsonl"
TRAIN = ROOT / "data" / "annotations" / "train.jsonl"
DEVTEST = ROOT / "data" / "annotations" / "devtest.txt"

RELS = set(RELATIONS)
STATUSES = set(GUIDELINE_STATUSES)
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FACT_KEYS = {"title", "rel", "value", "character", "region", "medium"}
QUOTE_KEYS = {"speaker", "text", "platform", "fictional", "start", "end"}


def articles() -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in map(json.loads, ARTICLES.open(encoding="utf-8"))}


def devtest_ids() -> list[str]:
    return [x.strip() for x in DEVTEST.read_text(encoding="utf-8").split() if x.strip()]


def find_quote(text: str, quote: str, after: int = 0) -> int:
    """Where the quote's words begin in the article: exact, else with quote marks and spaces loosened."""
    at = text.find(quote, after)
    if at < 0:
        at = text.find(quote)
    if at >= 0:
        return at
    loose = re.escape(quote.strip())
    loose = re.sub(r"(\\ )+", r"\\s+", loose)
    for a, b in (("'", "['’‘]"), ('"', '["“”]'), ("’", "['’‘]"), ("“", '["“”]'), ("”", '["“”]')):
        loose = loose.replace(re.escape(a), b)
    m = re.search(loose, text)
    return m.start() if m else -1


def problems(rec: dict[str, Any], art: dict[str, Any] | None) -> list[str]:
    out: list[str] = []
    if art is None:
        return [f"unknown id {rec.get('id')!r}"]
    text = art["text"]
    names = set()
    for t in rec.get("titles", []):
        if not t.get("name") or t.get("kind") not in ("film", "series"):
            out.append(f"title needs a name and kind film|series: {t}")
            continue
        names.add(t["name"])
        if t["name"] not in t.get("aliases", []):
            out.append(f"title {t['name']!r}: its name is not among its aliases")
        for a in t.get("aliases", []):
            if a not in text:
                out.append(
                    f"title {t['name']!r}: alias {a!r} is not in the text (allowed only for a stated alternative name)"
                )
    for f in rec.get("facts", []):
        if set(f) - FACT_KEYS:
            out.append(f"fact has unknown keys {sorted(set(f) - FACT_KEYS)}: {f}")
        if f.get("title") not in names:
            out.append(f"fact's title is not among the titles: {f}")
        rel, value = f.get("rel"), f.get("value")
        if rel not in RELS:
            out.append(f"unknown rel: {f}")
        if not value:
            out.append(f"empty value: {f}")
        elif rel in ("release_date", "previous_release_date") and not DATE.match(str(value)):
            out.append(f"date not YYYY[-MM[-DD]]: {f}")
        elif rel == "status" and value not in STATUSES:
            out.append(f"unknown status: {f}")
        if f.get("character") and rel not in ("cast", "former_cast"):
            out.append(f"character on a non-cast fact: {f}")
    for q in rec.get("quotes", []):
        if set(q) - QUOTE_KEYS:
            out.append(f"quote has unknown keys {sorted(set(q) - QUOTE_KEYS)}: {q}")
        if not q.get("speaker"):
            out.append(f"quote without speaker: {q}")
        if "text" in q:
            if not q["text"].strip():
                out.append(f"empty quote: {q}")
            elif find_quote(text, q["text"]) < 0:
                out.append(f"quote text not found in the article: {q['text'][:60]!r}")
        elif not (isinstance(q.get("start"), int) and isinstance(q.get("end"), int)):
            out.append(f"quote needs text or start/end: {q}")
    return out


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    for n, line in enumerate(path.open(encoding="utf-8"), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                raise SystemExit(f"{path}:{n}: not JSON: {e}") from None
    return rows


def cmd_validate(args: argparse.Namespace) -> int:
    arts = articles()
    bad = 0
    for path in args.parts:
        rows = read_jsonl(Path(path))
        if args.ids:
            want = [x for x in Path(args.ids).read_text().split() if x]
            got = [r.get("id") for r in rows]
            if got != want[: len(got)]:
                print(f"{path}: ids are not the given ids in order")
                bad += 1
            if len(got) < len(want):
                print(f"{path}: {len(want) - len(got)} of {len(want)} articles not annotated yet")
        seen = set()
        for r in rows:
            if r.get("id") in seen:
                print(f"{path}: {r.get('id')}: annotated twice")
                bad += 1
            seen.add(r.get("id"))
            for p in problems(r, arts.get(r.get("id", ""))):
                print(f"{path}: {r.get('id')}: {p}")
                bad += 1
        print(
            f"{path}: {len(rows)} records, {sum(len(r.get('facts', [])) for r in rows)} facts, "
            f"{sum(len(r.get('quotes', [])) for r in rows)} quotes, {bad} problems"
        )
    return 1 if bad else 0


def to_offsets(rec: dict[str, Any], text: str) -> dict[str, Any]:
    quotes = []
    after = 0
    for q in rec.get("quotes", []):
        q = dict(q)
        if "text" in q:
            at = find_quote(text, q["text"], after)
            if at < 0:
                raise SystemExit(f"{rec['id']}: quote not found: {q['text'][:60]!r}")
            end = at + len(q.pop("text"))
            q = {"speaker": q["speaker"], "start": at, "end": end, **{k: v for k, v in q.items() if k != "speaker"}}
            after = at + 1
        quotes.append(q)
    return {"id": rec["id"], "titles": rec.get("titles", []), "facts": rec.get("facts", []), "quotes": quotes}


def cmd_build(args: argparse.Namespace) -> int:
    arts = articles()
    order = list(arts)
    recs: dict[str, dict[str, Any]] = {}
    if Path(args.out).exists() and not args.fresh:
        for r in read_jsonl(Path(args.out)):
            recs[r["id"]] = r
    for path in args.parts:
        for r in read_jsonl(Path(path)):
            recs[r["id"]] = to_offsets(r, arts[r["id"]]["text"])
    with open(args.out, "w", encoding="utf-8") as fh:
        for aid in sorted(recs, key=order.index):
            fh.write(json.dumps(recs[aid], ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(recs)} of {len(order)} articles annotated")
    return 0


def with_texts(rec: dict[str, Any], text: str) -> dict[str, Any]:
    rec = json.loads(json.dumps(rec))
    for q in rec.get("quotes", []):
        if "text" not in q and "start" in q:
            q["text"] = text[q["start"] : q["end"]]
    return rec


def split_ids(split: str, annotated: list[str]) -> list[str]:
    dt = set(devtest_ids())
    if split == "devtest":
        return [a for a in annotated if a in dt]
    if split == "train":
        return [a for a in annotated if a not in dt]
    return annotated


def cmd_gold(args: argparse.Namespace) -> int:
    arts = articles()
    recs = {r["id"]: r for r in read_jsonl(Path(args.annotations))}
    ids = split_ids(args.split, list(recs))
    with open(args.out, "w", encoding="utf-8") as fh:
        for aid in ids:
            a = arts[aid]
            rec = with_texts(recs[aid], a["text"])
            fh.write(json.dumps({"id": aid, "url": a.get("url"), "date": a["date"], **rec}, ensure_ascii=False) + "\n")
    print(f"{args.out}: {len(ids)} articles ({args.split})", file=sys.stderr)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate", help="check annotation records against the guideline's format")
    v.add_argument("parts", nargs="+")
    v.add_argument("--ids", help="a file of the ids the parts must hold, in order")
    b = sub.add_parser("build", help="merge parts into the repository's annotations (quotes as offsets)")
    b.add_argument("parts", nargs="+")
    b.add_argument("-o", "--out", default=str(TRAIN))
    b.add_argument("--fresh", action="store_true", help="start from nothing, not from the existing file")
    g = sub.add_parser("gold", help="gold records with quote texts, for score.py")
    g.add_argument("--split", choices=["devtest", "train", "all"], default="devtest")
    g.add_argument("--annotations", default=str(TRAIN))
    g.add_argument("-o", "--out", required=True)
    args = ap.parse_args()
    return {"validate": cmd_validate, "build": cmd_build, "gold": cmd_gold}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
