"""The relevance classifier (models/relevance): articles that are not about film or TV yield nothing.

Every article here was written for this test."""

from __future__ import annotations

from datetime import date

import pytest

from slate.extract import Extractor
from slate.models import Article

OFF_TOPIC = {
    "weather": (
        "A band of heavy rain moved across the northern valleys on Tuesday, and forecasters warned that rivers "
        "near Dunmore could burst their banks by the weekend. The regional weather office issued an amber "
        "warning for 40 millimetres of rain in six hours, with gusts of up to 70 miles per hour on exposed "
        "coasts. Schools in three districts closed early and the county council opened two emergency shelters. "
        "Farmers said the wet spring had already delayed planting by a month. Temperatures are expected to fall "
        "to near freezing overnight, and drivers were told to avoid the mountain pass until the snow ploughs "
        "have cleared it."
    ),
    "sport": (
        "Harlow Rovers came from two goals down to beat Eastfield 3-2 on Saturday and move top of the table. "
        "Striker Tomas Vell scored twice in the last ten minutes after the visitors had led at half-time through "
        "a penalty and a header from a corner. The home manager praised his side's spirit and said the title "
        "race would go to the final day. Eastfield, who had won their previous five league matches, finished "
        "with ten men after their captain was sent off for a second yellow card. Rovers travel to Kingsport "
        "next week, while Eastfield host the cup holders in midweek."
    ),
    "earnings": (
        "Shares in the chipmaker Norvane rose 6 percent in early trading after the company reported quarterly "
        "revenue of $4.2 billion, ahead of analysts' forecasts. Net income climbed to $610 million as demand "
        "for data-centre processors offset weaker sales of consumer devices. The chief financial officer said "
        "the company would raise its dividend and buy back a further $2 billion of stock over the next year. "
        "Norvane expects revenue of between $4.3 billion and $4.5 billion in the current quarter, and plans to "
        "open a second factory in the spring, creating about 900 jobs."
    ),
}

ON_TOPIC = (
    "Filming has wrapped on Copper Lantern, the new thriller from director Ines Calloway, and the studio has "
    "dated the film for a theatrical release on October 9, 2026. The cast is led by Bram Oduya as a retired "
    "detective and Wren Halvorsen as the journalist who pulls him back into an old case. Production took place "
    "over ten weeks in Lisbon and on soundstages outside Madrid. Calloway, whose previous feature was the "
    "drama Salt Orchard, wrote the screenplay with her longtime collaborator Pim Ackerley. The first trailer "
    "is expected this summer."
)


def article(text: str, ref: str) -> Article:
    return Article.create(text=text, published=date(2026, 3, 2), ref=ref)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.mark.parametrize("kind", sorted(OFF_TOPIC))
def test_an_article_about_something_else_yields_nothing(extractor: Extractor, kind: str) -> None:
    ext = extractor.extract(article(OFF_TOPIC[kind], kind))
    assert ext.relevance is not None and ext.relevance < extractor.relevance_threshold
    assert (ext.titles, ext.facts, ext.quotes) == ([], [], [])


def test_a_production_article_is_read(extractor: Extractor) -> None:
    ext = extractor.extract(article(ON_TOPIC, "on"))
    assert ext.relevance is not None and ext.relevance >= extractor.relevance_threshold
    assert ("Copper Lantern", "director", "Ines Calloway") in {(f.title, f.rel, f.value) for f in ext.facts}


def test_a_stream_keeps_its_order_and_parses_only_the_relevant(extractor: Extractor) -> None:
    stream = [article(OFF_TOPIC["weather"], "w"), article(ON_TOPIC, "on"), article(OFF_TOPIC["sport"], "s")]
    out = list(extractor.extract_many(stream * 3, batch_size=2))
    assert [e.article.ref for e in out] == ["w", "on", "s"] * 3
    assert [bool(e.facts) for e in out] == [False, True, False] * 3
    assert [e.relevance for e in out] == [extractor.extract(a).relevance for a in stream * 3]


def test_threshold_zero_reads_everything() -> None:
    ex = Extractor(relevance_threshold=0)
    ext = ex.extract(article(OFF_TOPIC["earnings"], "e"))
    assert ext.relevance == 1.0


def test_the_version_names_the_trained_models(extractor: Extractor) -> None:
    assert extractor.version.startswith("slate-extract/")
    assert "titles-" in extractor.version and "relevance-" in extractor.version
    assert extractor.extract(article(ON_TOPIC, "on")).extractor_version == extractor.version
