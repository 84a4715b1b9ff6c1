"""An editor in a real headless browser (Debian chromium, Playwright) against a real `slate serve` on
127.0.0.1: signs in on the login form, merges two productions through the title page's form, and
sees one production; a reader sees no form. And a program with a token, over real HTTP."""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from slate import auth
from slate.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from test_accounts import PASSWORD, build  # noqa: E402
from test_browser import CHROMIUM, launch, serve  # noqa: E402

needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian chromium not installed (./dev test installs it)"
)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    db = tmp_path / "edit.db"
    with open_store(str(db)) as store:
        build(store)
        auth.add_user(store, "ana", "editor", PASSWORD)
    yield from serve(db)


def test_a_program_edits_with_its_token_over_http(server: str, tmp_path: Path) -> None:
    with open_store(str(tmp_path / "edit.db")) as store:
        token = auth.create_token(store, "ana")[1]
    body = json.dumps({"op": "kind", "params": {"title": "Copper Meadow", "kind": "series"}, "reason": "a mini-series"})

    def post(headers: dict[str, str]) -> tuple[int, dict[str, str], dict[str, object]]:
        request = urllib.request.Request(server + "/api/edits", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json", **headers})  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, dict(r.headers), json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), json.loads(e.read())

    status, headers, answer = post({})
    assert status == 401 and headers["www-authenticate"] == "Bearer" and answer["status"] == 401
    assert post({"Authorization": f"Bearer {token}x"})[0] == 401
    status, _, answer = post({"Authorization": f"Bearer {token}"})
    assert status == 201 and answer["editor"] == "ana" and answer["op"] == "kind"
    with urllib.request.urlopen(server + "/api/edits", timeout=10) as r:
        assert [e["summary"] for e in json.loads(r.read())] == [answer["summary"]]


@needs_chromium
def test_an_editor_signs_in_and_merges_two_productions(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page()
        page.goto(server + "/titles?sort=name")
        expect(page.locator("main table tbody tr")).to_have_count(2)
        page.click("a:has-text('The Meadow of Copper')")
        expect(page.locator("section.editing")).to_have_count(0)  # a reader sees no form
        page.click("footer a:has-text('sign in')")
        page.fill("input[name=name]", "ana")
        page.fill("input[name=password]", "not the password")
        page.click("form.login button")
        expect(page.locator("p.error")).to_have_text("wrong account name or password")
        page.fill("input[name=name]", "ana")
        page.fill("input[name=password]", PASSWORD)
        page.click("form.login button")
        expect(page.locator("header .who")).to_have_text("ana")
        cookie = next(c for c in page.context.cookies() if c["name"] == "slate_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        page.goto(server + "/titles?sort=name")
        page.click("a:has-text('The Meadow of Copper')")
        form = page.locator("form.edit-merge")
        form.locator("input[name=other]").fill("Copper Meadow")
        form.locator("input[name=reason]").fill("the studio's site gives both names")
        form.locator("button").click()
        expect(page.locator("p.edit-result")).to_contain_text('Edit #1 by ana: merged "The Meadow of Copper"')
        expect(page.locator("h1.title-name")).to_contain_text("Copper Meadow")
        expect(page.locator("p.aliases")).to_contain_text("The Meadow of Copper")
        page.goto(server + "/titles")
        expect(page.locator("main table tbody tr")).to_have_count(1)
        # the signed-in pages (the header's sign-out, the forms) fit a 390 px phone without sideways scroll
        page.set_viewport_size({"width": 390, "height": 900})
        for url in ("/titles", "/log", "/login"):
            page.goto(server + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        page.goto(server + "/titles")
        page.click("a:has-text('Copper Meadow')")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "title page with forms"
        person = page.locator("a:has-text('Tessa Quill')").first
        person.click()
        expect(page.locator("form.edit-merge")).to_have_count(1)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "person page with its form"
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(server + "/log")
        expect(page.locator("table.edits tbody tr")).to_have_count(1)
        expect(page.locator("table.edits")).to_contain_text("the studio's site gives both names")
        page.click("header form.account button")  # sign out
        expect(page.locator("footer")).to_contain_text("sign in")
        browser.close()
