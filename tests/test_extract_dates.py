"""Release dates on sentences written for these tests: what is a release date and what only looks like one."""

from __future__ import annotations

from datetime import date

import pytest

from slate.extract import Extractor
from slate.extract._dates import find_dates
from slate.models import Article


@pytest.fixture(scope="module")
def open_extractor() -> Extractor:
    return Extractor(relevance_threshold=0)


def dates(extractor: Extractor, text: str, day: date = date(2024, 4, 2)) -> set[tuple[str, str, str]]:
    ext = extractor.extract(Article.create(text=text, published=day, ref="d"))
    return {(f.title, f.rel, f.value) for f in ext.facts if f.rel in {"release_date", "previous_release_date"}}


def test_a_month_name_is_a_whole_word() -> None:
    ref = date(2024, 4, 2)
    assert find_dates("The comedy opened across 13 markets and 5 decades of fans.", ref) == []
    assert [v for _, _, v in find_dates("It opens on 13 March and again on 4 Sept. 2025.", ref)] == [
        "2024-03-13",
        "2025-09-04",
    ]


def test_the_day_of_an_announcement_is_no_release_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "On Tuesday (April 30), Kestrel Pictures announced that the heist thriller Copper Lantern will open in "
        "theaters on June 7. The film stars Mara Quill and Teo Banks.",
    )
    assert ("Copper Lantern", "release_date", "2024-06-07") in got
    assert not any(v == "2024-04-30" for _, _, v in got)


def test_the_day_tickets_go_on_sale_is_no_release_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "The animated feature Paper Comets will open in Canada on November 8, and tickets go on sale on "
        "October 3. Juno Hale directed the film for Brightwell Animation.",
    )
    assert ("Paper Comets", "release_date", "2024-11-08") in got
    assert not any(v == "2024-10-03" for _, _, v in got)


def test_a_festival_premiere_is_no_release_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "The drama Salt Orchard premiered at the Lakeshore Film Festival on Saturday, March 16, 2024. The film "
        "stars Odile Marsh as a fisherman's widow.",
    )
    assert not got


def test_the_date_of_a_quoted_post_is_no_release_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "The sequel Ember Rise is set for release this summer. First day on set! — Nia Cole (@niacole) "
        "March 30, 2024. The film stars Nia Cole and Bram Eller.",
    )
    assert not any(v == "2024-03-30" for _, _, v in got)


def test_a_past_opening_stays_in_its_year(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "The disaster epic Tidewall has sold two million tickets since opening on March 15 in Korea. The film "
        "stars Han Seo and Rina Park.",
    )
    assert ("Tidewall", "release_date", "2024-03-15") in got
    assert not any(v == "2025-03-15" for _, _, v in got)


def test_a_film_soaring_into_theaters(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "The superhero film Skyward Lass soars into theaters on July 11, 2025. Dana Pike plays the title role.",
    )
    assert ("Skyward Lass", "release_date", "2025-07-11") in got


def test_a_studio_planning_to_deliver_on_a_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "Before the strike, Harbor Films planned to deliver Night Courier 3 to audiences on July 23, 2025. "
        "Mara Quill stars.",
    )
    assert ("Night Courier 3", "release_date", "2025-07-23") in got or (
        "Night Courier 3",
        "previous_release_date",
        "2025-07-23",
    ) in got


def test_a_sequel_following_on_a_date(open_extractor: Extractor) -> None:
    got = dates(
        open_extractor,
        "Night Courier 3 is expected to open on September 30, and Night Courier 4 will follow on July 7, 2025. "
        "Mara Quill stars in both.",
    )
    assert ("Night Courier 4", "release_date", "2025-07-07") in got
