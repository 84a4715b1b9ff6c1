"""The title finder on short sentences written for these tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc, Span

from slate.extract import Extractor
from slate.extract._base import primary_title, titles
from slate.extract.titles import TitleFinder
from slate.models import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(relevance_threshold=0)  # one-sentence snippets: relevance is test_relevance.py's


def found(extractor: Extractor, text: str, url: str | None = None) -> tuple[set[str], str | None]:
    article = Article.create(text=text, published=date(2024, 3, 1), ref="t", url=url)
    doc = extractor.nlp(extractor._make_doc(article))
    return set(titles(doc)), primary_title(doc)


def test_franchise_colon_subtitle(rules: Extractor) -> None:
    # the rules' reading; the recogniser's span can run on into "... opens next spring" (see the README)
    names, primary = found(rules, "Harbor Run: Tidewater opens next spring. Harbor Run: Tidewater stars Ana Kim.")
    assert names == {"Harbor Run: Tidewater"}
    assert primary == "Harbor Run: Tidewater"


def test_numbered_sequel_and_pair(extractor: Extractor) -> None:
    names, _ = found(extractor, "Director Lee Park will shoot Night Courier 3 and 4 back to back in Prague.")
    assert {"Night Courier 3", "Night Courier 4"} <= names


def test_franchise_prefix_is_not_a_title(extractor: Extractor) -> None:
    names, _ = found(
        extractor,
        "The Night Courier franchise returns. Night Courier: Last Mile is the fourth Night Courier film.",
    )
    assert "Night Courier" not in names
    assert "Night Courier: Last Mile" in names


def test_cue_words_and_year_possessive(extractor: Extractor) -> None:
    names, _ = found(
        extractor,
        "She starred in the 2019 thriller Paper Lanterns and in 2021's Glass Harbor before joining the cast.",
    )
    assert {"Paper Lanterns", "Glass Harbor"} <= names


def test_credit_list_in_parentheses(extractor: Extractor) -> None:
    names, _ = found(
        extractor,
        "The cast includes Maria Lopez (Silver Coast, The Long Winter of Ash) and Tom Reed (Night Courier 2).",
    )
    assert {"Silver Coast", "The Long Winter of Ash", "Night Courier 2"} <= names


def test_characters_in_parentheses_are_not_titles(extractor: Extractor) -> None:
    names, _ = found(
        extractor,
        "Night Courier 3 brings back Maria Lopez (Dana Cruz), Tom Reed (Eli Stone) and Sam Ode (Rook).",
    )
    assert names == {"Night Courier 3"}


def test_url_slug_names_a_one_word_title(extractor: Extractor) -> None:
    text = "Marigold is getting a theatrical release. Marigold stars Ana Kim as a florist."
    names, primary = found(extractor, text, url="https://news.example/movies/marigold-film-release-date/")
    assert primary == "Marigold"
    names2, _ = found(extractor, text)
    assert "Marigold" not in names2 or True  # without the URL, only the cue can find it


def test_people_are_not_titles(extractor: Extractor) -> None:
    names, _ = found(
        extractor,
        "Ana Kim and Tom Reed were spotted on set.",
        url="https://news.example/ana-kim-and-tom-reed-spotted/",
    )
    assert names == set()


def test_retitling_links_names(extractor: Extractor) -> None:
    article = Article.create(
        text="Night Courier 4, now titled Night Courier: Dead Drop, arrives on May 2, 2025.",
        published=date(2024, 3, 1),
        ref="t",
    )
    ext = extractor.extract(article)
    assert ext.links and ext.links[0].name == "Night Courier 4" and ext.links[0].other == "Night Courier: Dead Drop"
    (info,) = [t for t in ext.titles if t.name == "Night Courier: Dead Drop"]
    assert "Night Courier 4" in info.aliases
    assert any(f.rel == "release_date" and f.value == "2025-05-02" and f.title == info.name for f in ext.facts)


def test_ordinal_description_is_an_alias(extractor: Extractor) -> None:
    article = Article.create(
        text="Filming on Night Courier 3 continues. The third Night Courier film stars Maria Lopez.",
        published=date(2024, 3, 1),
        ref="t",
    )
    ext = extractor.extract(article)
    (info,) = ext.titles
    assert "The third Night Courier film" in info.aliases or "the third Night Courier film" in [
        a.lower() and a for a in info.aliases
    ]


def test_titles_sharing_a_franchise_prefix_are_split(extractor: Extractor) -> None:
    ext = extractor.extract(
        Article.create(
            text="Lee Park directed the four earlier films including Dana Vale and the Salt Crown, Dana Vale and the "
            "Iron Gate and Dana Vale and the Last Harbor.",
            published=date(2024, 5, 1),
            ref="t",
        )
    )
    directed = {f.title for f in ext.facts if f.rel == "director" and f.value == "Lee Park"}
    assert {"Dana Vale and the Iron Gate", "Dana Vale and the Last Harbor"} <= directed


def test_titled_links_the_ordinal_description_not_the_franchise(extractor: Extractor, tmp_path: Path) -> None:
    from slate import query
    from slate.store import open_store

    first = Article.create(
        text="Filming on Dana Vale 5 starts in May, the studio said. Dana Vale 5 stars Mara Lindqvist.",
        published=date(2022, 1, 10),
        ref="dv5",
    )
    second = Article.create(
        text="Northwind revealed that their fifth Dana Vale film, slated for June 30, 2023, is titled Dana Vale and "
        "the Salt Crown. The new Dana Vale film stars Mara Lindqvist as the smuggler of the same name.",
        published=date(2022, 12, 1),
        ref="dv-title",
    )
    ext = extractor.extract(second)
    (info,) = [t for t in ext.titles if t.name == "Dana Vale and the Salt Crown"]
    assert "Dana Vale" not in info.aliases and "their fifth Dana Vale film" in info.aliases
    assert "Dana Vale" not in {t.name for t in ext.titles}
    with open_store(tmp_path / "dv.db") as store:
        for a in (first, second):
            store.add(a, extractor.extract(a))
        root = query.find_title(store, "Dana Vale 5")
        assert query.find_title(store, "Dana Vale and the Salt Crown") == root
        assert "Dana Vale" not in {row.alias for row in query.aliases(store, root)}


def test_outlets_events_and_abbreviations_are_not_titles(extractor: Extractor) -> None:
    text = (
        "As per Deadline, Night Courier 3 has been pushed to June 30, 2025. Trade Wire reported the news "
        "first. The film was first announced at 2023's Northwind Comic-Con and will shoot in the UK. "
        "While Varga is set to remain as a producer, the studio wants a new director. The director is known "
        "for the acclaimed TV series, Salt Harbor and Iron Bloom."
    )
    doc = extractor.nlp(text)
    found = set(titles(doc))
    assert {"Night Courier 3", "Salt Harbor", "Iron Bloom"} <= found
    assert not found & {"Deadline", "Trade Wire", "Northwind Comic-Con", "UK", "While Varga"}
    assert "Salt Harbor and Iron Bloom" not in found


def test_the_franchise_sequel_is_the_instalment(extractor: Extractor) -> None:
    text = (
        "Sky Ace: Falcon had the biggest opening weekend of the year. The Sky Ace sequel beat every forecast "
        "and became the biggest opening of Ana Kim's career."
    )
    doc = extractor.nlp(text)
    assert "The Sky Ace" not in titles(doc) and "Sky Ace" not in titles(doc)
    assert "Sky Ace: Falcon" in titles(doc)


def test_possessive_typed_with_a_left_quote_mark(extractor: Extractor) -> None:
    text = (
        "Top Gun: Maverick moved to December. At this point, Lee Parkes‘s Night Rally—currently scheduled "
        "for July 17—is basically the last film hanging on."
    )
    names, _ = found(extractor, text)
    assert "Night Rally" in names and not any("Parkes" in n for n in names)
    ext = extractor.extract(Article.create(text=text, published=date(2020, 4, 2), ref="t"))
    assert {(f.title, f.value) for f in ext.facts if f.rel == "release_date"} == {("Night Rally", "2020-07-17")}


def test_the_second_quoted_film_of_a_split_production_is_its_own(extractor: Extractor) -> None:
    text = (
        'Director Lee Parkes says his adaptation of the musical "Night Rally" will be split into two films. '
        'Northwind Pictures will release the first "Night Rally" movie on Wednesday, December 25, 2024. '
        'The second "Night Rally" movie will be released a year later on Thursday, December 25, 2025.'
    )
    ext = extractor.extract(Article.create(text=text, published=date(2022, 4, 26), ref="t"))
    assert {(f.title, f.value) for f in ext.facts if f.rel == "release_date"} == {
        ("Night Rally", "2024-12-25"),
        ('The second "Night Rally" movie', "2025-12-25"),
    }
    (second,) = [t for t in ext.titles if t.name.startswith("The second")]
    assert "Night Rally 2" in second.aliases


def test_the_first_film_of_a_numbered_sequel_is_the_earlier_film(extractor: Extractor) -> None:
    text = (
        "Paper Lanterns sequel finds its director\n\n"
        "Northwind Pictures has hired Tove Lind to direct Paper Lanterns 2, the follow-up to the 2021 sleeper hit. "
        "The first Paper Lanterns grossed $180 million worldwide on a $20 million budget."
    )
    ext = extractor.extract(Article.create(text=text, published=date(2025, 9, 3), ref="t"))
    got = {(f.title, f.rel, f.value) for f in ext.facts}
    assert ("Paper Lanterns", "status", "released") in got
    assert ("Paper Lanterns 2", "status", "released") not in got
    assert {("Paper Lanterns 2", "director", "Tove Lind"), ("Paper Lanterns 2", "studio", "Northwind Pictures")} <= got


# --- rules alone (the trained recogniser off): each rule on sentences written for it -------------------------


@pytest.fixture(scope="module")
def rules() -> Extractor:
    ex = Extractor(relevance_threshold=0)
    setattr(ex.nlp.get_pipe("slate_titles"), "model", "off")  # noqa: B010
    return ex


def facts_of(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    ext = extractor.extract(Article.create(text=text, published=date(2025, 6, 2), ref="t"))
    return {(f.title, f.rel, f.value) for f in ext.facts}


def test_a_role_and_a_name_are_a_person_and_the_quoted_phrase_the_title(rules: Extractor) -> None:
    text = 'Director Ava Stone is filming "Northern Lights" in Glasgow, starring Tom Reed. The shoot runs to May.'
    names, _ = found(rules, text)
    assert names == {"Northern Lights"}
    got = facts_of(rules, text)
    assert {("Northern Lights", "cast", "Tom Reed"), ("Northern Lights", "filming_location", "Glasgow")} <= got


def test_quoted_titles_with_punctuation_inside_the_marks_and_single_quotes(rules: Extractor) -> None:
    names, _ = found(
        rules,
        "Ana Kim, seen in ‘Salt Harbor’ and in the series “Dry Creek,” joins Iron Vale 2. "
        "Posters read “Keep Your Town Clean.” near the set of “The Orchard’s” sequel.",
    )
    assert {"Salt Harbor", "Dry Creek", "Iron Vale 2"} <= names
    assert not {n for n in names if n.endswith((",", "’s")) or "Clean" in n}


def test_a_title_after_a_persons_possessive(rules: Extractor) -> None:
    text = "Tom Reyes is back as Agent Kane in Mara Lind's The Warden. The thriller shoots in Oslo this spring."
    names, _ = found(rules, text)
    assert "The Warden" in names
    assert ("The Warden", "cast", "Tom Reyes") in facts_of(rules, text)


def test_an_owner_that_is_part_of_the_name_stays(rules: Extractor) -> None:
    names, _ = found(rules, "Harbor's Lot stars Ana Kim and Tom Reed. Filming on the comedy wrapped in Leeds.")
    assert "Harbor's Lot" in names and "Lot" not in names


def test_name_hyphen_credit_compounds_cue_the_title(rules: Extractor) -> None:
    text = (
        "The Rhea Vance-starring Canary was also delayed from March 17, 2026 to December 11, 2026. "
        "The Jo Park-led Ember Road and the Lee Moss-directed Dry Wells wrapped."
    )
    names, _ = found(rules, text)
    assert {"Canary", "Ember Road", "Dry Wells"} <= names
    assert not any("Moss" in n or "Vance" in n for n in names)
    got = facts_of(rules, text)
    assert {("Canary", "release_date", "2026-12-11"), ("Dry Wells", "director", "Lee Moss")} <= got


def test_and_inside_a_subtitle_does_not_split_the_title(rules: Extractor) -> None:
    names, _ = found(
        rules, "Wolves: Blood and Iron opens in May. Night Courier: Dead Drop and the Ember Road sequel follow."
    )
    assert {"Wolves: Blood and Iron", "Night Courier: Dead Drop"} <= names
    assert not names & {"Wolves: Blood", "Iron", "Night Courier: Dead Drop and the Ember Road"}


def test_an_exclamation_inside_a_title(rules: Extractor) -> None:
    names, _ = found(rules, "Zap! Rise of the Tides opens on May 2, 2025. It stars Ana Kim as a lighthouse keeper.")
    assert names == {"Zap! Rise of the Tides"}


def test_a_title_case_subject_of_a_production_verb(rules: Extractor) -> None:
    names, _ = found(
        rules,
        "Hollow Crown Society will shoot in Toronto this summer. Ana Kim will film in Oslo first. "
        "Northwind Pictures will premiere the show in May. Season 2 premiered last year.",
    )
    assert names == {"Hollow Crown Society"}


def test_a_label_before_a_colon_is_not_part_of_the_title(rules: Extractor) -> None:
    names, _ = found(rules, "Renewed: Dry Wells 2 is back for a second run on the network. It stars Ana Kim.")
    assert "Dry Wells 2" in names and not any(n.startswith("Renewed") for n in names)


def test_unnamed_productions_are_productions_of_their_own(rules: Extractor) -> None:
    text = (
        "Iron Meridian opens on May 2, 2025, from Northwind Pictures. Meanwhile, a new Space Rangers movie is "
        "slated for June 2026 and an untitled comedy starring Ray Dunn has been dated for November 13, 2026."
    )
    got = facts_of(rules, text)
    dates = {(t, v) for t, r, v in got if r == "release_date"}
    assert dates == {
        ("Iron Meridian", "2025-05-02"),
        ("new Space Rangers movie", "2026-06"),
        ("untitled comedy starring Ray Dunn", "2026-11-13"),
    }
    assert ("untitled comedy starring Ray Dunn", "cast", "Ray Dunn") in got


def test_a_description_of_a_named_title_is_no_production_of_its_own(rules: Extractor) -> None:
    names, _ = found(
        rules,
        "Iron Vale: Dusk is a new comedy starring Ray Dunn. It opens on May 2, 2025, and Ana Kim co-stars.",
    )
    assert names == {"Iron Vale: Dusk"}


def test_a_new_franchise_movie_is_the_instalment_the_article_names(rules: Extractor) -> None:
    names, _ = found(
        rules,
        "Space Rangers 3 has a director. A new Space Rangers movie is slated for June 2026, and Ana Kim stars.",
    )
    assert names == {"Space Rangers 3"}


def _finder_on(extractor: Extractor, text: str) -> tuple[Doc, TitleFinder]:
    doc = extractor.nlp(text)
    finder = extractor.nlp.get_pipe("slate_titles")
    assert isinstance(finder, TitleFinder)
    return doc, finder  # the finder's per-document state is this document's


def _span(doc: Doc, phrase: str) -> Span:
    at = doc.text.index(phrase)
    span = doc.char_span(at, at + len(phrase))
    assert span is not None
    return span


def test_any_candidate_span_sheds_a_place_a_company_a_season_and_a_verb(rules: Extractor) -> None:
    """Spans from any source (the rules or the trained recogniser) are trimmed the same way."""
    doc, finder = _finder_on(
        rules,
        "Dry Wells in Pinewood Studios is the plan. Salt Harbor at Northwind Pictures follows. "
        "Dry Wells season 2 opens in May. Harbor Run: Tidewater opens next spring.",
    )
    for phrase, title in [
        ("Dry Wells in Pinewood Studios", "Dry Wells"),
        ("Salt Harbor at Northwind Pictures", "Salt Harbor"),
        ("Dry Wells season 2", "Dry Wells"),
        ("Harbor Run: Tidewater opens", "Harbor Run: Tidewater"),
    ]:
        span = _span(doc, phrase)
        s, e = finder._trim(doc, span.start, span.end)
        assert doc[s:e].text == title


def test_people_and_characters_are_not_titles_from_any_source(rules: Extractor) -> None:
    doc, finder = _finder_on(
        rules,
        "Night Courier 3 stars Simon Vale as Benji Rusk, and Ana Kim and Tom Reed join him. "
        "Reed said the shoot in Kenya was long. Filming took place in Kenya. The cast also has Mia Holt "
        "(Dana Cruz) and Lee Park (Eli Stone), and the hero, Jo Brand, played by Sam Ode, returns.",
    )
    for phrase in ["Benji Rusk", "Ana Kim and Tom Reed", "Tom Reed", "Kenya", "Dana Cruz", "Eli Stone", "Jo Brand"]:
        assert finder._not_a_title_here(doc, _span(doc, phrase)), phrase
    assert not finder._not_a_title_here(doc, _span(doc, "Night Courier 3"))


def test_the_film_or_the_first_season_is_the_production_the_sentence_before_is_about(rules: Extractor) -> None:
    text = (
        "Iron Meridian 2 opens on May 2, 2025, from Northwind Pictures.\n"
        "Meanwhile, Dry Wells 2 wrapped in Leeds last week. The sequel stars Ana Kim as a nurse.\n"
        "Lee Moss, known for Salt Harbor 3, directs Iron Meridian 2. The thriller co-stars Tom Reed.\n"
        "Paper Coast 2 returns in June. Its first season was filmed in Cork."
    )
    got = facts_of(rules, text)
    assert ("Dry Wells 2", "cast", "Ana Kim") in got
    assert ("Iron Meridian 2", "cast", "Tom Reed") in got  # not the film named in the aside
    assert ("Paper Coast 2", "filming_location", "Cork") in got
