"""Status and studio on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article


def facts(extractor: Extractor, text: str, rel: str) -> set[tuple[str, str]]:
    ext = extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="s"))
    return {(f.title, f.value) for f in ext.facts if f.rel == rel}


def test_a_date_moved_later_is_a_delay(extractor: Extractor) -> None:
    got = facts(extractor, "The studio moved Night Courier 3 from June 24 to December 23, 2024.", "status")
    assert ("Night Courier 3", "delayed") in got
    got = facts(extractor, "The studio moved Night Courier 3 up from December 23 to June 24, 2024.", "status")
    assert ("Night Courier 3", "delayed") not in got


def test_listed_titles_all_seeing_their_dates_pushed(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "The shift rippled through the slate, with Glass Harbor 2, Night Courier 3 and The Quiet Mile: Part Two "
        "all seeing their dates pushed.",
        "status",
    )
    assert {("Glass Harbor 2", "delayed"), ("Night Courier 3", "delayed")} <= got


def test_filming_that_starts_next_week_is_pre_production(extractor: Extractor) -> None:
    got = facts(
        extractor, "Relax, because filming on Night Courier 3 starts next week in the United Kingdom.", "status"
    )
    assert got == {("Night Courier 3", "pre_production")}


def test_studio_forms(extractor: Extractor) -> None:
    assert ("Glass Harbor", "Universal") in facts(
        extractor, "The drama Glass Harbor has been a huge hit for Universal this summer.", "studio"
    )
    assert ("Night Courier", "Netflix") in facts(
        extractor, "Season 5 of Night Courier will be the final season of the Netflix mega-hit series.", "studio"
    )
    got = facts(
        extractor,
        "Disney and Lucasfilm have today revealed that their new adventure film is titled The Quiet Mile.",
        "studio",
    )
    assert {("The Quiet Mile", "Disney"), ("The Quiet Mile", "Lucasfilm")} <= got


def test_preparing_to_film_and_speculation(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "The studio was preparing to film Night Courier 3 this November, but the production might need to be "
        "pushed back.",
        "status",
    )
    assert got == {("Night Courier 3", "pre_production")}


def test_a_comic_series_year_is_not_a_release(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Dana Vale was created for the 1973 comic series The Salt Crown. Night Courier 3 opens on May 2, 2025.",
        "release_date",
    )
    assert ("The Salt Crown", "1973") not in got and ("Night Courier 3", "2025-05-02") in got


def test_one_studio_name_and_counterfactual_dates(extractor: Extractor) -> None:
    text = (
        "Had things gone to plan, we would have seen Night Courier 3 in theaters last summer. "
        "Now Northwind Pictures has announced that Night Courier 3 has been delayed to July 14, 2025. "
        "Northwind had planned to deliver Night Courier 3 on May 2, 2024."
    )
    assert {v for t, v in facts(extractor, text, "studio") if t == "Night Courier 3"} == {"Northwind Pictures"}
    assert facts(extractor, text, "release_date") == {("Night Courier 3", "2025-07-14")}


def test_a_cast_member_the_model_calls_an_organisation_is_no_studio(extractor: Extractor) -> None:
    text = (
        'Director Sivdeirk Brunserk has started shooting the drama "The Reindga Deisuv" in Koulfaivport. '
        "Kamsais Tullurlouth, Neisstal Brailmoum and Tandreir Leirsteivseis star in the film."
    )
    assert facts(extractor, text, "studio") == set()
    assert ("The Reindga Deisuv", "Neisstal Brailmoum") in facts(extractor, text, "cast")


def test_record_openings_are_releases_and_unnamed_past_years_are_not_dates(extractor: Extractor) -> None:
    text = (
        "Night Courier 3 is officially the biggest Memorial Day weekend opening ever. "
        "Northwind began releasing its streaming films in 2015 and has struggled since."
    )
    assert ("Night Courier 3", "released") in facts(extractor, text, "status")
    assert ("Night Courier 3", "2015") not in facts(extractor, text, "release_date")


def test_release_cues_with_a_region_word_and_stage_dates(extractor: Extractor) -> None:
    text = (
        "Northwind Pictures will distribute “Glass Harbor” worldwide and it will hit American theaters on "
        "July 21, 2025. The musical Glass Harbor was first performed on Broadway in 2003 before opening in London."
    )
    got = facts(extractor, text, "release_date")
    assert ("Glass Harbor", "2025-07-21") in got and ("Glass Harbor", "2003") not in got


def test_wraps_and_stage_openings(extractor: Extractor) -> None:
    assert facts(extractor, "Filming on Night Courier 3 has officially wrapped, the producer confirmed.", "status") == {
        ("Night Courier 3", "post_production")
    }
    got = facts(
        extractor,
        "Details about Night Courier 3 are being kept under wraps. The Night Courier 3 stage show opened on "
        "Broadway in 2003.",
        "status",
    )
    assert ("Night Courier 3", "post_production") not in got and ("Night Courier 3", "released") not in got


def test_a_studio_feature_named_after_a_comma_and_credits_named_before(extractor: Extractor) -> None:
    text = (
        "Lee Park, known for directing the acclaimed series Salt Road and Red Mile, is no longer directing "
        "the Northwind Studios feature, Night Courier 3, according to a report."
    )
    assert facts(extractor, text, "studio") == {("Night Courier 3", "Northwind Studios")}


def test_people_and_films_in_subject_position_are_no_studios(extractor: Extractor) -> None:
    text = (
        "It is open season, as Marvel has tapped Yann Demalle as the new director of Glass Harbor. "
        "Together, Demalle and Quell will be tasked with taking Glass Harbor somewhere new."
    )
    assert facts(extractor, text, "studio") == {("Glass Harbor", "Marvel")}
    text = (
        "Northwind Pictures will release Night Courier 3 in May. "
        "Throughout its 2017 theatrical run, Ardennes was a success."
    )
    assert facts(extractor, text, "studio") == {("Night Courier 3", "Northwind Pictures")}


def test_resume_past_starts_and_old_plans(extractor: Extractor) -> None:
    got = facts(
        extractor, "Filming on Night Rally 2 has been temporarily paused and will resume in two weeks.", "status"
    )
    assert got == {("Night Rally 2", "paused")}
    got = facts(
        extractor,
        "Even when cameras started rolling on Night Rally 2, there was doubt it would open in 2022.",
        "status",
    )
    assert got == {("Night Rally 2", "filming")}
    got = facts(
        extractor,
        "Lee Parkes left Night Rally 2 in September, just weeks before filming was scheduled to start.",
        "status",
    )
    assert ("Night Rally 2", "pre_production") not in got


def test_instead_of_an_earlier_date_and_the_day_of_an_announcement(extractor: Extractor) -> None:
    text = (
        "Night Rally 2 will now open in theaters on Nov. 27, 2024 — the eve of Thanksgiving — instead of Dec. 25, 2024."
    )
    assert facts(extractor, text, "release_date") == {("Night Rally 2", "2024-11-27")}
    assert facts(extractor, text, "previous_release_date") == {("Night Rally 2", "2024-12-25")}
    text = "The cast is set. But on August 2, Northwind Pictures announced that Night Rally 2 wouldn’t be released."
    assert facts(extractor, text, "release_date") == set()


def test_studio_spokesperson_lowercase_studios_and_now_owner(extractor: Extractor) -> None:
    text = (
        "“Late last night, we learned that the Night Rally 2 production had some positive tests,” "
        "a Northwind Pictures spokesperson said in a statement."
    )
    assert facts(extractor, text, "studio") == {("Night Rally 2", "Northwind Pictures")}
    text = "Night Rally 2 paused. Variety reported that Universal studios, which is producing the sequel, had cases."
    assert facts(extractor, text, "studio") == {("Night Rally 2", "Universal")}
    text = (
        "Filming is imminent on Night Rally 2, the fifth installment in the beloved Harbor Films "
        "(now Northwind Pictures) franchise."
    )
    assert facts(extractor, text, "studio") == {
        ("Night Rally 2", "Harbor Films"),
        ("Night Rally 2", "Northwind Pictures"),
    }


def test_wraps_next_month_is_still_filming_and_a_leading_article_is_no_part_of_a_studio(
    extractor: Extractor,
) -> None:
    text = "Amara Okoye is next set to appear in the thriller Night Ferry, which wraps filming in Malta next month."
    assert facts(extractor, text, "status") == {("Night Ferry", "filming")}
    text = (
        "Crestline+ has cancelled The Glass Orchard, the period drama starring Amara Okoye, after a single season. "
        "A Crestline+ spokesperson said it was purely financial."
    )
    assert facts(extractor, text, "studio") == {("The Glass Orchard", "Crestline+")}


def test_a_move_that_is_no_release_move_is_no_delay() -> None:
    ex = Extractor(relevance_threshold=0)
    text = (
        "In the drama Quiet Acre, directed by Lio Varga, the family moved from Utah to Japan after the war. "
        "Mina Hart plays the eldest daughter."
    )
    assert ("Quiet Acre", "delayed") not in facts(ex, text, "status")
    text = "Harbor Films moved Quiet Acre from June 5 to August 21, 2024. Mina Hart stars."
    assert ("Quiet Acre", "delayed") in facts(ex, text, "status")


def test_a_cancelled_shoot_is_no_cancelled_production() -> None:
    ex = Extractor(relevance_threshold=0)
    text = "Rain swept the coast, and the day's shoot on Lantern Bay was cancelled. Filming on Lantern Bay resumes."
    assert ("Lantern Bay", "cancelled") not in facts(ex, text, "status")


def test_a_heading_list_keeps_its_own_status() -> None:
    ex = Extractor(relevance_threshold=0)
    text = (
        "Network scorecard for the season.\n\nRenewed: Copper Hill, Night Ferry  Cancelled: Dust Parade, "
        "Blue Lodge  Ended: Old Mill"
    )
    got = facts(ex, text, "status")
    assert ("Copper Hill", "cancelled") not in got and ("Night Ferry", "cancelled") not in got


def test_films_already_out_are_released() -> None:
    ex = Extractor(relevance_threshold=0)
    text = (
        "The animated film Star Kite has grossed $310 million in ten days, passing Moon Harbor 2 ($128.1 "
        "million) and 2019\u2019s Iron Tide."
    )
    got = facts(ex, text, "status")
    assert {("Moon Harbor 2", "released"), ("Iron Tide", "released")} <= got


def test_a_place_someone_was_seen_at_is_no_studio() -> None:
    ex = Extractor(relevance_threshold=0)
    text = "Glass Meadow star Rue Dalton was spotted at Hollow Creek Farm with her children. The film opens in June."
    assert not facts(ex, text, "studio")
    text = "Glass Meadow, a thriller at Kestrel Pictures, stars Rue Dalton. The film opens in June."
    assert ("Glass Meadow", "Kestrel Pictures") in facts(ex, text, "studio")


def test_a_streamer_name_ends_before_the_full_stop() -> None:
    ex = Extractor(relevance_threshold=0)
    text = "The series Paper Kings is streaming on Lumo. The show stars Nia Ross."
    assert ("Paper Kings", "Lumo") in facts(ex, text, "studio")
