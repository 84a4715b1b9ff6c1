"""``slate export``: the current dossier of every production, for other tools.

Three formats, each built from :func:`slate.query.dossier` (so every answer the CLI and the server
give, corrections included, is what is exported) and each naming its sources:

* ``jsonl``: one production per line: its names, kind, current facts with their sources (article
  ref, date, sentence, URL), the history of every relation and the quotes;
* ``csv``: one row per current fact (production, relation, value, character, region, medium, since,
  source refs and URLs), spreadsheet-safe (:mod:`slate.web.export`);
* ``json-ld``: one schema.org graph: a ``Movie`` or ``TVSeries`` per production with ``director``,
  ``author`` (writers), ``producer``, ``actor`` (a ``PerformanceRole`` with ``roleName`` and
  ``characterName`` when the character is known), ``productionCompany``, ``datePublished`` and ``releasedEvent``
  (``PublicationEvent`` per region and medium), ``locationCreated``, ``creativeWorkStatus``, and
  ``citation``: the news articles that stated the facts.

``as_of`` gives what was known on that day: only the productions named by then, with the facts of
the articles published by then. No SQL here: every read goes through :class:`slate.store.Store`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from typing import Any

from slate import query
from slate.store import Store
from slate.web.export import to_csv

FORMATS = ("jsonl", "csv", "json-ld")
CSV_COLUMNS = (
    "production_id", "production", "kind", "relation", "value", "character", "region", "medium", "since",
    "sources", "refs", "urls",
)  # fmt: skip
#: schema.org's words for the production kinds
SCHEMA_TYPES = {"film": "Movie", "series": "TVSeries"}
#: a person or company relation -> (schema.org property, the type of its value)
PEOPLE_PROPERTIES = {
    "director": ("director", "Person"),
    "writer": ("author", "Person"),
    "producer": ("producer", "Person"),
    "studio": ("productionCompany", "Organization"),
}


def dossiers(store: Store, *, as_of: date | None = None) -> Iterator[dict[str, Any]]:
    """The dossier of every production (as of a day), by name; each source carries its article's URL,
    and each dossier a ``uuid``: the same in every database holding the production's first article."""
    urls = {a.ref: a.url for a in query.list_articles(store, limit=2**62)}
    _, productions = query.browse(store, sort="name", limit=2**62)
    for t in productions:
        if as_of is not None:
            first = query.first_known(store, t.id)
            if first is None or first > as_of.isoformat():
                continue
        d = query.dossier(store, t.id, as_of=as_of)
        ident = query.production_identity(store.production_aliases(root=d["id"]))
        d["uuid"] = str(uuid.uuid5(query.SLATE_NS, "production:" + ident))
        for values in [*d["facts"].values(), *d["history"].values()]:
            for v in values:
                for s in v["sources"]:
                    if urls.get(s["ref"]):
                        s["url"] = urls[s["ref"]]
        yield d


def jsonl(store: Store, *, as_of: date | None = None) -> Iterator[str]:
    """One JSON line per production."""
    for d in dossiers(store, as_of=as_of):
        yield json.dumps(d, ensure_ascii=False, sort_keys=False) + "\n"


def csv_rows(d: dict[str, Any]) -> list[dict[str, Any]]:
    """One dossier's current facts as CSV rows (one per value, as the title page's CSV has them)."""
    head = {"production_id": d["id"], "production": d["name"], "kind": d["kind"]}
    return [head | row for row in query.fact_rows(d)]


def _flat(facts: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(rel, v) for rel, values in facts.items() for v in values]


def csv_text(store: Store, *, as_of: date | None = None) -> Iterator[str]:
    """The CSV header, then the rows of each production in turn."""
    yield to_csv([], CSV_COLUMNS)
    for d in dossiers(store, as_of=as_of):
        text = to_csv(csv_rows(d), CSV_COLUMNS)
        yield text.split("\r\n", 1)[1]


def _citation(source: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "NewsArticle", "identifier": source["ref"], "datePublished": source["date"]}
    if source.get("url"):
        node["url"] = source["url"]
    if source.get("outlet"):
        node["publisher"] = {"@type": "Organization", "name": source["outlet"]}
    return node


def _place(name: str) -> dict[str, Any]:
    return {"@type": "Place", "name": name}


def json_ld_node(d: dict[str, Any], *, base_url: str | None = None) -> dict[str, Any]:
    """One production as a schema.org ``Movie`` or ``TVSeries`` node."""
    facts = d["facts"]
    node: dict[str, Any] = {
        "@type": SCHEMA_TYPES.get(d["kind"], "CreativeWork"),
        "@id": f"{base_url.rstrip('/')}/titles/{d['id']}" if base_url else f"urn:uuid:{d['uuid']}",
        "name": d["name"],
    }
    if d.get("uuid"):
        node["identifier"] = d["uuid"]
    others = [a for a in d["aliases"] if a != d["name"]]
    if others:
        node["alternateName"] = others
    for rel, (prop, kind) in PEOPLE_PROPERTIES.items():
        values = facts.get(rel, [])
        if values:
            node[prop] = [{"@type": kind, "name": v["value"]} for v in values]
    actors = []
    for v in facts.get("cast", []):
        person = {"@type": "Person", "name": v["value"]}
        if v.get("character"):
            role = v["character"]
            actors.append({"@type": "PerformanceRole", "actor": person, "roleName": role, "characterName": role})
        else:
            actors.append(person)
    if actors:
        node["actor"] = actors
    dates = facts.get("release_date", [])
    if dates:
        main = [v["value"] for v in dates if not v.get("region") and not v.get("medium")]
        node["datePublished"] = min(main) if main else min(v["value"] for v in dates)
        events = []
        for v in dates:
            event: dict[str, Any] = {"@type": "PublicationEvent", "startDate": v["value"]}
            if v.get("region"):
                event["location"] = _place(v["region"])
            if v.get("medium"):
                event["description"] = v["medium"]
            events.append(event)
        node["releasedEvent"] = events
    places = facts.get("filming_location", [])
    if places:
        node["locationCreated"] = [_place(v["value"]) for v in places]
    statuses = facts.get("status", [])
    if statuses:
        node["creativeWorkStatus"] = statuses[-1]["value"]
    cited: dict[str, dict[str, Any]] = {}
    for _, v in _flat(facts):
        for s in v["sources"]:
            cited.setdefault(s["ref"], _citation(s))
    if cited:
        node["citation"] = sorted(cited.values(), key=lambda c: (c["datePublished"], c["identifier"]))
    return node


def json_ld_script(d: dict[str, Any], *, base_url: str) -> str:
    """One dossier as the JSON-LD of its web page, safe inside ``<script type="application/ld+json">``
    (``<``, ``>`` and ``&`` escaped, so no name can close the script)."""
    node = {"@context": "https://schema.org", **json_ld_node(d, base_url=base_url)}
    text = json.dumps(node, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(store: Store, *, as_of: date | None = None, base_url: str | None = None) -> dict[str, Any]:
    """Every production as one schema.org JSON-LD document (a ``@graph``)."""
    return {
        "@context": "https://schema.org",
        "@graph": [json_ld_node(d, base_url=base_url) for d in dossiers(store, as_of=as_of)],
    }


def export(store: Store, fmt: str, *, as_of: date | None = None, base_url: str | None = None) -> Iterator[str]:
    """The export in ``fmt`` (one of :data:`FORMATS`), as pieces of text to write in turn."""
    if fmt == "jsonl":
        yield from jsonl(store, as_of=as_of)
    elif fmt == "csv":
        yield from csv_text(store, as_of=as_of)
    elif fmt == "json-ld":
        yield json.dumps(json_ld(store, as_of=as_of, base_url=base_url), ensure_ascii=False, indent=2) + "\n"
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
