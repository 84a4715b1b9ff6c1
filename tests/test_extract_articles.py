"""Whole short articles written for these tests (invented productions, the team's own words): every fact
the text states, and none it does not — the way the held-out corpus is scored."""

from __future__ import annotations

from datetime import date

from slate.extract import Extractor
from slate.models import Article

RENEWAL = """Saltmarsh renewed for a third season at Vireo

Vireo has renewed its fantasy series Saltmarsh for a third season, the streamer announced Tuesday. \
Showrunners Dana Whitlock and Marcus Bell will return, and production on the new episodes is set to begin in \
Northern Ireland this spring.

Stars Imogen Hale, who plays Queen Aderyn, and Theo Marsh are expected back.

"We have so much more story to tell," Whitlock and Bell said in a joint statement."""

BOX_OFFICE = """Box office: Iron Meridian tops the weekend

Iron Meridian opened to $64 million in North America this weekend, giving Halcyon Studios its best debut of \
the year. The action film, directed by Rafe Castellano and starring Lena Voss as a rogue pilot named Kestrel, \
also earned $58 million overseas."""

REMAKE = """Delay hits Glass Key remake

The remake of The Glass Key, which Oriel Films had dated for December 2025, will now open in March 2026. \
Director Priya Nand told reporters the extra time would let the team finish the visual effects. Shooting \
wrapped in Prague in February."""

CASTING = """Casting news: Harbor Street adds three

Ellis Crane, Nadia Porter and Sam Oyelaran have joined the cast of Harbor Street, the Westmark Television drama \
from creator June Alder. Crane will play Detective Rowan Hale, while Porter and Oyelaran play siblings Tess and \
Arlo Vance.

The eight-episode series, which began filming in Glasgow last week, is expected to premiere in 2026. Alder \
executive produces alongside Pete Lund of Greyline Productions."""

DIRECTOR_EXIT = """Ember Coast director exits weeks before shoot

Kaito Mori has exited Ember Coast, the survival thriller he was set to direct for Lantern Pictures, citing \
scheduling conflicts. The studio is searching for a replacement and still plans to begin principal photography \
in New Zealand in August.

Ember Coast, which stars Rosa Delgado and Ian Pryce, was set for release on October 9, 2026. A new date has not \
been announced."""

MOVE_UP = """The Long Tide moves up a week

Meridian Studios has moved the release of The Long Tide up by a week, from August 15 to August 8. The drama, \
directed by Oona Reyes, will open in the UK on August 22 and stream on Meridian+ from October 1.

Reyes shot the film over 40 days on the Cornish coast last autumn. "It was cold, wet and wonderful," she told \
Empire magazine."""

RENEWED_COMEDY = """Quiet Hours gets a second season

According to Deadline, Pellucid has ordered a second season of Quiet Hours, its half-hour comedy from writer \
and star Benji Marsh. Season 1 debuted on the streamer in January.

Marsh plays Gus, a night-shift pharmacist. Co-stars Fern Ellory and Dev Patil are also returning. The new \
season will again be shot in Toronto, with cameras expected to roll in the fall."""

FIRST_LOOK = """First look: Vireo's Copper Sky

Vireo has released the first images from Copper Sky, its western series starring Hal Brenner and Ada Quinn. \
The show, created by Lorna Fisk and directed by Tomas Ek, follows two ranchers in 1880s Montana.

Brenner, who plays rancher Eli Cole, said the shoot in Alberta was "the hardest and happiest job I've had." \
Copper Sky premieres on Vireo on November 14."""

JOINS = """Kline joins Northbound

Oscar winner Tessa Kline has joined Northbound, Arden Films' road movie from director Felix Orr. Kline will play \
a retired trucker opposite Danny Vo, who was cast last month. Orr wrote the script with his sister, Ines Orr.

Filming starts in Arizona in January. Arden plans a fall 2026 release."""

FESTIVAL_DEAL = """Festival deal: Lowlight picks up Paper Crowns

Lowlight has acquired North American rights to Paper Crowns, the debut feature from Greek director Eleni Vass, \
following its premiere at the Berlin International Film Festival. The drama stars Yannis Kourt as a failing \
puppeteer and was shot in Thessaloniki.

Lowlight will release the film in theaters this fall."""

SEASON_DATE = """Night Signal season 2 sets premiere date

The second season of Night Signal will premiere on Halo on June 6, the streamer announced Monday. Returning \
cast members include Rhea Sand, Omar Fell and Lucy Tran, and series creator Jonah Weil is back as showrunner.

The first season was filmed in Cape Town and premiered in 2023."""

SEQUEL = """Sequel confirmed for Marrow Street

Marrow Street 2 is officially happening. Director Cal Brody will return for the sequel, which Foxglove \
Pictures is fast-tracking for a 2027 release. Brody co-wrote the first film with Sadie Holm, who is not \
involved this time; the new script comes from Ray Oduya."""

HONOUR = """Mara Ellison to receive honorary award

Actress Mara Ellison will receive the festival's lifetime achievement award in Venice next month. Ellison, \
who broke out in 2004's Salt and Ash and won acclaim for the miniseries The Weir, recently wrapped production \
on Tamsin Reed's thriller Blackwater Lane in Dublin.

"Mara has shaped how a generation sees its heroines," festival director Paolo Conti said."""

STRIKE = """Writers' strike halts three shows

Production on Greyfield, Ninth Street and The Orchard Years has been suspended as the writers' strike enters \
its second month. Greyfield, which films in Atlanta, had been due to wrap in August. Keystone Studios said it \
hoped to resume shooting "as soon as a fair deal is reached.\""""

TRAILER = """Trailer: Hollow Bay returns with more secrets

Rivermark has dropped the first trailer for the second season of Hollow Bay, the mystery series led by Clara \
Voight and Ben Ashe. The eight new episodes arrive on March 3.

Season one, which was shot on the Isle of Skye, ended with a cliffhanger. Creator Iris Lam said the new season \
"goes deeper into the town's past.\""""

WRAP = """Stormglass wraps in Morocco

Filming has wrapped on Stormglass, the sci-fi epic from director Anil Rao, after 90 days in Ouarzazate and \
on soundstages in Budapest. Kit Harlan and Sena Obi star. Paradox Pictures will release the film on \
December 18, 2026."""

PUSHED = """Bright Hours pushed to 2027

Bright Hours, the romantic comedy starring Lily Park and Jonah Reese, has been delayed from May 2026 to \
February 2027. The film, which Northgate is distributing, is the second feature from writer-director Ama \
Boateng after 2022's Low Tide."""

PREMIERE = """Netflix sets The Cartographer for spring

Netflix will premiere The Cartographer, its limited series from showrunner Maeve Dunn, on April 10. Cillian Ward \
stars as Tomas Reyes, a mapmaker drawn into a smuggling ring, with Hana Ito and Gregor Lind in supporting roles. \
The six episodes were filmed in Lisbon and the Azores last year."""

CANCELLED = """Amazon cancels Tin Soldiers after two seasons

Amazon has cancelled Tin Soldiers. The comedy, created by and starring Rob Feld, will not return for a third \
season. "We loved making this show," Feld wrote on X. The first two seasons remain available on Prime Video."""

CALENDAR = """Summer 2026 release calendar shifts again

Several studios reshuffled their summer slates this week. Orbit Pictures moved Dust Runners from June 5 to \
July 24, while Kestrel Films dated its horror sequel Pale Harbor 2 for August 14. Meanwhile, the animated \
musical Little Lanterns, from Brightwell Animation, keeps its May 22 date."""

REVIEW = """Review: Cinder Road is a slow burn worth the wait

Director Mia Santos's Cinder Road, which opens Friday, follows a widowed mechanic (Grace Olin) who takes in a \
runaway teenager. Olin is superb. The film was shot in New Mexico on a tight budget."""


def extract(extractor: Extractor, text: str, day: date) -> tuple[set[tuple[str, str, str, str]], list[str]]:
    ext = extractor.extract(Article.create(text=text, published=day, ref="a"))
    got = {(f.title, f.rel, f.value, f.character or "") for f in ext.facts}
    return got, [q.speaker for q in ext.quotes]


def test_a_renewal(extractor: Extractor) -> None:
    got, speakers = extract(extractor, RENEWAL, date(2025, 5, 20))
    assert {
        ("Saltmarsh", "producer", "Dana Whitlock", ""),
        ("Saltmarsh", "producer", "Marcus Bell", ""),
        ("Saltmarsh", "cast", "Imogen Hale", "Queen Aderyn"),
        ("Saltmarsh", "cast", "Theo Marsh", ""),
        ("Saltmarsh", "studio", "Vireo", ""),
        ("Saltmarsh", "filming_location", "Northern Ireland", ""),
        ("Saltmarsh", "status", "pre_production", ""),
    } <= got
    assert not [f for f in got if f[1] == "cast" and f[2] == "Queen Aderyn"]  # a character is nobody's name
    assert not [f for f in got if "\n" in f[2]]  # no value runs across the headline's line break
    assert speakers == ["Dana Whitlock and Marcus Bell"]


def test_a_box_office_report(extractor: Extractor) -> None:
    got, _ = extract(extractor, BOX_OFFICE, date(2025, 7, 14))
    assert got == {
        ("Iron Meridian", "director", "Rafe Castellano", ""),
        ("Iron Meridian", "cast", "Lena Voss", "Kestrel"),
        ("Iron Meridian", "studio", "Halcyon Studios", ""),
        ("Iron Meridian", "status", "released", ""),
    }


def test_a_delayed_remake(extractor: Extractor) -> None:
    got, _ = extract(extractor, REMAKE, date(2025, 6, 2))
    assert {
        ("The Glass Key", "director", "Priya Nand", ""),
        ("The Glass Key", "studio", "Oriel Films", ""),
        ("The Glass Key", "previous_release_date", "2025-12", ""),
        ("The Glass Key", "release_date", "2026-03", ""),
        ("The Glass Key", "filming_location", "Prague", ""),
        ("The Glass Key", "status", "delayed", ""),
        ("The Glass Key", "status", "post_production", ""),
    } == got


def test_a_casting_report(extractor: Extractor) -> None:
    got, _ = extract(extractor, CASTING, date(2025, 3, 10))
    assert {
        ("Harbor Street", "cast", "Ellis Crane", "Detective Rowan Hale"),
        ("Harbor Street", "cast", "Nadia Porter", "Tess"),
        ("Harbor Street", "cast", "Sam Oyelaran", "Arlo Vance"),
        ("Harbor Street", "producer", "Pete Lund", ""),
        ("Harbor Street", "studio", "Westmark Television", ""),
        ("Harbor Street", "release_date", "2026", ""),
        ("Harbor Street", "filming_location", "Glasgow", ""),
        ("Harbor Street", "status", "filming", ""),
    } <= got
    assert not [f for f in got if f[1] == "cast" and f[2] == "Pete Lund"]  # produces alongside: a producer


def test_a_director_exit(extractor: Extractor) -> None:
    got, _ = extract(extractor, DIRECTOR_EXIT, date(2025, 5, 2))
    assert {
        ("Ember Coast", "former_director", "Kaito Mori", ""),
        ("Ember Coast", "cast", "Rosa Delgado", ""),
        ("Ember Coast", "cast", "Ian Pryce", ""),
        ("Ember Coast", "studio", "Lantern Pictures", ""),
        ("Ember Coast", "previous_release_date", "2026-10-09", ""),
        ("Ember Coast", "filming_location", "New Zealand", ""),
        ("Ember Coast", "status", "pre_production", ""),
    } <= got
    assert not [f for f in got if f[1] == "director"]


def test_a_date_moved_up_with_a_regional_and_a_streaming_date(extractor: Extractor) -> None:
    ext = extractor.extract(Article.create(text=MOVE_UP, published=date(2025, 4, 2), ref="a"))
    dates = {(f.rel, f.value, f.region, f.medium) for f in ext.facts if f.title == "The Long Tide"}
    assert {
        ("previous_release_date", "2025-08-15", None, None),
        ("release_date", "2025-08-08", None, None),
        ("release_date", "2025-08-22", "UK", None),
        ("release_date", "2025-10-01", None, "streaming"),
    } <= dates
    assert ("previous_release_date", "2025-10-01", None, "streaming") not in dates  # "from October 1": a start
    assert ("The Long Tide", "director", "Oona Reyes") in {(f.title, f.rel, f.value) for f in ext.facts}
    assert [(q.speaker, q.platform) for q in ext.quotes] == [("Oona Reyes", "Empire")]


def test_a_renewed_comedy(extractor: Extractor) -> None:
    got, _ = extract(extractor, RENEWED_COMEDY, date(2025, 3, 3))
    assert {
        ("Quiet Hours", "studio", "Pellucid", ""),
        ("Quiet Hours", "writer", "Benji Marsh", ""),
        ("Quiet Hours", "cast", "Benji Marsh", "Gus"),
        ("Quiet Hours", "cast", "Fern Ellory", ""),
        ("Quiet Hours", "cast", "Dev Patil", ""),
        ("Quiet Hours", "filming_location", "Toronto", ""),
        ("Quiet Hours", "status", "pre_production", ""),
    } <= got
    assert not [f for f in got if f[1] == "studio" and f[2] == "Deadline"]  # the outlet reports, it does not make


def test_a_first_look(extractor: Extractor) -> None:
    got, speakers = extract(extractor, FIRST_LOOK, date(2025, 9, 1))
    assert {
        ("Copper Sky", "director", "Tomas Ek", ""),
        ("Copper Sky", "cast", "Hal Brenner", "Eli Cole"),
        ("Copper Sky", "cast", "Ada Quinn", ""),
        ("Copper Sky", "studio", "Vireo", ""),
        ("Copper Sky", "release_date", "2025-11-14", ""),
        ("Copper Sky", "filming_location", "Alberta", ""),
    } <= got
    assert speakers == ["Hal Brenner"]


def test_a_casting_with_a_part_described_not_named(extractor: Extractor) -> None:
    got, _ = extract(extractor, JOINS, date(2025, 10, 20))
    assert got == {
        ("Northbound", "director", "Felix Orr", ""),
        ("Northbound", "writer", "Felix Orr", ""),
        ("Northbound", "writer", "Ines Orr", ""),
        ("Northbound", "cast", "Tessa Kline", ""),
        ("Northbound", "cast", "Danny Vo", ""),
        ("Northbound", "studio", "Arden Films", ""),
        ("Northbound", "release_date", "2026", ""),
        ("Northbound", "filming_location", "Arizona", ""),
        ("Northbound", "status", "pre_production", ""),
    }


def test_a_festival_acquisition(extractor: Extractor) -> None:
    got, _ = extract(extractor, FESTIVAL_DEAL, date(2025, 2, 20))
    assert got == {
        ("Paper Crowns", "director", "Eleni Vass", ""),
        ("Paper Crowns", "cast", "Yannis Kourt", ""),
        ("Paper Crowns", "studio", "Lowlight", ""),
        ("Paper Crowns", "release_date", "2025", ""),
        ("Paper Crowns", "filming_location", "Thessaloniki", ""),
    }


def test_a_season_premiere_date(extractor: Extractor) -> None:
    got, _ = extract(extractor, SEASON_DATE, date(2025, 3, 17))
    assert {
        ("Night Signal", "producer", "Jonah Weil", ""),
        ("Night Signal", "cast", "Rhea Sand", ""),
        ("Night Signal", "cast", "Omar Fell", ""),
        ("Night Signal", "cast", "Lucy Tran", ""),
        ("Night Signal", "studio", "Halo", ""),
        ("Night Signal", "release_date", "2025-06-06", ""),
        ("Night Signal", "filming_location", "Cape Town", ""),
    } <= got
    assert ("Night Signal", "cast", "Jonah Weil", "") not in got  # back as showrunner: a producer


def test_a_sequel_with_a_new_writer(extractor: Extractor) -> None:
    got, _ = extract(extractor, SEQUEL, date(2025, 6, 30))
    assert got == {
        ("Marrow Street 2", "director", "Cal Brody", ""),
        ("Marrow Street 2", "writer", "Ray Oduya", ""),
        ("Marrow Street 2", "studio", "Foxglove Pictures", ""),
        ("Marrow Street 2", "release_date", "2027", ""),
    }


def test_a_profile_with_a_filmography_and_a_festival_director(extractor: Extractor) -> None:
    got, speakers = extract(extractor, HONOUR, date(2025, 7, 1))
    assert {
        ("Salt and Ash", "release_date", "2004", ""),
        ("Blackwater Lane", "filming_location", "Dublin", ""),
        ("Blackwater Lane", "status", "post_production", ""),
    } <= got
    assert not [f for f in got if f[0] == "Tamsin Reed" or f[2] == "Tamsin Reed"]  # the thriller's owner
    assert not [f for f in got if f[1] == "director"]  # a festival director directs no film
    assert speakers == ["Paolo Conti"]


def test_a_strike_halting_several_shows(extractor: Extractor) -> None:
    got, _ = extract(extractor, STRIKE, date(2025, 6, 10))
    assert {
        ("Greyfield", "status", "paused", ""),
        ("Ninth Street", "status", "paused", ""),
        ("The Orchard Years", "status", "paused", ""),
        ("Greyfield", "filming_location", "Atlanta", ""),
    } <= got


def test_a_trailer_with_a_label_in_its_headline(extractor: Extractor) -> None:
    got, speakers = extract(extractor, TRAILER, date(2025, 1, 15))
    assert {
        ("Hollow Bay", "studio", "Rivermark", ""),
        ("Hollow Bay", "cast", "Clara Voight", ""),
        ("Hollow Bay", "cast", "Ben Ashe", ""),
        ("Hollow Bay", "release_date", "2025-03-03", ""),
        ("Hollow Bay", "filming_location", "Isle of Skye", ""),
    } <= got
    assert {f[0] for f in got} == {"Hollow Bay"}  # not "Trailer: Hollow Bay"
    assert speakers == ["Iris Lam"]


def test_a_wrap(extractor: Extractor) -> None:
    got, _ = extract(extractor, WRAP, date(2025, 11, 3))
    assert got == {
        ("Stormglass", "director", "Anil Rao", ""),
        ("Stormglass", "cast", "Kit Harlan", ""),
        ("Stormglass", "cast", "Sena Obi", ""),
        ("Stormglass", "studio", "Paradox Pictures", ""),
        ("Stormglass", "release_date", "2026-12-18", ""),
        ("Stormglass", "filming_location", "Morocco", ""),
        ("Stormglass", "filming_location", "Ouarzazate", ""),
        ("Stormglass", "filming_location", "Budapest", ""),
        ("Stormglass", "status", "post_production", ""),
    }


def test_a_delay_from_one_month_to_another(extractor: Extractor) -> None:
    got, _ = extract(extractor, PUSHED, date(2025, 8, 8))
    assert {
        ("Bright Hours", "cast", "Lily Park", ""),
        ("Bright Hours", "cast", "Jonah Reese", ""),
        ("Bright Hours", "director", "Ama Boateng", ""),
        ("Bright Hours", "writer", "Ama Boateng", ""),
        ("Bright Hours", "studio", "Northgate", ""),
        ("Bright Hours", "previous_release_date", "2026-05", ""),
        ("Bright Hours", "release_date", "2027-02", ""),
        ("Bright Hours", "status", "delayed", ""),
        ("Low Tide", "release_date", "2022", ""),
    } <= got
    assert ("Bright Hours", "previous_release_date", "2027-02", "") not in got  # "to February 2027": the new date
    assert not [f for f in got if "Lily Park" in f[0]]  # the cast is not a title


def test_a_premiere_date_after_a_showrunner_credit(extractor: Extractor) -> None:
    got, _ = extract(extractor, PREMIERE, date(2025, 1, 30))
    assert {
        ("The Cartographer", "producer", "Maeve Dunn", ""),
        ("The Cartographer", "cast", "Cillian Ward", "Tomas Reyes"),
        ("The Cartographer", "studio", "Netflix", ""),
        ("The Cartographer", "release_date", "2025-04-10", ""),
        ("The Cartographer", "filming_location", "Lisbon", ""),
        ("The Cartographer", "filming_location", "Azores", ""),
    } <= got
    assert not [f for f in got if f[1] == "previous_release_date" or f[2] == "delayed"]  # "from showrunner A"


def test_a_cancellation(extractor: Extractor) -> None:
    got, speakers = extract(extractor, CANCELLED, date(2025, 4, 4))
    assert {
        ("Tin Soldiers", "cast", "Rob Feld", ""),
        ("Tin Soldiers", "studio", "Amazon", ""),
        ("Tin Soldiers", "status", "cancelled", ""),
    } <= got
    assert speakers == ["Rob Feld"]
    ext = extractor.extract(Article.create(text=CANCELLED, published=date(2025, 4, 4), ref="a"))
    assert [q.platform for q in ext.quotes] == ["X"]  # "Feld wrote on X"


def test_a_release_calendar_of_several_films(extractor: Extractor) -> None:
    got, _ = extract(extractor, CALENDAR, date(2025, 10, 1))
    assert got == {
        ("Dust Runners", "studio", "Orbit Pictures", ""),
        ("Pale Harbor 2", "studio", "Kestrel Films", ""),
        ("Little Lanterns", "studio", "Brightwell Animation", ""),
        ("Dust Runners", "previous_release_date", "2026-06-05", ""),
        ("Dust Runners", "release_date", "2026-07-24", ""),  # a plan made in October: next July
        ("Pale Harbor 2", "release_date", "2026-08-14", ""),
        ("Little Lanterns", "release_date", "2026-05-22", ""),
        ("Dust Runners", "status", "delayed", ""),
    }


def test_a_review(extractor: Extractor) -> None:
    got, _ = extract(extractor, REVIEW, date(2025, 9, 10))
    assert {
        ("Cinder Road", "director", "Mia Santos", ""),
        ("Cinder Road", "cast", "Grace Olin", ""),
        ("Cinder Road", "filming_location", "New Mexico", ""),
    } <= got
    assert {f[0] for f in got} == {"Cinder Road"}
