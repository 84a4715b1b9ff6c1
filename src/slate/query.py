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
import functools
import re
import uuid
from collections import defaultdict
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

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
    release_date: str | None = None
    status: str | None = None
    year: int | None = None


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


def find_title(store: Store, name: str, as_of: date | None = None) -> int:
    """The production called ``name`` (any name it has had, case and punctuation aside), as the
    editors' decisions made by ``as_of`` group the productions.

    Raises :class:`NotFoundError` with the closest names as suggestions."""
    key = resolve.title_key(name)
    roots = store.roots_for_key(key, strong_only=True, as_of=as_of) or store.roots_for_key(key, as_of=as_of)
    if not roots:  # a name an editor gave
        named = store.edit_overlay(as_of.isoformat() if as_of else None).names.items()
        roots = sorted(r for r, (n, _) in named if resolve.title_key(n) == key)
    if not roots and len(key.split()) >= 2:
        # a subtitle alone: "Dead Reckoning Part One" for "Mission: Impossible – Dead Reckoning Part One"
        roots = store.roots_for_key_suffix(key, as_of)
    if roots:
        if len(roots) > 1:  # the busiest one
            sizes = {r: len(store.claims(store.members(r, as_of), as_of)) for r in roots}
            return max(roots, key=lambda r: (sizes[r], -r))
        return roots[0]
    names = store.all_alias_names()
    by_key = {resolve.title_key(r["alias"]): r for r in names}
    close = difflib.get_close_matches(key, list(by_key), n=5, cutoff=0.5)
    contains = [k for k in by_key if key and key in k][:5]
    shown: dict[int, str] = {}

    def suggestion(k: str) -> str:
        """The alias, or its production's name when the alias only describes ("No. 8", "Season 2")."""
        r = by_key[k]
        if not resolve.is_descriptive(r["alias"]):
            return str(r["alias"])
        root = int(r["root"])
        if root not in shown:
            shown[root] = display_name(store, root)[0]
        return shown[root]

    suggestions = list(dict.fromkeys(suggestion(k) for k in [*contains, *close]))
    suggestions = [s for s in suggestions if not resolve.is_descriptive(s)][:5]
    raise NotFoundError(f"no production called {name!r}", suggestions)


def _display(rows: list[Any], kinds: list[str], fallback: str) -> tuple[str, str, list[str]]:
    """(name, kind, aliases) from a production's alias rows (ordered by date, article id) and its
    title rows' kinds: the name the latest article used, "series" if any row says so, every name."""
    kind = "series" if "series" in kinds else "film"
    latest_named = [r for r in rows if r["reason"] == "name"]
    name = latest_named[-1]["alias"] if latest_named else fallback
    if latest_named:
        last_date = latest_named[-1]["published"]
        same_day = sorted({r["alias"] for r in latest_named if r["published"] == last_date}, key=lambda a: (-len(a), a))
        name = same_day[0]
    aliases = list(dict.fromkeys(r["alias"] for r in rows))
    return name, kind, aliases


def display_name(store: Store, root: int, as_of: date | None = None) -> tuple[str, str, list[str]]:
    """(name, kind, aliases): the name used by the latest article (or the one an editor gave), the
    kind, every name."""
    ids = store.members(root, as_of) or [root]
    rows = store.aliases(ids, as_of)
    if not rows:
        rows = store.aliases(ids)
    titles = store.title_rows(ids)
    name, kind, aliases = _display(rows, [t["kind"] for t in titles], titles[0]["name"] if titles else "")
    name, kind = store.edit_overlay(as_of.isoformat() if as_of else None).display(root, name, kind)
    return name, kind, aliases if name in aliases else [*aliases, name]


SORTS = ("facts", "name", "release", "changed")


def _catalog(store: Store) -> dict[int, TitleSummary]:
    """Every production that answers, with its name, kind, counts, current release date and status:
    a few reads for the whole catalogue (never one per production)."""
    counts = {int(r["root"]): r for r in store.title_summaries(None, 2**62, 0)}
    overlay = store.edit_overlay()
    alias_rows: dict[int, list[Any]] = defaultdict(list)
    for r in store.catalog_aliases():
        alias_rows[int(r["root"])].append(r)
    titles: dict[int, list[Any]] = defaultdict(list)
    for r in store.catalog_titles():
        titles[int(r["root"])].append(r)
    claims: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c in store.catalog_claims(("release_date", "status")):
        claims[int(c["root"])].append(c)
    out: dict[int, TitleSummary] = {}
    for root, r in counts.items():
        rows = titles.get(root) or [{"kind": "film", "name": ""}]
        name, kind, aliases = _display(alias_rows.get(root, []), [t["kind"] for t in rows], rows[0]["name"])
        name, kind = overlay.display(root, name, kind)
        aliases = aliases if name in aliases else [*aliases, name]
        release, status = _release_and_status(claims.get(root, []))
        year = int(release[:4]) if release and release[:4].isdigit() else None
        out[root] = TitleSummary(
            root, name, kind, aliases, int(r["facts"]), int(r["articles"]), r["last_asserted"], release, status, year
        )
    return out


def _release_and_status(claims: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The current main release date (the one with no region or medium, else the earliest) and status."""
    facts = _current(claims, {})
    dates = facts.get("release_date", [])
    main = [v["value"] for v in dates if not v.get("region") and not v.get("medium")]
    release = min(main) if main else min((v["value"] for v in dates), default=None)
    statuses = [v["value"] for v in facts.get("status", [])]
    return release, (statuses[-1] if statuses else None)


def browse(
    store: Store,
    query: str | None = None,
    *,
    kind: str | None = None,
    status: str | None = None,
    year: int | None = None,
    sort: str = "facts",
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[TitleSummary]]:
    """(total, one page) of the productions, filtered by name (``query``, a part of any name), kind,
    current status and release year, sorted by ``sort``: "facts" (most first), "name", "release"
    (the current release date, soonest first, undated last) or "changed" (latest article first)."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    rows = list(_catalog(store).values())
    if query:
        pattern = resolve.title_key(query)
        rows = [t for t in rows if any(pattern in resolve.title_key(a) for a in t.aliases)]
    if kind:
        rows = [t for t in rows if t.kind == kind]
    if status:
        rows = [t for t in rows if t.status == status]
    if year is not None:
        rows = [t for t in rows if t.year == year]
    if sort == "name":
        rows.sort(key=lambda t: (resolve.title_key(t.name), t.name, t.id))
    elif sort == "release":
        rows.sort(key=lambda t: (t.release_date is None, t.release_date or "", resolve.title_key(t.name), t.id))
    elif sort == "changed":
        rows.sort(key=lambda t: (t.last_asserted or "", t.id), reverse=True)
    else:
        rows.sort(key=lambda t: (-t.facts, t.id))
    return len(rows), rows[offset : offset + limit]


def list_titles(store: Store, query: str | None = None, *, limit: int = 200, offset: int = 0) -> list[TitleSummary]:
    """Productions (whose names contain ``query``) with their counts of facts and articles."""
    return browse(store, query, limit=limit, offset=offset)[1]


FUZZY_CUTOFF = 80


def search_titles(store: Store, text: str, *, limit: int = 20) -> list[TitleSummary]:
    """Productions by any name they have had, forgiving: each name's key (case, accents, punctuation,
    Roman numerals aside) and each name's subtitle alone are scored against the query's key with
    rapidfuzz's WRatio (edit distance, word order, a part of a longer name), so "skylne protocol",
    "protocol skyline", "Ember Run" and "Skyline Protocol II" all find "Skyline Protocol 2"; "Franchise
    N" that no article used finds the franchise's later instalments ("Franchise: Subtitle"). The best
    score of any of a production's names ranks it; ties go to the production with more facts. A name
    containing the query's key is found too (ranked at the cut-off)."""
    from rapidfuzz import fuzz, process

    key = resolve.title_key(text)
    if not key:
        return []
    catalog = _catalog(store)
    choices: dict[str, set[int]] = defaultdict(set)
    for root, t in catalog.items():
        for alias in t.aliases:
            choices[resolve.title_key(alias)].add(root)
            sub = resolve.subtitle(alias)
            if sub:
                choices[resolve.title_key(sub)].add(root)
    choices.pop("", None)
    best: dict[int, float] = {}
    for choice, score, _ in process.extract(
        key, list(choices), scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=None
    ):
        score = 101.0 if choice == key else float(score)  # the exact name first
        for root in choices[choice]:
            best[root] = max(best.get(root, 0.0), score)
    numbered = re.fullmatch(r"(.*\D) (\d+)", key)
    if numbered and int(numbered.group(2)) >= 2:
        # "Franchise 2" that no article named so: the franchise's later instalments ("Joker 2" ->
        # "Joker: Folie a Deux"), above the film the franchise is named after
        base = numbered.group(1)
        for root, t in catalog.items():
            if any(franchise_base(a) == base for a in t.aliases):
                best[root] = max(best.get(root, 0.0), 100.0)
    for choice, roots in choices.items():  # a part of a name matches too, below the close names
        if key in choice:
            for root in roots:
                best[root] = max(best.get(root, 0.0), float(FUZZY_CUTOFF))
    ranked = sorted(best, key=lambda r: (-best[r], -catalog[r].facts, r))
    return [catalog[r] for r in ranked[:limit]]


# ---------------------------------------------------------------------------------------------
# the dossier


def outlet(url: str | None, source_name: str | None = None) -> str | None:
    """The site an article came from: its URL's host ("trade-wire.example"), else the source name."""
    host = ""
    if url and url.lower().startswith(("http://", "https://")):
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:
            host = ""
    host = host[4:] if host.startswith("www.") else host
    return host or source_name or None


def _source(c: dict[str, Any]) -> dict[str, Any]:
    src = {"ref": c["ref"], "date": c["asserted_on"], "sentence": c["sentence"]}
    site = outlet(c.get("url"), c.get("source_name"))
    if site:
        src["outlet"] = site
    if c.get("added"):  # a fact an editor added, with its source
        src["added"] = c["added"]
        src["url"] = c["added"]["source_url"]
    return src


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


#: resolve.fold of a value, remembered: the changes fold the same names once per day of a production
_fold = functools.lru_cache(maxsize=1 << 16)(resolve.fold)


def _key(c: dict[str, Any], people: dict[str, str]) -> tuple[str, str]:
    """(group key, shown value) of a claim's value."""
    if c["rel"] in PERSON_RELATIONS:
        shown = people.get(_fold(c["value"]), c["value"])
        return _fold(shown), shown
    if c["rel"] in {"release_date", "previous_release_date", "status"}:
        return c["value"], c["value"]
    return _fold(c["value"]), c["value"]


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
        if c.get("rejected"):
            src["rejected"] = c["rejected"]
        entry["sources"].append(src)
        # a value every source of which an editor rejected is marked rejected (who, when, why)
        if all(s.get("rejected") for s in entry["sources"]):
            entry["rejected"] = src.get("rejected") or entry.get("rejected")
        else:
            entry.pop("rejected", None)
    return {
        rel: sorted(values.values(), key=lambda v: (v["first_asserted"], v["value"]))
        for rel, values in sorted(hist.items(), key=lambda kv: RELATIONS.index(kv[0]) if kv[0] in RELATIONS else 99)
    }


def dossier(store: Store, title_id: int, *, as_of: date | None = None) -> dict[str, Any]:
    """Everything known about a production (as of a date): names, current facts, history, quotes."""
    root = store.root(title_id, as_of)
    ids = store.members(root, as_of)
    every = store.claims(ids, as_of, rejected=True)  # rejected values stay in the history, marked
    claims = [c for c in every if "rejected" not in c]
    people = _person_names(claims)
    name, kind, aliases = display_name(store, root, as_of)
    overlay = store.edit_overlay(as_of.isoformat() if as_of else None)
    links = [
        {"link": lk["link"], "direction": lk["direction"], "id": lk["id"], "name": display_name(store, lk["id"])[0],
         "edit": lk["by"]}
        for lk in overlay.links.get(root, [])
    ]  # fmt: skip
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
                "outlet": outlet(q["url"], q["source_name"]),
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
        "history": _history(every, people),
        "quotes": quotes,
        "links": links,
    }


# ---------------------------------------------------------------------------------------------
# timeline, aliases, contradictions, articles


def timeline(store: Store, title_id: int, *, as_of: date | None = None) -> list[TimelineRow]:
    """The release-date history: each announced date, first and last asserted, and whether a later
    announcement moved it."""
    ids = store.members(store.root(title_id, as_of), as_of)
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


def franchise_base(name: str) -> str | None:
    """The key of the franchise a name belongs to: "skyline protocol" for "Skyline Protocol 2",
    "Skyline Protocol: Ember Run" and "Skyline Protocol 3: Dark Tide"; None for a plain name."""
    sub = resolve.subtitle(name)
    head = name.strip()[: len(name.strip()) - len(sub)] if sub else name
    words = resolve.title_key(head).split()
    if words and words[-1].isdigit():
        words = words[:-1]
    base = " ".join(words)
    return base if base and (sub or base != resolve.title_key(name)) else None


def related(store: Store, title_id: int) -> list[PossibleMatch]:
    """Other productions of the same franchise, as their names link them ("Skyline Protocol",
    "Skyline Protocol 3" beside "Skyline Protocol 2"), found by key look-ups (never all pairs)."""
    root = store.root(title_id)
    names = {r["alias"] for r in store.aliases(store.members(root))}
    found: dict[int, str] = {}
    bases = {b for n in names if (b := franchise_base(n))}
    plain = {resolve.title_key(n) for n in names if franchise_base(n) is None} - {""}
    for base in sorted(bases | plain):
        for other in store.roots_for_key(base, strong_only=True) if base in bases else []:
            if other != root:
                found.setdefault(other, "the film the franchise is named after")
        for other in store.roots_for_key_prefix(base):
            if other != root and other not in found:
                other_names = [r["alias"] for r in store.aliases(store.members(other))]
                if any(franchise_base(n) == base for n in other_names):
                    found.setdefault(other, "the same franchise")
    maybe = {m.id for m in possible_matches(store, root)}
    return [PossibleMatch(i, display_name(store, i)[0], why) for i, why in sorted(found.items()) if i not in maybe]


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


def person_forms(store: Store, entity_id: int) -> tuple[int, list[int]]:
    """(the id that stands for this person, every entity id that is the same person).

    The merged data names one person in several forms: "Cruise" beside "Tom Cruise" in a production's
    facts, "Chris McQuarrie" beside "Christopher McQuarrie". Blocked by surname (never all pairs):
    full names that are variants of each other ("Chris" ~ "Christopher") and share a production are
    one person, shown under the longest; a surname alone joins the full name it shares a production
    with when exactly one person of that surname does. Organisations and places are themselves."""
    overlay = store.edit_overlay()
    entity_id = overlay.kept_entity(entity_id)  # an editor's merge: the kept one stands for it
    row = store.entity(entity_id)
    if row is None:
        raise NotFoundError(f"no person or organisation with id {entity_id}")
    merged = overlay.entity_forms(entity_id)
    words = str(row["key"]).split()
    if row["type"] != "person" or not words:
        return entity_id, merged
    cands = {int(r["id"]): r for r in store.entities_by_surname("person", words[-1])}
    cands.setdefault(entity_id, row)
    roots = {i: {int(c["root"]) for c in store.entity_claims(i)} for i in cands}
    full = sorted(
        (i for i in cands if len(str(cands[i]["key"]).split()) >= 2), key=lambda i: (-len(cands[i]["name"]), i)
    )
    group: dict[int, int] = {}  # full-name entity -> the id standing for its person
    for i in full:
        if i in group:
            continue
        group[i] = i
        for j in full:
            if (
                j not in group
                and roots[i] & roots[j]
                and resolve.person_variants_match(cands[i]["name"], cands[j]["name"])
            ):
                group[j] = i
    for i in cands:
        if i not in group:  # a surname alone
            heads = {group[j] for j in full if roots[i] & roots[j]}
            group[i] = heads.pop() if len(heads) == 1 else i
    head = group[entity_id]
    forms = {i for i in cands if group[i] == head and overlay.kept_entity(i) == i} | set(merged)
    if overlay.entity_to:  # the kept entity of an editor's merge stands for its person
        head = entity_id if head != entity_id and overlay.entity_forms(entity_id)[1:] else head
    return head, sorted(forms)


def _year(store: Store, root: int) -> int | None:
    """A production's year: its current release date's, else the year of its first article."""
    claims = [c for c in store.claims(store.members(root)) if c["rel"] in {"release_date", "status"}]
    release, _ = _release_and_status(claims)
    if release and release[:4].isdigit():
        return int(release[:4])
    rows = store.aliases(store.members(root))
    return int(rows[0]["published"][:4]) if rows else None


def person(store: Store, entity_id: int) -> dict[str, Any]:
    """Every production a person (or organisation, or place) is linked to, by relation, with sources,
    under every form of the name the data knows (see :func:`person_forms`)."""
    head, forms = person_forms(store, entity_id)
    row = store.entity(head)
    assert row is not None
    names = [store.entity(i) for i in forms]
    by_title: dict[int, dict[str, Any]] = {}
    credits: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    claims = sorted(
        (c for i in forms for c in store.entity_claims(i)), key=lambda c: (c["asserted_on"], c["ref"], c["rel"])
    )
    years: dict[int, int | None] = {}
    for c in claims:
        root = int(c["root"])
        entry = by_title.get(root)
        if entry is None:
            name, kind, _ = display_name(store, root)
            years[root] = _year(store, root)
            entry = by_title[root] = {"id": root, "name": name, "kind": kind, "year": years[root], "relations": {}}
        rels = entry["relations"].setdefault(c["rel"], {"character": None, "sources": []})
        if c["character"]:
            rels["character"] = c["character"]
        rels["sources"].append(_source(c))
        credit = credits[c["rel"]].setdefault(
            root, {"id": root, "name": entry["name"], "kind": entry["kind"], "year": years[root], "character": None,
                   "sources": []},
        )  # fmt: skip
        if c["character"]:
            credit["character"] = c["character"]
        credit["sources"].append(_source(c))
    quotes = [
        {
            "text": q["text"],
            "platform": q["platform"],
            "ref": q["ref"],
            "date": q["asserted_on"],
            "outlet": outlet(q["url"], q["source_name"]),
        }  # fmt: skip
        for i in forms
        for q in store.entity_quotes(i)
    ]
    quotes.sort(key=lambda q: (q["date"], q["ref"]))
    if not by_title and not quotes:  # named only by superseded extractions: it answers nowhere
        raise NotFoundError(f"no person or organisation with id {entity_id}")
    works = sorted(
        by_title.values(),
        key=lambda w: (min(s["date"] for r in w["relations"].values() for s in r["sources"]), w["name"]),
    )
    order = {rel: i for i, rel in enumerate(RELATIONS)}
    by_role = {
        rel: sorted(credits[rel].values(), key=lambda w: (w["year"] is None, w["year"] or 0, w["name"]))
        for rel in sorted(credits, key=lambda r: order.get(r, 99))
    }
    return {
        "id": head, "type": row["type"], "name": row["name"],
        "names": list(dict.fromkeys([row["name"], *(n["name"] for n in names if n is not None)])),
        "productions": works, "credits": by_role, "quotes": quotes,
    }  # fmt: skip


def credit_rows(p: dict[str, Any]) -> list[dict[str, Any]]:
    """A person's credits as flat rows (one per production and role), for CSV."""
    return [
        {
            "role": rel,
            "production": w["name"],
            "production_id": w["id"],
            "kind": w["kind"],
            "year": w["year"],
            "character": w["character"],
            "first_said": w["sources"][0]["date"],
            "sources": len(w["sources"]),
            "refs": " ".join(dict.fromkeys(s["ref"] for s in w["sources"])),
        }  # fmt: skip
        for rel, works in p["credits"].items()
        for w in works
    ]


def fact_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    """A dossier's current facts as flat rows (one per value), for CSV."""
    return [
        {
            "relation": rel,
            "value": v["value"],
            "character": v.get("character"),
            "region": v.get("region"),
            "medium": v.get("medium"),
            "since": v["since"],
            "sources": len(v["sources"]),
            "refs": " ".join(dict.fromkeys(s["ref"] for s in v["sources"])),
            "urls": " ".join(dict.fromkeys(s["url"] for s in v["sources"] if s.get("url"))),
        }  # fmt: skip
        for rel, values in d["facts"].items()
        for v in values
    ]


def first_known(store: Store, title_id: int) -> str | None:
    """The date of the first article that named the production."""
    rows = store.aliases(store.members(store.root(title_id)))
    return min((str(r["published"]) for r in rows), default=None)


def article_view(store: Store, ref: str) -> dict[str, Any]:
    """An article with every fact and quote extracted from it, with character offsets."""
    row = store.article(ref) if storable(ref) == ref else None  # no stored ref holds a NUL
    if row is None:
        raise NotFoundError(f"no article {ref!r}")
    facts = [
        {k: c[k] for k in ("rel", "value", "character", "region", "medium", "span_start", "span_end", "sentence")}
        | {"title": c["title_name"], "title_id": int(c["root"]), "entity_id": c["entity_id"]}
        | ({"rejected": c["rejected"]} if c.get("rejected") else {})
        for c in store.article_claims(row["id"])
    ]
    quotes = [dict(q) for q in store.article_quotes(row["id"])]
    return {
        "id": row["id"], "ref": row["ref"], "url": row["url"], "published": row["published"], "title": row["title"],
        "source_name": row["source_name"], "text": row["text"], "ingested_at": row["ingested_at"],
        "extractor_version": row["extractor_version"], "facts": facts, "quotes": quotes,
    }  # fmt: skip


def search(store: Store, text: str, *, limit: int = 20) -> dict[str, Any]:
    """Titles (forgiving: see :func:`search_titles`), people (and organisations, places: one entry
    per person under all forms of the name) and quotes matching ``text``."""
    text = text.strip()
    if not text:
        return {"query": text, "titles": [], "people": [], "quotes": []}
    words = resolve.person_key(text)  # no words (only punctuation): no title or name can match
    titles = [to_jsonable(t) for t in search_titles(store, text, limit=limit)] if words else []
    people: dict[int, dict[str, Any]] = {}
    for r in store.search_entities(words, limit) if words else []:
        head, forms = person_forms(store, int(r["id"]))
        if head in people:
            continue
        main = store.entity(head)
        if main is None:
            continue
        claims = sum(len(store.entity_claims(i)) for i in forms)
        names = [n["name"] for n in (store.entity(i) for i in forms) if n is not None]
        people[head] = {"id": head, "type": main["type"], "name": main["name"], "claims": claims,
                        "names": list(dict.fromkeys([main["name"], *names]))}  # fmt: skip
    # searched literally: text holding what no database stores (NUL) is in no quote, on either backend
    quotes = [dict(r) for r in store.search_quotes(text.lower(), limit)] if storable(text) == text else []
    return {"query": text, "titles": titles, "people": list(people.values()), "quotes": quotes}


def search_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Search results as flat rows (productions, people, quotes), for CSV."""
    rows: list[dict[str, Any]] = []
    for t in results["titles"]:
        rows.append({"type": "production", "id": t["id"], "name": t["name"], "detail": t["kind"],
                     "date": t.get("release_date"), "ref": None})  # fmt: skip
    for p in results["people"]:
        rows.append({"type": p["type"], "id": p["id"], "name": p["name"], "detail": f"{p['claims']} facts",
                     "date": None, "ref": None})  # fmt: skip
    for q in results["quotes"]:
        rows.append({"type": "quote", "id": None, "name": q["speaker"], "detail": q["text"],
                     "date": q["asserted_on"], "ref": q["ref"]})  # fmt: skip
    return rows


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


# ---------------------------------------------------------------------------------------------
# what changed, and the release calendar: both derived from the claims, day by day
#
# The state of a production at the end of day D is its dossier as of D (``_current`` over the claims
# asserted on or before D). A change on day D is a difference between the state at the end of the
# day before and at the end of D: what `slate show --as-of` says on the two days. Nothing is stored.

#: the kinds of change, in the order a day lists them
CHANGE_KINDS = ("new_production", "title", "release_date", "status", "director", "cast")
_CHANGE_RELS = ("release_date", "previous_release_date", "status", "director", "former_director", "cast", "former_cast")
_RELEASE_RELS = ("release_date", "previous_release_date", "status")
_RETITLE = re.compile(r"titled|renamed|called|known as|revealed as", re.I)
#: the namespace of the stable ids of changes and of release events (UUID version 5)
SLATE_NS = uuid.uuid5(uuid.NAMESPACE_URL, "https://slate.invalid/")


@dataclass
class Change:
    """One change of a production, derived from claims: ``before`` is what was known at the end of
    the day before ``date``, ``after`` what was known at its end, each with the articles saying it.

    ``id`` is stable across runs and databases holding the same articles (it is derived from the
    production's identity, the kind, the value and the day, never from a row id)."""

    id: str
    date: str
    kind: str  # one of CHANGE_KINDS
    verb: str  # new, dated, moved, set, changed, joined, left, replaced, retitled
    title_id: int
    title: str
    before: str | None
    after: str | None
    region: str | None
    medium: str | None
    summary: str
    before_sources: list[dict[str, Any]] = field(default_factory=list)
    after_sources: list[dict[str, Any]] = field(default_factory=list)
    recorded_at: str | None = None  # when the latest article making the change was ingested


@dataclass
class ReleaseRow:
    """A production's current release date in one region/medium (none: the main date)."""

    title_id: int
    title: str
    kind: str
    date: str  # as precise as the news: "2025", "2025-03" or "2025-03-07"
    precision: str  # year | month | day
    region: str | None
    medium: str | None
    status: str | None
    since: str  # first asserted (in its latest unbroken run)
    sources: list[dict[str, Any]]
    previous: str | None  # the date before the latest move
    moved_on: str | None  # the day of the article that moved it
    moves: int  # how many times the date changed, moved or made more precise (the iCalendar SEQUENCE)
    first_announced: str
    last_modified: str  # the day the date last changed (first announced, or moved)
    uid: str  # stable across runs and databases: the production's identity, region and medium
    other_dates: list[str] = field(default_factory=list)  # one article giving several dates ahead


@dataclass
class _Production:
    root: int
    claims: list[dict[str, Any]] = field(default_factory=list)
    aliases: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _State:
    release: dict[tuple[str | None, str | None], list[dict[str, Any]]]
    status: list[dict[str, Any]]
    directors: dict[str, dict[str, Any]]
    cast: dict[str, dict[str, Any]]


def precision(value: str) -> str:
    """How precise an announced date is: year ("2025"), month ("2025-03") or day ("2025-03-07")."""
    return {4: "year", 7: "month"}.get(len(value), "day")


def period_bounds(value: str) -> tuple[date, date] | None:
    """The first and last day an announced date may be ("2025-03" -> March 1 and 31)."""
    try:
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            first = date(y, m, 1)
            return first, date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
        day = date.fromisoformat(value)
        return day, day
    except ValueError:
        return None


def period_label(value: str) -> str:
    """The calendar section an announced date goes in: its month, or its year when no month is known."""
    bounds = period_bounds(value)
    if bounds is None:
        return value
    if precision(value) == "year":
        return f"{value} (month not announced)"
    return bounds[0].strftime("%B %Y")


def _period_order(value: str) -> tuple[str, str]:
    """Sorts a month-only date after that month's days, a year-only date after the year's months."""
    if len(value) == 4:
        return (value + "-13", "")
    if len(value) == 7:
        return (value, "99")
    return (value[:7], value[8:])


def _productions(
    store: Store, rels: Sequence[str], root: int | None, active_since: str | None, *, with_links: bool
) -> list[_Production]:
    out: dict[int, _Production] = {}
    for r in store.production_aliases(root=root, active_since=active_since):
        out.setdefault(int(r["root"]), _Production(int(r["root"]))).aliases.append(r)
    for c in store.production_claims(rels, root=root, active_since=active_since):
        if int(c["root"]) in out:  # a production with no answering name answers nowhere
            out[int(c["root"])].claims.append(c)
    if with_links:
        for lk in store.production_links(root=root, active_since=active_since):
            if int(lk["root"]) in out:
                out[int(lk["root"])].links.append(lk)
    return [out[k] for k in sorted(out)]


def production_identity(aliases: Sequence[dict[str, Any]]) -> str:
    """A production's identity, the same in every database holding its first article: the key of the
    name its earliest article (by date, then content hash) calls it."""
    first = (aliases[0]["published"], aliases[0]["article_id"])
    rows = [r for r in aliases if (r["published"], r["article_id"]) == first]
    named = [r for r in rows if r["reason"] == "name"] or rows
    return min(resolve.title_key(str(r["alias"])) for r in named)


def _state(claims: list[dict[str, Any]], people: dict[str, str]) -> _State:
    facts = _current(claims, people)
    release: dict[tuple[str | None, str | None], list[dict[str, Any]]] = defaultdict(list)
    for v in facts.get("release_date", []):
        release[(v.get("region"), v.get("medium"))].append(v)
    return _State(
        dict(release),
        facts.get("status", []),
        {_fold(v["value"]): v for v in facts.get("director", [])},
        {_fold(v["value"]): v for v in facts.get("cast", [])},
    )


def _day_states(claims: list[dict[str, Any]], people: dict[str, str]) -> Iterator[tuple[str, _State, _State]]:
    """(day, state at the end of the day before, state at its end) for each day with a claim."""
    state_claims = [c for c in claims if c["rel"] != "previous_release_date"]
    prev = _State({}, [], {}, {})
    i = 0
    for day in sorted({c["asserted_on"] for c in state_claims}):
        while i < len(state_claims) and state_claims[i]["asserted_on"] <= day:
            i += 1
        state = _state(state_claims[:i], people)
        yield day, prev, state
        prev = state


def _values(entries: Sequence[dict[str, Any]]) -> str | None:
    return " / ".join(sorted({e["value"] for e in entries})) or None


def _latest_sources(entries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources of the latest day that asserted any of these values."""
    sources = [s for e in entries for s in e.get("sources", [])]
    if not sources:
        return []
    last = max(s["date"] for s in sources)
    return _unique([s for s in sources if s["date"] == last])


def _day_sources(entries: Sequence[dict[str, Any]], day: str) -> list[dict[str, Any]]:
    return _unique([s for e in entries for s in e.get("sources", []) if s["date"] == day])


def _unique(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: dict[tuple[str, str | None], dict[str, Any]] = {}
    for s in sources:
        seen.setdefault((s["ref"], s.get("sentence")), s)
    return list(seen.values())


def _refined(before: str | None, after: str | None) -> bool:
    """ "2025" -> "2025-03" -> "2025-03-07": the same date, made more precise (not a move)."""
    if not before or not after or " / " in before + after:
        return False
    return after != before and after.startswith(before)


def _where(region: str | None, medium: str | None) -> str:
    parts = [p for p in (region, medium) if p]
    return f" ({', '.join(parts)})" if parts else ""


def _person(entry: dict[str, Any]) -> str:
    return str(entry["value"]) + (f" as {entry['character']}" if entry.get("character") else "")


def _production_changes(store: Store, p: _Production) -> list[Change]:
    if not p.aliases:
        return []
    name, kind, _ = display_name(store, p.root)
    ident = production_identity(p.aliases)
    people = _person_names(p.claims)
    first_day = p.aliases[0]["published"]
    ingested: dict[str, list[str]] = defaultdict(list)
    for r in [*p.aliases, *p.claims]:
        ingested[r["published"] if "published" in r else r["asserted_on"]].append(r["ingested_at"])
    out: list[Change] = []

    def add(day: str, ckind: str, verb: str, before: str | None, after: str | None, summary: str,
            before_sources: list[dict[str, Any]], after_sources: list[dict[str, Any]], *,
            region: str | None = None, medium: str | None = None, what: str = "") -> None:  # fmt: skip
        key = "|".join([ident, ckind, what, region or "", medium or "", day, before or "", after or ""])
        out.append(
            Change(
                id=str(uuid.uuid5(SLATE_NS, "change:" + key)),
                date=day,
                kind=ckind,
                verb=verb,
                title_id=p.root,
                title=name,
                before=before,
                after=after,
                region=region,
                medium=medium,
                summary=summary,
                before_sources=before_sources,
                after_sources=after_sources,
                recorded_at=max(ingested[day], default=None),
            )
        )

    def naming(article_id: str, name: str) -> str | None:
        """A sentence of the article that names the production so (its first claim's, else none)."""
        said = [c["sentence"] for c in p.claims if c["article_id"] == article_id]
        return next((x for x in said if name in x), said[0] if said else None)

    # a new production: its first article (what that article said is the change's "after")
    first_rows = [r for r in p.aliases if r["published"] == first_day]
    named = [r for r in first_rows if r["reason"] == "name"] or first_rows
    first_name = sorted({r["alias"] for r in named}, key=lambda a: (-len(a), a))[0]
    first_claims = [c for c in p.claims if c["asserted_on"] == first_day]
    known = _state(first_claims, people) if first_claims else _State({}, [], {}, {})
    details = []
    for (region, medium), entries in sorted(known.release.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "")):
        details.append(f"release{_where(region, medium)} {_values(entries)}")
    if known.directors:
        details.append("directed by " + ", ".join(v["value"] for v in known.directors.values()))
    if known.status:
        details.append(f"status {_values(known.status)}")
    first_sources = _unique(
        [{"ref": r["ref"], "date": r["published"], "sentence": naming(r["article_id"], r["alias"])} for r in named]
    )  # the article(s) that first named it
    add(first_day, "new_production", "new", None, first_name,
        f"New {kind}: {first_name}" + (f" ({'; '.join(details)})" if details else ""), [], first_sources)  # fmt: skip

    # retitlings: an article stating the production's new name ("X, now titled Y")
    retitled: set[tuple[str, str]] = set()
    for lk in p.links:
        old_key, new_key = resolve.title_key(lk["name"]), resolve.title_key(lk["other_name"])
        if not _RETITLE.search(lk["reason"]) or old_key == new_key or (old_key, new_key) in retitled:
            continue  # not a new name, or one an earlier article already gave
        retitled.add((old_key, new_key))
        old = next((r for r in p.aliases if resolve.title_key(r["alias"]) == old_key), None)
        before_src = (
            [{"ref": old["ref"], "date": old["published"], "sentence": naming(old["article_id"], old["alias"])}]
            if old
            else []
        )
        after_src = [{"ref": lk["ref"], "date": lk["published"], "sentence": lk["sentence"]}]
        add(lk["published"], "title", "retitled", lk["name"], lk["other_name"],
            f"Retitled from {lk['name']} to {lk['other_name']}", before_src, after_src)  # fmt: skip

    # the differences between one day and the day before
    former = defaultdict(list)
    for c in p.claims:
        if c["rel"] in {"former_cast", "former_director"}:
            former[(c["rel"], c["asserted_on"])].append(c)
    for day, prev, now in _day_states(p.claims, people):
        if day <= first_day:
            continue  # the first day is the new production
        for group in sorted(set(prev.release) | set(now.release), key=lambda g: (g[0] or "", g[1] or "")):
            b, a = prev.release.get(group, []), now.release.get(group, [])
            if _values(b) == _values(a):
                continue
            region, medium = group
            where = _where(region, medium)
            verb = "moved" if b else "dated"
            if b and _refined(_values(b), _values(a)):
                verb, summary = "refined", f"Release date{where} made precise: {_values(b)} -> {_values(a)}"
            elif b:
                summary = f"Release date{where} moved from {_values(b)} to {_values(a)}"
            else:
                summary = f"Release date{where} announced: {_values(a)}"
            add(day, "release_date", verb, _values(b), _values(a), summary,
                _latest_sources(b), _day_sources(a, day), region=region, medium=medium)  # fmt: skip
        if _values(prev.status) != _values(now.status):
            b_status, a_status = _values(prev.status), _values(now.status)
            summary = f"Status {b_status} -> {a_status}" if b_status else f"Status: {a_status}"
            add(day, "status", "changed" if b_status else "set", b_status, a_status, summary,
                _latest_sources(prev.status), _day_sources(now.status, day))  # fmt: skip
        if set(prev.directors) != set(now.directors):
            joined = [v for k, v in now.directors.items() if k not in prev.directors]
            left = [v for k, v in prev.directors.items() if k not in now.directors]
            ended = [_source(c) for c in former[("former_director", day)]]
            b_dir = ", ".join(sorted(v["value"] for v in prev.directors.values())) or None
            a_dir = ", ".join(sorted(v["value"] for v in now.directors.values())) or None
            if joined and left:
                verb, summary = "replaced", f"Director {b_dir} replaced by {a_dir}"
            elif joined:
                verb, summary = "joined", f"{', '.join(v['value'] for v in joined)} joined as director"
            else:
                verb, summary = "left", f"{', '.join(v['value'] for v in left)} left as director"
            add(day, "director", verb, b_dir, a_dir, summary, _latest_sources(left or list(prev.directors.values())),
                _unique([*ended, *_day_sources(joined, day)]))  # fmt: skip
        for k, v in now.cast.items():
            if k not in prev.cast:
                add(day, "cast", "joined", None, _person(v), f"{_person(v)} joined the cast", [],
                    _day_sources([v], day), what=k)  # fmt: skip
        for k, v in prev.cast.items():
            if k not in now.cast:
                ended = [_source(c) for c in former[("former_cast", day)] if _key(c, people)[0] == k]
                add(day, "cast", "left", _person(v), None, f"{v['value']} left the cast", _latest_sources([v]),
                    ended, what=k)  # fmt: skip
    return out


def changes(
    store: Store,
    *,
    since: date | None = None,
    until: date | None = None,
    title_id: int | None = None,
    kinds: Collection[str] | None = None,
) -> list[Change]:
    """What changed, derived from the claims (never stored): new productions, retitlings, release
    dates moved (per region/medium), status changes, directors and cast members joining or leaving.

    A change on day D is a difference between the production as of the day before and as of D (its
    dossier, ``slate show --as-of``). Changes are listed by date, then production, then kind;
    ``since``/``until`` bound the day, ``title_id`` picks one production, ``kinds`` some of
    :data:`CHANGE_KINDS`. Works the same on both backends (all reads go through the store).

    Each change's ``id`` is stable, and ``recorded_at`` says when the article that made it was
    ingested: a consumer that must hear of each change once (a webhook) keeps the ids it has
    delivered, since an article published long ago may be ingested today."""
    root = store.root(title_id) if title_id is not None else None
    active = since.isoformat() if since else None
    out: list[Change] = []
    for p in _productions(store, _CHANGE_RELS, root, active, with_links=True):
        out.extend(_production_changes(store, p))
    lo = since.isoformat() if since else ""
    hi = until.isoformat() if until else "9999-12-31"
    out = [c for c in out if lo <= c.date <= hi and (not kinds or c.kind in kinds)]
    out.sort(
        key=lambda c: (
            c.date, c.title.casefold(), c.title_id, CHANGE_KINDS.index(c.kind), c.region or "", c.medium or "",
            c.summary, c.id,
        )
    )  # fmt: skip
    return out


def latest_changes(store: Store, *, limit: int = 12, kinds: Collection[str] | None = None) -> list[Change]:
    """The latest ``limit`` changes (of ``kinds``), newest first (the home page, the feed, the API):
    only the productions named in the last month of articles are read first, then the last half
    year, and all of them only when those give too few."""
    latest = store.latest_published()
    if latest is None:
        return []
    rows: list[Change] = []
    for days in (31, 183, None):
        since = date.fromisoformat(latest) - timedelta(days=days) if days is not None else None
        rows = changes(store, since=since, kinds=kinds)
        if len(rows) >= limit:
            break
    return rows[::-1][:limit]


def feed_id(store: Store | None = None, title_id: int | None = None) -> str:
    """The stable id (a UUID) of the changes feed, of all productions or of one."""
    if store is None or title_id is None:
        return str(uuid.uuid5(SLATE_NS, "feed:changes"))
    ident = production_identity(store.production_aliases(root=store.root(title_id)))
    return str(uuid.uuid5(SLATE_NS, "feed:changes:" + ident))


def releases(
    store: Store,
    *,
    start: date | None = None,
    end: date | None = None,
    region: str | None = None,
    medium: str | None = None,
    kind: str | None = None,
    title_id: int | None = None,
) -> list[ReleaseRow]:
    """Productions by current release date, one row per production and region/medium.

    A date known only to the month or year is kept so ("2025-03", "2025") and falls inside
    ``start``..``end`` when its month or year overlaps them. ``previous`` and ``moved_on`` tell the
    latest move the news made (the date before it, and the day of the article that moved it),
    ``moves`` how many there were; with none seen, an article stating the date it replaced
    ("moved from June 13") gives ``previous``. ``region``/``medium`` match case-insensitively."""
    root = store.root(title_id) if title_id is not None else None
    out: list[ReleaseRow] = []
    for p in _productions(store, _RELEASE_RELS, root, None, with_links=False):
        if not p.aliases or not any(c["rel"] == "release_date" for c in p.claims):
            continue
        name, pkind, _ = display_name(store, p.root)
        if kind and pkind != kind:
            continue
        ident = production_identity(p.aliases)
        # per region/medium: (day, the date before, whether it was only made more precise)
        moves: dict[tuple[str | None, str | None], list[tuple[str, str, bool]]] = defaultdict(list)
        first: dict[tuple[str | None, str | None], str] = {}
        last_state = _State({}, [], {}, {})
        for day, prev, now in _day_states(p.claims, {}):
            for group, entries in now.release.items():
                first.setdefault(group, day)
                before = _values(prev.release.get(group, []))
                if before is not None and before != _values(entries):
                    moves[group].append((day, before, _refined(before, _values(entries))))
            last_state = now
        status = _values(last_state.status)
        for (g_region, g_medium), entries in last_state.release.items():
            if region and (g_region or "").casefold() != region.casefold():
                continue
            if medium and (g_medium or "").casefold() != medium.casefold():
                continue
            values = sorted(entries, key=lambda e: _period_order(e["value"]))
            current = values[0]
            group = (g_region, g_medium)
            previous = moved_on = None
            real = [(d, b) for d, b, refined in moves[group] if not refined]
            if real:  # the latest move (a date only made more precise did not move)
                moved_on, previous = real[-1]
            else:  # no move seen: the date an article says this one replaced
                stated = [
                    c for c in p.claims
                    if c["rel"] == "previous_release_date" and (c["region"], c["medium"]) == group
                    and c["asserted_on"] >= current["since"] and c["value"] != current["value"]
                ]  # fmt: skip
                if stated:
                    previous, moved_on = stated[-1]["value"], stated[-1]["asserted_on"]
            bounds = period_bounds(current["value"])
            if bounds and ((start and bounds[1] < start) or (end and bounds[0] > end)):
                continue
            if bounds is None and (start or end):
                continue
            uid = uuid.uuid5(SLATE_NS, "|".join(["release", ident, g_region or "", g_medium or ""]))
            out.append(
                ReleaseRow(
                    title_id=p.root,
                    title=name,
                    kind=pkind,
                    date=current["value"],
                    precision=precision(current["value"]),
                    region=g_region,
                    medium=g_medium,
                    status=status,
                    since=current["since"],
                    sources=current["sources"],
                    previous=previous,
                    moved_on=moved_on,
                    moves=len(moves[group]),
                    first_announced=first[group],
                    last_modified=moves[group][-1][0] if moves[group] else first[group],
                    uid=str(uid),
                    other_dates=[v["value"] for v in values[1:]],
                )
            )
    out.sort(key=lambda r: (_period_order(r.date), r.title.casefold(), r.region or "", r.medium or ""))
    return out


def source_refs(sources: list[dict[str, Any]]) -> str:
    """The articles of some sources, each once: ``"2024-06-02 ref-a; 2024-07-01 ref-b"``."""
    return "; ".join(dict.fromkeys(f"{s.get('date')} {s.get('ref')}" for s in sources))


RELEASE_COLUMNS = (
    "date", "precision", "title", "kind", "region", "medium", "status", "previous", "moved_on", "moves", "since",
    "title_id", "uid", "sources",
)  # fmt: skip
CHANGE_COLUMNS = (
    "date", "kind", "verb", "title", "title_id", "region", "medium", "before", "after", "summary", "before_sources",
    "after_sources", "id",
)  # fmt: skip


def release_rows(rows: list[ReleaseRow]) -> list[dict[str, Any]]:
    """The release calendar as flat rows (RELEASE_COLUMNS: the sources as dated refs), for CSV."""
    return [to_jsonable(r) | {"sources": source_refs(r.sources)} for r in rows]


def change_rows(changes: list[Change]) -> list[dict[str, Any]]:
    """Changes as flat rows (CHANGE_COLUMNS: each side's sources as dated refs), for CSV."""
    refs = source_refs
    return [
        to_jsonable(c) | {"before_sources": refs(c.before_sources), "after_sources": refs(c.after_sources)}
        for c in changes
    ]


__all__ = [
    "CHANGE_COLUMNS",
    "CHANGE_KINDS",
    "RELEASE_COLUMNS",
    "AliasRow",
    "Change",
    "ArticleSummary",
    "Contradiction",
    "TimelineRow",
    "ReleaseRow",
    "TitleSummary",
    "aliases",
    "changes",
    "change_rows",
    "article_view",
    "browse",
    "credit_rows",
    "fact_rows",
    "first_known",
    "outlet",
    "person_forms",
    "related",
    "search_rows",
    "source_refs",
    "search_titles",
    "contradictions",
    "display_name",
    "dossier",
    "feed_id",
    "find_title",
    "latest_changes",
    "list_articles",
    "list_titles",
    "period_bounds",
    "period_label",
    "person",
    "precision",
    "production_identity",
    "recent",
    "releases",
    "release_rows",
    "search",
    "timeline",
    "to_jsonable",
]
