"""Filming locations on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article


def places(extractor: Extractor, text: str) -> set[str]:
    ext = extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="l"))
    return {f.value for f in ext.facts if f.rel == "filming_location"}


def test_village_of_a_place_the_model_calls_a_nationality(extractor: Extractor) -> None:
    got = places(
        extractor,
        "Night Courier 3 is being filmed on a purpose-built set in a farmer's field in the village of Ivinghoe "
        "in Buckinghamshire.",
    )
    assert {"Ivinghoe", "Buckinghamshire"} <= got


def test_town_and_state_abbreviation_are_two_places(extractor: Extractor) -> None:
    got = places(
        extractor, "The pair were shooting scenes for Night Courier 3 by the beach in Venice, Calif. on Monday."
    )
    assert {"Venice", "Calif."} <= got and "Venice, Calif" not in got


def test_places_near_filming_words_only(extractor: Extractor) -> None:
    got = places(extractor, "Night Courier 3 wrapped filming in Lisbon. Its director grew up in Porto.")
    assert got == {"Lisbon"}


def test_a_company_named_films_is_not_a_shoot(extractor: Extractor) -> None:
    text = (
        "Filming on Night Courier 3, the period mystery from writer-director Sol Varga, began this week in Lisbon. "
        "Harbourline Films is producing, and Atlas Releasing will distribute it in Europe."
    )
    assert places(extractor, text) == {"Lisbon"}
    ext = extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="l"))
    assert {t.name for t in ext.titles} == {"Night Courier 3"}


def test_one_word_places_the_model_calls_organisations(extractor: Extractor) -> None:
    got = places(
        extractor,
        'Director Vinke Brousdand has started shooting the western "The Geisbair Berkrur" in Tegrithburg. '
        "Cameras will roll from next week at Pinewood.",
    )
    assert {"Tegrithburg", "Pinewood"} <= got


def test_a_title_inside_a_dash_aside_is_not_the_subject(extractor: Extractor) -> None:
    ext = extractor.extract(
        Article.create(
            text="Night Rally 2 was delayed. The project—which is supposed to film back-to-back with Night Rally 3—"
            "was just about to kick off a lengthy European shoot, starting with Venice.",
            published=date(2024, 5, 1),
            ref="l",
        )
    )
    assert {(f.title, f.value) for f in ext.facts if f.rel == "filming_location"} == {("Night Rally 2", "Venice")}


def test_a_short_form_of_a_named_place_and_a_metro_area(extractor: Extractor) -> None:
    assert places(
        extractor,
        "Filming on Night Rally 2 starts next week in the United Kingdom. Cameras will roll at Pinewood and at "
        "other locations in the UK.",
    ) == {"United Kingdom", "Pinewood"}
    assert places(
        extractor,
        "Night Rally 2 has filmed each of its first four seasons in Georgia and was set to film its fifth season "
        "in metro Atlanta before the strike.",
    ) == {"Georgia", "metro Atlanta"}


def test_a_planned_start_of_production_names_its_places_one_by_one(extractor: Extractor) -> None:
    got = places(
        extractor,
        "Northwind Pictures has hired Tove Lind to direct Paper Lanterns 2. Production is scheduled to begin in "
        "March in Vancouver, British Columbia, with a release planned for November 6, 2026.",
    )
    assert got == {"Vancouver", "British Columbia"}


def test_where_a_film_opens_earns_or_is_set_is_no_filming_location() -> None:
    ex = Extractor(relevance_threshold=0)

    def places(text: str) -> set[str]:
        ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="l"))
        return {f.value for f in ext.facts if f.rel == "filming_location"}

    assert places("The animated film Star Kite has grossed $310 million in China in ten days.") == set()
    assert places("The thriller Glass Meadow opens in Canada on November 4. It was shot in Nova Scotia.") == {
        "Nova Scotia"
    }
    assert places("The drama Glass Meadow, set in Cape Town, films in Durban this spring.") == {"Durban"}
    assert places("Filming took place in Lisbon and Porto for the thriller Glass Meadow.") == {"Lisbon", "Porto"}


def test_on_set_in_a_place_is_filming_there() -> None:
    ex = Extractor(relevance_threshold=0)
    text = "The stars of the musical Glass Meadow were spotted on set in the UK last week. Rue Dalton leads."
    ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="l"))
    assert "UK" in {f.value for f in ext.facts if f.rel == "filming_location"}
