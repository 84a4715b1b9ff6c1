"""The pages in a real headless browser (Debian chromium driven by Playwright) against a real
`slate serve` on 127.0.0.1, over a database built from the dev corpus."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium not installed (./dev test installs it)"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = str(Path(sys.executable).parent / "slate")
    db = tmp_path_factory.mktemp("web") / "dev.db"
    subprocess.run([exe, "ingest", str(corpus / "dev_articles.jsonl"), "--db", str(db), "-q"], check=True)
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


def test_title_page_in_chromium(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
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
