"""Editor corrections as data: merge, split, kind, name, link, reject, add, undo. No SQL, no CLI here.

An editor's decision is a row of its own (table ``edits``: op, JSON params, editor, time, reason,
optional source URL), never a change to what was extracted. Its targets are named by stable keys
(a production by the :func:`slate.resolve.title_key` of one of its names plus its id at decision
time, a person/organisation/place by type and :func:`slate.resolve.person_key`, a fact by relation
and :func:`slate.resolve.value_key`, an article by its content id), so a decision outlives every
later ingest and re-extraction: it is resolved when the data is read (:func:`overlay`) against
what answers now, and one whose target is gone is an *orphan* (:func:`orphans`), never dropped.

The store asks :func:`overlay` once per request (and per ``--as-of`` day) and applies it where it
reads: productions regrouped, claims of merged names shown under the kept name, rejected values
left out of current answers (kept, marked, in history), added facts answered with their source.
An ``--as-of D`` answer applies only the decisions made on or before D.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from slate import resolve
from slate.errors import EditError, NotFoundError
from slate.models import PERSON_RELATIONS, RELATIONS

if TYPE_CHECKING:
    from slate.store import Store

OPERATIONS: tuple[str, ...] = ("merge", "split", "kind", "name", "link", "reject", "add", "undo")
LINKS: tuple[str, ...] = ("sequel_of", "same_franchise", "remake_of")
ENTITY_TYPES: tuple[str, ...] = ("person", "organisation", "place")
KINDS: tuple[str, ...] = ("film", "series")
#: relations an editor may add (a ``previous_release_date`` is only ever read from an article)
ADDABLE: tuple[str, ...] = tuple(r for r in RELATIONS if r != "previous_release_date")
MAX_TEXT = 2000

PARAMS: dict[str, dict[str, str]] = {
    "merge": {
        "what": "optional: production (default) or entity (a person, organisation or place)",
        "a": "required: the name merged away (a production's name, or an entity's name)",
        "b": "required: the name kept: the merged production/entity is shown under it",
        "type": "optional, entities only: person, organisation or place (needed when the name is several),"
        " or region (a release date's region: UK, United Kingdom)",
    },
    "split": {
        "title": "required: the production wrongly merged",
        "alias": "one of alias/article: the name whose production rows go apart (a production of their own)",
        "article": "one of alias/article: the article (ref or id) whose names go apart",
    },
    "kind": {"title": "required: the production", "kind": "required: film or series"},
    "name": {"title": "required: the production", "name": "required: the name to show it under"},
    "link": {
        "title": "required: the production",
        "other": "required: the production it is linked to",
        "link": "required: sequel_of, same_franchise or remake_of (title is a sequel/remake of other)",
    },
    "reject": {
        "title": "required: the production",
        "rel": "required: the relation (director, writer, cast, release_date, filming_location...)",
        "value": "required: the value rejected (as shown)",
        "article": "optional: reject it from this article only (ref or id); default: from every article",
    },
    "add": {
        "title": "required: the production",
        "rel": "required: the relation",
        "value": "required: the value",
        "character": "optional: the character (cast)",
        "region": "optional: the region (release_date)",
    },
    "undo": {"id": "required: the id of the decision undone (an undo of an undo redoes it)"},
}


@dataclass
class Edit:
    """One stored decision, as read back."""

    id: int
    op: str
    params: dict[str, Any]
    editor: str
    reason: str
    source_url: str | None
    made_at: str
    undone_by: int | None
    summary: str
    orphan: bool = False


# ---------------------------------------------------------------------------------------------
# the overlay: every active decision resolved against the data as it is now


@dataclass
class Overlay:
    """The decisions in force (up to ``cutoff``), resolved to the rows that exist now."""

    cutoff: str | None = None
    #: title id -> root, for the title rows an editor's merge or split moved out of their stored group
    moved: dict[int, int] = field(default_factory=dict)
    names: dict[int, tuple[str, int]] = field(default_factory=dict)  # root -> (name, edit id)
    kinds: dict[int, tuple[str, int]] = field(default_factory=dict)
    rejects: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    added: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    links: dict[int, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    entity_to: dict[int, int] = field(default_factory=dict)  # merged-away entity -> kept entity
    entity_names: dict[int, str] = field(default_factory=dict)  # kept entity -> its name
    regions: dict[str, str] = field(default_factory=dict)  # folded region merged away -> the kept region
    orphans: set[int] = field(default_factory=set)
    noop: set[int] = field(default_factory=set)  # splits that found nothing to part (every row goes by the name)
    touched: dict[int, set[int]] = field(default_factory=dict)  # edit id -> roots it concerns
    undone_by: dict[int, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.names or self.kinds or self.rejects or self.added or self.links
                    or self.entity_to or self.regions)  # fmt: skip

    def root(self, title_id: int, stored_root: int) -> int:
        return self.moved.get(title_id, stored_root)

    def kept_entity(self, entity_id: int) -> int:
        return self.entity_to.get(entity_id, entity_id)

    def entity_forms(self, entity_id: int) -> list[int]:
        """The entities an editor merged into this one (itself first)."""
        return [entity_id, *sorted(i for i, k in self.entity_to.items() if k == entity_id)]

    def fix_claims(
        self,
        rows: Iterable[dict[str, Any]],
        *,
        roots: Iterable[int] = (),
        all_roots: bool = False,
        rels: Sequence[str] | None = None,
        entity: int | None = None,
        keep_rejected: bool = False,
        as_of: str | None = None,
        order: str = "date",
    ) -> list[dict[str, Any]]:
        """Claim rows (each with its ``root``) as the decisions have them: merged entities under the
        kept name, rejected ones left out (or marked, ``keep_rejected``), added facts of ``roots``
        (of every production with ``all_roots``; naming ``entity`` with ``entity``) put in."""
        out: list[dict[str, Any]] = []
        for c in rows:
            eid = c.get("entity_id")
            if eid is not None and eid in self.entity_to:
                c = dict(c)
                kept = self.entity_to[eid]
                c["entity_id"] = kept
                c["value"] = self.entity_names.get(kept, c["value"])
            if self.regions and c.get("region") and region_key(c["region"]) in self.regions:
                c = dict(c)
                c["region"] = self.regions[region_key(c["region"])]
            rejected = self._rejected(c)
            if rejected is not None:
                if not keep_rejected:
                    continue
                c = dict(c)
                c["rejected"] = rejected
            out.append(c)
        wanted = set(roots)
        extra: list[dict[str, Any]] = []
        for root, adds in self.added.items():
            if not (all_roots or root in wanted or entity is not None):
                continue
            for a in adds:
                if rels is not None and a["rel"] not in rels:
                    continue
                if entity is not None and a.get("entity_id") != entity:
                    continue
                if as_of is not None and a["asserted_on"] > as_of:
                    continue
                extra.append(a)
        if not extra:
            return out
        out.extend(extra)
        if order == "root":
            out.sort(key=lambda c: (c["root"], c["asserted_on"]))
        else:
            out.sort(key=lambda c: c["asserted_on"])
        return out

    def _rejected(self, c: dict[str, Any]) -> dict[str, Any] | None:
        if not self.rejects:
            return None
        root = c.get("root")
        if root is None or root not in self.rejects:
            return None
        rel = "release_date" if c["rel"] == "previous_release_date" else c["rel"]
        key = resolve.value_key(rel, c["value"])
        for r in self.rejects[root]:
            if r["rel"] != rel or r["article_id"] not in (None, c.get("article_id")):
                continue
            # a person's surname alone ("Chu") is the person rejected ("Jon M. Chu"), as the dossier shows it
            surname = rel in PERSON_RELATIONS and " " not in key and r["value_key"].split()[-1:] == [key]
            if r["value_key"] == key or surname:
                by: dict[str, Any] = r["by"]
                return by
        return None

    def display(self, root: int, name: str, kind: str) -> tuple[str, str]:
        """(name, kind) of a production with the editors' name and kind put in."""
        return (
            self.names[root][0] if root in self.names else name,
            self.kinds[root][0] if root in self.kinds else kind,
        )


EMPTY = Overlay()


def region_key(region: str) -> str:
    """ "the United Kingdom" and "United Kingdom" alike (case, punctuation and a leading "the" aside)."""
    words = resolve.fold(region).split()
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def _by(row: dict[str, Any]) -> dict[str, Any]:
    return {"edit": int(row["id"]), "editor": row["editor"], "reason": row["reason"], "made_at": row["made_at"]}


def _undone(rows: Sequence[dict[str, Any]]) -> dict[int, int]:
    """edit id -> the id of the undo in force that undoes it (an undone undo undoes nothing)."""
    undone: dict[int, int] = {}
    for r in reversed(rows):  # an undo always names an earlier decision: later undos decide first
        if int(r["id"]) in undone:
            continue
        if r["op"] == "undo" and r["undoes"] is not None:
            undone[int(r["undoes"])] = int(r["id"])
    return undone


def _params(row: dict[str, Any]) -> dict[str, Any]:
    value = json.loads(row["params"]) if isinstance(row["params"], str) else row["params"]
    return dict(value) if isinstance(value, dict) else {}


def overlay(store: Store, rows: Sequence[dict[str, Any]], cutoff: str | None = None) -> Overlay:
    """The decisions among ``rows`` (every edit, in id order) made on or before the day ``cutoff``
    and not undone by then, resolved against the data as it answers now."""
    rows = [r for r in rows if cutoff is None or str(r["made_at"])[:10] <= cutoff]
    ov = Overlay(cutoff=cutoff)
    if not rows:
        return ov
    ov.undone_by = _undone(rows)
    active = [(r, _params(r)) for r in rows if r["op"] != "undo" and int(r["id"]) not in ov.undone_by]
    # what the decisions name, fetched in a few reads
    keys: set[str] = set()
    ids: set[int] = set()
    articles: set[str] = set()
    entity_keys: set[str] = set()
    for r, p in active:
        for k in ("title_key", "other_key", "alias_key", "a_key", "b_key"):
            if p.get(k) and not (r["op"] == "merge" and p.get("what") == "entity"):
                keys.add(str(p[k]))
        for k in ("title_id", "other_id", "a_id", "b_id"):
            if isinstance(p.get(k), int):
                ids.add(int(p[k]))
        if p.get("article_id"):
            articles.add(str(p["article_id"]))
        if r["op"] == "merge" and p.get("what") == "entity":
            entity_keys.update({str(p.get("a_key", "")), str(p.get("b_key", ""))})
        if r["op"] == "add" and p.get("entity_type"):
            entity_keys.add(resolve.person_key(str(p.get("value", ""))))
    cands: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> [(title id, strong)]
    for c in store.edit_title_candidates(sorted(keys)):
        cands[str(c["key"])].append((int(c["title_id"]), int(c["strong"])))
        ids.add(int(c["title_id"]))
    by_article: dict[str, set[int]] = defaultdict(set)
    for c in store.edit_article_titles(sorted(articles)):
        by_article[str(c["article_id"])].add(int(c["title_id"]))
        ids.add(int(c["title_id"]))
    stored: dict[int, int] = {int(g["id"]): int(g["root"]) for g in store.edit_stored_groups(sorted(ids))}
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for e in store.edit_entities(sorted(k for k in entity_keys if k)):
        entities[(str(e["type"]), str(e["key"]))] = e

    label: dict[int, int] = dict(stored)  # title id -> its group's label (stored root to start with)

    def ref(key: Any, decision_id: Any) -> int | None:
        """A title id standing for the production named by ``key`` (the one decided on, if it still is)."""
        found = cands.get(str(key)) if key else None
        if not found:
            return None
        strong = [t for t, s in found if s] or [t for t, _ in found]
        labels = {label[t] for t in strong if t in label}
        if isinstance(decision_id, int) and decision_id in label and label[decision_id] in labels:
            return decision_id
        return min(strong)

    def group(rep: int) -> list[int]:
        return [t for t, lab in label.items() if lab == label[rep]]

    targets: list[tuple[dict[str, Any], dict[str, Any], int, int | None]] = []  # (row, params, rep, other rep)
    for r, p in active:
        eid = int(r["id"])
        op = r["op"]
        if op == "merge" and p.get("what") == "entity" and p.get("type") == "region":
            gone_key, kept_name = str(p.get("a_key")), str(p.get("b_name"))
            for k, v in list(ov.regions.items()):
                if region_key(v) == gone_key:
                    ov.regions[k] = kept_name
            ov.regions[gone_key] = kept_name
            ov.regions.pop(region_key(kept_name), None)
            continue
        if op == "merge" and p.get("what") == "entity":
            a = entities.get((str(p.get("type")), str(p.get("a_key"))))
            b = entities.get((str(p.get("type")), str(p.get("b_key"))))
            if a is None or b is None:
                ov.orphans.add(eid)
                continue
            kept = ov.entity_to.get(int(b["id"]), int(b["id"]))
            gone = ov.entity_to.get(int(a["id"]), int(a["id"]))
            if kept == gone:
                continue
            for i, was in list(ov.entity_to.items()):
                if was == gone:
                    ov.entity_to[i] = kept
            ov.entity_to[gone] = kept
            ov.entity_names[kept] = str(b["name"])
            continue
        if op == "merge":
            a_rep, b_rep = ref(p.get("a_key"), p.get("a_id")), ref(p.get("b_key"), p.get("b_id"))
            if a_rep is None or b_rep is None:
                ov.orphans.add(eid)
                continue
            la, lb = label[a_rep], label[b_rep]
            if la != lb:
                for t in [t for t, lab in label.items() if lab == la]:
                    label[t] = lb
            targets.append((r, {**p, "_name": p.get("b_name") or p.get("b")}, b_rep, a_rep))
            continue
        rep = ref(p.get("title_key"), p.get("title_id"))
        if rep is None:
            ov.orphans.add(eid)
            continue
        if op == "split":
            members = group(rep)
            if p.get("alias_key"):
                named = [(t, strong) for t, strong in cands.get(str(p["alias_key"]), []) if t in members]
                # the rows that go by that name (strongly) go; a row only mentioning it stays
                part = {t for t, strong in named if strong} or {t for t, _ in named}
            else:
                part = by_article.get(str(p.get("article_id")), set()) & set(members)
            if not part:
                ov.orphans.add(eid)
                continue
            if len(part) < len(members):
                new = min(part)
                for t in part:
                    label[t] = -new - 1  # a label no stored group uses; its root is settled below
            else:
                ov.noop.add(eid)
            targets.append((r, p, min(part), None))
            continue
        other: int | None = None
        if op == "link":
            other = ref(p.get("other_key"), p.get("other_id"))
            if other is None:
                ov.orphans.add(eid)
                continue
        targets.append((r, p, rep, other))

    # every group's root: a title id of the group (the kept production's root, else the smallest id)
    members_of: dict[int, list[int]] = defaultdict(list)
    for t, lab in label.items():
        members_of[lab].append(t)
    root_of_label = {lab: (lab if lab in ts else min(ts)) for lab, ts in members_of.items()}
    for t, lab in label.items():
        final = root_of_label[lab]
        if final != stored[t]:
            ov.moved[t] = final

    def final_root(rep: int) -> int:
        return root_of_label[label[rep]]

    for r, p, rep, other in targets:
        eid, op = int(r["id"]), r["op"]
        root = final_root(rep)
        ov.touched[eid] = {root} | ({final_root(other)} if other is not None else set())
        if op == "merge":
            ov.names[root] = (str(p["_name"]), eid)
        elif op == "name":
            ov.names[root] = (str(p["name"]), eid)
        elif op == "kind":
            ov.kinds[root] = (str(p["kind"]), eid)
        elif op == "link" and other is not None:
            o = final_root(other)
            ov.links[root].append({"link": p["link"], "id": o, "direction": "to", "by": _by(r)})
            ov.links[o].append({"link": p["link"], "id": root, "direction": "from", "by": _by(r)})
        elif op == "reject":
            ov.rejects[root].append(
                {"rel": p["rel"], "value_key": p["value_key"], "article_id": p.get("article_id"), "by": _by(r)}
            )
        elif op == "add":
            ent = entities.get((str(p.get("entity_type")), resolve.person_key(str(p["value"]))))
            made = str(r["made_at"])
            ov.added[root].append(
                {
                    "id": -eid,
                    "rel": p["rel"],
                    "value": p["value"],
                    "character": p.get("character"),
                    "region": p.get("region"),
                    "medium": None,
                    "signal": None,
                    "sentence": f"Added by {r['editor']}: {r['reason']}",
                    "span_start": 0,
                    "span_end": 0,
                    "asserted_on": made[:10],
                    "title_name": p.get("title"),
                    "confidence": 1.0,
                    "entity_id": int(ent["id"]) if ent else None,
                    "ref": f"edit {eid}",
                    "article_id": f"edit:{eid}",
                    "source_name": None,
                    "url": r["source_url"],
                    "ingested_at": made,
                    "root": root,
                    "title_id": root,
                    "added": _by(r) | {"source_url": r["source_url"]},
                }  # fmt: skip
            )
    return ov


# ---------------------------------------------------------------------------------------------
# making decisions


def _text(params: dict[str, Any], name: str, op: str, *, required: bool = True) -> str | None:
    value = params.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise EditError(f"{op}: {name!r} is required ({PARAMS[op][name]})")
        return None
    if not isinstance(value, str):
        raise EditError(f"{op}: {name!r} must be text")
    if len(value) > MAX_TEXT or "\x00" in value:
        raise EditError(f"{op}: {name!r} is too long or holds a NUL character")
    return value.strip()


def _production(store: Store, name: str) -> tuple[int, str, str]:
    """(root, a key of one of its names, its shown name) of the production called ``name``."""
    from slate import query

    root = query.find_title(store, name)
    shown, _, aliases = query.display_name(store, root)
    keys = {resolve.title_key(a) for a in aliases}
    key = resolve.title_key(name)
    if key not in keys or not store.edit_title_candidates([key]):
        key = resolve.title_key(shown)
    return root, key, shown


def _entity(store: Store, name: str, etype: str | None, op: str) -> dict[str, Any]:
    if etype is not None and etype not in ENTITY_TYPES:
        raise EditError(f"{op}: type must be one of {', '.join(ENTITY_TYPES)}, not {etype!r}")
    key = resolve.person_key(name)
    rows = [e for e in store.edit_entities([key]) if etype is None or e["type"] == etype]
    if not rows:
        raise NotFoundError(f"no person, organisation or place called {name!r}")
    if len(rows) > 1:
        types = ", ".join(sorted(str(e["type"]) for e in rows))
        raise EditError(f"{op}: {name!r} names several kinds of entity ({types}): give the type")
    return rows[0]


def _validate(
    store: Store, op: str, params: dict[str, Any], source_url: str | None
) -> tuple[dict[str, Any], int | None]:
    """The params to store (the names as given plus their stable keys), and the id an undo undoes."""
    if op not in OPERATIONS:
        raise EditError(f"unknown operation {op!r} (one of {', '.join(OPERATIONS)})")
    params = {k: v for k, v in params.items() if k in PARAMS[op] or v not in (None, "")}  # blank form fields
    unknown = sorted(set(params) - set(PARAMS[op]))
    if unknown:
        raise EditError(f"{op}: unknown parameter(s) {', '.join(map(repr, unknown))} (known: {', '.join(PARAMS[op])})")
    out: dict[str, Any] = {}
    if op == "undo":
        try:
            target = int(params.get("id"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise EditError("undo: 'id' must be the number of a decision (see slate log)") from None
        row = store.edit_row(target)
        if row is None:
            raise NotFoundError(f"no decision with id {target}")
        rows = store.edit_rows()
        if target in _undone(rows):
            raise EditError(f"undo: decision {target} is already undone")
        return {"id": target}, target
    if op == "merge":
        what = _text(params, "what", op, required=False) or "production"
        a, b = _text(params, "a", op), _text(params, "b", op)
        assert a is not None and b is not None
        if what == "entity":
            etype = _text(params, "type", op, required=False)
            if etype == "region":  # a release region ("UK", "United Kingdom"): a word on the claims
                regions = {region_key(r): r for r in store.edit_regions()}
                for name in (a, b):
                    if region_key(name) not in regions:
                        raise NotFoundError(f"no release region called {name!r}")
                if region_key(a) == region_key(b):
                    raise EditError(f"merge: {a!r} and {b!r} are already one region")
                return {"what": "entity", "type": "region", "a": a, "b": b, "a_key": region_key(a),
                        "b_key": region_key(b), "b_name": regions[region_key(b)]}, None  # fmt: skip
            ea = _entity(store, a, etype, op)
            eb = _entity(store, b, etype or str(ea["type"]), op)
            if ea["type"] != eb["type"]:
                raise EditError(f"merge: {a!r} is a {ea['type']} and {b!r} a {eb['type']}")
            if ea["id"] == eb["id"]:
                raise EditError(f"merge: {a!r} and {b!r} are already one {ea['type']}")
            return {"what": "entity", "type": ea["type"], "a": a, "b": b, "a_key": ea["key"], "b_key": eb["key"],
                    "b_name": eb["name"]}, None  # fmt: skip
        if what != "production":
            raise EditError(f"merge: 'what' must be production or entity, not {what!r}")
        ra, ka, _ = _production(store, a)
        rb, kb, shown_b = _production(store, b)
        if ra == rb:
            raise EditError(f"merge: {a!r} and {b!r} are already one production")
        return {"what": "production", "a": a, "b": b, "a_key": ka, "b_key": kb, "a_id": ra, "b_id": rb,
                "b_name": shown_b}, None  # fmt: skip
    title = _text(params, "title", op)
    assert title is not None
    root, key, shown = _production(store, title)
    out = {"title": title, "title_key": key, "title_id": root}
    if op == "split":
        alias, article = _text(params, "alias", op, required=False), _text(params, "article", op, required=False)
        if (alias is None) == (article is None):
            raise EditError("split: give exactly one of 'alias' and 'article'")
        from slate import query

        _, _, aliases = query.display_name(store, root)
        if alias is not None:
            akey = resolve.title_key(alias)
            if akey not in {resolve.title_key(x) for x in aliases}:
                raise EditError(f"split: {alias!r} is not a name of {shown!r} (its names: {', '.join(aliases)})")
            if {resolve.title_key(x) for x in aliases} == {akey}:
                raise EditError(f"split: {alias!r} is the only name of {shown!r}: nothing to split")
            out |= {"alias": alias, "alias_key": akey}
        else:
            assert article is not None
            row = store.article(article)
            if row is None:
                raise NotFoundError(f"no article {article!r}")
            out |= {"article": article, "article_id": row["id"]}
        # would it part anything? (resolved as the stored decision will be)
        rows = store.edit_rows()
        trial = {"id": max((int(r["id"]) for r in rows), default=0) + 1, "op": "split", "params": out,
                 "editor": "", "reason": "", "source_url": None, "made_at": "", "undoes": None}  # fmt: skip
        ov = overlay(store, [*rows, trial])
        if trial["id"] in ov.orphans or trial["id"] in ov.noop:
            what = f"name {alias!r}" if alias is not None else f"article {article!r}"
            raise EditError(
                f"split: every title row of {shown!r} goes by the {what}: nothing to split"
                + (" (try --article)" if alias is not None else "")
            )
        return out, None
    if op == "kind":
        kind = _text(params, "kind", op)
        if kind not in KINDS:
            raise EditError(f"kind: must be film or series, not {kind!r}")
        return out | {"kind": kind}, None
    if op == "name":
        return out | {"name": _text(params, "name", op)}, None
    if op == "link":
        link = _text(params, "link", op)
        if link not in LINKS:
            raise EditError(f"link: must be one of {', '.join(LINKS)}, not {link!r}")
        other = _text(params, "other", op)
        assert other is not None
        ro, ko, _ = _production(store, other)
        if ro == root:
            raise EditError("link: a production cannot be linked to itself")
        return out | {"link": link, "other": other, "other_key": ko, "other_id": ro}, None
    rel = _text(params, "rel", op)
    value = _text(params, "value", op)
    assert rel is not None and value is not None
    if op == "reject":
        if rel not in RELATIONS:
            raise EditError(f"reject: unknown relation {rel!r} (one of {', '.join(RELATIONS)})")
        rel = "release_date" if rel == "previous_release_date" else rel
        vkey = resolve.value_key(rel, value)
        out |= {"rel": rel, "value": value, "value_key": vkey}
        article = _text(params, "article", op, required=False)
        if article is not None:
            row = store.article(article)
            if row is None:
                raise NotFoundError(f"no article {article!r}")
            out |= {"article": article, "article_id": row["id"]}
        claims = store.claims(store.members(root))
        if not any(
            resolve.value_key(rel, c["value"]) == vkey
            and ("release_date" if c["rel"] == "previous_release_date" else c["rel"]) == rel
            and (article is None or c["article_id"] == out["article_id"])
            for c in claims
        ):
            raise EditError(f"reject: {shown!r} has no {rel} {value!r}" + (f" from {article!r}" if article else ""))
        return out, None
    # add
    if rel not in ADDABLE:
        raise EditError(f"add: unknown relation {rel!r} (one of {', '.join(ADDABLE)})")
    if not source_url or not source_url.startswith(("http://", "https://")):
        raise EditError("add: a source URL (http:// or https://) is required")
    if rel == "release_date" and not _is_date(value):
        raise EditError(f"add: a release date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    from slate.store._store import ORG_RELATIONS, PLACE_RELATIONS

    etype = (
        "person" if rel in PERSON_RELATIONS else "organisation" if rel in ORG_RELATIONS
        else "place" if rel in PLACE_RELATIONS else None
    )  # fmt: skip
    out |= {"rel": rel, "value": value, "entity_type": etype}
    for k in ("character", "region"):
        v = _text(params, k, op, required=False)
        if v is not None:
            out[k] = v
    return out, None


def _is_date(value: str) -> bool:
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            datetime.strptime(value, fmt)
            return True
        except ValueError:
            continue
    return False


def apply(
    store: Store, op: str, params: dict[str, Any], *, editor: str, reason: str, source_url: str | None = None
) -> Edit:
    """Validate and store one decision; returns it as :func:`log` shows it.

    Raises :class:`NotFoundError` for an unknown production, entity, article or decision id and
    :class:`EditError` for a missing or bad parameter (each a one-line message)."""
    if not isinstance(params, dict):
        raise EditError("params must be an object")
    editor = (editor or "").strip()
    reason = (reason or "").strip()
    if not editor:
        raise EditError("an editor's name is required")
    if not reason:
        raise EditError("a reason is required")
    if len(reason) > MAX_TEXT or len(editor) > 200 or "\x00" in reason + editor:
        raise EditError("the reason or the editor's name is too long or holds a NUL character")
    if source_url is not None:
        source_url = source_url.strip() or None
        if source_url is not None and (not source_url.startswith(("http://", "https://")) or len(source_url) > 2000):
            raise EditError("the source URL must be an http:// or https:// URL")
    stored, undoes = _validate(store, op, params, source_url)
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    new_id = store.add_edit(op, json.dumps(stored, ensure_ascii=False), editor, reason, source_url, made_at, undoes)
    for e in log(store, limit=1_000_000):
        if e.id == new_id:
            return e
    raise EditError(f"decision {new_id} was stored but cannot be read back")  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# reading decisions


def summary(op: str, p: dict[str, Any], rows: dict[int, dict[str, Any]] | None = None) -> str:
    """One human line for a decision."""
    if op == "merge":
        what = "" if p.get("what") != "entity" else f"{p.get('type')} "
        return f'merged {what}"{p.get("a")}" into "{p.get("b")}"'
    if op == "split":
        part = f'"{p["alias"]}"' if p.get("alias") else f"the names of article {p.get('article')}"
        return f'split {part} off "{p.get("title")}"'
    if op == "kind":
        return f'set the kind of "{p.get("title")}" to {p.get("kind")}'
    if op == "name":
        return f'named "{p.get("title")}" "{p.get("name")}"'
    if op == "link":
        return f'linked "{p.get("title")}" {p.get("link")} "{p.get("other")}"'
    if op == "reject":
        frm = f" from article {p['article']}" if p.get("article") else ""
        return f'rejected {p.get("rel")} "{p.get("value")}" of "{p.get("title")}"{frm}'
    if op == "add":
        return f'added {p.get("rel")} "{p.get("value")}" to "{p.get("title")}"'
    if op == "undo":
        target = (rows or {}).get(int(p.get("id", 0)))
        inner = f" ({summary(target['op'], _params(target), rows)})" if target else ""
        return f"undid #{p.get('id')}{inner}"
    return op


def _edits(store: Store) -> list[Edit]:
    rows = store.edit_rows()
    if not rows:
        return []
    by_id = {int(r["id"]): r for r in rows}
    ov = store.edit_overlay()
    undone = _undone(rows)
    return [
        Edit(
            id=int(r["id"]),
            op=str(r["op"]),
            params=_params(r),
            editor=str(r["editor"]),
            reason=str(r["reason"]),
            source_url=r["source_url"],
            made_at=str(r["made_at"]),
            undone_by=undone.get(int(r["id"])),
            summary=summary(str(r["op"]), _params(r), by_id),
            orphan=int(r["id"]) in ov.orphans,
        )  # fmt: skip
        for r in rows
    ]


def log(store: Store, *, title: str | None = None, limit: int = 500) -> list[Edit]:
    """The decisions, newest first (``title``: those about that production, undos of them included)."""
    edits = _edits(store)
    if title is not None:
        from slate import query

        root = query.find_title(store, title)
        ov = store.edit_overlay()
        keys = {resolve.title_key(a) for a in query.display_name(store, root)[2]}
        about = {
            e.id
            for e in edits
            if root in ov.touched.get(e.id, set())
            or any(e.params.get(k) in keys for k in ("title_key", "a_key", "b_key", "other_key", "alias_key"))
            or root in {e.params.get(k) for k in ("title_id", "a_id", "b_id", "other_id")}
        }
        about |= {e.id for e in edits if e.op == "undo" and int(e.params.get("id", 0)) in about}
        edits = [e for e in edits if e.id in about]
    return list(reversed(edits))[: max(limit, 0)]


def orphans(store: Store) -> list[Edit]:
    """Decisions in force whose target no longer exists (after a re-extraction, say), newest first."""
    return [e for e in log(store, limit=1_000_000) if e.orphan and e.undone_by is None]


def edit_rows(edits: Sequence[Edit]) -> list[dict[str, Any]]:
    """Decisions as flat rows (for JSON and CSV)."""
    return [
        {"id": e.id, "op": e.op, "summary": e.summary, "editor": e.editor, "reason": e.reason,
         "source_url": e.source_url, "made_at": e.made_at, "undone_by": e.undone_by, "orphan": e.orphan,
         "params": e.params}
        for e in edits
    ]  # fmt: skip
