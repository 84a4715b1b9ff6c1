"""Real-world formats read right: ARC and ARC.gz crawls, broken WARC files whose every error has a
reason, pages that are only a notice (JavaScript, cookies, paywall), publication dates from every kind
of page metadata, articles from standard input, and nothing but Slate's own lines on stderr.

Pages and stories are the team's own invention; the crawl files are built here (WARC with warcio,
ARC byte by byte in its documented layout, then read back with warcio)."""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from slate.errors import InputError, InputWarning
from slate.ingest import html_article, iter_articles
from slate.models import Article

SLATE = str(Path(sys.executable).parent / "slate")
SLATE_LINE = re.compile(r"^(?:Error|Warning|Skipped): \S.*\S$|^\d+ new, \d+ already stored, \d+ failed")


def news(title: str, person: str, city: str) -> str:
    return (
        f"Filming on the mystery {title} wrapped in {city} on Friday, producer {person} said in a statement. "
        f"The production spent nine weeks on location and used more than forty local crew members, and the "
        f"editors have already begun assembling a first cut for the studio."
    )


def page(body: str, *, head: str = "", before: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>News</title>{head}</head><body><nav>Home | Film | TV</nav>"
        f"<article>{before}<h1>Latest</h1><p>{body}</p></article><footer>About us</footer></body></html>"
    )


def items(*inputs: str, stdin: bytes | None = None, when: date | None = None) -> list[Article | InputError]:
    return list(iter_articles(list(inputs), date=when, stdin=None if stdin is None else io.BytesIO(stdin)))


# ---------------------------------------------------------------------------------------------- ARC


def arc_record(url: str, when: str, ctype: str, content: bytes) -> bytes:
    """One ARC (version 1) record: a header line naming the URL, IP, date, type and length, the content,
    and a line break."""
    return f"{url} 192.0.2.7 {when} {ctype} {len(content)}\n".encode() + content + b"\n"


def arc_file(pages: list[tuple[str, str, bytes]], *, gz: bool) -> tuple[bytes, int]:
    """An ARC file of HTTP responses (its file header first); gzipped one member per record. Also the
    offset where its last record starts."""
    header = b"1 0 Slate tests\nURL IP-address Archive-date Content-type Archive-length\n"
    records = [arc_record("filedesc://crawl.arc", "20141031071500", "text/plain", header)]
    for url, when, html in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nServer: ECS\r\n\r\n" + html
        records.append(arc_record(url, when, "text/html", http))
    parts = [gzip.compress(r) for r in records] if gz else records
    return b"".join(parts), sum(len(p) for p in parts[:-1])


ARC_PAGES = [
    (
        "http://film-desk.example/news/lantern-row",
        "20141031071500",
        page(news("Lantern Row", "Aldo Brisk", "Antwerp"), head='<meta name="date" content="2014-10-30">').encode(),
    ),
    (
        "http://film-desk.example/news/hollow-bay",
        "20141101093000",
        page(news("Hollow Bay", "Vera Lund", "Oslo")).encode(),
    ),
]


@pytest.mark.parametrize("gz", [False, True], ids=["arc", "arc.gz"])
def test_arc_crawl_gives_its_pages_and_reports_a_cut_once(tmp_path: Path, gz: bool) -> None:
    data, last = arc_file(ARC_PAGES, gz=gz)
    path = tmp_path / ("crawl.arc.gz" if gz else "crawl.arc")
    path.write_bytes(data)
    got = items(str(path))
    assert all(isinstance(a, Article) for a in got), got
    first, second = got
    assert isinstance(first, Article) and isinstance(second, Article)
    assert (first.url, first.published, first.ref) == (
        "http://film-desk.example/news/lantern-row",
        date(2014, 10, 30),
        "crawl-1",
    )
    assert "Lantern Row wrapped in Antwerp" in first.text and "Server" not in first.text
    assert second.published == date(2014, 11, 1)  # no date in the page: the crawl's
    piped = items("-", stdin=data)[0]
    assert isinstance(piped, Article) and piped.text == first.text and piped.ref == f"stdin-{first.id[:10]}"

    cut = tmp_path / ("cut.arc.gz" if gz else "cut.arc")
    for end in range(last + 1, len(data)):
        cut.write_bytes(data[:end])
        for got in (items(str(cut)), items("-", stdin=data[:end])):
            arts = [a for a in got if isinstance(a, Article)]
            errs = [e for e in got if isinstance(e, InputError)]
            assert "Lantern Row" in arts[0].text, end
            assert len(errs) == 1 and "truncated" in errs[0].reason and "ARC" in errs[0].reason, (end, errs)
            # two only when the closing bytes alone were lost (the line break, the gzip trailer)
            assert len(arts) == 1 or (len(data) - end <= 12 and "Hollow Bay" in arts[1].text), (end, got)


def test_arc_is_never_read_as_text(tmp_path: Path) -> None:
    data, _ = arc_file(ARC_PAGES, gz=False)
    odd = tmp_path / "crawl.dat"  # no telling name: the content says ARC
    odd.write_bytes(data)
    got = items(str(odd), when=date(2024, 1, 1))
    assert [a.url for a in got if isinstance(a, Article)] == [u for u, _, _ in ARC_PAGES]
    assert not any("192.0.2.7" in a.text or "Server: ECS" in a.text for a in got if isinstance(a, Article))


# --------------------------------------------------------------------------------------------- WARC


def warc(pages: list[tuple[str, str]], *, gz: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gz)
    for uri, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()), http_headers=headers)
        writer.write_record(record)
    return out.getvalue()


WARC_PAGES = [
    ("https://screen-post.example/2024/02/01/tin-crown", page(news("Tin Crown", "Ola Marsh", "Leeds"))),
    ("https://screen-post.example/2024/02/02/blue-hour", page(news("Blue Hour Road", "Kit Amari", "Nantes"))),
    ("https://screen-post.example/2024/02/03/slow-tide", page(news("Slow Tide", "Rune Falk", "Aarhus"))),
]


def test_spaces_in_a_target_uri_are_a_warning_and_the_page_is_read(tmp_path: Path) -> None:
    data = warc(WARC_PAGES[:2])
    data = data.replace(
        b"WARC-Target-URI: https://screen-post.example/2024/02/01/tin-crown",
        b"WARC-Target-URI: https://screen-post.example/2024/02/01/tin crown",
    )
    path = tmp_path / "spaces.warc"
    path.write_bytes(data)
    got = items(str(path))
    assert [type(x).__name__ for x in got] == ["InputWarning", "Article", "Article"], got
    assert isinstance(got[0], InputWarning) and str(got[0]) == (
        f"{path}#1: WARC reader: Replacing spaces in invalid WARC-Target-URI: "
        "https://screen-post.example/2024/02/01/tin crown"
    )
    assert isinstance(got[1], Article) and got[1].url == "https://screen-post.example/2024/02/01/tin%20crown"


def test_a_wrong_content_length_costs_its_record_with_a_reason(tmp_path: Path) -> None:
    data = warc(WARC_PAGES)
    # the second record says it is 40 bytes shorter than it is: warcio finds the rest where the blank
    # line between records belongs
    m = list(re.finditer(rb"Content-Length: (\d+)\r\n", data))[1]
    data = data[: m.start(1)] + str(int(m.group(1)) - 40).encode() + data[m.end(1) :]
    path = tmp_path / "length.warc"
    path.write_bytes(data)
    got = items(str(path))
    errors = [e for e in got if isinstance(e, InputError)]
    assert [a.url for a in got if isinstance(a, Article)][:1] == [WARC_PAGES[0][0]]
    assert errors and errors[0].source == f"{path}#2", got
    assert "more bytes follow it than its length field says" in errors[0].reason
    assert all(re.search(r": \S", e.reason) or e.reason for e in errors)


def _every_error_has_a_reason(got: list[Article | InputError]) -> None:
    for e in got:
        if isinstance(e, InputError):
            assert e.reason.strip() and not e.reason.rstrip().endswith(":"), e
            assert not re.search(r":\s*$|:\s*\(", e.reason), e
            assert "\n" not in str(e)


@pytest.mark.parametrize(
    "name",
    ["whole-gzip", "garbage-after", "bad-version", "cut-headers", "binary-tail", "empty-gzip-member", "arc-garbled"],
)
def test_every_broken_crawl_error_has_a_reason(tmp_path: Path, name: str) -> None:
    plain = warc(WARC_PAGES[:2])
    arc, _ = arc_file(ARC_PAGES, gz=False)
    data = {
        "whole-gzip": gzip.compress(plain),  # gzipped as one member: warcio reads the first record only
        "garbage-after": plain + b"this is not a record\r\nat all\r\n\r\n",
        "bad-version": plain.replace(b"WARC/1.0", b"WARC/9.Z", 2)[:],
        "cut-headers": plain[: plain.index(b"WARC-Date", 100)],
        "binary-tail": plain + bytes(range(256)) * 4,
        "empty-gzip-member": warc(WARC_PAGES[:1], gz=True) + gzip.compress(b"") + warc(WARC_PAGES[1:2], gz=True),
        "arc-garbled": arc.replace(b"http://film-desk.example/news/hollow-bay 192.0.2.7 20141101093000", b"garbled"),
    }[name]
    path = tmp_path / f"{name}.warc"
    path.write_bytes(data)
    got = items(str(path))
    assert got, name
    _every_error_has_a_reason(got)
    if name == "whole-gzip":
        assert "gzipped as a whole" in str(got[-1]), got


# ------------------------------------------------------------------------------------- pages: text


@pytest.mark.parametrize(
    ("kind", "html", "why"),
    [
        (
            "javascript",
            page("JavaScript is disabled on your browser. Please enable JavaScript to use this site.")
            + "<noscript>x</noscript>",
            "the page is a JavaScript notice",
        ),
        (
            "cookies",
            page(
                "We use cookies to improve your experience. Accept all cookies to continue to the site, "
                "or manage your cookie preferences."
            ),
            "the page is a cookie wall",
        ),
        (
            "paywall",
            page("Casting news for the new season. Subscribe to continue reading. Already a subscriber? Sign in."),
            "the page is a paywall",
        ),
        ("robot", page("Checking your browser before accessing the site. Are you a robot?"), "the page is a bot check"),
        ("short", page("Trailer out now."), "words, too few for an article (at least 25)"),
    ],
)
def test_a_page_that_is_only_a_notice_has_no_article_text(tmp_path: Path, kind: str, html: str, why: str) -> None:
    head = '<meta property="article:published_time" content="2024-03-01T10:00:00Z">'
    path = tmp_path / f"{kind}.html"
    path.write_text(html.replace("<title>", head + "<title>"), encoding="utf-8")
    (err,) = items(str(path))
    assert isinstance(err, InputError) and err.reason.startswith("no article text: "), err
    assert why in err.reason and "\n" not in str(err)


def test_a_real_article_with_a_cookie_line_is_kept(tmp_path: Path) -> None:
    body = news("Paper Kite", "Sol Arden", "Ghent")
    html = page(body, head='<meta name="date" content="2024-03-02">').replace(
        "<footer>", "<div><p>We use cookies to improve your experience.</p></div><footer>"
    )
    path = tmp_path / "kite.html"
    path.write_text(html, encoding="utf-8")
    (a,) = items(str(path))
    assert isinstance(a, Article) and "Paper Kite" in a.text


# ------------------------------------------------------------------------------------- pages: date

BODY = news("Amber Line", "Tove Rask", "Malmo")
DATED_PAGES = {
    "jsonld": (
        page(
            BODY,
            head='<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
            '"NewsArticle", "headline": "Amber Line wraps", "datePublished": "2019-04-05T09:00:00-04:00"}</script>',
        ),
        date(2019, 4, 5),
    ),
    "og": (
        page(BODY, head='<meta property="article:published_time" content="2019-04-06T23:00:00-08:00">'),
        date(2019, 4, 6),
    ),
    "time": (page(BODY, before='<time datetime="2019-04-07T10:00:00+02:00">7 April</time>'), date(2019, 4, 7)),
    "meta-est": (page(BODY, head='<meta name="date" content="Mon, 08 Apr 2019 23:15:00 EST">'), date(2019, 4, 8)),
    "itemprop": (page(BODY, head='<meta itemprop="datePublished" content="2019-04-09">'), date(2019, 4, 9)),
    "script-est": (
        page(
            BODY,
            head='<script>var pageData = {"section": "film", "date": "2014-10-31 at 07:15:00AM EST", '
            '"author": "staff"};</script>',
        ),
        date(2014, 10, 31),
    ),
    "byline-pdt": (page(BODY, before="<p class='byline'>Posted 2019-04-10 at 11:45 PM PDT</p>"), date(2019, 4, 10)),
}


@pytest.mark.parametrize("kind", list(DATED_PAGES))
def test_publication_date_from_page_metadata(kind: str) -> None:
    html, want = DATED_PAGES[kind]
    a = html_article(html.encode(), source=kind, ref=kind, default_date=None)
    assert a.published == want


def test_timezone_names_never_warn(tmp_path: Path) -> None:
    """Run in a fresh interpreter so no earlier test has already shown (and so silenced) a warning."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for kind, (html, _) in DATED_PAGES.items():
        (folder / f"{kind}.html").write_text(html, encoding="utf-8")
    code = "from slate.ingest import iter_articles; import sys; print(len(list(iter_articles([sys.argv[1]]))))"
    proc = subprocess.run([sys.executable, "-W", "default", "-c", code, str(folder)], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.strip() == str(len(DATED_PAGES)), proc.stderr
    assert proc.stderr == "", proc.stderr


# ------------------------------------------------------------------------------------- the CLI


def test_everything_through_the_cli_with_only_slate_lines_on_stderr(tmp_path: Path, db_url: str) -> None:
    arc, _ = arc_file(ARC_PAGES, gz=True)
    (tmp_path / "crawl.arc.gz").write_bytes(arc)
    spaces = warc(WARC_PAGES[:1]).replace(b"02/01/tin-crown", b"02/01/tin crown")
    (tmp_path / "spaces.warc").write_bytes(spaces)
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(warc(WARC_PAGES[1:])))
    (tmp_path / "script-est.html").write_text(DATED_PAGES["script-est"][0], encoding="utf-8")
    other = DATED_PAGES["meta-est"][0].replace("Amber Line", "Grey Wharf")  # another article: another text
    (tmp_path / "meta-est.html").write_text(other, encoding="utf-8")
    (tmp_path / "js.html").write_text(page("JavaScript is disabled on your browser."), encoding="utf-8")
    names = ["crawl.arc.gz", "spaces.warc", "whole.warc.gz", "script-est.html", "meta-est.html", "js.html"]
    proc = subprocess.run(
        [SLATE, "ingest", *(str(tmp_path / n) for n in names), "--db", db_url, "-q"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    lines = proc.stderr.splitlines()
    assert proc.returncode == 1, proc.stderr
    assert all(SLATE_LINE.match(line) for line in lines), proc.stderr
    assert (
        f"Warning: {tmp_path}/spaces.warc#1: WARC reader: Replacing spaces in invalid WARC-Target-URI: "
        "https://screen-post.example/2024/02/01/tin crown" in lines
    )
    assert any(
        line.startswith(
            f"Error: {tmp_path}/whole.warc.gz#2: truncated or broken WARC record after 1 good "
            "ones: the file is gzipped as a whole"
        )
        for line in lines
    ), proc.stderr
    assert (
        f"Error: {tmp_path}/js.html: no article text: the page is a JavaScript notice "
        "('JavaScript is disabled on your browser.')" in lines
    )
    assert lines[-1].startswith("6 new, 0 already stored, 2 failed; "), proc.stderr
    listed = json.loads(subprocess.run([SLATE, "articles", "--db", db_url, "--json"], capture_output=True).stdout)
    dates = {a["ref"]: a["published"] for a in listed}
    assert dates == {
        "crawl-1": "2014-10-30",
        "crawl-2": "2014-11-01",
        "spaces-1": "2024-02-01",
        "whole-1": "2024-02-02",
        "script-est": "2014-10-31",
        "meta-est": "2019-04-08",
    }


def test_two_stdin_articles_get_two_refs(tmp_path: Path, db_url: str) -> None:
    refs = []
    for body in (news("Iron Gate", "Pia Holm", "Riga"), news("Quiet Fjord", "Ari Vale", "Tromso")):
        proc = subprocess.run(
            [SLATE, "ingest", "-", "--db", db_url, "--date", "2024-04-01", "-q"],
            input=body,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert proc.returncode == 0 and proc.stderr.startswith("1 new, 0 already stored, 0 failed;"), proc.stderr
    listed = json.loads(subprocess.run([SLATE, "articles", "--db", db_url, "--json"], capture_output=True).stdout)
    refs = sorted(a["ref"] for a in listed)
    assert len(refs) == 2 and len(set(refs)) == 2 and all(re.fullmatch(r"stdin-[0-9a-f]{10}", r) for r in refs)
    # piped HTML and JSONL without ids get the same kind of ref
    (h,) = items("-", stdin=DATED_PAGES["og"][0].encode())
    (j,) = items("-", stdin=json.dumps({"date": "2024-04-02", "text": news("Red Kiln", "Lu Mora", "Bari")}).encode())
    assert isinstance(h, Article) and isinstance(j, Article)
    assert re.fullmatch(r"stdin-[0-9a-f]{10}", h.ref) and re.fullmatch(r"stdin-[0-9a-f]{10}", j.ref)


def test_script_dates_are_found_in_linear_time() -> None:
    import time

    from slate.ingest._dates import script_date

    started = time.monotonic()
    assert script_date("<script>" * 500_000) is None  # 4 MB of scripts that never close
    dated = '<script>var d = {"date": "2014-10-31 at 07:15:00AM EST"}</script>' + "<script>x" * 400_000
    assert script_date(dated) == date(2014, 10, 31)
    assert time.monotonic() - started < 2
