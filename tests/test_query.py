"""Current, as-of, history, timeline, aliases and contradictions, computed from claims."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from slate import query as q
from slate.errors import NotFoundError
from slate.models import Article, Evidence, Extraction, Fact, TitleInfo, TitleLink
from slate.store import Store, open_store

Row = tuple[str, str, str, list[tuple[str, str, str, dict[str, str]]]]

# (ref, date, title used, facts (title, rel, value, extra))
STORY: list[Row] = [
    ("a1", "2023-01-10", "Night Courier 4", [
        ("Night Courier 4", "release_date", "2024-06-07", {}),
        ("Night Courier 4", "director", "Lee Park", {}),
        ("Night Courier 4", "cast", "Ana Kim", {"character": "Dana Cruz"}),
        ("Night Courier 4", "status", "announced", {}),
    ]),
    ("a2", "2023-05-02", "Night Courier 4", [
        ("Night Courier 4", "release_date", "2024-11-15", {"signal": "delayed"}),
        ("Night Courier 4", "previous_release_date", "2024-06-07", {}),
        ("Night Courier 4", "cast", "Tom Reed", {}),
        ("Night Courier 4", "status", "filming", {}),
    ]),
    ("a3", "2023-09-20", "Night Courier 4", [
        ("Night Courier 4", "former_director", "Lee Park", {}),
        ("Night Courier 4", "director", "Maya Okafor", {}),
        ("Night Courier 4", "former_cast", "Tom Reed", {}),
        ("Night Courier 4", "cast", "Sam Ode", {}),
    ]),
    ("a4", "2024-02-01", "Night Courier: Dead Drop", [
        ("Night Courier: Dead Drop", "release_date", "2025-03-21", {"signal": "pushed"}),
        ("Night Courier: Dead Drop", "status", "post_production", {}),
        ("Night Courier: Dead Drop", "cast", "Kim", {}),
    ]),
]  # fmt: skip


def build(store: Store, rows: list[Row]) -> None:
    for ref, day, name, facts in rows:
        a = Article.create(text=f"Story {ref}.", published=date.fromisoformat(day), ref=ref)
        titles = [TitleInfo(name, aliases=("Night Courier 4",) if name == "Night Courier: Dead Drop" else ())]
        links = [TitleLink("Night Courier 4", name, "now titled", Evidence("s", 0, 1, 0, 1))] if ref == "a4" else []
        e = Extraction(
            a,
            titles,
            [
                Fact(
                    t,
                    r,
                    v,
                    Evidence(f"{t}: {r} {v}.", 0, 5, 0, 20),
                    character=x.get("character"),
                    signal=x.get("signal"),
                )
                for t, r, v, x in facts
            ],
            [],
            links,
            "test",
        )
        assert store.add(a, e)


@pytest.fixture
def story_db(fresh_db: Store) -> Store:
    build(fresh_db, STORY)
    return fresh_db


def values(d: dict[str, object], rel: str) -> list[str]:
    facts = d["facts"]
    assert isinstance(facts, dict)
    return [v["value"] for v in facts.get(rel, [])]


def test_current_follows_the_latest_article(story_db: Store) -> None:
    d = q.dossier(story_db, q.find_title(story_db, "Night Courier 4"))
    assert d["name"] == "Night Courier: Dead Drop"
    assert "Night Courier 4" in d["aliases"]
    assert values(d, "release_date") == ["2025-03-21"]
    assert values(d, "status") == ["post_production"]
    assert values(d, "director") == ["Maya Okafor"]
    assert values(d, "former_director") == ["Lee Park"]
    assert sorted(values(d, "cast")) == ["Ana Kim", "Sam Ode"]  # Tom Reed left; "Kim" is Ana Kim
    cast = {v["value"]: v for v in d["facts"]["cast"]}
    assert cast["Ana Kim"]["character"] == "Dana Cruz"
    assert [s["ref"] for s in cast["Ana Kim"]["sources"]] == ["a1", "a4"]


def test_as_of_uses_only_earlier_articles(story_db: Store) -> None:
    tid = q.find_title(story_db, "night courier: dead drop")
    d = q.dossier(story_db, tid, as_of=date(2023, 6, 1))
    assert values(d, "release_date") == ["2024-11-15"]
    assert values(d, "director") == ["Lee Park"]
    assert sorted(values(d, "cast")) == ["Ana Kim", "Tom Reed"]
    assert d["name"] == "Night Courier 4"
    d0 = q.dossier(story_db, tid, as_of=date(2023, 1, 10))
    assert values(d0, "release_date") == ["2024-06-07"] and values(d0, "status") == ["announced"]


def test_history_keeps_every_value_with_first_and_last(story_db: Store) -> None:
    d = q.dossier(story_db, q.find_title(story_db, "Night Courier 4"))
    hist = {h["value"]: h for h in d["history"]["release_date"]}
    assert list(hist) == ["2024-06-07", "2024-11-15", "2025-03-21"]
    assert hist["2024-06-07"]["first_asserted"] == "2023-01-10"
    assert hist["2024-06-07"]["last_asserted"] == "2023-05-02"  # restated as the previous date
    assert "previous_release_date" not in d["facts"]


def test_answers_do_not_depend_on_ingest_order(tmp_path: Path) -> None:
    reference = None
    for seed in range(4):
        rows = STORY[:]
        random.Random(seed).shuffle(rows)
        with open_store(tmp_path / f"s{seed}.db") as store:
            build(store, rows)
            tid = q.find_title(store, "Night Courier 4")
            got = (q.dossier(store, tid), q.dossier(store, tid, as_of=date(2023, 6, 1)))
            for d in got:  # surrogate row ids (for links) follow insertion order; the answers may not
                d.pop("id")
                for values in d["facts"].values():
                    for v in values:
                        v.pop("entity_id", None)
            if reference is None:
                reference = got
            assert got == reference


def test_timeline_marks_moves(story_db: Store) -> None:
    rows = q.timeline(story_db, q.find_title(story_db, "Night Courier 4"))
    assert [(r.value, r.moved) for r in rows] == [("2024-06-07", True), ("2024-11-15", True), ("2025-03-21", False)]
    assert rows[0].signal == "delayed"


def test_aliases_say_why(story_db: Store) -> None:
    rows = q.aliases(story_db, q.find_title(story_db, "Night Courier 4"))
    by = {r.alias: r for r in rows}
    assert by["Night Courier 4"].first_ref == "a1"
    assert "now titled" in by["Night Courier: Dead Drop"].reason


def test_contradiction_and_move(fresh_db: Store) -> None:
    rows: list[Row] = [
        ("c1", "2024-08-12", "The Salt Road", [("The Salt Road", "release_date", "2025-03-07", {})]),
        ("c2", "2024-08-15", "The Salt Road", [("The Salt Road", "release_date", "2025-03-14", {})]),
        ("c3", "2024-08-20", "The Salt Road", [("The Salt Road", "release_date", "2025-04-04", {"signal": "delayed"})]),
        ("c4", "2024-08-21", "The Salt Road", [("The Salt Road", "release_date", "2025", {})]),
    ]
    build(fresh_db, rows)
    found = q.contradictions(fresh_db)
    assert [(c.value, c.other_value, c.days) for c in found] == [("2025-03-07", "2025-03-14", 3)]
    assert q.contradictions(fresh_db, q.find_title(fresh_db, "salt road")) == found


def test_unknown_title_suggests_close_names(story_db: Store) -> None:
    with pytest.raises(NotFoundError) as err:
        q.find_title(story_db, "Night Courier Dead")
    assert "Night Courier: Dead Drop" in err.value.suggestions


def test_list_titles_and_articles(story_db: Store) -> None:
    (t,) = q.list_titles(story_db, "courier")
    assert t.name == "Night Courier: Dead Drop" and t.articles == 4 and t.facts == 15
    assert q.list_titles(story_db, "nothing like it") == []
    assert [a.ref for a in q.list_articles(story_db)] == ["a1", "a2", "a3", "a4"]


def test_short_first_name_joins_full_name_only_on_the_same_production(fresh_db: Store) -> None:
    rows: list[Row] = [
        ("p1", "2024-01-01", "Night Courier 3", [("Night Courier 3", "director", "Christopher Lane", {})]),
        ("p2", "2024-02-01", "Night Courier 3", [("Night Courier 3", "director", "Chris Lane", {})]),
        ("p3", "2024-03-01", "Glass Harbor", [("Glass Harbor", "cast", "Chris Lane", {})]),
    ]
    build(fresh_db, rows)
    d = q.dossier(fresh_db, q.find_title(fresh_db, "Night Courier 3"))
    assert values(d, "director") == ["Christopher Lane"]
    assert [s["ref"] for s in d["facts"]["director"][0]["sources"]] == ["p1", "p2"]
    other = q.dossier(fresh_db, q.find_title(fresh_db, "Glass Harbor"))
    assert values(other, "cast") == ["Chris Lane"]


def test_subtitle_alone_is_a_possible_match_kept_apart(fresh_db: Store) -> None:
    ev = Evidence("s", 0, 1, 0, 1)
    for ref, day, name, rel, value in (
        ("full", "2019-01-01", "Glass Harbor: Dead Drop", "release_date", "2018"),
        ("short", "2020-01-01", "Dead Drop", "status", "released"),
    ):
        a = Article.create(text=f"Story {ref}.", published=date.fromisoformat(day), ref=ref)
        fresh_db.add(a, Extraction(a, [TitleInfo(name)], [Fact(name, rel, value, ev)], [], [], "test"))
    a_id = q.find_title(fresh_db, "Glass Harbor: Dead Drop")
    b_id = q.find_title(fresh_db, "Dead Drop")
    assert a_id != b_id  # a wrong merge is worse than a missed one
    assert [m.id for m in q.possible_matches(fresh_db, a_id)] == [b_id]
    assert [m.id for m in q.possible_matches(fresh_db, b_id)] == [a_id]
    assert "subtitle" in q.possible_matches(fresh_db, a_id)[0].why
