"""Every input format, and every kind of bad input, gives articles or one clear error each."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date
from pathlib import Path

import pytest

from slate.errors import InputError
from slate.ingest import MAX_ARTICLE_BYTES, iter_articles
from slate.models import Article

ARTICLE = (
    "Harbor Lights 2 wrapped filming in Lisbon on Friday, the studio said. Director Maya Okafor thanked the crew "
    "and confirmed that the sequel opens on May 2, 2025."
)
HTML = """<!doctype html><html><head><title>Harbor Lights 2 wraps | Screen Notes</title>
<meta property="article:published_time" content="2024-03-08T10:00:00Z">
<meta property="og:site_name" content="Screen Notes">
<link rel="canonical" href="https://screen-notes.example/news/harbor-lights-2-wraps">
</head><body><nav>Home | News</nav><article><h1>Harbor Lights 2 wraps</h1>
<p>{}</p><p>More news soon from the set of the sequel, which was shot over eleven weeks.</p></article>
<footer>Share this</footer></body></html>"""


def items(*inputs: str, when: date | None = None, stdin: io.BytesIO | None = None) -> list[Article | InputError]:
    return list(iter_articles(list(inputs), date=when, stdin=stdin))


def test_seed_ingests_exactly_as_received(corpus: Path) -> None:
    (a,) = items(str(corpus / "seed.txt"))
    assert isinstance(a, Article)
    assert a.published == date(2021, 11, 19)
    assert a.ref == "seed"
    assert a.text.startswith("Production on Mission: Impossible 7")
    assert "date 2021" not in a.text


def test_dev_corpus_jsonl_refs_are_ids(corpus: Path) -> None:
    got = items(str(corpus / "dev_articles.jsonl"))
    assert len(got) == 30 and all(isinstance(a, Article) for a in got)
    ids = [json.loads(line)["id"] for line in (corpus / "dev_articles.jsonl").open(encoding="utf-8")]
    assert [a.ref for a in got if isinstance(a, Article)] == ids


def test_header_line_variants(tmp_path: Path) -> None:
    p = tmp_path / "story.txt"
    p.write_text(f"date 2024-03-08 whatever comes after\n\n{ARTICLE}\n", encoding="utf-8")
    (a,) = items(str(p))
    assert isinstance(a, Article) and a.published == date(2024, 3, 8) and a.text == ARTICLE


def test_text_without_date_needs_date_option(tmp_path: Path) -> None:
    p = tmp_path / "plain.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    (err,) = items(str(p))
    assert isinstance(err, InputError) and "no publication date" in err.reason and str(p) in str(err)
    (a,) = items(str(p), when=date(2024, 3, 9))
    assert isinstance(a, Article) and a.published == date(2024, 3, 9) and a.ref == "plain"


def test_header_wins_over_date_option(tmp_path: Path) -> None:
    p = tmp_path / "h.txt"
    p.write_text(f" date 2024-03-08 x\n{ARTICLE}", encoding="utf-8")
    (a,) = items(str(p), when=date(2020, 1, 1))
    assert isinstance(a, Article) and a.published == date(2024, 3, 8)


def test_html_metadata(tmp_path: Path) -> None:
    p = tmp_path / "wrap.html"
    p.write_text(HTML.format(ARTICLE), encoding="utf-8")
    (a,) = items(str(p))
    assert isinstance(a, Article)
    assert a.published == date(2024, 3, 8)
    assert a.url == "https://screen-notes.example/news/harbor-lights-2-wraps"
    assert a.title and a.title.startswith("Harbor Lights 2 wraps")
    assert a.source_name == "Screen Notes"
    assert ARTICLE in a.text and "Share this" not in a.text


def test_html_date_from_url(tmp_path: Path) -> None:
    html = HTML.replace('<meta property="article:published_time" content="2024-03-08T10:00:00Z">', "").replace(
        "news/harbor", "2024/03/07/harbor"
    )
    p = tmp_path / "nodate.html"
    p.write_text(html.format(ARTICLE), encoding="utf-8")
    (a,) = items(str(p))
    assert isinstance(a, Article) and a.published == date(2024, 3, 7)


def test_jsonl_with_broken_lines_goes_on(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "one", "url": None, "date": "2024-03-01", "text": ARTICLE, "extra": [1, 2]}),
        '{"id": "two", "date": "2024-03-02", "text": ',
        json.dumps({"id": "three", "date": "2024-02-30", "text": ARTICLE}),
        json.dumps({"id": "four", "url": "https://x.example/2024/03/04/story", "text": ARTICLE + " More."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "six", "date": "2024-03-06", "text": "   "}),
    ]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = items(str(p))
    good = [a for a in got if isinstance(a, Article)]
    bad = [e for e in got if isinstance(e, InputError)]
    assert [a.ref for a in good] == ["one", "four"]
    assert good[1].published == date(2024, 3, 4)
    assert [e.source.rsplit(":", 1)[1] for e in bad] == ["2", "3", "5", "6"]
    assert "broken JSON" in bad[0].reason and "invalid date" in bad[1].reason


def test_gzip_jsonl_and_text(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "gz", "date": "2024-03-01", "text": ARTICLE}) + "\n")
    t = tmp_path / "note.txt.gz"
    with gzip.open(t, "wt", encoding="utf-8") as fh:
        fh.write(f" date 2024-03-05 x\n{ARTICLE}")
    got = items(str(p), str(t))
    assert [(a.ref, a.published) for a in got if isinstance(a, Article)] == [
        ("gz", date(2024, 3, 1)),
        ("note", date(2024, 3, 5)),
    ]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_warc_responses_and_every_cut_point(tmp_path: Path, gz: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    p = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    with p.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for i, day in enumerate(("2024/03/08", "2024/03/09")):
            body = HTML.format(ARTICLE + f" Report {i}.").encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                f"https://news.example/{day}/story-{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(rec)
            if i == 0:
                first_end = fh.tell()
    got = items(str(p))
    assert [("Report 0." in a.text, "Report 1." in a.text) for a in got if isinstance(a, Article)] == [
        (True, False),
        (False, True),
    ]
    data = p.read_bytes()
    cut = p.with_name("cut" + p.name[len("crawl") :])
    # wherever a download stops inside the last record, the file reports it once; never half an article,
    # never a silent loss, never a traceback
    for end in range(first_end + 1, len(data)):
        cut.write_bytes(data[:end])
        got = items(str(cut))
        piped = items("-", stdin=io.BytesIO(data[:end]))
        assert [type(a) for a in piped] == [type(a) for a in got], end
        arts = [a for a in got if isinstance(a, Article)]
        errs = [e for e in got if isinstance(e, InputError)]
        assert "Report 0." in arts[0].text, end
        assert len(errs) == 1 and "truncated" in str(errs[0]), (end, errs)
        if len(arts) == 2:  # only the closing bytes were lost; the second record itself arrived whole
            assert len(data) - end <= 12, end
            assert "Report 1." in arts[1].text and "sequel opens on May 2, 2025" in arts[1].text, end
        else:
            assert len(arts) == 1, end


def test_directory_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(f" date 2024-03-02 x\n{ARTICLE} Two.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(f" date 2024-03-01 x\n{ARTICLE} One.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(f" date 2024-03-03 x\n{ARTICLE}", encoding="utf-8")
    got = items(str(tmp_path))
    assert [a.ref for a in got if isinstance(a, Article)] == ["a", "two"]


def test_stdin_text_and_jsonl() -> None:
    (a,) = items("-", stdin=io.BytesIO(f" date 2024-03-01 x\n{ARTICLE}".encode()))
    assert isinstance(a, Article) and a.ref == f"stdin-{a.id[:10]}"  # unique: see test_formats.py
    line = json.dumps({"id": "s1", "date": "2024-03-02", "text": ARTICLE}) + "\n"
    (b,) = items("-", stdin=io.BytesIO(line.encode()))
    assert isinstance(b, Article) and b.ref == "s1"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x00\x01\x02\x03PNG\x00\x00" * 100, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "empty"),
        ("impossible.txt", b" date 2021-02-30 x\nSome text about a film.", "impossible date"),
        ("bad.html", b"<html><body><div><div><div></body>", "no article text"),
    ],
)
def test_bad_inputs_one_clear_error(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    (err,) = items(str(p), when=date(2024, 1, 1))
    assert isinstance(err, InputError)
    assert reason in err.reason and err.source == str(p)
    assert "\n" not in str(err)


def test_missing_file_and_latin1_repaired(tmp_path: Path) -> None:
    (err,) = items(str(tmp_path / "nope.txt"))
    assert isinstance(err, InputError) and "no such file" in err.reason
    p = tmp_path / "latin.txt"
    p.write_bytes(
        " date 2024-03-01 x\nThe caf\xe9 scene in Bogot\xe1 was shot at night, the director said.".encode("latin-1")
    )
    (a,) = items(str(p))
    assert isinstance(a, Article) and "café" in a.text and "Bogotá" in a.text


def test_huge_file_refused_without_reading_it_all(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:
        fh.write(b" date 2024-03-01 x\n")
        fh.truncate(MAX_ARTICLE_BYTES + 1024)
    (err,) = items(str(p))
    assert isinstance(err, InputError) and "too large" in err.reason


def test_same_text_same_id(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(f" date 2024-03-01 x\n{ARTICLE}", encoding="utf-8")
    (tmp_path / "y.txt").write_text(f" date 2024-03-02 x\n{ARTICLE}\n", encoding="utf-8")
    a, b = items(str(tmp_path / "x.txt"), str(tmp_path / "y.txt"))
    assert isinstance(a, Article) and isinstance(b, Article) and a.id == b.id and a.ref != b.ref


def test_mixed_encodings_and_mojibake_are_repaired(tmp_path: Path) -> None:
    clean = " date 2024-03-01 x\nThe café scene in Bogotá was shot at night for Harbor Lights 2."
    mixed = tmp_path / "mixed.txt"  # UTF-8 with a Windows-1252 piece pasted in
    mixed.write_bytes(clean[:40].encode("utf-8") + clean[40:].encode("cp1252"))
    mojibake = tmp_path / "mojibake.txt"  # UTF-8 read as Latin-1 and saved again
    mojibake.write_bytes(clean.encode("utf-8").decode("latin-1").encode("utf-8"))
    a, b = items(str(mixed), str(mojibake))
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.text == b.text == clean.split("\n", 1)[1]


def test_deep_and_truncated_html(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + f"<p>{ARTICLE}</p>", encoding="utf-8")
    cut = tmp_path / "cut.html"
    page = HTML.format(ARTICLE)
    cut.write_text(page[: page.index("</p>") + 4] + "<p>Ana Ki", encoding="utf-8")
    deep_item, cut_item = items(str(deep), str(cut), when=date(2024, 3, 1))
    if isinstance(deep_item, InputError):  # the parser gives up on 100,000 levels: one clear line
        assert "\n" not in str(deep_item) and "deep.html" in str(deep_item)
    else:
        assert "Harbor Lights 2" in deep_item.text
    assert isinstance(cut_item, Article) and "Director Maya Okafor" in cut_item.text


def test_fifty_megabytes_refused_and_the_batch_goes_on(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.write(b" date 2024-03-01 x\n")
        fh.truncate(50 * 1024 * 1024)
    lines = tmp_path / "lines.jsonl"
    with lines.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "huge", "date": "2024-03-01", "text": "word " * (5 * 1024 * 1024)}) + "\n")
        fh.write(json.dumps({"id": "fine", "date": "2024-03-01", "text": ARTICLE}) + "\n")
    got = items(str(big), str(lines))
    assert [type(x).__name__ for x in got] == ["InputError", "InputError", "Article"]
    assert "too large" in str(got[0]) and "20 MiB" in str(got[0])
    assert "lines.jsonl:1" in str(got[1]) and "too large" in str(got[1])
    assert isinstance(got[2], Article) and got[2].ref == "fine"


def test_gzip_cut_anywhere_keeps_whole_lines_and_reports_once(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": f"{ARTICLE} Report {i}.", "date": f"2024-03-0{i + 1}", "id": f"r{i}"}) for i in range(3)
    ]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    page = gzip.compress(HTML.format(ARTICLE).encode())
    p = tmp_path / "feed.jsonl.gz"
    counts = set()
    for end in range(2, len(data)):  # from the two bytes that say gzip
        p.write_bytes(data[:end])
        for got in (items(str(p)), items("-", stdin=io.BytesIO(data[:end]))):
            arts = [a for a in got if isinstance(a, Article)]
            (err,) = [e for e in got if isinstance(e, InputError)]
            assert "truncated" in str(err), end
            assert [a.ref for a in arts] == ["r0", "r1", "r2"][: len(arts)], end
            counts.add(len(arts))
    assert counts == {0, 1, 2, 3}  # every whole line before the cut arrives
    h = tmp_path / "page.html.gz"
    for end in range(1, len(page), 7):
        h.write_bytes(page[:end])
        for got in (items(str(h)), items("-", stdin=io.BytesIO(page[:end]))):
            (only,) = got
            assert isinstance(only, InputError) and "\n" not in str(only), end
