"""Quotations: speakers, continuations, platforms — on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from slate.extract import Extractor
from slate.models import Article


def quotes(extractor: Extractor, text: str) -> list[tuple[str, str, str | None]]:
    ext = extractor.extract(Article.create(text=text, published=date(2024, 5, 1), ref="q"))
    return [(q.speaker, q.text, q.platform) for q in ext.quotes]


def test_said_after_and_surname_resolves_to_full_name(extractor: Extractor) -> None:
    text = (
        "Director Maya Okafor has finished the shoot of Harbor Lights 2.\n\n"
        "“We shot every night scene for real,” Okafor said. “Nobody slept for a month.”"
    )
    assert quotes(extractor, text) == [("Maya Okafor", "We shot every night scene for real", None)]


def test_speaker_before_with_colon_and_platform(extractor: Extractor) -> None:
    text = "Lead actor Jonah Pike wrote on Instagram: “The last day on set broke my heart. See you in theaters.”"
    assert quotes(extractor, text) == [
        ("Jonah Pike", "The last day on set broke my heart. See you in theaters.", "Instagram")
    ]


def test_pronoun_and_continued_quote_are_one(extractor: Extractor) -> None:
    text = (
        "Nadia Rahman spoke about the role at the premiere.\n\n"
        "“Vera is the bravest person I have played,” she said, “and the strangest.”"
    )
    assert quotes(extractor, text) == [("Nadia Rahman", "Vera is the bravest person I have played", None)]


def test_told_outlet_is_the_platform(extractor: Extractor) -> None:
    text = "“It is a story about debts,” Jonah Pike told Variety on Tuesday."
    assert quotes(extractor, text) == [("Jonah Pike", "It is a story about debts", "Variety")]


def test_spokesperson_is_kept_as_speaker(extractor: Extractor) -> None:
    text = "“The film will not be released this year,” a Northstar Pictures spokesperson said in a statement."
    ((speaker, _, platform),) = quotes(extractor, text)
    assert speaker.endswith("spokesperson") and platform == "statement"


def test_quoted_titles_and_unattributed_phrases_are_not_quotes(extractor: Extractor) -> None:
    text = (
        "Ana Kim joins “Glass Orchard” alongside the group known as “The Night Crew” in the autumn.\n\n"
        "Critics called the first cut “a miracle” in early screenings."
    )
    assert quotes(extractor, text) == []


def test_they_is_the_pair_named_just_before(extractor: Extractor) -> None:
    text = (
        "Showrunners Ida Brenner and Sol Varga shared the news about Night Courier 3 on Monday. "
        "“We will be back on set soon,” they wrote."
    )
    assert quotes(extractor, text)[0][:2] == ("Ida Brenner and Sol Varga", "We will be back on set soon")


def test_role_words_before_a_company_speaker_are_dropped(extractor: Extractor) -> None:
    text = (
        "Night Courier 3 moved to 2026. The studio and production company Northwind Media said in a statement "
        "that the move was made “in response to the strikes.”"
    )
    assert [q[0] for q in quotes(extractor, text)] == ["Northwind Media"]


def test_a_quotation_over_several_paragraphs_and_one_cut_off(extractor: Extractor) -> None:
    text = (
        "Night Rally 2 is filming. Lee Parkes said:\n\n"
        "“The first paragraph of a long quote goes here and it does not close.\n\n"
        "“The second paragraph closes the quote properly now.”"
    )
    assert [(s, t) for s, t, _ in quotes(extractor, text)] == [
        ("Lee Parkes", "The first paragraph of a long quote goes here and it does not close."),
        ("Lee Parkes", "The second paragraph closes the quote properly now."),
    ]
    text = (
        "Night Rally 2 is filming.\n\nSpeaking to a reporter, Greta Moss could not hide her joy as she spoke "
        'of the series:\n\n"I’m an enormous Night Rally fan. It is one of the first films I remember seeing.'
    )
    assert [(s, t) for s, t, _ in quotes(extractor, text)] == [
        ("Greta Moss", "I’m an enormous Night Rally fan. It is one of the first films I remember seeing.")
    ]


def test_the_brothers_are_the_pair_just_named(extractor: Extractor) -> None:
    text = (
        "Showrunners Matt and Ross Dunne announced they would not begin filming Night Rally 2 until the strike "
        "ended.  “We hope a fair deal is reached soon so we can all get back to work,” the brothers tweeted."
    )
    assert [s for s, _, _ in quotes(extractor, text)] == ["Matt Dunne and Ross Dunne"]


@pytest.mark.parametrize(
    ("attribution", "speaker"),
    [
        ("a Warner Bros. spokesperson said in a statement", "Warner Bros. spokesperson"),
        ("Northwind Pictures and Skyline Media said in a joint statement", "Northwind Pictures and Skyline Media"),
        ("Lee Parkes and Ana Kim said", "Lee Parkes and Ana Kim"),
        ("the source said", "unnamed source"),
    ],
)
def test_speakers_that_are_companies_pairs_and_sources(extractor: Extractor, attribution: str, speaker: str) -> None:
    text = f"Night Rally 2 is filming. “We are proud of the film and of the whole cast,” {attribution}."
    assert [s for s, _, _ in quotes(extractor, text)] == [speaker]


def test_a_new_attribution_after_a_short_quote_is_a_new_quote(extractor: Extractor) -> None:
    text = (
        'A Crestline+ spokesperson said the decision was "purely financial" and thanked the cast and crew. '
        'Kerr wrote on Instagram: "We made something we are proud of. Thank you for watching."'
    )
    assert [(s, t) for s, t, _ in quotes(extractor, text)] == [
        ("Crestline+ spokesperson", "purely financial"),
        ("Kerr", "We made something we are proud of. Thank you for watching."),
    ]


STORY = "The harbour drama Salt Line wrapped its second season in Tromsø last week after four months of filming. "


def said(extractor: Extractor, text: str) -> list[tuple[str, str]]:
    return [(s, t) for s, t, _ in quotes(extractor, STORY + text)]


@pytest.mark.parametrize(
    "text",
    [
        "Actress Dana Holt spoke about the finale. She added: ''We remain friends after all this time.''",
        "Dana Holt added: ‘We remain friends after all this time.’",
        "Dana Holt wrote: 'We remain friends after all this time. The crew's work was wonderful.'",
    ],
)
def test_single_and_doubled_apostrophe_quotation_marks(extractor: Extractor, text: str) -> None:
    ((speaker, quote),) = said(extractor, text)
    assert speaker == "Dana Holt" and quote.startswith("We remain friends after all this time.")


def test_apostrophes_inside_single_quotes_do_not_close_them(extractor: Extractor) -> None:
    text = "Lead actor Omar Reyes joked: ‘I’m the only one who didn’t get seasick on the crew’s boat, honestly.’"
    assert said(extractor, text) == [
        ("Omar Reyes", "I’m the only one who didn’t get seasick on the crew’s boat, honestly.")
    ]


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('"It was the coldest shoot of my life," Dana Holt laughed.', "It was the coldest shoot of my life"),
        ('Dana Holt asks, "Who would not want to film by the sea for a month?"', "Who would not"),
        ('"The schedule for season three is not set yet," commented Northwind Pictures.', "The schedule"),
        ("Added writer Ada Voss: “I am incredibly pleased to be back in the north.”", "I am incredibly"),
    ],
)
def test_speech_verbs_found_by_syntax(extractor: Extractor, text: str, quote: str) -> None:
    ((_, found),) = said(extractor, text)
    assert found.startswith(quote)


def test_a_company_statement_is_the_company_s_quote(extractor: Extractor) -> None:
    text = 'Kestrel Pictures released the following statement: "We are proud of the series and thank the fans."'
    assert [s for s, _ in said(extractor, text)] == ["Kestrel Pictures"]
    text = (
        "Kestrel Pictures ran an internal review of the shoot. "
        '"We keep working with our partners to make every set a safe place," the statement read.'
    )
    assert [s for s, _ in said(extractor, text)] == ["Kestrel Pictures"]


def test_a_question_put_to_someone_is_not_their_quote(extractor: Extractor) -> None:
    text = "In a chat with a magazine, Voss was asked, “Are you being approached by a big studio for a hero movie?”"
    assert said(extractor, text) == []


def test_a_quotation_paragraph_after_an_introducing_sentence(extractor: Extractor) -> None:
    text = 'Here is what director Mae Cole told us.\n\n"The weather was brutal but the crew never gave up on a scene."'
    assert [s for s, _ in said(extractor, text)] == ["Mae Cole"]
    text = (
        '"The weather was brutal," director Mae Cole said.\n\n'
        '"But the crew never gave up on a single scene, not once in four months."'
    )
    assert [s for s, _ in said(extractor, text)] == ["Mae Cole", "Mae Cole"]


def test_joint_speakers_are_one_speaker(extractor: Extractor) -> None:
    text = 'Co-creators Nina Park and Theo Grant explained: "We wanted an ending that nobody would guess."'
    assert [s for s, _ in said(extractor, text)] == ["Nina Park and Theo Grant"]


def test_a_partial_quotation_in_reported_speech(extractor: Extractor) -> None:
    text = 'Director Dana Holt said the old port looked "like a postcard" every single morning.'
    assert said(extractor, text) == [("Dana Holt", "like a postcard")]


@pytest.mark.parametrize(
    "subject",
    [
        "Salt Line showrunner Jed Ambrose,",
        "The network's drama chief, Jed Ambrose,",
        "Showrunner and Director Jed Ambrose",
        "Jed Ambrose (Captain Holm)",
    ],
)
def test_the_name_in_a_described_subject(extractor: Extractor, subject: str) -> None:
    text = f'{subject} said: "We hope to be back on the water by the spring, weather permitting."'
    assert [s for s, _ in said(extractor, text)] == ["Jed Ambrose"]


def test_a_quoted_title_is_not_a_quote_even_after_a_speech_verb(extractor: Extractor) -> None:
    text = 'Singer Dana Holt wrote "Tide of the Northern Lights" for the finale, the network said.'
    assert said(extractor, text) == []
    text = '"This is it," Dana Holt said of the last season.'
    assert said(extractor, text) == [("Dana Holt", "This is it")]


def test_an_account_speaks_for_its_owner(extractor: Extractor) -> None:
    text = 'The official Twitter account of Northwind Films captioned the poster, "The sea is calling. Soon."'
    assert [s for s, _ in said(extractor, text)] == ["Northwind Films"]


def test_a_single_surname_subject_is_the_person_in_focus(extractor: Extractor) -> None:
    text = (
        "Director Ana Brekke was joined on stage by her lead, Jon Salo. Brekke stayed quiet about the plot. "
        '"We have a few surprises left for the last episode," she said.'
    )
    assert [s for s, _ in said(extractor, text)] == ["Ana Brekke"]


def test_a_quotation_opened_after_a_colon_runs_over_paragraphs(extractor: Extractor) -> None:
    text = (
        'Dana Holt said: "Vera is a woman who fills every room she walks into.\n\n'
        '"I loved the first season and I am delighted to be back on the boat."\n\nThe season airs in May.'
    )
    assert said(extractor, text) == [
        ("Dana Holt", "Vera is a woman who fills every room she walks into."),
        ("Dana Holt", "I loved the first season and I am delighted to be back on the boat."),
    ]


@pytest.mark.parametrize(
    "end",
    [
        'Dana Holt said: "The sequel is a story that we will tell when',
        'Dana Holt said: "The sequel is ready. We start shooting in the spring.',
        'Dana Holt said the sequel is "a story that we will tell when',
    ],
)
def test_a_quotation_cut_off_by_the_end_of_the_text_is_not_a_quote(extractor: Extractor, end: str) -> None:
    assert said(extractor, end) == []


def test_a_speech_verb_whose_parse_has_no_subject_takes_the_name_before_it(extractor: Extractor) -> None:
    text = 'Speaking about his casting Jon Salo tweeted: "All I can promise is that I will do my best."'
    assert [s for s, _ in said(extractor, text)] == ["Jon Salo"]
