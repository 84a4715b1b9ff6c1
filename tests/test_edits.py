"""Editors' corrections as data (`slate edit`, `slate log`): each decision is stored apart from the
extracted rows, applies to every answer, survives later ingests and re-extraction, can be undone,
and an --as-of answer before it is the uncorrected one. Real extractor, real databases (both backends)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from _gen import ARTICLE_A, ARTICLE_B  # noqa: E402
from slate import edits, export  # noqa: E402
from slate import query as q  # noqa: E402
from slate.api import create_app  # noqa: E402
from slate.cli import cli  # noqa: E402
from slate.errors import EditError, NotFoundError, StoreError  # noqa: E402
from slate.extract import Extractor  # noqa: E402
from slate.models import Article  # noqa: E402
from slate.pipeline import reextract  # noqa: E402
from slate.store import Store, open_store  # noqa: E402
from test_reextract import MODEL_ONLY  # noqa: E402
from test_reextract import TEXTS as FERRY_TEXTS  # noqa: E402

SLATE = str(Path(sys.executable).parent / "slate")
YESTERDAY = date.today() - timedelta(days=1)
# invented articles (no real production, person or company)
GLASS = {
    "g1": ("2024-02-01", "Brightwater Studios has hired Pella Quorn to direct Glass Orchard, a drama starring Tovin "
           "Asker. Jon Mell Chu will write the screenplay. The film will open on May 9, 2025."),
    "g2": ("2024-03-01", "Brightwater Studios will release the drama Orchard of Glass on June 13, 2025. Tovin Asker "
           "stars in Orchard of Glass, directed by Pella Quorn."),
    "g3": ("2024-05-01", "Brightwater Studios has delayed Orchard of Glass to August 1, 2025. The drama, directed by "
           "Pella Quorn, wrapped filming in Velmora in May."),
    "g4": ("2024-06-01", "Brightwater Studios has hired Pella Quorn to direct Glass Orchard, a drama starring Tovin "
           "Asker. Jon Mell Chu will write the screenplay."),
    "t1": ("2024-04-01", "Brightwater has hired Marla Venn to direct Tin Comet, a comedy starring Tovin Asker. The "
           "film will open on March 6, 2026."),
    "t2": ("2024-04-02", "Brightwater has hired Marla Venn to direct Tin Comet 2, a comedy. The film will open on "
           "March 3, 2028."),
}  # fmt: skip
HOSTILE = "<script>alert('x')</script>'; DROP TABLE claims; --"


def article(ref: str) -> Article:
    d, text = GLASS[ref]
    return Article.create(text=text, published=date.fromisoformat(d), ref=ref)


def add(store: Store, ex: Extractor, *refs: str) -> None:
    for ref in refs:
        a = article(ref)
        store.add(a, ex.extract(a))


def decide(store: Store, op: str, reason: str = "checked", source_url: str | None = None, **params: object) -> int:
    return edits.apply(store, op, dict(params), editor="ana", reason=reason, source_url=source_url).id


def names(store: Store) -> list[str]:
    return sorted(t.name for t in q.list_titles(store))


def test_merge_lands_new_articles_applies_as_of_and_undoes(db_url: str, extractor: Extractor) -> None:
    store = open_store(db_url)
    add(store, extractor, "g1", "g2")
    assert names(store) == ["Glass Orchard", "Orchard of Glass"]
    merge = decide(store, "merge", a="Orchard of Glass", b="Glass Orchard", reason="one film, two names")
    assert names(store) == ["Glass Orchard"]  # shown under the kept name
    root = q.find_title(store, "Glass Orchard")
    assert q.find_title(store, "orchard of glass") == root
    d = q.dossier(store, root)
    assert d["name"] == "Glass Orchard" and set(d["aliases"]) == {"Glass Orchard", "Orchard of Glass"}
    assert [v["value"] for v in d["facts"]["release_date"]] == ["2025-06-13"]  # the later article's date
    # a new article about the merged-away name lands on the merged production
    add(store, extractor, "g3")
    assert names(store) == ["Glass Orchard"]
    d = q.dossier(store, q.find_title(store, "Orchard of Glass"))
    assert d["id"] == root and [v["value"] for v in d["facts"]["release_date"]] == ["2025-08-01"]
    assert [r.title for r in q.releases(store)] == ["Glass Orchard"]
    assert {c.title for c in q.changes(store)} == {"Glass Orchard"}
    # as of the day before the decision: the uncorrected answer
    before = q.dossier(store, root, as_of=YESTERDAY)
    assert before["aliases"] == ["Glass Orchard"]
    assert [v["value"] for v in before["facts"]["release_date"]] == ["2025-05-09"]
    other = q.find_title(store, "Orchard of Glass", as_of=YESTERDAY)  # then: a production of its own
    assert other != root and q.dossier(store, other, as_of=YESTERDAY)["aliases"] == ["Orchard of Glass"]
    assert q.dossier(store, other)["id"] == root  # today: the merged one
    undo = decide(store, "undo", id=merge, reason="they are two films")
    assert names(store) == ["Glass Orchard", "Orchard of Glass"]
    log = edits.log(store)
    assert [e.id for e in log] == [undo, merge] and log[1].undone_by == undo and log[0].summary.startswith("undid")
    assert log[1].summary == 'merged "Orchard of Glass" into "Glass Orchard"'
    # redo: undo the undo
    decide(store, "undo", id=undo, reason="they were one after all")
    assert names(store) == ["Glass Orchard"]
    with pytest.raises(EditError):
        decide(store, "undo", id=undo)  # already undone
    with pytest.raises(NotFoundError):
        decide(store, "undo", id=999)
    store.close()


def test_reject_stays_rejected_after_reingest_and_reextract(
    db_url: str, extractor: Extractor, titles_off: Extractor
) -> None:
    store = open_store(db_url)
    add(store, extractor, "g1")
    root = q.find_title(store, "Glass Orchard")
    assert [v["value"] for v in q.dossier(store, root)["facts"]["writer"]] == ["Jon Mell Chu"]
    rid = decide(store, "reject", title="Glass Orchard", rel="writer", value="jon mell chu", reason=HOSTILE)
    d = q.dossier(store, root)
    assert "writer" not in d["facts"]
    [h] = d["history"]["writer"]  # still in the history, marked: who, when, why
    assert h["value"] == "Jon Mell Chu" and h["rejected"]["editor"] == "ana" and h["rejected"]["reason"] == HOSTILE
    assert h["rejected"]["edit"] == rid
    assert "writer" in q.dossier(store, root, as_of=YESTERDAY)["facts"]  # before the decision
    fact = next(f for f in q.article_view(store, "g1")["facts"] if f["rel"] == "writer")
    assert fact["rejected"]["edit"] == rid  # the article did say it
    # the same article again (nothing added) and a new article saying it again: still rejected
    add(store, extractor, "g1", "g4")
    assert "writer" not in q.dossier(store, root)["facts"]
    assert len(q.dossier(store, root)["history"]["writer"][0]["sources"]) == 2
    store.close()
    store = open_store(db_url)
    reextract(store, extractor=titles_off, batch_size=4)
    root = q.find_title(store, "Glass Orchard")
    d = q.dossier(store, root)
    assert "writer" not in d["facts"] and d["history"]["writer"][0]["rejected"]["edit"] == rid
    assert d["facts"]["director"][0]["value"] == "Pella Quorn"
    assert edits.orphans(store) == []
    [exported] = [d for d in export.dossiers(store) if d["name"] == "Glass Orchard"]  # the export too
    assert "writer" not in exported["facts"]
    # rejected from one article only: the other article still says it
    decide(store, "undo", id=rid)
    assert [v["value"] for v in q.dossier(store, root)["facts"]["writer"]] == ["Jon Mell Chu"]
    decide(store, "reject", title="Glass Orchard", rel="writer", value="Jon Mell Chu", article="g4")
    [w] = q.dossier(store, root)["facts"]["writer"]
    assert [s["ref"] for s in w["sources"]] == ["g1"]
    with pytest.raises(EditError, match="has no writer"):
        decide(store, "reject", title="Glass Orchard", rel="writer", value="Nobody Here")
    with pytest.raises(EditError, match="unknown relation"):
        decide(store, "reject", title="Glass Orchard", rel="composer", value="Jon Mell Chu")
    # the SQL in the reason was stored as text: every claim is still there
    assert q.article_view(store, "g1")["facts"]
    store.close()


def test_kind_name_link_add_and_entity_merge(db_url: str, extractor: Extractor) -> None:
    store = open_store(db_url)
    add(store, extractor, "g1", "t1", "t2")
    comet = q.find_title(store, "Tin Comet")
    decide(store, "kind", title="Tin Comet", kind="series", reason="a limited series")
    decide(store, "name", title="Tin Comet", name="The Tin Comet", reason="the release title")
    d = q.dossier(store, comet)
    assert (d["name"], d["kind"]) == ("The Tin Comet", "series")
    assert q.dossier(store, comet, as_of=YESTERDAY)["kind"] == "film"
    assert {(t.name, t.kind) for t in q.list_titles(store)} >= {("The Tin Comet", "series")}
    assert q.find_title(store, "Tin Comet") == comet  # the old names still find it
    decide(store, "link", title="Tin Comet 2", link="sequel_of", other="Tin Comet", reason="announced as the sequel")
    two = q.find_title(store, "Tin Comet 2")
    assert [(lk["link"], lk["direction"], lk["id"]) for lk in q.dossier(store, two)["links"]] == [
        ("sequel_of", "to", comet)
    ]
    assert [(lk["link"], lk["direction"], lk["id"]) for lk in q.dossier(store, comet)["links"]] == [
        ("sequel_of", "from", two)
    ]
    # an added fact answers with its source
    with pytest.raises(EditError, match="source URL"):
        decide(store, "add", title="Tin Comet", rel="cast", value="Ona Brisk")
    decide(store, "add", title="Tin Comet", rel="cast", value="Ona Brisk", character="Wren",
           source_url="https://example.org/tin-comet-cast", reason="press release")  # fmt: skip
    cast = {v["value"]: v for v in q.dossier(store, comet)["facts"]["cast"]}
    assert cast["Ona Brisk"]["character"] == "Wren"
    assert cast["Ona Brisk"]["sources"][0]["added"]["source_url"] == "https://example.org/tin-comet-cast"
    assert "Tovin Asker" in cast
    # "Brightwater" and "Brightwater Studios": one company, shown under the kept name
    decide(store, "merge", what="entity", a="Brightwater", b="Brightwater Studios", reason="same studio")
    assert [v["value"] for v in q.dossier(store, comet)["facts"]["studio"]] == ["Brightwater Studios"]
    kept = q.dossier(store, comet)["facts"]["studio"][0]["entity_id"]
    gone = next(r["id"] for r in store.edit_entities(["brightwater"]))
    for pid in (kept, gone):
        p = q.person(store, pid)
        assert p["id"] == kept and p["name"] == "Brightwater Studios"
        assert {w["name"] for w in p["productions"]} == {"Glass Orchard", "The Tin Comet", "Tin Comet 2"}
    # bad parameters: one clean error each
    for op, params, error in [
        ("kind", {"title": "Tin Comet", "kind": "opera"}, EditError),
        ("link", {"title": "Tin Comet", "link": "prequel_of", "other": "Glass Orchard"}, EditError),
        ("merge", {"a": "Tin Comet", "b": "The Tin Comet"}, EditError),
        ("merge", {"a": "Nothing Like It", "b": "Tin Comet"}, NotFoundError),
        ("name", {"title": "Tin Comet"}, EditError),
        ("frobnicate", {}, EditError),
    ]:
        with pytest.raises(error):
            decide(store, op, **params)
    with pytest.raises(EditError, match="reason"):
        edits.apply(store, "kind", {"title": "Tin Comet", "kind": "film"}, editor="ana", reason="  ")
    store.close()


KESTREL = [
    ("k1", "2024-01-15", "Netflix has ordered Hollow Kestrel, a thriller series created by Odile Varn. Production "
     "begins in Tallinn in March, with Mira Dunholt starring as the pilot June Harrow."),
    ("k2", "2024-06-03", "The thriller series Hollow Kestrel, now titled Kestrel Falls, stars Mira Dunholt."),
    ("k3", "2024-09-01", "Netflix has ordered a second season of Hollow Kestrel, a thriller series created by Odile "
     "Varn. Production begins in Riga in May."),
]  # fmt: skip


def test_one_region_under_two_names(db_url: str, extractor: Extractor) -> None:
    store = open_store(db_url)
    later = ("2026-04-01", "tin-lantern-road-uk", "Harborlight Pictures has moved Tin Lantern Road to September 25, "
             "2026. Tin Lantern Road will also open in the United Kingdom on October 9, 2026.")  # fmt: skip
    for d, ref, text in (ARTICLE_A, ARTICLE_B, later):
        a = Article.create(text=text, published=date.fromisoformat(d), ref=ref)
        store.add(a, extractor.extract(a))
    road = q.find_title(store, "Tin Lantern Road")
    by_region = {v.get("region"): v["value"] for v in q.dossier(store, road)["facts"]["release_date"]}
    assert by_region == {None: "2026-09-25", "UK": "2026-10-02", "the United Kingdom": "2026-10-09"}
    with pytest.raises(NotFoundError):
        decide(store, "merge", what="entity", type="region", a="Wales", b="UK")
    decide(store, "merge", what="entity", type="region", a="United Kingdom", b="UK", reason="one country")
    by_region = {v.get("region"): v["value"] for v in q.dossier(store, road)["facts"]["release_date"]}
    assert by_region == {None: "2026-09-25", "UK": "2026-10-09"}  # the latest UK date
    assert [r.region for r in q.releases(store) if r.region] == ["UK"]
    store.close()


def ferry(store: Store, ex: Extractor, *refs: str, texts: list[tuple[str, str, str]] = FERRY_TEXTS) -> None:
    for ref, d, text in texts:
        if ref in refs:
            a = Article.create(text=text, published=date.fromisoformat(d), ref=ref)
            store.add(a, ex.extract(a))


def test_split_parts_the_extractors_merge(db_url: str, extractor: Extractor) -> None:
    store = open_store(db_url)
    ferry(store, extractor, "k1", "k2", texts=KESTREL)
    root = q.find_title(store, "Hollow Kestrel")
    assert q.find_title(store, "Kestrel Falls") == root  # "now titled": the extractor merged them
    with pytest.raises(EditError, match="not a name"):
        decide(store, "split", title="Kestrel Falls", alias="Tin Comet")
    decide(store, "split", title="Kestrel Falls", alias="Hollow Kestrel", reason="two different shows")
    hollow, falls = q.find_title(store, "Hollow Kestrel"), q.find_title(store, "Kestrel Falls")
    assert hollow != falls and len(q.list_titles(store)) == 2
    assert q.dossier(store, hollow)["aliases"] == ["Hollow Kestrel"]
    assert [v["value"] for v in q.dossier(store, hollow)["facts"]["filming_location"]] == ["Tallinn"]
    assert "filming_location" not in q.dossier(store, falls)["facts"]
    assert q.dossier(store, hollow, as_of=YESTERDAY)["id"] == root  # before the decision: one production
    # a later article about the split-off name lands on its own production
    ferry(store, extractor, "k3", texts=KESTREL)
    assert q.find_title(store, "Hollow Kestrel") == hollow and q.find_title(store, "Kestrel Falls") == falls
    assert {v["value"] for v in q.dossier(store, hollow)["facts"]["filming_location"]} == {"Tallinn", "Riga"}
    assert "filming_location" not in q.dossier(store, falls)["facts"]
    assert edits.log(store, title="Hollow Kestrel")[0].op == "split"
    store.close()


def test_orphans_after_reextract(db_path: Path, extractor: Extractor, titles_off: Extractor) -> None:
    url = str(db_path)
    store = open_store(url)
    ferry(store, extractor, *(r for r, _, _ in FERRY_TEXTS))
    kept = decide(store, "kind", title="Copper Meadow", kind="series", reason="a miniseries")
    lost = decide(store, "name", title=MODEL_ONLY, name="Crossing Opens", reason="the real name")
    assert edits.orphans(store) == []
    store.close()
    store = open_store(url)
    reextract(store, extractor=titles_off, batch_size=4)
    assert [e.id for e in edits.orphans(store)] == [lost]  # its production is gone: listed, not lost
    assert q.dossier(store, q.find_title(store, "Copper Meadow"))["kind"] == "series"
    assert [e.id for e in edits.log(store) if e.orphan] == [lost] and kept
    store.close()
    out = CliRunner().invoke(cli, ["edit", "orphans", "--db", url])
    assert out.exit_code == 0 and f"#{lost}" in out.output and "orphan" in out.output


def test_cli_log_pages_and_api_show_decisions_as_text(db_path: Path, extractor: Extractor) -> None:
    url = str(db_path)
    store = open_store(url)
    add(store, extractor, "g1", "g2")
    store.close()
    run = CliRunner().invoke
    out = run(cli, ["edit", "merge", "Orchard of Glass", "Glass Orchard", "--reason", "same film", "--editor", "bo",
                    "--db", url])  # fmt: skip
    assert out.exit_code == 0 and out.output.startswith('#1 merged "Orchard of Glass" into "Glass Orchard"')
    out = run(cli, ["edit", "reject", "Orchard of Glass", "Jon Mell Chu", "--rel", "writer", "--reason", HOSTILE,
                    "--editor", "<b>eve</b>", "--db", url])  # fmt: skip
    assert out.exit_code == 0, out.output
    out = run(cli, ["show", "Glass Orchard", "--db", url])
    assert "rejected by editors:" in out.output and HOSTILE in out.output
    out = run(cli, ["log", "--db", url])
    assert out.exit_code == 0 and HOSTILE in out.output and "<b>eve</b>" in out.output
    assert out.output.index("#2") < out.output.index("#1")  # newest first
    logged = json.loads(run(cli, ["log", "--title", "orchard of glass", "--json", "--db", url]).output)
    assert [e["id"] for e in logged] == [2, 1] and logged[0]["reason"] == HOSTILE
    out = run(cli, ["edit", "kind", "No Such Film", "series", "--reason", "x", "--db", url])
    assert out.exit_code == 1 and "Error: no production called" in out.output
    with TestClient(create_app(url)) as c:
        page = c.get(f"/titles/{logged[0]['params']['title_id']}").text
        assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page
        assert "&lt;b&gt;eve&lt;/b&gt;" in page and "Editors' decisions" in page
        d = c.get("/api/titles/1").json()
        assert d["history"]["writer"][0]["rejected"]["reason"] == HOSTILE and "writer" not in d["facts"]
    store = open_store(url)
    decide(store, "name", title="Glass Orchard", name="<i>Glass</i> Orchard", reason="markup in a name")
    store.close()
    with TestClient(create_app(url)) as c:
        page = c.get("/titles/1").text
        assert "&lt;i&gt;Glass&lt;/i&gt; Orchard" in page and "<i>Glass</i>" not in page
        assert c.get("/api/titles", params={"q": "glass"}).json()[0]["name"] == "<i>Glass</i> Orchard"
    readonly = open_store(url, readonly=True)
    with pytest.raises(StoreError, match="read-only"):
        decide(readonly, "kind", title="Glass Orchard", kind="series")
    readonly.close()
    # the real command: a missing reason and an unknown id are one clean line
    done = subprocess.run([SLATE, "edit", "undo", "7", "--reason", "r", "--db", url], capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.strip() == "Error: no decision with id 7"
    done = subprocess.run([SLATE, "edit", "undo", "1", "--db", url], capture_output=True, text=True)
    assert done.returncode == 2 and "--reason" in done.stderr and "Traceback" not in done.stderr
