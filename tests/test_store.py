"""The SQLite store: append-only claims, one transaction per article, identity by keys."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from slate.errors import StoreError
from slate.models import Article, Evidence, Extraction, Fact, Quote, TitleInfo, TitleLink
from slate.store import Store, open_store


def art(ref: str, day: str, text: str | None = None) -> Article:
    return Article.create(text=text or f"Article {ref} about films.", published=date.fromisoformat(day), ref=ref)


def ev(sentence: str = "A sentence.") -> Evidence:
    return Evidence(sentence, 0, len(sentence), 0, len(sentence))


def ext(article: Article, titles: list[TitleInfo], facts: list[tuple[str, str, str]], **kw: object) -> Extraction:
    return Extraction(
        article,
        titles,
        [Fact(t, r, v, ev(f"{t} {r} {v}.")) for t, r, v in facts],
        list(kw.get("quotes", [])),  # type: ignore[call-overload]
        list(kw.get("links", [])),  # type: ignore[call-overload]
        "test",
    )


def test_add_is_idempotent(fresh_db: Store) -> None:
    a = art("a", "2024-01-01")
    e = ext(a, [TitleInfo("Night Courier 3")], [("Night Courier 3", "director", "Lee Park")])
    assert fresh_db.add(a, e) is True
    assert fresh_db.add(a, e) is False
    assert fresh_db.counts() == {"articles": 1, "titles": 1, "claims": 1, "quotes": 0}


def test_claims_keep_evidence_date_version_and_recording_time(fresh_db: Store) -> None:
    a = art("a", "2024-01-01")
    fresh_db.add(a, ext(a, [TitleInfo("Night Courier 3")], [("Night Courier 3", "release_date", "2025-05-02")]))
    (c,) = fresh_db.claims(fresh_db.members(1))
    assert c["asserted_on"] == "2024-01-01" and c["ref"] == "a"
    assert c["sentence"] == "Night Courier 3 release_date 2025-05-02."
    row = fresh_db._one("SELECT recorded_at, extractor_version FROM claims")
    assert row is not None and row["extractor_version"] == "test" and row["recorded_at"].startswith("20")


def test_article_is_all_or_nothing(fresh_db: Store) -> None:
    a = art("a", "2024-01-01")
    bad = ext(
        a,
        [TitleInfo("Night Courier 3")],
        [("Night Courier 3", "director", "Lee Park"), ("Night Courier 3", "not_a_relation", "x")],
    )
    with pytest.raises(StoreError, match="a: not stored"):
        fresh_db.add(a, bad)
    assert fresh_db.counts() == {"articles": 0, "titles": 0, "claims": 0, "quotes": 0}
    assert fresh_db.integrity_ok()


def test_same_title_forms_are_one_production(fresh_db: Store) -> None:
    for ref, day, name in [
        ("a", "2024-01-01", "Night Courier: Dead Drop"),
        ("b", "2024-02-01", "Night Courier – Dead Drop"),
        ("c", "2024-03-01", "night courier — dead drop"),
    ]:
        a = art(ref, day)
        fresh_db.add(a, ext(a, [TitleInfo(name)], [(name, "status", "filming")]))
    assert fresh_db.counts()["titles"] == 1
    for ref, day, name in [
        ("d", "2024-04-01", "Harbor Run: Part 1"),
        ("e", "2024-05-01", "Harbor Run Part I"),
        ("f", "2024-06-01", "Harbor Run – Part One"),
    ]:
        a = art(ref, day)
        fresh_db.add(a, ext(a, [TitleInfo(name)], [(name, "status", "filming")]))
    assert fresh_db.counts()["titles"] == 2  # "Part I" is "Part 1" and "Part One"


def test_ordinal_and_numbered_forms_merge_but_parts_do_not(fresh_db: Store) -> None:
    a, b, c = art("a", "2024-01-01"), art("b", "2024-02-01"), art("c", "2024-03-01")
    fresh_db.add(a, ext(a, [TitleInfo("Night Courier 3")], [("Night Courier 3", "status", "filming")]))
    fresh_db.add(
        b,
        ext(b, [TitleInfo("the third Night Courier")], [("the third Night Courier", "status", "post_production")]),
    )
    fresh_db.add(
        c,
        ext(
            c,
            [TitleInfo("Dead Drop Part One"), TitleInfo("Dead Drop Part Two")],
            [("Dead Drop Part One", "status", "filming"), ("Dead Drop Part Two", "status", "announced")],
        ),
    )
    assert fresh_db.counts()["titles"] == 3


def test_stated_retitling_merges_existing_productions(fresh_db: Store) -> None:
    a, b = art("a", "2024-01-01"), art("b", "2024-06-01")
    fresh_db.add(a, ext(a, [TitleInfo("Night Courier 4")], [("Night Courier 4", "director", "Lee Park")]))
    fresh_db.add(
        b, ext(b, [TitleInfo("Night Courier: Dead Drop")], [("Night Courier: Dead Drop", "status", "filming")])
    )
    assert fresh_db.counts()["titles"] == 2
    c = art("c", "2024-07-01")
    link = TitleLink("Night Courier 4", "Night Courier: Dead Drop", "now titled", ev())
    fresh_db.add(
        c,
        ext(
            c,
            [TitleInfo("Night Courier: Dead Drop", aliases=("Night Courier 4",))],
            [("Night Courier: Dead Drop", "release_date", "2025-05-02")],
            links=[link],
        ),
    )
    assert fresh_db.counts()["titles"] == 1
    assert len(fresh_db.claims(fresh_db.members(1))) == 3


def test_quotes_and_entities(fresh_db: Store) -> None:
    a = art("a", "2024-01-01")
    q = Quote("Lee Park", "We shot it all at night.", ev(), platform="Instagram", title="Night Courier 3")
    fresh_db.add(a, ext(a, [TitleInfo("Night Courier 3")], [("Night Courier 3", "director", "Lee Park")], quotes=[q]))
    (row,) = fresh_db.quotes(fresh_db.members(1))
    assert row["speaker"] == "Lee Park" and row["platform"] == "Instagram"
    people = fresh_db._rows("SELECT type, name FROM entities")
    assert people == [{"type": "person", "name": "Lee Park"}]


def test_file_reopens_with_data_and_bad_paths_are_clean_errors(db_path: Path, tmp_path: Path) -> None:
    s = open_store(db_path)
    a = art("a", "2024-01-01")
    s.add(a, ext(a, [TitleInfo("Night Courier 3")], [("Night Courier 3", "status", "filming")]))
    s.close()
    with open_store(f"sqlite:///{db_path}") as s2:
        assert s2.counts()["claims"] == 1
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "x.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a Slate database"):
        open_store(junk)
