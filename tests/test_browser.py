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
