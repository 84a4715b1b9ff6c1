"""The pages in a real headless browser (Debian chromium driven by Playwright) against a real
`slate serve` on 127.0.0.1, over a database built from the dev corpus."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
SLATE = str(Path(sys.executable).parent / "slate")
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium not installed (./dev test installs it)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path) -> Iterator[str]:
    exe = str(Path(sys.executable).parent / "slate")
    port = free_port()
    proc = subprocess.Popen([exe, "serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(base + "/api/titles?limit=1", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("slate serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("web") / "dev.db"
    subprocess.run([SLATE, "ingest", str(corpus / "dev_articles.jsonl"), "--db", str(db), "-q"], check=True)
    yield from serve(db)


def launch(p: Any) -> Any:
    return p.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    )


def test_title_page_in_chromium(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1100, "height": 1400})
        page.goto(server + "/")
        page.fill("input[name=q]", "Mission")
        page.click("form.search button")
        expect(page.locator("h1")).to_contain_text("Mission")
        page.click("ul.titles a:has-text('Mission: Impossible')")
        expect(page.locator("h1.title-name")).to_contain_text("Mission: Impossible")
        expect(page.locator("p.aliases")).to_contain_text("Mission: Impossible 7")
        assert page.locator("svg.slip-chart circle.point").count() >= 4
        # open a fact's source: its sentence shows
        source = page.locator("dd.rel-release_date details.source").first
        sentence = source.locator("blockquote.sentence")
        expect(sentence).to_be_hidden()
        source.locator("summary").click()
        expect(sentence).to_be_visible()
        expect(sentence).to_contain_text("2023")
        page.screenshot(path=str(OUTPUT / "title-page.png"), full_page=True)
        # as of 2021-12-01 the film was set for 2022-05-27
        page.fill("input[name=as_of]", "2021-12-01")
        page.click("form.as-of button")
        expect(page.locator("dd.rel-release_date .value")).to_have_text(["2022-05-27"])
        expect(page.locator("h1.title-name")).to_contain_text("Mission: Impossible 7")
        browser.close()
    assert (OUTPUT / "title-page.png").stat().st_size > 10_000
    shutil.copy(OUTPUT / "title-page.png", OUTPUT / "title-page-latest.png")


EVIL = [
    "<script>window.__pwned = 1; alert('script')</script>",
    "<img src=x onerror=\"window.__pwned = 2; alert('img')\">",
    '<svg onload="window.__pwned = 3"></svg>',
    '<a href="javascript:window.__pwned = 4">click me</a>',
    '"><body onload="window.__pwned = 5">',
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("hostile")
    text = (
        "The thriller Night Courier 3 stars Ana Kim as Dana " + EVIL[0] + ". "
        "\u201cIt is " + EVIL[1] + " great,\u201d Ana Kim said on Instagram. "
        "Director Lee Park shot Night Courier 3 in Oslo " + EVIL[2] + ". " + EVIL[3] + " " + EVIL[4]
    )
    record = {"id": "evil-" + EVIL[4], "date": "2024-05-01", "title": EVIL[0], "url": "javascript:window.__pwned=6",
              "text": text}  # fmt: skip
    src = folder / "evil.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = folder / "evil.db"
    subprocess.run([SLATE, "ingest", str(src), "--db", str(db), "-q"], check=True)
    yield from serve(db)


def test_injected_markup_never_runs(hostile_server: str) -> None:
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()

        def on_dialog(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        titles = json.loads(urllib.request.urlopen(hostile_server + "/api/titles").read())
        assert titles, "the hostile article gave no production"
        article = json.loads(urllib.request.urlopen(hostile_server + f"/api/titles/{titles[0]['id']}").read())
        refs = {s["ref"] for vs in article["facts"].values() for v in vs for s in v["sources"]}
        people = {
            v["entity_id"] for vs in article["facts"].values() for v in vs if v.get("entity_id")
        }  # fmt: skip
        urls = ["/", "/search?q=%3Cscript%3E", "/search?q=Ana", f"/titles/{titles[0]['id']}"]
        urls += [f"/people/{i}" for i in sorted(people)]
        urls += ["/articles/" + urllib.parse.quote(r, safe="") for r in sorted(refs)]
        assert any(u.startswith("/articles/") for u in urls) and any(u.startswith("/people/") for u in urls)
        for url in urls:
            page.goto(hostile_server + url)
            page.wait_for_load_state("load")
            for link in page.locator("main a").all()[:40]:  # links, slip-chart points, sources
                href = link.get_attribute("href") or ""
                assert not href.lower().startswith(("javascript:", "data:")), (url, href)
            for summary in page.locator("details summary").all()[:10]:
                summary.click()
            assert page.evaluate("window.__pwned === undefined"), url
            assert page.locator("main script, main img[onerror], main svg[onload]").count() == 0, url
        article_page = "/articles/" + urllib.parse.quote(sorted(refs)[0], safe="")
        page.goto(hostile_server + article_page)
        assert "<script>" in page.locator("article.text").inner_text()  # shown as text
        browser.close()
    assert dialogs == []


DOCS = Path(__file__).resolve().parents[1] / "docs"


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as r:
        return json.loads(r.read())


def every_page(server: str) -> list[str]:
    """One of each page: home, titles (browsed three ways), a title (today and as of a date), a person,
    an article, a search, an error, the release calendar, what changed."""
    (title,) = [t for t in get_json(server + "/api/search?q=mision+impossible+7&limit=1")["titles"]]
    d = get_json(server + f"/api/titles/{title['id']}")
    person = next(v["entity_id"] for v in d["facts"]["cast"] if v.get("entity_id"))
    ref = d["facts"]["release_date"][0]["sources"][0]["ref"]
    return [
        "/", "/titles", "/titles?sort=release&kind=film", "/titles?sort=changed&offset=50",
        f"/titles/{title['id']}", f"/titles/{title['id']}?as_of=2021-12-01", f"/people/{person}",
        "/articles/" + urllib.parse.quote(ref, safe=""), "/search?q=mision+impossible", "/titles/99999999",
        "/releases", "/changes",
    ]  # fmt: skip


def test_every_page_fits_a_phone_and_a_desktop(server: str) -> None:
    from playwright.sync_api import sync_playwright

    urls = every_page(server)
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for url in urls:
                page.goto(server + url)
                page.wait_for_load_state("load")
                scroll = page.evaluate("document.documentElement.scrollWidth")
                assert scroll <= width, (width, url, scroll)  # no sideways scroll
                json_link = page.locator("header a.json")
                if json_link.count():
                    box = json_link.bounding_box()
                    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, url, box)
                    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                    hit = page.evaluate(f"document.elementFromPoint({x}, {y}).className")
                    assert hit == "json", (width, url, hit)  # visible, not covered
            title = urls[4]
            page.goto(server + title)
            name = "title-page.png" if width == 1280 else "title-page-phone.png"
            page.screenshot(path=str(DOCS / name), full_page=width == 1280)
            page.close()
        browser.close()
    assert (DOCS / "title-page.png").stat().st_size > 10_000 and (DOCS / "title-page-phone.png").stat().st_size > 10_000


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def samples_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The README's running example: the invented articles of samples/ ingested."""
    db = tmp_path_factory.mktemp("samples") / "samples.db"
    subprocess.run([SLATE, "ingest", str(SAMPLES), "--db", str(db), "-q"], check=True)
    yield from serve(db)


def test_release_calendar_and_changes_on_a_phone_and_a_desktop(samples_server: str) -> None:
    """/releases and /changes fit both widths with their JSON and CSV links whole, and show what the
    README says; the screenshots in the README (docs/releases*.png, docs/changes*.png) are these."""
    from playwright.sync_api import expect, sync_playwright

    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        for width, suffix in ((1280, ""), (390, "-phone")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name in ("releases", "changes"):
                page.goto(samples_server + "/" + name)
                page.wait_for_load_state("load")
                assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, name)
                for link in ("json", "csv"):
                    box = page.locator(f"header a.{link}").bounding_box()
                    assert box and 0 <= box["x"] and box["x"] + box["width"] <= width, (width, name, link, box)
                    hit = page.evaluate(
                        f"document.elementFromPoint({box['x'] + 2}, {box['y'] + box['height'] / 2}).className"
                    )
                    assert hit == link, (width, name, link, hit)
                expect(page.locator("header a.csv")).to_have_attribute("href", f"/{name}.csv")
                if name == "releases":
                    expect(page.locator("main h2")).to_have_text(
                        ["October 2024", "2024 (month not announced)", "March 2025", "November 2025"]
                    )
                    expect(page.locator(".badge.moved")).to_have_text(
                        ["moved from 2025-03-07 on 2024-08-15", "moved from 2025-06-13 on 2024-06-02"]
                    )
                    expect(page.locator("td.status").first).to_have_text("pre production")  # words, not pre_production
                    if width == 390:  # a block per release: no empty "where", the status labelled
                        expect(page.locator("td.where").first).to_be_hidden()
                        assert page.locator("table.releases thead").first.is_hidden()
                else:
                    moved = page.locator("li.change-release_date").filter(has_text="moved from 2025-06-13")
                    expect(moved.locator("del")).to_have_text("2025-06-13")
                    expect(moved.locator("ins")).to_have_text("2025-11-07")
                    expect(page.locator("li.change-title")).to_contain_text(
                        "Retitled from Skyline Protocol 2 to Skyline Protocol: Ember Run"
                    )
                    expect(page.locator("li.change-status ins").first).to_have_text("post production")
                # no source's date is broken over two lines
                for t in page.locator("details.source summary time").all()[:20]:
                    box = t.bounding_box()
                    assert box and box["height"] < 30, (width, name, box)
                page.screenshot(path=str(DOCS / f"{name}{suffix}.png"), full_page=width == 1280)
            page.close()
        browser.close()
    for name in ("releases", "releases-phone", "changes", "changes-phone"):
        assert (DOCS / f"{name}.png").stat().st_size > 10_000, name


def test_slip_chart_explains_itself(server: str) -> None:
    from playwright.sync_api import sync_playwright

    title = every_page(server)[4]
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server + title)
        chart = page.locator("svg.slip-chart")
        assert chart.locator("title").first.text_content() == "Release date announced over time"
        assert "2023-07-14" in (chart.locator("desc").text_content() or "")
        titles = chart.locator("text.axis-title").all_text_contents()
        assert titles == ["When an article said it", "Announced release date"]
        legend = " ".join(chart.locator("g.legend text").all_text_contents())
        assert "announced date" in legend and "given as a former date" in legend
        assert date.today().isoformat() in (chart.locator(".today-label").text_content() or "")  # today marked
        # no two tick labels overlap
        boxes = [b for b in (t.bounding_box() for t in chart.locator("text.tick").all()) if b]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                         or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip
                assert apart, (a, b)
        browser.close()


def test_docs_render_offline_and_try_it_out(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})

        def only_local(route: Any) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.goto(server + "/docs")
        expect(page.locator(".opblock-summary-path").first).to_be_visible(timeout=20_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert {"/api/titles", "/api/search", "/api/titles/{title_id}"} <= {x.replace("\u200b", "") for x in paths}
        assert page.locator("text=Unable to render this definition").count() == 0
        op = page.locator(".opblock-get").filter(has_text="/api/search").first
        op.locator(".opblock-summary").click()
        op.locator("button.try-out__btn").click()
        op.locator("input[placeholder='q']").fill("mision impossible")
        op.locator("button.execute").click()
        status = op.locator(".live-responses-table tbody td.response-col_status").first
        expect(status).to_have_text("200", timeout=20_000)
        expect(op.locator(".live-responses-table .microlight").first).to_contain_text("Mission: Impossible")
        browser.close()
    assert outside == []
