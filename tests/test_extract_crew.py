"""Director, writer, producer and former_director on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    ext = extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))
    return {
        (f.title, f.rel, f.value) for f in ext.facts if f.rel in {"director", "writer", "producer", "former_director"}
    }


def test_director_forms(extractor: Extractor) -> None:
    got = facts(extractor, "Night Courier 3 is directed by Lee Park. The script is by Dana Holt and Sam Ode.")
    assert ("Night Courier 3", "director", "Lee Park") in got
    assert {("Night Courier 3", "writer", "Dana Holt"), ("Night Courier 3", "writer", "Sam Ode")} <= got


def test_writer_director_gives_both(extractor: Extractor) -> None:
    got = facts(extractor, "Glass Harbor 2, from writer-director Maya Okafor, opens in June.")
    assert {("Glass Harbor 2", "director", "Maya Okafor"), ("Glass Harbor 2", "writer", "Maya Okafor")} <= got


def test_surname_resolves_and_shared_surname_list(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Filming on Night Courier 3 starts soon with director Lee Park. "
        "Park co-wrote the script with Jo and Kit Brandt.",
    )
    assert ("Night Courier 3", "writer", "Lee Park") in got
    assert {("Night Courier 3", "writer", "Jo Brandt"), ("Night Courier 3", "writer", "Kit Brandt")} <= got


def test_producers_listed_after_a_role(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Night Courier 3 has a new director, but Lee Park is still on board as a producer, along with Ana Kim "
        "and Rosa Diaz.",
    )
    assert {("Night Courier 3", "producer", n) for n in ("Lee Park", "Ana Kim", "Rosa Diaz")} <= got


def test_director_leaving_and_replacement(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Lee Park has stepped down as director of Night Courier 3. Studio chiefs hired Maya Okafor as the new "
        "director of Night Courier 3.",
    )
    assert ("Night Courier 3", "former_director", "Lee Park") in got
    assert ("Night Courier 3", "director", "Lee Park") not in got
    assert ("Night Courier 3", "director", "Maya Okafor") in got


def test_credits_in_parentheses_and_director_of(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Maya Okafor (Silver Coast, Paper Lanterns) directed the pic. Night Courier 3 will also star Ana Kim.",
    )
    assert {
        ("Silver Coast", "director", "Maya Okafor"),
        ("Paper Lanterns", "director", "Maya Okafor"),
        ("Night Courier 3", "director", "Maya Okafor"),
    } <= got


def test_possessive_alone_states_no_role(extractor: Extractor) -> None:
    got = facts(extractor, "Lee Park's Night Courier 3 opens in June.")
    assert got == set()


def test_names_then_the_role_and_capitalised_role_words(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "The cast of Night Courier 3 also included Ana Kim, while Sol Varga and Ida Brenner were the directors. "
        "Screenwriter Tove Lund, nominated for her last script, joins Night Courier 3 as well.",
    )
    assert {("Night Courier 3", "director", "Sol Varga"), ("Night Courier 3", "director", "Ida Brenner")} <= got
    assert ("Night Courier 3", "writer", "Tove Lund") in got


def test_authors_of_the_source_are_not_writers(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "The drama Night Courier 3 is based on the 2005 biography written by Ada Holt and Ben Marsh. "
        "The screenplay is by Cleo Rusk.",
    )
    assert ("Night Courier 3", "writer", "Cleo Rusk") in got
    assert not {v for _, r, v in got if r == "writer"} & {"Ada Holt", "Ben Marsh"}


def test_he_directed_is_the_last_sentence_subject(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Director Sol Varga will helm Night Courier 3. Varga just finished the drama Glass Harbor. "
        "He produced The Quiet Mile starring Ana Kim.",
    )
    assert ("The Quiet Mile", "producer", "Sol Varga") in got


def test_left_as_director_but_stays_producer_and_script_credits(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Studio Northwind was preparing to film Night Courier 3 this fall. On Tuesday, the film lost its director, "
        "Sol Varga. Sol is no longer moving forward as director of Night Courier 3 but will remain an executive "
        "producer on the film. Varga was hired to direct Night Courier 3 in 2021. Varga started off with a script "
        "from Ida Brenner. Tove Lund, who worked on Glass Harbor and The Quiet Mile, wrote the latest draft.",
    )
    assert ("Night Courier 3", "former_director", "Sol Varga") in got
    assert ("Night Courier 3", "director", "Sol Varga") not in got  # he left, in this very article
    assert ("Night Courier 3", "producer", "Sol Varga") in got
    assert {("Night Courier 3", "writer", "Ida Brenner"), ("Night Courier 3", "writer", "Tove Lund")} <= got
    assert not any(v == "The Quiet Mile" for _, _, v in got)


def test_the_chair_occupied_by_a_director_of_earlier_films(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Filming on Night Courier 3 starts soon. The director's chair will be occupied by Sol Varga, director of "
        "Glass Harbor, The Quiet Mile, and more.",
    )
    assert ("Night Courier 3", "director", "Sol Varga") in got
    assert {("Glass Harbor", "director", "Sol Varga"), ("The Quiet Mile", "director", "Sol Varga")} <= got


def test_adapted_for_the_screen_by_everyone_in_the_clause(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Night Rally Part I, based on the novel by Greta Moss, is adapted for the screen by the stage show's "
        "book writer Wanda Holt and by Academy Award winning composer and lyricist Stefan Shore.",
    )
    assert got == {("Night Rally Part I", "writer", "Wanda Holt"), ("Night Rally Part I", "writer", "Stefan Shore")}
    assert facts(extractor, "Night Rally 2 is being adapted by Wanda Holt from the novel by Greta Moss.") == {
        ("Night Rally 2", "writer", "Wanda Holt")
    }
    assert facts(extractor, "The novel Night Rally 2 by Greta Moss was adapted for the stage by Wanda Holt.") == set()


def test_credits_in_parentheses_after_directed_by_and_the_chair_on_a_title(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Night Rally 2 opens in June. The film, which is directed by Joseph Kasinsky (Only the Daring), "
        "sees Tom Crane reprise the role.",
    )
    assert got == {("Night Rally 2", "director", "Joseph Kasinsky"), ("Only the Daring", "director", "Joseph Kasinsky")}
    got = facts(extractor, "But the director’s chair on Night Rally 2 will be occupied by James Mangrove.")
    assert got == {("Night Rally 2", "director", "James Mangrove")}


def test_filmography_through_a_description_and_a_pronoun(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Northwind has tapped Yorran Vestique as the new director of Glass Harbor. The Belgian filmmaker is known "
        "for executive producing and directing episodes of the series Salt Road. On the feature side of things, "
        "he helmed 2019’s Red Mile and 2015’s Cold Tide.",
    )
    assert got == {
        ("Glass Harbor", "director", "Yorran Vestique"),
        ("Salt Road", "director", "Yorran Vestique"),
        ("Salt Road", "producer", "Yorran Vestique"),
        ("Red Mile", "director", "Yorran Vestique"),
        ("Cold Tide", "director", "Yorran Vestique"),
    }


def test_credits_in_an_appositive_and_the_production_left_named_after_the_verb(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Yorran Vestique, known for directing on the acclaimed TV series, Salt Road and Red Mile, is no longer "
        "directing the Northwind Studios feature, Night Rally 2, according to a new report.",
    )
    assert got == {
        ("Salt Road", "director", "Yorran Vestique"),
        ("Red Mile", "director", "Yorran Vestique"),
        ("Night Rally 2", "former_director", "Yorran Vestique"),
    }


def test_a_short_description_between_by_and_the_name(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Night Rally 2 is currently being penned by Northwind veteran Eric Pearce. It is directed by Oscar winner "
        "Dana Holt.",
    )
    assert got == {("Night Rally 2", "writer", "Eric Pearce"), ("Night Rally 2", "director", "Dana Holt")}


def test_an_aside_about_the_person_is_not_the_production_in_focus(extractor: Extractor) -> None:
    got = facts(
        extractor,
        "Northwind Pictures has hired Tove Lind to direct Paper Lanterns 2. Lind, best known for the crime "
        "series Cold Harbor, will also co-write the script with returning writer Ade Bankole.",
    )
    assert got == {
        ("Paper Lanterns 2", "director", "Tove Lind"),
        ("Paper Lanterns 2", "writer", "Tove Lind"),
        ("Paper Lanterns 2", "writer", "Ade Bankole"),
    }


def test_writing_a_post_is_not_writing_the_film() -> None:
    ex = Extractor(relevance_threshold=0)
    text = (
        "The drama Glass Meadow wrapped filming this week, and director Ada Finch wrote in an Instagram post that "
        "the crew had been wonderful. The film stars Rue Dalton."
    )
    ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))
    got = {(f.rel, f.value) for f in ext.facts}
    assert ("director", "Ada Finch") in got and ("writer", "Ada Finch") not in got
    text = "Ada Finch wrote the script for the thriller Glass Meadow, which Tom Reyes will direct. Rue Dalton stars."
    ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))
    assert ("writer", "Ada Finch") in {(f.rel, f.value) for f in ext.facts}


def test_a_series_creator_is_a_writer() -> None:
    ex = Extractor(relevance_threshold=0)
    for text in (
        "The comedy series Paper Kings was created by Omar Vell. Nia Ross stars as a failing magician.",
        "Series creator Omar Vell returns for the second season of Paper Kings. Nia Ross stars.",
    ):
        ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))
        assert ("Paper Kings", "writer", "Omar Vell") in {(f.title, f.rel, f.value) for f in ext.facts}


def test_the_creators_of_a_comic_are_not_the_films_writers() -> None:
    ex = Extractor(relevance_threshold=0)
    text = (
        "The vampire film Night Warden is in production. Night Warden was created by Lorne Vasek and Ida Brill "
        "for the 1978 comic series Crypt Tales."
    )
    ext = ex.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))
    assert not {f.value for f in ext.facts if f.rel == "writer"}
