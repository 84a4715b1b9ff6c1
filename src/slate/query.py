"""Derived views, computed from the append-only claims: current, as of a date, history, contradictions.

* *current*: functional relations (release_date per region/medium, status, director) take the
  value(s) asserted by the latest article asserting them; set relations (cast, writer, producer,
  studio, filming_location) accumulate, and a ``former_*`` claim ends a person from its date;
* *as of D*: the same over the articles published on or before D;
* *history*: every value a relation has had, with the first and last article asserting it
  (``previous_release_date`` claims join the release-date history without becoming current);
* *contradictions*: different values of a functional relation asserted by different articles
  within 14 days with no move signalled.

Answers never depend on ingest order: claims are ordered by article date, then article id.
No SQL here: every read goes through :class:`slate.store.Store`.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slate import resolve
from slate.errors import NotFoundError
from slate.models import PERSON_RELATIONS, RELATIONS, storable
from slate.store import Store

FUNCTIONAL = ("release_date", "status", "director")
ACCUMULATING = ("cast", "writer", "producer", "studio", "filming_location", "former_director", "former_cast")
CONTRADICTION_RELATIONS = ("release_date", "director")
CONTRADICTION_WINDOW_DAYS = 14


@dataclass
class TitleSummary:
    id: int
    name: str
    kind: str
    aliases: list[str]
    facts: int
    articles: int
    last_asserted: str | None


@dataclass
class TimelineRow:
    value: str
    region: str | None
    medium: str | None
    first_asserted: str
    last_asserted: str
    moved: bool
    signal: str | None
    previous_only: bool
    sources: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class PossibleMatch:
    """Another production that may be this one; kept apart because a wrong merge is worse than a missed one."""

    id: int
    name: str
    why: str


@dataclass
class AliasRow:
    alias: str
    first_ref: str
    first_date: str
    reason: str
    strong: bool


@dataclass
class Contradiction:
    title: str
    rel: str
    value: str
    other_value: str
    ref: str
    date: str
    other_ref: str
    other_date: str
    days: int
    sentence: str
    other_sentence: str


@dataclass
class ArticleSummary:
    id: str
    ref: str
    published: str
    url: str | None
    title: str | None
    source_name: str | None
    facts: int
    quotes: int


def to_jsonable(obj: Any) -> Any:
    """Dataclasses, dates and containers as plain JSON values."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {k: to_jsonable(v) for k, v in dataclasses.asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


# ---------------------------------------------------------------------------------------------
# finding productions


def find_title(store: Store, name: str) -> int:
    """The production called ``name`` (any name it has had, case and punctuation aside).

    Raises :class:`NotFoundError` with the closest names as suggestions."""
    key = resolve.title_key(name)
    roots = store.roots_for_key(key, strong_only=True) or store.roots_for_key(key)
    if not roots and len(key.split()) >= 2:
        # a subtitle alone: "Dead Reckoning Part One" for "Mission: Impossible – Dead Reckoning Part One"
        roots = store.roots_for_key_suffix(key)
    if roots:
        if len(roots) > 1:  # the busiest one
            sizes = {r: len(store.claims(store.members(r))) for r in roots}
            return max(roots, key=lambda r: (sizes[r], -r))
        return roots[0]
    names = store.all_alias_names()
    by_key = {resolve.title_key(r["alias"]): r["alias"] for r in names}
    close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.5)
    contains = [alias for k, alias in by_key.items() if key and key in k][:5]
    suggestions = list(dict.fromkeys([*contains, *(by_key[k] for k in close)]))[:5]
    raise NotFoundError(f"no production called {name!r}", suggestions)


def display_name(store: Store, root: int, as_of: date | None = None) -> tuple[str, str, list[str]]:
    """(name, kind, aliases): the name used by the latest article, the kind, every name."""
    ids = store.members(root)
    rows = store.aliases(ids, as_of)
    if not rows:
        rows = store.aliases(ids)
    titles = store.title_rows(ids)
    kind = "series" if any(t["kind"] == "series" for t in titles) else "film"
    names = [r["alias"] for r in rows if r["reason"] == "name"] or [titles[0]["name"]]
    # the name of the latest article that used one (rows are ordered by date, article id)
    name = names[-1]
    latest_named = [r for r in rows if r["reason"] == "name"]
    if latest_named:
        last_date = latest_named[-1]["published"]
        same_day = sorted({r["alias"] for r in latest_named if r["published"] == last_date}, key=lambda a: (-len(a), a))
        name = same_day[0]
    aliases = list(dict.fromkeys(r["alias"] for r in rows))
    return name, kind, aliases


def list_titles(store: Store, query: str | None = None, *, limit: int = 200, offset: int = 0) -> list[TitleSummary]:
    """Productions (whose names contain ``query``) with their counts of facts and articles."""
    pattern = resolve.title_key(query) if query else None
    out = []
    for r in store.title_summaries(pattern, limit, offset):
        root = int(r["root"])
        name, kind, aliases = display_name(store, root)
        out.append(TitleSummary(root, name, kind, aliases, int(r["facts"]), int(r["articles"]), r["last_asserted"]))
    return out


# ---------------------------------------------------------------------------------------------
# the dossier


def _source(c: dict[str, Any]) -> dict[str, Any]:
    return {"ref": c["ref"], "date": c["asserted_on"], "sentence": c["sentence"]}


def _person_names(claims: list[dict[str, Any]]) -> dict[str, str]:
    """Folded person value -> the name to show: surnames and short first names join the full name
    used for the same production ("McQuarrie", "Chris McQuarrie" -> "Christopher McQuarrie")."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for c in claims:
        if c["rel"] in PERSON_RELATIONS:
            counts[resolve.fold(c["value"])][c["value"]] += 1
    display = {k: max(v.items(), key=lambda kv: (len(kv[0]), kv[1], kv[0]))[0] for k, v in counts.items()}
    by_surname: dict[str, list[str]] = defaultdict(list)  # blocked by surname: never all pairs
    for k in sorted((k for k in display if len(k.split()) >= 2), key=lambda k: (-len(k), k)):
        by_surname[k.split()[-1]].append(k)
    mapping: dict[str, str] = {}
    for k in display:
        target = k
        words = k.split()
        if len(words) == 1:
            cands = by_surname.get(words[0], [])
            if len(cands) == 1:
                target = cands[0]
        else:
            cands = [f for f in by_surname[words[-1]] if f != k and resolve.person_variants_match(f, k)]
            if cands:
                target = max([k, *cands], key=lambda f: (sum(counts[f].values()), len(f), f))
        mapping[k] = display[target]
    return mapping


def _key(c: dict[str, Any], people: dict[str, str]) -> tuple[str, str]:
    """(group key, shown value) of a claim's value."""
    if c["rel"] in PERSON_RELATIONS:
        shown = people.get(resolve.fold(c["value"]), c["value"])
        return resolve.fold(shown), shown
    if c["rel"] in {"release_date", "previous_release_date", "status"}:
        return c["value"], c["value"]
    return resolve.fold(c["value"]), c["value"]


def _current(claims: list[dict[str, Any]], people: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    facts: dict[str, list[dict[str, Any]]] = {}
    by_rel: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for c in claims:
        by_rel[c["rel"]].append(c)

    # a former_* claim ends a person from its date (a later positive claim brings them back)
    ended: dict[tuple[str, str], str] = {}
    for rel, pos in (("former_director", "director"), ("former_cast", "cast")):
        for c in by_rel.get(rel, []):
            k = _key(c, people)[0]
            ended[(pos, k)] = max(ended.get((pos, k), ""), c["asserted_on"])

    def still_on(rel: str, k: str, last: str) -> bool:
        end = ended.get((rel, k))
        return end is None or last > end

    # functional: the values of the latest article asserting the relation (per region/medium)
    for rel in FUNCTIONAL:
        groups: dict[tuple[str | None, str | None], list[dict[str, Any]]] = defaultdict(list)
        for c in by_rel.get(rel, []):
            groups[(c["region"], c["medium"])].append(c)
        values: list[dict[str, Any]] = []
        for (region, medium), cs in sorted(groups.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
            if rel == "director":
                last_by_person: dict[str, str] = {}
                for c in cs:
                    k = _key(c, people)[0]
                    last_by_person[k] = max(last_by_person.get(k, ""), c["asserted_on"])
                cs = [c for c in cs if still_on("director", _key(c, people)[0], last_by_person[_key(c, people)[0]])]
                if not cs:
                    continue
            latest = max(c["asserted_on"] for c in cs)
            latest_ids = {c["article_id"] for c in cs if c["asserted_on"] == latest}
            chosen: dict[str, dict[str, Any]] = {}
            for c in cs:
                if c["asserted_on"] == latest and c["article_id"] in latest_ids:
                    k, shown = _key(c, people)
                    chosen.setdefault(k, {"value": shown})
            if rel == "release_date" and len(chosen) > 1:
                # one article naming several dates: the ones still ahead of it are the schedule
                ahead = {k: v for k, v in chosen.items() if k >= latest}
                chosen = ahead or chosen
            for k, v in chosen.items():
                same = [c for c in cs if _key(c, people)[0] == k]
                # "since": the start of the latest unbroken run of this value
                since = same[0]["asserted_on"]
                for c in cs:
                    if _key(c, people)[0] != k and c["asserted_on"] < latest:
                        later_same = [s for s in same if s["asserted_on"] > c["asserted_on"]]
                        if later_same:
                            since = later_same[0]["asserted_on"]
                v["since"] = since
                if region:
                    v["region"] = region
                if medium:
                    v["medium"] = medium
                v["sources"] = [_source(c) for c in same]
                if same[-1].get("entity_id") is not None:
                    v["entity_id"] = same[-1]["entity_id"]
                values.append(v)
        if values:
            facts[rel] = values

    # accumulating relations
    for rel in ACCUMULATING:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for c in by_rel.get(rel, []):
            grouped[_key(c, people)[0]].append(c)
        values = []
        for k, cs in grouped.items():
            if rel in {"cast", "director"} and not still_on(rel, k, cs[-1]["asserted_on"]):
                continue
            entry: dict[str, Any] = {"value": _key(cs[0], people)[1]}
            chars = [c["character"] for c in cs if c["character"]]
            if chars:
                entry["character"] = chars[-1]
            for q in ("region", "medium"):
                qs = [c[q] for c in cs if c[q]]
                if qs:
                    entry[q] = qs[-1]
            entry["since"] = cs[0]["asserted_on"]
            entry["sources"] = [_source(c) for c in cs]
            if cs[-1].get("entity_id") is not None:
                entry["entity_id"] = cs[-1]["entity_id"]
            values.append(entry)
        if values:
            values.sort(key=lambda v: (v["since"], v["value"]))
            facts[rel] = values
    return facts


def _history(claims: list[dict[str, Any]], people: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    hist: dict[str, dict[tuple[str, str | None, str | None], dict[str, Any]]] = defaultdict(dict)
    for c in claims:
        rel = "release_date" if c["rel"] == "previous_release_date" else c["rel"]
        k, shown = _key(c, people)
        entry = hist[rel].setdefault(
            (k, c["region"], c["medium"]),
            {
                "value": shown,
                "first_asserted": c["asserted_on"],
                "last_asserted": c["asserted_on"],
                "sources": [],
            },
        )
        if c["region"]:
            entry["region"] = c["region"]
        if c["medium"]:
            entry["medium"] = c["medium"]
        entry["last_asserted"] = max(entry["last_asserted"], c["asserted_on"])
        if c.get("character"):
            entry["character"] = c["character"]
        src = _source(c)
        if c["rel"] == "previous_release_date":
            src["as_previous"] = True
        entry["sources"].append(src)
    return {
        rel: sorted(values.values(), key=lambda v: (v["first_asserted"], v["value"]))
        for rel, values in sorted(hist.items(), key=lambda kv: RELATIONS.index(kv[0]) if kv[0] in RELATIONS else 99)
    }


def dossier(store: Store, title_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    """Everything known about a production (as of a date): names, current facts, history, quotes."""
    root = store.root(title_id)
    ids = store.members(root)
    claims = store.claims(ids, as_of)
    people = _person_names(claims)
    name, kind, aliases = display_name(store, root, as_of)
    quotes = [
        {
            k: v
            for k, v in {
                "speaker": q["speaker"],
                "text": q["text"],
                "platform": q["platform"],
                "ref": q["ref"],
                "date": q["asserted_on"],
                "sentence": q["sentence"],
            }.items()
            if v is not None
        }  # fmt: skip
        for q in store.quotes(ids, as_of)
    ]
    return {
        "id": root,
        "name": name,
        "kind": kind,
        "aliases": aliases,
        "as_of": as_of.isoformat() if as_of else None,
        "facts": _current(claims, people),
        "history": _history(claims, people),
        "quotes": quotes,
    }


# ---------------------------------------------------------------------------------------------
# timeline, aliases, contradictions, articles


def timeline(store: Store, title_id: int, *, as_of: date | None = None) -> list[TimelineRow]:
    """The release-date history: each announced date, first and last asserted, and whether a later
    announcement moved it."""
    ids = store.members(store.root(title_id))
    claims = [c for c in store.claims(ids, as_of) if c["rel"] in {"release_date", "previous_release_date"}]
    rows: dict[tuple[str, str | None, str | None], TimelineRow] = {}
    for c in claims:
        key = (c["value"], c["region"], c["medium"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = TimelineRow(
                c["value"], c["region"], c["medium"], c["asserted_on"], c["asserted_on"], False, None, True
            )
        row.last_asserted = max(row.last_asserted, c["asserted_on"])
        if c["rel"] == "release_date":
            row.previous_only = False
        src = _source(c)
        if c["rel"] == "previous_release_date":
            src["as_previous"] = True
        row.sources.append(src)
    ordered = sorted(rows.values(), key=lambda r: (r.first_asserted, r.value))
    latest_by_group: dict[tuple[str | None, str | None], TimelineRow] = {}
    for r in ordered:
        if not r.previous_only:
            prev = latest_by_group.get((r.region, r.medium))
            if prev is None or r.last_asserted >= prev.last_asserted:
                latest_by_group[(r.region, r.medium)] = r
    for r in ordered:
        r.moved = latest_by_group.get((r.region, r.medium)) is not r
        later = [c for c in claims if c["asserted_on"] > r.first_asserted and c["value"] != r.value and c["signal"]]
        if r.moved and later:
            r.signal = later[0]["signal"]
    return ordered


def aliases(store: Store, title_id: int) -> list[AliasRow]:
    """Every name of a production: the article that first used it, and why it belongs."""
    root = store.root(title_id)
    ids = store.members(root)
    links = store.links(ids)
    out: dict[str, AliasRow] = {}
    for r in store.aliases(ids):
        if r["alias"] in out:
            continue
        reason = r["reason"]
        for lk in links:
            if r["alias"] in (lk["name"], lk["other_name"]) and lk["name"] != lk["other_name"]:
                reason = f"{lk['reason']!s} ({lk['name']} -> {lk['other_name']}, {lk['ref']})"
        out[r["alias"]] = AliasRow(r["alias"], r["ref"], r["published"], reason, bool(r["strong"]))
    return list(out.values())


def possible_matches(store: Store, title_id: int) -> list[PossibleMatch]:
    """Productions kept apart that may be this one: one's name is the other's subtitle alone
    ("Fallout" / "Mission: Impossible – Fallout"). Found by key look-ups, never by comparing all pairs."""
    root = store.root(title_id)
    names = {r["alias"] for r in store.aliases(store.members(root))}
    found: dict[int, str] = {}
    for name in sorted(names):
        sub = resolve.subtitle(name)
        if sub and len(resolve.title_key(sub).split()) >= 1:
            for other in store.roots_for_key(resolve.title_key(sub), strong_only=True):
                if other != root:
                    found.setdefault(other, f"its name is the subtitle of {name!r}")
        key = resolve.title_key(name)
        if key and resolve.subtitle(name) is None:
            for other in store.roots_for_key_suffix(key):
                if other == root:
                    continue
                other_names = [r["alias"] for r in store.aliases(store.members(other))]
                subs = {n: resolve.subtitle(n) for n in other_names}
                full = next((n for n, s in subs.items() if s and resolve.title_key(s) == key), None)
                if full:
                    found.setdefault(other, f"{name!r} is the subtitle of its name {full!r}")
    return [PossibleMatch(i, display_name(store, i)[0], why) for i, why in sorted(found.items())]


def _compatible(a: str, b: str) -> bool:
    """ "2023" and "2023-07-14" do not contradict: one is a less precise form of the other."""
    return a.startswith(b) or b.startswith(a)


def contradictions(store: Store, title_id: int | None = None, *, limit: int = 1000) -> list[Contradiction]:
    """Different values of a functional relation asserted by different articles within 14 days
    of each other, where the later one signals no move (delayed, moved, pushed, shifted...)."""
    if title_id is not None:
        roots = [store.root(title_id)]
    else:
        roots = [int(r["root"]) for r in store.title_summaries(None, limit, 0) if int(r["facts"]) > 0]
    out: list[Contradiction] = []
    for root in roots:
        ids = store.members(root)
        claims = [c for c in store.claims(ids) if c["rel"] in CONTRADICTION_RELATIONS]
        if not claims:
            continue
        name = display_name(store, root)[0]
        people = _person_names(claims)
        for i, a in enumerate(claims):
            for b in claims[i + 1 :]:
                if a["rel"] != b["rel"] or a["article_id"] == b["article_id"]:
                    continue
                if (a["region"], a["medium"]) != (b["region"], b["medium"]):
                    continue
                ka, kb = _key(a, people)[0], _key(b, people)[0]
                if ka == kb or (a["rel"] == "release_date" and _compatible(a["value"], b["value"])):
                    continue
                days = abs((date.fromisoformat(b["asserted_on"]) - date.fromisoformat(a["asserted_on"])).days)
                if days > CONTRADICTION_WINDOW_DAYS:
                    continue
                later = b if (b["asserted_on"], b["article_id"]) >= (a["asserted_on"], a["article_id"]) else a
                if later["signal"]:
                    continue  # a move, not a contradiction
                out.append(
                    Contradiction(
                        name,
                        a["rel"],
                        a["value"],
                        b["value"],
                        a["ref"],
                        a["asserted_on"],
                        b["ref"],
                        b["asserted_on"],
                        days,
                        a["sentence"],
                        b["sentence"],
                    )  # fmt: skip
                )
    return out


def person(store: Store, entity_id: int) -> dict[str, Any]:
    """Every production a person (or organisation, or place) is linked to, by relation, with sources."""
    row = store.entity(entity_id)
    if row is None:
        raise NotFoundError(f"no person or organisation with id {entity_id}")
    by_title: dict[int, dict[str, Any]] = {}
    for c in store.entity_claims(entity_id):
        root = int(c["root"])
        entry = by_title.get(root)
        if entry is None:
            name, kind, _ = display_name(store, root)
            entry = by_title[root] = {"id": root, "name": name, "kind": kind, "relations": {}}
        rels = entry["relations"].setdefault(c["rel"], {"character": None, "sources": []})
        if c["character"]:
            rels["character"] = c["character"]
        rels["sources"].append({"ref": c["ref"], "date": c["asserted_on"], "sentence": c["sentence"]})
    quotes = [
        {"text": q["text"], "platform": q["platform"], "ref": q["ref"], "date": q["asserted_on"]}
        for q in store.entity_quotes(entity_id)
    ]
    if not by_title and not quotes:  # named only by superseded extractions: it answers nowhere
        raise NotFoundError(f"no person or organisation with id {entity_id}")
    works = sorted(
        by_title.values(),
        key=lambda w: (min(s["date"] for r in w["relations"].values() for s in r["sources"]), w["name"]),
    )
    return {"id": entity_id, "type": row["type"], "name": row["name"], "productions": works, "quotes": quotes}


def article_view(store: Store, ref: str) -> dict[str, Any]:
    """An article with every fact and quote extracted from it, with character offsets."""
    row = store.article(ref) if storable(ref) == ref else None  # no stored ref holds a NUL
    if row is None:
        raise NotFoundError(f"no article {ref!r}")
    facts = [
        {k: c[k] for k in ("rel", "value", "character", "region", "medium", "span_start", "span_end", "sentence")}
        | {"title": c["title_name"], "title_id": int(c["root"]), "entity_id": c["entity_id"]}
        for c in store.article_claims(row["id"])
    ]
    quotes = [dict(q) for q in store.article_quotes(row["id"])]
    return {
        "id": row["id"], "ref": row["ref"], "url": row["url"], "published": row["published"], "title": row["title"],
        "source_name": row["source_name"], "text": row["text"], "ingested_at": row["ingested_at"],
        "extractor_version": row["extractor_version"], "facts": facts, "quotes": quotes,
    }  # fmt: skip


def search(store: Store, text: str, *, limit: int = 20) -> dict[str, Any]:
    """Titles, people (and organisations, places) and quotes matching ``text``."""
    text = text.strip()
    if not text:
        return {"query": text, "titles": [], "people": [], "quotes": []}
    words = resolve.person_key(text)  # no words (only punctuation): no title or name can match
    titles = [to_jsonable(t) for t in list_titles(store, text, limit=limit)] if words else []
    people = [dict(r) for r in store.search_entities(words, limit)] if words else []
    # searched literally: text holding what no database stores (NUL) is in no quote, on either backend
    quotes = [dict(r) for r in store.search_quotes(text.lower(), limit)] if storable(text) == text else []
    return {"query": text, "titles": titles, "people": people, "quotes": quotes}


def recent(store: Store, *, limit: int = 10) -> list[TitleSummary]:
    """Productions whose facts changed most recently."""
    out = []
    for r in store.recent_titles(limit):
        root = int(r["root"])
        name, kind, aliases = display_name(store, root)
        out.append(TitleSummary(root, name, kind, aliases, int(r["facts"]), 0, r["last_asserted"]))
    return out


def list_articles(store: Store, *, limit: int = 10000, offset: int = 0) -> list[ArticleSummary]:
    return [
        ArticleSummary(
            r["id"],
            r["ref"],
            r["published"],
            r["url"],
            r["title"],
            r["source_name"],
            int(r["facts"]),
            int(r["quotes"]),
        )
        for r in store.article_summaries(limit, offset)
    ]


__all__ = [
    "AliasRow",
    "ArticleSummary",
    "Contradiction",
    "TimelineRow",
    "TitleSummary",
    "aliases",
    "article_view",
    "contradictions",
    "display_name",
    "dossier",
    "find_title",
    "list_articles",
    "list_titles",
    "person",
    "recent",
    "search",
    "timeline",
    "to_jsonable",
]
