"""The failure classes issue 10 found on news the rules had never seen, each as a sentence written for this test
(the team's own words and names): titles, cast openers, characters, passing mentions, wrong facts, quotes."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article, Extraction


def run(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article.create(text=text, published=date(2025, 9, 3), ref="u"))


def facts(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    return {(f.title, f.rel, f.value) for f in run(extractor, text).facts}


def cast(extractor: Extractor, text: str) -> set[tuple[str, str, str | None]]:
    return {(f.title, f.value, f.character) for f in run(extractor, text).facts if f.rel == "cast"}


def quotes(extractor: Extractor, text: str) -> set[tuple[str, str]]:
    return {(q.speaker, q.text) for q in run(extractor, text).quotes}


# --- titles ---------------------------------------------------------------------------------------------


def test_a_director_before_the_title_is_not_the_title(extractor: Extractor) -> None:
    got = facts(extractor, 'Director Mila Hart is filming "Southern Tides" in Belfast, starring Owen Pryce.')
    assert {
        ("Southern Tides", "director", "Mila Hart"),
        ("Southern Tides", "cast", "Owen Pryce"),
        ("Southern Tides", "filming_location", "Belfast"),
    } <= got
    assert not any(t.startswith("Director") for t, _, _ in got)


def test_a_title_after_a_possessive(extractor: Extractor) -> None:
    got = cast(extractor, "Dan Okafor is back as Agent Rusk in Perla Quinn's The Keeper.")
    assert ("The Keeper", "Dan Okafor", "Agent Rusk") in got


def test_a_title_after_a_starring_modifier(extractor: Extractor) -> None:
    got = facts(extractor, "The Lena Voss-starring Sparrow was also delayed from March 17, 2026 to December 11, 2026.")
    assert {
        ("Sparrow", "cast", "Lena Voss"),
        ("Sparrow", "release_date", "2026-12-11"),
        ("Sparrow", "previous_release_date", "2026-03-17"),
    } <= got


def test_dates_of_other_productions_stay_with_them(extractor: Extractor) -> None:
    got = facts(
        extractor,
        'Borealis Studios is shooting "The Long Thaw" in Oslo this autumn. The studio also said a new Star Patrol '
        "movie is slated for June 2026 and an untitled comedy starring Rafe Dorn has been dated for November 13, 2026.",
    )
    assert not {(t, v) for t, r, v in got if t == "The Long Thaw" and r == "release_date"}
    assert {(t, v) for t, r, v in got if r == "release_date"} == {
        ("new Star Patrol movie", "2026-06"),  # an unnamed production: its own shortest description
        ("untitled comedy starring Rafe Dorn", "2026-11-13"),
    }


def test_titles_with_inner_punctuation_and_words(extractor: Extractor) -> None:
    for name in ("Hounds: Salt and Stone", "Boom! Fall of the Reef", "Marlow's Yard"):
        got = {t for t, _, _ in facts(extractor, f"{name} is directed by Suri Anand and stars Pim Vos.")}
        assert got == {name}, name


def test_a_series_name_without_a_cue_word(extractor: Extractor) -> None:
    got = facts(extractor, "Silver Pine Academy will shoot in Vancouver from March, starring Gus Ferro.")
    assert ("Silver Pine Academy", "filming_location", "Vancouver") in got


# --- cast openers and lists -----------------------------------------------------------------------------

CONTEXT = 'The drama "Quarry Lane" starts filming in Cardiff next week. '


def test_joining_the_ensemble(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Joining the ensemble are newcomers Pia Lunde, Corin Vale and Mats Berg.")
    assert {("Quarry Lane", n, None) for n in ("Pia Lunde", "Corin Vale", "Mats Berg")} <= got


def test_signs_on_alongside(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Hana Voss signs on alongside heavyweights Ivo Brandt and Selma Roe.")
    assert {("Quarry Lane", n, None) for n in ("Hana Voss", "Ivo Brandt", "Selma Roe")} <= got


def test_regulars_expected_back(extractor: Extractor) -> None:
    text = (
        'The second season of "Harrow Point" is in the works. '
        "Series regulars expected back include Ines Moor and Teo Park."
    )
    got = cast(extractor, text)
    assert {("Harrow Point", "Ines Moor", None), ("Harrow Point", "Teo Park", None)} <= got


def test_a_list_goes_on_after_a_character(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "The film will star Lin Ardo as the title heroine, Bo Sten and Vera Lusk.")
    assert {"Lin Ardo", "Bo Sten", "Vera Lusk"} <= {v for t, v, _ in got if t == "Quarry Lane"}


# --- characters -----------------------------------------------------------------------------------------


def test_a_final_turn_as(extractor: Extractor) -> None:
    got = cast(extractor, "Thornwick marks Ralf Eder's sixth and final turn as Inspector Crane.")
    assert ("Thornwick", "Ralf Eder", "Inspector Crane") in got


def test_reprise_their_roles_pairs_in_order(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Mina Roth and Pell Ward will reprise their roles as Ivy and Jasper.")
    assert {("Quarry Lane", "Mina Roth", "Ivy"), ("Quarry Lane", "Pell Ward", "Jasper")} <= got


def test_character_then_actor_in_brackets(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Det. Sela Marr (Ona Vick) returns to hunt the killer.")
    assert {("Quarry Lane", "Ona Vick", "Det. Sela Marr"), ("Quarry Lane", "Ona Vick", "Sela Marr")} & got
    assert not any(v.startswith("Det.") or v == "Sela Marr" for _, v, _ in got)


# --- productions mentioned in passing -------------------------------------------------------------------


def test_best_known_for_playing(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Kira Lund, best known for playing Queen Edda in Frostmark Throne, leads the cast.")
    assert ("Frostmark Throne", "Kira Lund", "Queen Edda") in got


def test_everything_from_to(extractor: Extractor) -> None:
    text = "Abel Munk has played everything from a mayor in Ledger to Agent Pike in Night Watch 2."
    got = cast(extractor, CONTEXT + text)
    assert ("Night Watch 2", "Abel Munk", "Agent Pike") in got
    assert "Ledger" in {t for t, _, _ in got}


def test_of_fame_and_a_debut(extractor: Extractor) -> None:
    got = cast(extractor, CONTEXT + "Tia Holm, of Brindle and Copper Sky fame, debuted in 2009's Paper Fox.")
    assert {("Brindle", "Tia Holm"), ("Copper Sky", "Tia Holm"), ("Paper Fox", "Tia Holm")} <= {
        (t, v) for t, v, _ in got
    }


# --- facts that are not there ---------------------------------------------------------------------------


def test_a_dateline_is_no_cast_member(extractor: Extractor) -> None:
    got = facts(extractor, 'TORONTO (Wire Press) - The thriller "Cold Harbour" stars Nia Brook as a ferry captain.')
    assert ("Cold Harbour", "cast", "Nia Brook") in got
    assert not any("TORONTO" in v or "Wire Press" in v for _, _, v in got)


def test_markets_are_no_release_date(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "Its trailer was watched across 13 markets in one day.")
    assert not any(r == "release_date" for _, r, _ in got)


def test_moving_house_is_no_delay(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "As a child, the actress moved from Ohio to Chile with her family.")
    assert not any(r == "status" and v == "delayed" for _, r, v in got)


def test_a_post_by_the_director_makes_no_writer(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "Director Ada Finch wrote in an Instagram post that the shoot went well.")
    assert ("Quarry Lane", "writer", "Ada Finch") not in got


def test_an_announcement_day_is_no_release_date(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "On Tuesday (April 30), Kestrel Films announced the rest of the cast.")
    assert not any(r == "release_date" for _, r, _ in got)


def test_award_categories_are_no_cast(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "It is tipped for six awards, including Best Picture and Best Actor.")
    assert not any(r == "cast" and v.startswith("Best") for _, r, v in got)


def test_being_seen_somewhere_is_no_studio(extractor: Extractor) -> None:
    got = facts(extractor, CONTEXT + "The lead actor was seen at Bryn Meadow on Sunday.")
    assert not any(r == "studio" for _, r, _ in got)


# --- quotes ---------------------------------------------------------------------------------------------

QCONTEXT = 'Tova Lind stars in the drama "Quarry Lane", which starts filming in Cardiff next week. '


def test_doubled_apostrophes_and_single_quotes(extractor: Extractor) -> None:
    got = quotes(extractor, QCONTEXT + "She added: ''We are still friends.''")
    assert ("Tova Lind", "We are still friends.") in got
    got = quotes(extractor, QCONTEXT + "Bo Sten added: \u2018Simply brilliant.\u2019")
    assert ("Bo Sten", "Simply brilliant.") in got


def test_a_company_statement(extractor: Extractor) -> None:
    got = quotes(
        extractor, QCONTEXT + 'Kestrel Pictures released the following statement: "The shoot will go ahead as planned."'
    )
    assert ("Kestrel Pictures", "The shoot will go ahead as planned.") in got


def test_a_quote_paragraph_after_told_us(extractor: Extractor) -> None:
    text = 'Here is what director Mae Cole told us.\n\n"We built the whole town in a field."'
    got = quotes(extractor, QCONTEXT + text)
    assert ("Mae Cole", "We built the whole town in a field.") in got


def test_verbs_other_than_said(extractor: Extractor) -> None:
    got = quotes(extractor, QCONTEXT + '"Nope, no nerves at all," Lind laughed.')
    assert any(s == "Tova Lind" and t.startswith("Nope, no nerves at all") for s, t in got)
    got = quotes(extractor, QCONTEXT + '"Want to play her again?" Lind asks.')
    assert any(s == "Tova Lind" and t.startswith("Want to play her again?") for s, t in got)


def test_two_speakers_explained(extractor: Extractor) -> None:
    got = quotes(extractor, QCONTEXT + 'Co-creators Nina Park and Theo Grant explained: "We wrote it in a year."')
    assert ("Nina Park and Theo Grant", "We wrote it in a year.") in got  # the guideline's form of a joint speaker


def test_a_title_abbreviation_before_the_speaker(extractor: Extractor) -> None:
    got = quotes(extractor, QCONTEXT + '"We shot it in nine weeks," said EP Rosa Vell.')
    assert ("Rosa Vell", "We shot it in nine weeks,") in got or any(s == "Rosa Vell" for s, _ in got)
