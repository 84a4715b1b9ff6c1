"""News feeds in: RSS 0.91, 1.0 and 2.0, Atom and JSON Feed files (and standard input) give one article
per entry whose content is the article; an entry that is only a summary is one `Skipped:` line.

The feeds and their stories are the team's own invention (names, places, dates)."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from slate.errors import InputError, InputSkipped
from slate.ingest import iter_articles
from slate.models import Article

SLATE = str(Path(sys.executable).parent / "slate")


def story(title: str, director: str, star: str, city: str, release: str) -> str:
    """An invented news story of about a hundred words (an entry's whole article)."""
    return (
        f"The studio confirmed on Tuesday that the drama {title} will begin filming in {city} next month. "
        f"Director {director} told reporters that the cast, led by {star}, has been rehearsing for six weeks "
        f"in a converted warehouse outside the city. The film is set for release on {release}, and the producers "
        f"said the budget was raised after the first test footage impressed the financiers. {star} added that "
        f"the role was the most demanding of a long career. The crew will shoot for eleven weeks before moving "
        f"to the coast for the final scenes, and a first trailer is expected in the autumn."
    )


S1 = story("Copper Lantern", "Ines Varga", "Ravi Holt", "Tallinn", "March 13, 2026")
S2 = story("The Glass Meridian", "Tomas Reyes", "Nadia Osei", "Porto", "October 2, 2026")
S3 = story("Saltwater Hymn", "Mara Lind", "Jonas Ekberg", "Bergen", "June 5, 2026")
S4 = story("Night Ferry North", "Aiko Brandt", "Leon Vasquez", "Gdansk", "May 1, 2027")
S5 = story("The Orchard Clock", "Priya Sand", "Emil Carver", "Lyon", "August 14, 2026")
S6 = story("Paper Harbour", "Odile Fenn", "Marcus Tal", "Cork", "April 9, 2027")
S7 = story("Ember Street", "Hugo Varn", "Lena Quist", "Turin", "July 3, 2026")

RSS20 = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Reel Ledger</title><link>https://reel-ledger.example/</link><description>Film news</description>
<item><title>Copper Lantern starts filming</title><link>https://reel-ledger.example/news/copper-lantern</link>
<guid>rl-1</guid><pubDate>Thu, 02 May 2024 23:30:00 EST</pubDate>
<description>Copper Lantern heads to Tallinn.</description>
<content:encoded><![CDATA[<p>{S1}</p><script>document.write("ad")</script>]]></content:encoded></item>
<item><title>A sequel is in the works</title><link>https://reel-ledger.example/news/sequel-talk</link>
<pubDate>Fri, 03 May 2024 09:00:00 GMT</pubDate>
<description>The studio is said to be planning a sequel to last year's hit. Read more</description></item>
</channel></rss>
"""

RSS10 = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://frame-rate.example/rss"><title>Frame Rate</title><link>https://frame-rate.example/</link>
<description>Screen news</description></channel>
<item rdf:about="https://frame-rate.example/glass-meridian"><title>The Glass Meridian cast</title>
<link>https://frame-rate.example/glass-meridian</link><description>{S2}</description>
<dc:date>2024-05-03T08:00:00-07:00</dc:date></item>
</rdf:RDF>
"""

RSS091 = f"""<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Reel</title><link>https://old-reel.example/</link>
<description>Film news since 1999</description><language>en-us</language>
<item><title>Saltwater Hymn</title><link>https://old-reel.example/2024/05/04/saltwater-hymn</link>
<description>{S3}</description></item>
</channel></rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Cutting Room</title><id>urn:cutting-room</id>
<updated>2024-05-06T00:00:00Z</updated>
<entry><title>Night Ferry North</title><id>urn:cr:1</id><link href="https://cutting-room.example/night-ferry"/>
<published>2024-05-05T22:00:00-05:00</published><updated>2024-05-06T09:00:00Z</updated>
<summary>A ferry, a storm, a cast.</summary><content type="html">&lt;p&gt;{S4}&lt;/p&gt;</content></entry>
<entry><title>Festival line-up</title><id>urn:cr:2</id><link href="https://cutting-room.example/line-up"/>
<updated>2024-05-06T10:00:00Z</updated><summary>The festival announced its line-up […]</summary></entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Slate Test Wire",
    "home_page_url": "https://test-wire.example/",
    "items": [
        {
            "id": "tw-1",
            "url": "https://test-wire.example/orchard-clock",
            "title": "The Orchard Clock",
            "content_html": f"<p>{S5}</p>",
            "date_published": "2024-05-07T08:00:00+02:00",
        },
        {
            "id": "tw-2",
            "url": "https://test-wire.example/paper-harbour",
            "content_text": S6,
            "date_modified": "2024-05-08T12:00:00Z",
        },
        {"id": "tw-3", "url": "https://test-wire.example/teaser", "summary": "A teaser for a story."},
    ],
}


def write_feeds(folder: Path) -> dict[str, Path]:
    files = {
        "rss20": folder / "reel-ledger.rss",
        "rss10": folder / "frame-rate.rdf",
        "rss091": folder / "old-reel.xml",
        "atom": folder / "cutting-room.atom",
        "jsonfeed": folder / "test-wire.json",
    }
    files["rss20"].write_text(RSS20, encoding="utf-8")
    files["rss10"].write_text(RSS10, encoding="utf-8")
    files["rss091"].write_text(RSS091, encoding="utf-8")
    files["atom"].write_text(ATOM, encoding="utf-8")
    files["jsonfeed"].write_text(json.dumps(JSON_FEED, indent=2), encoding="utf-8")  # many lines: not JSONL
    return files


def items(*inputs: str, stdin: bytes | None = None, when: date | None = None) -> list[Article | InputError]:
    return list(iter_articles(list(inputs), date=when, stdin=None if stdin is None else io.BytesIO(stdin)))


def test_every_feed_format_gives_its_entries(tmp_path: Path) -> None:
    files = write_feeds(tmp_path)
    got = {name: items(str(path)) for name, path in files.items()}

    (a,) = got["rss20"][:1]
    assert isinstance(a, Article)
    assert a.text == S1  # the whole article from content:encoded, its script dropped
    assert a.published == date(2024, 5, 2)  # as written: 23:30 EST is still the 2nd where it was published
    assert (a.url, a.title, a.source_name, a.ref) == (
        "https://reel-ledger.example/news/copper-lantern",
        "Copper Lantern starts filming",
        "Reel Ledger",
        "reel-ledger-1",
    )
    skipped = got["rss20"][1]
    assert isinstance(skipped, InputSkipped)
    assert str(skipped) == f"{files['rss20']}#2: summary only: https://reel-ledger.example/news/sequel-talk"

    (b,) = got["rss10"]
    assert isinstance(b, Article) and b.text == S2 and b.published == date(2024, 5, 3)
    assert b.source_name == "Frame Rate"

    (c,) = got["rss091"]  # no date in the entry: the one in its link
    assert isinstance(c, Article) and c.text == S3 and c.published == date(2024, 5, 4)

    d, e = got["atom"]
    assert isinstance(d, Article) and d.text == S4 and d.published == date(2024, 5, 5)
    assert d.url == "https://cutting-room.example/night-ferry"
    assert isinstance(e, InputSkipped) and e.reason == "summary only: https://cutting-room.example/line-up"

    f, g, h = got["jsonfeed"]
    assert isinstance(f, Article) and f.text == S5 and f.published == date(2024, 5, 7)
    assert f.source_name == "Slate Test Wire" and f.title == "The Orchard Clock" and f.ref == "test-wire-1"
    assert isinstance(g, Article) and g.text == S6 and g.published == date(2024, 5, 8)
    assert isinstance(h, InputSkipped) and h.reason == "summary only: https://test-wire.example/teaser"


def test_json_feed_on_one_line_and_gzipped_is_still_a_feed(tmp_path: Path) -> None:
    import gzip

    one = tmp_path / "wire.jsonl"  # even named as JSONL: a JSON Feed document is one feed, not a record
    one.write_text(json.dumps(JSON_FEED) + "\n", encoding="utf-8")
    packed = tmp_path / "wire.json.gz"
    packed.write_bytes(gzip.compress(json.dumps(JSON_FEED, indent=1).encode()))
    for path in (one, packed):
        got = items(str(path))
        assert [type(x).__name__ for x in got] == ["Article", "Article", "InputSkipped"], got
        assert "no 'text'" not in " ".join(str(x) for x in got if isinstance(x, InputError))


def test_short_entry_without_link_and_empty_entry(tmp_path: Path) -> None:
    feed = tmp_path / "bare.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>Bare</title>'
        "<item><title>x</title><description>Two short sentences. Nothing more.</description></item>"
        "<item><title>empty</title></item></channel></rss>",
        encoding="utf-8",
    )
    first, second = items(str(feed))
    assert isinstance(first, InputSkipped) and "summary only, and no link to the article (5 words)" in str(first)
    assert type(second) is InputError and "empty entry" in second.reason


def test_entry_without_any_date_needs_date_option(tmp_path: Path) -> None:
    feed = tmp_path / "undated.rss"
    feed.write_text(RSS091.replace("/2024/05/04/", "/news/"), encoding="utf-8")
    (err,) = items(str(feed))
    assert type(err) is InputError and "no publication date" in err.reason and err.source == f"{feed}#1"
    (a,) = items(str(feed), when=date(2024, 6, 1))
    assert isinstance(a, Article) and a.published == date(2024, 6, 1)


def test_truncated_and_broken_feeds_are_one_line_each(tmp_path: Path) -> None:
    cut = tmp_path / "cut.rss"
    full = RSS20.replace(
        "</channel>",
        f"<item><title>Third</title><link>https://r.example/3</link>"
        f"<description>{S7}</description><pubDate>Sat, 04 May 2024 10:00:00 GMT</pubDate>"
        "</item></channel>",
    )
    cut.write_text(full[: full.index("Third") + 200], encoding="utf-8")  # inside the third entry
    got = items(str(cut))
    assert [type(x).__name__ for x in got] == ["Article", "InputSkipped", "InputError"], got
    assert "truncated feed" in str(got[-1]) and "the 2 whole entries before the cut are read" in str(got[-1])
    assert "\n" not in str(got[-1])

    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{"version": "https://jsonfeed.org/version/1", "items": [', encoding="utf-8")
    (err,) = items(str(bad_json))
    assert type(err) is InputError and "broken JSON Feed" in err.reason

    not_items = tmp_path / "odd.json"
    not_items.write_text('{"version": "https://jsonfeed.org/version/1", "items": 3}', encoding="utf-8")
    (err,) = items(str(not_items))
    assert type(err) is InputError and "no 'items' list" in err.reason

    empty = tmp_path / "empty.atom"
    empty.write_text('<feed xmlns="http://www.w3.org/2005/Atom"><title>Nothing</title></feed>', encoding="utf-8")
    (err,) = items(str(empty))
    assert type(err) is InputError and err.reason == "the feed has no entries"


def test_entities_and_external_references_are_not_expanded(tmp_path: Path) -> None:
    lol = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = tmp_path / "bomb.rss"
    bomb.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{lol}<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss version="2.0"><channel><title>&i;</title><item><title>x</title><link>https://b.example/x</link>'
        "<description>&i; &x;</description></item></channel></rss>",
        encoding="utf-8",
    )
    got = items(str(bomb))
    assert len(got) == 1 and isinstance(got[0], InputError), got
    assert "root:" not in str(got[0]) and len(str(got[0])) < 300


def test_two_feeds_from_stdin_get_unique_refs() -> None:
    one = items("-", stdin=RSS20.encode())
    two = items("-", stdin=RSS20.replace("Tallinn", "Vilnius").encode())
    a, b = one[0], two[0]
    assert isinstance(a, Article) and isinstance(b, Article)
    assert re.fullmatch(r"stdin-[0-9a-f]{10}", a.ref) and re.fullmatch(r"stdin-[0-9a-f]{10}", b.ref)
    assert a.ref != b.ref and isinstance(one[1], InputSkipped) and one[1].source == "stdin#2"


SLATE_LINE = re.compile(r"^(?:Error|Warning|Skipped): |^\d+ new, \d+ already stored, \d+ failed")


def test_ingest_feeds_through_the_cli(tmp_path: Path, db_url: str) -> None:
    files = write_feeds(tmp_path)
    proc = subprocess.run(
        [SLATE, "ingest", *map(str, files.values()), "-", "--db", db_url, "-q"],
        input=ATOM.replace("Gdansk", "Szczecin").replace("cutting-room.example", "cut2.example"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 1, proc.stderr  # entries were skipped
    lines = proc.stderr.splitlines()
    assert all(SLATE_LINE.match(line) for line in lines), proc.stderr
    assert [line for line in lines if not line.startswith("Skipped: ")][:-1] == [], proc.stderr
    assert lines[-1].startswith("7 new, 0 already stored, 0 failed, 4 skipped; "), proc.stderr
    assert f"Skipped: {files['rss20']}#2: summary only: https://reel-ledger.example/news/sequel-talk" in lines
    assert "Skipped: stdin#2: summary only: https://cut2.example/line-up" in lines

    listed = json.loads(subprocess.run([SLATE, "articles", "--db", db_url, "--json"], capture_output=True).stdout)
    by_ref = {a["ref"]: a for a in listed}
    assert by_ref["reel-ledger-1"]["published"] == "2024-05-02"
    assert by_ref["reel-ledger-1"]["url"] == "https://reel-ledger.example/news/copper-lantern"
    assert by_ref["test-wire-2"]["published"] == "2024-05-08"
    assert len(by_ref) == 7 and sum(re.fullmatch(r"stdin-[0-9a-f]{10}", ref) is not None for ref in by_ref) == 1

    again = subprocess.run(
        [SLATE, "ingest", str(files["jsonfeed"]), "--db", db_url, "-q"], capture_output=True, text=True, timeout=600
    )
    assert again.returncode == 1 and again.stderr.splitlines()[-1].startswith(
        "0 new, 2 already stored, 0 failed, 1 skipped"
    )


@pytest.mark.parametrize("name", ["feed.xml", "feed.rss.gz"])
def test_a_plain_xml_file_is_not_a_feed(tmp_path: Path, name: str) -> None:
    import gzip

    p = tmp_path / name
    data = b'<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>'
    p.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (got,) = items(str(p))
    assert isinstance(got, InputError) and "no publication date" in got.reason  # read as text, as before
