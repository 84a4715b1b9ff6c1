"""Cast, characters, titles in lists and years, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article, Extraction


def run(extractor: Extractor, text: str) -> Extraction:
    return extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="c"))


def cast(extractor: Extractor, text: str) -> set[tuple[str, str, str | None]]:
    return {(f.title, f.value, f.character) for f in run(extractor, text).facts if f.rel == "cast"}


def test_respectively_pairs_names_and_characters(extractor: Extractor) -> None:
    got = cast(
        extractor,
        'Filming on the musical "Paper Lanterns" began in Leeds. Ana Kim and Rosa Vell are set to star in '
        "the lead roles of Mirelle and Oda, respectively.",
    )
    assert {("Paper Lanterns", "Ana Kim", "Mirelle"), ("Paper Lanterns", "Rosa Vell", "Oda")} <= got


def test_titular_role_is_the_title(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The biopic Halvorsen chronicles the career of the titular chemist (played by Tomas Reyes) and his rivals.",
    )
    assert ("Halvorsen", "Tomas Reyes", "Halvorsen") in got


def test_will_be_reprising_the_role(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The thriller Night Courier 3 stars Ana Kim as Dana Vale. Lee Oduya will be reprising the role of Marcus "
        "from the earlier films.",
    )
    assert ("Night Courier 3", "Lee Oduya", "Marcus") in got


def test_long_lists_and_star_in_verb(extractor: Extractor) -> None:
    names = [f"{a} {b}" for a in ("Ada", "Bram", "Cleo", "Dario", "Edith") for b in ("Holt", "Marsh", "Quill", "Rusk")]
    got = cast(extractor, 'The crowd drama "Paper Harbor" stars ' + ", ".join(names[:-1]) + f" and {names[-1]}.")
    assert {v for _, v, _ in got} == set(names)  # past any fixed list length
    got = cast(
        extractor,
        'Director Ola Brandt is shooting the western "The Dry Creek" in Tulsa. '
        "Mira Solberg, Jonas Pike and Tove Lind star in the film.",
    )
    assert {v for t, v, _ in got if t == "The Dry Creek"} == {"Mira Solberg", "Jonas Pike", "Tove Lind"}


def test_the_cast_of_a_quoted_title(extractor: Extractor) -> None:
    got = cast(extractor, 'The cast of "Paper Harbor" includes Bram Brandt and Cleo Castell.')
    assert {("Paper Harbor", "Bram Brandt", None), ("Paper Harbor", "Cleo Castell", None)} <= got


def test_titles_listed_after_a_cue_with_their_studios(extractor: Extractor) -> None:
    ext = run(
        extractor,
        "Other studio delays include Glass Harbor and Ridgeline at Disney, Night Courier 3 at Universal, "
        "and The Quiet Mile at Warner Bros.",
    )
    names = {t.name for t in ext.titles}
    assert {"Glass Harbor", "Ridgeline", "Night Courier 3", "The Quiet Mile"} <= names
    assert not any(" at " in n for n in names)
    status = {(f.title, f.value) for f in ext.facts if f.rel == "status"}
    assert ("Ridgeline", "delayed") in status and ("Night Courier 3", "delayed") in status
    studios = {(f.title, f.value) for f in ext.facts if f.rel == "studio"}
    assert {("Glass Harbor", "Disney"), ("Ridgeline", "Disney"), ("Night Courier 3", "Universal")} <= studios
    assert "Night Courier" not in names and "Courier 3" not in names


def test_appositive_genre_makes_a_title(extractor: Extractor) -> None:
    ext = run(extractor, "The Long Ember, a sci-fi action flick starring Omar Pike, was removed from the schedule.")
    assert ("The Long Ember", "cast", "Omar Pike") in {(f.title, f.rel, f.value) for f in ext.facts}


def test_year_of_an_earlier_film_and_most_precise_date(extractor: Extractor) -> None:
    ext = run(
        extractor,
        "Night Courier: Second Run is set to hit theaters in 2025. The sequel to Lee Parkes' 2019 gritty drama "
        "Night Courier has been given a premiere date of October 4, 2025.",
    )
    dates = {(f.title, f.value) for f in ext.facts if f.rel == "release_date"}
    assert ("Night Courier", "2019") in dates
    assert ("Night Courier: Second Run", "2025-10-04") in dates
    assert ("Night Courier: Second Run", "2025") not in dates  # the year gives way to the full date
    assert "Lee Parkes" not in {t.name for t in ext.titles}


def test_title_character_forms(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Filming on Dana Vale 3 starts in May. Ana Kim will return to play the title character one last time.",
    )
    assert ("Dana Vale 3", "Ana Kim", "Dana Vale") in got
    got = cast(
        extractor,
        "Dana Vale and the Salt Crown is the third film in a franchise starring Ana Kim as the legendary "
        "smuggler of the same name.",
    )
    assert ("Dana Vale and the Salt Crown", "Ana Kim", "Dana Vale") in got
    got = cast(extractor, "Cameras rolled on Night Courier 3, Lee Oduya's third outing as the courier.")
    assert ("Night Courier 3", "Lee Oduya", None) in got


def test_possessive_character_and_nickname_quotes(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The crew led by Ana Kim's Dana Vale returns in Night Courier 3. Lee Oduya is back as Lt. Tom ‘Rook’ Marsh.",
    )
    assert ("Night Courier 3", "Ana Kim", "Dana Vale") in got
    assert not any(v == "Rook" for _, v, _ in got)


def test_instalments_called_by_ordinal_share_the_plural_sentence(extractor: Extractor) -> None:
    ext = run(
        extractor,
        "Paramount delayed Night Courier 7 to May. The eighth installment, Night Courier 8, moved to June. "
        "Not much is known about the sequels, except that they reunite Ana Kim (Dana Vale) and Lee Oduya (Marcus).",
    )
    got = {(f.title, f.value, f.character) for f in ext.facts if f.rel == "cast"}
    assert {("Night Courier 7", "Ana Kim", "Dana Vale"), ("Night Courier 8", "Ana Kim", "Dana Vale")} <= got


def test_the_earlier_film_is_not_the_news(extractor: Extractor) -> None:
    ext = run(
        extractor,
        "New photos from the “Night Courier: Second Run” set show Mara Lindqvist on the stairs made famous in "
        "the first “Night Courier” movie. Lee Park returns to the director’s chair for the sequel, where "
        "Lindqvist’s Night Courier meets Lee Oduya’s Marcus. The supporting cast includes Ida Brenner and Sol Varga.",
    )
    got = {(f.title, f.rel, f.value, f.character) for f in ext.facts}
    assert ("Night Courier: Second Run", "cast", "Ida Brenner", None) in got
    assert ("Night Courier: Second Run", "cast", "Mara Lindqvist", "Night Courier") in got
    assert not any(t == "Night Courier" and r == "cast" and v == "Ida Brenner" for t, r, v, _ in got)


def test_will_have_a_star_as_the_title_character(extractor: Extractor) -> None:
    got = cast(extractor, "Dana Vale 3 will have two-time Oscar-winner Mara Lindqvist as the title character.")
    assert ("Dana Vale 3", "Mara Lindqvist", "Dana Vale") in got


def test_a_nickname_in_quotes_inside_a_character() -> None:
    rules = Extractor(relevance_threshold=0)  # the rules' reading; the recogniser also takes "... opens" in
    setattr(rules.nlp.get_pipe("slate_titles"), "model", "off")  # noqa: B010
    got = cast(
        rules,
        "Top Wing: Falcon opens in June. The film sees Ana Kim reprise the role of Captain Dana “Falcon” Reyes.",
    )
    assert ("Top Wing: Falcon", "Ana Kim", "Captain Dana “Falcon” Reyes") in got


def test_surnames_join_full_names_and_lists_skip_a_who_clause(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The star-studded cast of Night Courier 3 includes Mara Lindqvist alongside Ida Brenner, who won an award "
        "on Sunday, Sol Varga and Tove Lund. Lindqvist plays the courier Dana Vale.",
    )
    values = {v for _, v, _ in got}
    assert {"Mara Lindqvist", "Ida Brenner", "Sol Varga", "Tove Lund"} <= values
    assert "Lindqvist" not in values


def test_a_single_name_followed_by_who_in_a_cast_list(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Sky Ace: Falcon is due in June. The cast for the movie so far have been confirmed as Lindqvist, who will "
        "reprise her role as Dana “Falcon” Reyes, alongside Sol Varga.",
    )
    assert ("Sky Ace: Falcon", "Lindqvist", "Dana “Falcon” Reyes") in got
    assert ("Sky Ace: Falcon", "Sol Varga", None) in got


def test_the_sequel_to_an_often_named_film_is_its_numbered_or_subtitled_follow_up(extractor: Extractor) -> None:
    ext = run(
        extractor,
        "Night Courier: Second Run is set to hit theaters in 2025. The sequel to Lee Parkes' 2019 gritty drama "
        "Night Courier has been given a premiere date of October 4, 2025. In a departure from the drama that was "
        "Night Courier, the new film is a musical. Night Courier made $900 million.",
    )
    dates = {(f.title, f.value) for f in ext.facts if f.rel == "release_date"}
    assert ("Night Courier: Second Run", "2025-10-04") in dates
    assert ("Night Courier", "2025-10-04") not in dates


def test_who_starred_in_the_first_film_as_a_character_and_is_returning(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Harbor Run: Tidewater starts filming this week. Harbor Run: Tidewater opens in 2025. "
        "Zaza Betts, who starred in the first “Harbor Run” as Sophie, is also returning.",
    )
    assert got == {("Harbor Run", "Zaza Betts", "Sophie"), ("Harbor Run: Tidewater", "Zaza Betts", None)}


def test_his_appearance_in_another_film_is_a_credit_there(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Night Rally 2 starts filming this week. Marco Keats is suiting up as Bruce Wayne again, hot off the "
        'heels of his appearance in "Red Mile."',
    )
    assert got == {("Night Rally 2", "Marco Keats", "Bruce Wayne"), ("Red Mile", "Marco Keats", None)}


def test_a_player_not_yet_confirmed_to_return_is_not_cast(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Night Rally 2 starts filming soon. Ving Rames, who plays computer whiz Luther Stock hasn't been confirmed "
        "to return yet, but odds are good. Ana Kim, who plays Dana, is returning.",
    )
    assert got == {("Night Rally 2", "Ana Kim", "Dana")}


def test_star_with_a_described_name(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Night Rally 2 has a premiere date of October 4, 2024, and it's going to star a singing and dancing "
        "Joaquin Phenix.",
    )
    assert got == {("Night Rally 2", "Joaquin Phenix", None)}


def test_cast_openers_with_words_describing_the_people(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The drama Copper Hollow starts filming in March. Joining the ensemble are newcomers Tilda Farrow, "
        "Brin Macallister and Ode Nwosu.",
    )
    assert {v for t, v, _ in got if t == "Copper Hollow"} >= {"Tilda Farrow", "Brin Macallister", "Ode Nwosu"}
    got = cast(
        extractor,
        "The drama Copper Hollow starts filming in March. Juno Haskett signs on alongside heavyweights Peter "
        "Vallow and Magda Strunz.",
    )
    assert {v for t, v, _ in got if t == "Copper Hollow"} == {"Juno Haskett", "Peter Vallow", "Magda Strunz"}
    got = cast(
        extractor,
        "Netflix renewed Ravenmoor for a third season. Series regulars expected back include Tilda Farrow and "
        "Ode Nwosu.",
    )
    assert {v for t, v, _ in got if t == "Ravenmoor"} == {"Tilda Farrow", "Ode Nwosu"}


def test_a_cast_list_goes_on_after_a_part(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The comedy Salt Daughters begins shooting in June. The film will star Marisol Quent as the title "
        "heroine, Edgar Plume and Nell Ashdown.",
    )
    assert {v for t, v, _ in got if t == "Salt Daughters"} == {"Marisol Quent", "Edgar Plume", "Nell Ashdown"}


def test_a_final_turn_as_a_character_and_roles_paired_in_order(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "Filming on Ravenmoor wrapped in Belfast. Ravenmoor marks Tilda Farrow's sixth and final turn as "
        "Inspector Hale.",
    )
    assert ("Ravenmoor", "Tilda Farrow", "Inspector Hale") in got
    got = cast(
        extractor,
        "The sequel Copper Hollow 2 starts filming soon. Brin Macallister and Peter Vallow will reprise their "
        "roles as Juno and Felix.",
    )
    assert {("Copper Hollow 2", "Brin Macallister", "Juno"), ("Copper Hollow 2", "Peter Vallow", "Felix")} <= got


def test_the_actor_in_parentheses_after_a_character(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The crime series Ravenmoor is back for a second season on BBC One. Insp. Rhona Vail (Esme Dunn) returns "
        "to the force after a year away.",
    )
    assert got == {("Ravenmoor", "Esme Dunn", "Rhona Vail")}
    got = cast(
        extractor,
        "The comedy Salt Daughters premieres on Hulu in June. It follows the story of Willis Moe (Gary Tran), a "
        "waiter who dreams of fame.",
    )
    assert got == {("Salt Daughters", "Gary Tran", "Willis Moe")}


def test_parts_in_other_productions_are_credits_there(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The fantasy film Emberfall starts shooting in May. Marisol Quent, best known for playing Queen Isla in "
        "Halvard's Crown, will star.",
    )
    assert ("Halvard's Crown", "Marisol Quent", "Queen Isla") in got
    got = cast(
        extractor,
        "The drama Copper Hollow begins filming next week. Nell Ashdown, of Marlow and Tin Sky fame, debuted in "
        "2011's Glass Pony.",
    )
    assert {("Marlow", "Nell Ashdown", None), ("Tin Sky", "Nell Ashdown", None)} <= got
    assert ("Glass Pony", "Nell Ashdown", None) in got


def test_datelines_and_award_categories_are_not_cast(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "LOS ANGELES (Reuters) - The drama Copper Hollow, starring Juno Haskett, was nominated for six awards, "
        "including Best Picture and Best Actor.",
    )
    assert got == {("Copper Hollow", "Juno Haskett", None)}


def test_a_possessive_before_played_by_is_no_character(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The drama Copper Hollow returns in May. The new season is mostly about Abby's - played by Tilda Farrow - "
        "long road home.",
    )
    assert not any(c and c.endswith("'s") for _, _, c in got)


def test_a_credit_in_parentheses_after_characters_including(extractor: Extractor) -> None:
    got = cast(
        extractor,
        "The period drama Copper Hollow returns to BBC One in May. The new season brings in key characters "
        "including Peter Vallow (Harbour Lane) as the landowner Ray Penn.",
    )
    assert {v for _, v, _ in got} == {"Peter Vallow"}  # "characters including" does not make him a character
