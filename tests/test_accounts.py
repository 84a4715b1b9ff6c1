"""Accounts, API tokens, sign-in sessions and the editors' write API and forms: the security
properties (401 without a live token, admins only for accounts, CSRF, new session at sign-in,
failed sign-ins slowed, injections shown as text, an append-only audit log) on both backends."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from slate import auth
from slate.api import create_app
from slate.cli import cli
from slate.errors import AccountError
from slate.models import Article, Evidence, Extraction, Fact, TitleInfo
from slate.store import Store, open_store

PASSWORD = "correct horse battery"
INJECTION = "<script>alert('x')</script>'; DROP TABLE titles; --"

# two invented productions an editor knows to be one, and a person under two names
STORY = [
    ("cm-1", "2025-03-04", "Copper Meadow", [("director", "Ivo Brandt"), ("cast", "Tessa Quill")]),
    ("cm-2", "2025-06-20", "The Meadow of Copper", [("cast", "T. Quill"), ("release_date", "2026-02-13")]),
]


def build(store: Store) -> None:
    for ref, day, name, facts in STORY:
        article = Article.create(text=f"The story {ref}.", published=date.fromisoformat(day), ref=ref)
        rows = [Fact(name, rel, value, Evidence(f"{name}: {rel} {value}.", 0, 5, 0, 20)) for rel, value in facts]
        assert store.add(article, Extraction(article, [TitleInfo(name)], rows, [], [], "test"))


@pytest.fixture
def db(db_url: str) -> Iterator[str]:
    store = open_store(db_url)
    build(store)
    auth.add_user(store, "ana", "editor", PASSWORD)
    auth.add_user(store, "root", "admin", None)
    store.close()
    yield db_url


def token(db: str, name: str) -> str:
    with open_store(db) as store:
        return auth.create_token(store, name)[1]


def bearer(t: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {t}"}


def title_id(c: TestClient, name: str) -> int:
    return int(next(t["id"] for t in c.get("/api/titles").json() if t["name"] == name))


MERGE = {"op": "merge", "params": {"what": "production", "a": "The Meadow of Copper", "b": "Copper Meadow"},
         "reason": "the studio's site gives both names"}  # fmt: skip


# -- the library ---------------------------------------------------------------------------------
def test_secrets_are_stored_only_as_salted_hashes(db: str) -> None:
    with open_store(db) as store:
        auth.add_user(store, "ben", "editor", PASSWORD)
        ana, ben = store.user("ana"), store.user("ben")
        assert ana and ben and ana["password_hash"].startswith("scrypt$16384$8$1$")
        assert ana["password_hash"] != ben["password_hash"]  # salted
        assert auth.verify_password(PASSWORD, ana["password_hash"])
        assert not auth.verify_password(PASSWORD + "!", ana["password_hash"])
        assert not auth.verify_password(PASSWORD, None)
        tid, t = auth.create_token(store, "ana", "laptop")
        assert t.startswith("slate_") and len(t) == 6 + 43
        dump = json.dumps([store.users(), store.tokens(), store.tokens_by_prefix(t[6:14])], default=str)
        assert t not in dump and t[6:] not in dump and PASSWORD not in dump
        assert [r["label"] for r in auth.list_tokens(store, "ana")] == ["laptop"]
        account = auth.token_account(store, t, touch=store)
        assert (
            account is not None
            and account == auth.Account(account.id, "ana", "editor")
            and store.tokens("ana")[0]["last_used"]
        )
        assert auth.token_account(store, t[:-1] + ("A" if t[-1] != "A" else "B")) is None  # one character off
        assert auth.token_account(store, "slate_" + "x" * 43) is None
        with pytest.raises(AccountError, match="already"):
            auth.add_user(store, "ana", "admin", None)
        with pytest.raises(AccountError, match="role"):
            auth.add_user(store, "cy", "owner", None)
        with pytest.raises(AccountError, match="no account"):
            auth.create_token(store, "nobody")
        auth.revoke_token(store, tid)
        assert auth.token_account(store, t) is None
        t2 = auth.create_token(store, "ben")[1]
        auth.disable_user(store, "ben")
        assert auth.token_account(store, t2) is None and auth.login(store, "ben", PASSWORD, "10.0.0.9") is None


def test_failed_sign_ins_are_slowed_per_account_and_address_across_connections(db: str) -> None:
    # two connections, as two server processes would have: the count is in the database
    one, two = open_store(db), open_store(db)
    try:
        for _ in range(auth.FREE_FAILURES):
            assert auth.login(one, "ana", "wrong password", "10.0.0.1") is None
        with pytest.raises(auth.RateLimited) as limited:  # even the right password waits
            auth.login(two, "ana", PASSWORD, "10.0.0.2")  # the account is limited from any address
        assert limited.value.retry_after >= 1
        with pytest.raises(auth.RateLimited):
            auth.login(two, "root", "guess", "10.0.0.1")  # and the address for any account
        assert auth.login(two, "ben", "guess", "10.0.0.3") is None  # others are not held up
        time.sleep(limited.value.retry_after + 0.1)
        assert auth.login(one, "ana", "wrong again", "10.0.0.1") is None  # the 6th failure: now 2 s
        with pytest.raises(auth.RateLimited) as longer:
            auth.login(two, "ana", PASSWORD, "10.0.0.1")
        assert longer.value.retry_after >= 2
    finally:
        one.close()
        two.close()


def test_sign_in_always_starts_a_new_session(db: str) -> None:
    with open_store(db) as store:
        first = auth.login(store, "ana", PASSWORD, "10.0.0.1")
        assert first and auth.session(store, first.secret) == first
        second = auth.login(store, "ana", PASSWORD, "10.0.0.1", replaces=first.secret)
        assert second and second.secret != first.secret and second.csrf != first.csrf
        assert auth.session(store, first.secret) is None  # the browser's old session ended
        # a session id chosen by someone else is never adopted: it is not a session before or after
        third = auth.login(store, "ana", PASSWORD, "10.0.0.1", replaces="attacker-chosen")
        assert third and third.secret != "attacker-chosen" and auth.session(store, "attacker-chosen") is None
        assert auth.csrf_ok(third, third.csrf) and not auth.csrf_ok(third, second.csrf)
        assert not auth.csrf_ok(third, "") and not auth.csrf_ok(None, third.csrf)
        auth.logout(store, third.secret)
        assert auth.session(store, third.secret) is None
        # a session past its expiry is no session (stored as the hash of its secret, as login stores it)
        store.add_session(hashlib.sha256(b"old-secret").hexdigest(), third.account.id, "2026-01-01T00:00:00+00:00",
                          "2026-01-02T00:00:00+00:00", None)  # fmt: skip
        assert auth.session(store, "old-secret") is None
        store.add_session(hashlib.sha256(b"new-secret").hexdigest(), third.account.id, "2026-01-01T00:00:00+00:00",
                          "2999-01-01T00:00:00+00:00", None)  # fmt: skip
        assert auth.session(store, "new-secret") is not None


# -- the write API -------------------------------------------------------------------------------
def test_the_write_api_needs_a_live_token_and_names_the_editor(db: str) -> None:
    t = token(db, "ana")
    with TestClient(create_app(db)) as c:
        for headers in ({}, bearer("slate_" + "A" * 43), bearer(t + "x"), {"Authorization": f"Basic {t}"}):
            r = c.post("/api/edits", json=MERGE, headers=headers)
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer", headers
            assert r.json()["status"] == 401
        assert len(c.get("/api/titles").json()) == 2 and c.get("/api/edits").json() == []
        r = c.post("/api/edits", json=MERGE, headers=bearer(t))
        assert r.status_code == 201, r.text
        edit = r.json()
        assert edit["editor"] == "ana" and edit["op"] == "merge" and edit["reason"] == MERGE["reason"]
        assert [t["name"] for t in c.get("/api/titles").json()] == ["Copper Meadow"]
        assert c.get("/api/edits").json() == [edit] and c.get(f"/api/edits/{edit['id']}").json() == edit
        assert c.get("/api/edits/999").status_code == 404
        # the audit log is append-only: nothing changes or deletes an entry
        for method in ("PUT", "PATCH", "DELETE"):
            assert (
                c.request(method, f"/api/edits/{edit['id']}", json={"reason": "x"}, headers=bearer(t)).status_code
                == 405
            )
            assert c.request(method, "/api/edits", headers=bearer(t)).status_code == 405
        r = c.post("/api/edits", json={**MERGE, "params": {"what": "production", "a": "Nowhere Film", "b": "x"}},
                   headers=bearer(t))  # fmt: skip
        assert r.status_code in (404, 422) and "Nowhere Film" in r.json()["error"]
        assert c.post("/api/edits", json={**MERGE, "reason": ""}, headers=bearer(t)).status_code == 422
        assert c.post("/api/edits", content=b"x" * 70_000, headers=bearer(t)).status_code == 413
        undo = c.post(f"/api/edits/{edit['id']}/undo", json={"reason": "two films after all"}, headers=bearer(t))
        assert undo.status_code == 201 and undo.json()["op"] == "undo" and undo.json()["editor"] == "ana"
        assert c.post(f"/api/edits/{edit['id']}/undo", json={"reason": "again"}).status_code == 401
        assert len(c.get("/api/titles").json()) == 2
        assert c.get(f"/api/edits/{edit['id']}").json()["undone_by"] == undo.json()["id"]
        with open_store(db) as store:
            assert store.tokens("ana")[0]["last_used"]
            auth.revoke_token(store, store.tokens("ana")[0]["id"])
        r = c.post("/api/edits", json=MERGE, headers=bearer(t))
        assert r.status_code == 401 and len(c.get("/api/edits").json()) == 2


def test_only_an_admin_token_adds_accounts(db: str) -> None:
    editor, admin = token(db, "ana"), token(db, "root")
    ben = {"name": "ben", "role": "editor", "password": "a long password"}
    with TestClient(create_app(db)) as c:
        assert c.post("/api/users", json=ben).status_code == 401
        r = c.post("/api/users", json=ben, headers=bearer(editor))
        assert r.status_code == 403 and "admin" in r.json()["error"]
        assert c.post("/api/users", json={**ben, "role": "admin"}, headers=bearer(editor)).status_code == 403
        r = c.post("/api/users", json=ben, headers=bearer(admin))
        assert r.status_code == 201 and r.json()["name"] == "ben" and r.json()["password"] is True
        assert "password" not in json.dumps(r.json()).replace('"password": true', "")
        assert c.post("/api/users", json=ben, headers=bearer(admin)).status_code == 409
        assert c.post("/api/users", json={**ben, "name": "c d"}, headers=bearer(admin)).status_code == 422
    with open_store(db) as store:
        assert [u["name"] for u in auth.list_users(store)] == ["ana", "ben", "root"]


# -- the pages: sign-in, CSRF, sessions, the forms -------------------------------------------------
def login_csrf(c: TestClient, path: str = "/login") -> str:
    page = c.get(path)
    assert page.status_code == 200
    m = re.search(r'action="/login">\s*<input type="hidden" name="csrf" value="([^"]+)"', page.text)
    assert m
    return m.group(1)


def sign_in(c: TestClient, name: str = "ana", password: str = PASSWORD) -> Any:
    return c.post("/login", data={"name": name, "password": password, "csrf": login_csrf(c), "next": "/titles"},
                  follow_redirects=False)  # fmt: skip


def page_csrf(c: TestClient, path: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert m, path
    return m.group(1)


def test_sign_in_sets_a_strict_http_only_cookie_and_a_new_session(db: str) -> None:
    with TestClient(create_app(db)) as c:
        r = c.post("/login", data={"name": "ana", "password": PASSWORD}, follow_redirects=False)
        assert r.status_code == 403  # no CSRF token: refused before the password is looked at
        c.cookies.set("slate_session", "fixed-by-an-attacker")
        r = sign_in(c)
        assert r.status_code == 303 and r.headers["location"] == "/titles"
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("slate_session="))
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Secure" not in cookie
        secret = cookie.split(";")[0].split("=", 1)[1]
        assert secret != "fixed-by-an-attacker" and len(secret) >= 40
        assert "Sign out" in c.get("/titles").text and "ana" in c.get("/").text
        assert c.get("/").headers["cache-control"] == "no-store"  # it holds the CSRF token
        r = c.post("/logout", data={}, follow_redirects=False)
        assert r.status_code == 403  # a form without its CSRF token is refused
        r = c.post("/logout", data={"csrf": page_csrf(c, "/")}, follow_redirects=False)
        assert r.status_code == 303 and "Sign out" not in c.get("/").text
        with open_store(db) as store:
            assert auth.session(store, secret) is None
    with TestClient(create_app(db), base_url="https://testserver") as c:  # over TLS the cookie is Secure
        r = sign_in(c)
        cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("slate_session="))
        assert "Secure" in cookie and "HttpOnly" in cookie
        assert sign_in(c).headers["location"] == "/titles"
        r = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": login_csrf(c),
                                   "next": "//evil.example/"}, follow_redirects=False)  # fmt: skip
        assert r.headers["location"] == "/"  # never sent off-site


def test_forms_need_a_session_and_its_csrf_token(db: str) -> None:
    with TestClient(create_app(db)) as c:
        tid = title_id(c, "The Meadow of Copper")
        form = {"op": "merge", "other": "Copper Meadow", "reason": INJECTION}
        assert "Correct this production" not in c.get(f"/titles/{tid}").text  # no forms for readers
        assert c.post(f"/titles/{tid}/edit", data=form, follow_redirects=False).status_code == 403
        assert sign_in(c).status_code == 303
        page = c.get(f"/titles/{tid}").text
        assert "Correct this production" in page and "edit-reject" in page
        assert c.post(f"/titles/{tid}/edit", data=form, follow_redirects=False).status_code == 403
        bad = {**form, "csrf": "0" * 64}
        assert c.post(f"/titles/{tid}/edit", data=bad, follow_redirects=False).status_code == 403
        assert c.post(f"/titles/{tid}/edit", json={**form, "csrf": page_csrf(c, "/")}).status_code == 415
        assert c.get("/api/edits").json() == []
        r = c.post(f"/titles/{tid}/edit", data={**form, "csrf": page_csrf(c, f"/titles/{tid}")}, follow_redirects=False)
        assert r.status_code == 303
        shown = c.get(r.headers["location"])
        assert "Edit #1 by ana" in shown.text and "Copper Meadow" in shown.text
        assert [t["name"] for t in c.get("/api/titles").json()] == ["Copper Meadow"]
        # the reason, an injection, is shown as text on the log page and stored as given
        log = c.get("/log").text
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&#39;; DROP TABLE titles; --" in log
        assert "<script>" not in log
        assert c.get("/api/edits").json()[0]["reason"] == INJECTION
        person = next(
            p for p in c.get("/api/search", params={"q": "Quill"}).json()["people"] if p["name"] == "T. Quill"
        )
        csrf = page_csrf(c, f"/people/{person['id']}")
        r = c.post(f"/people/{person['id']}/edit", data={"op": "merge", "other": "Tessa Quill", "reason": "same actor",
                                                         "csrf": csrf}, follow_redirects=False)  # fmt: skip
        assert r.status_code == 303 and "Edit #2 by ana" in c.get(r.headers["location"]).text
        r = c.post("/edits/1/undo", data={"reason": "no", "csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303 and len(c.get("/api/titles").json()) == 2
        assert [e["editor"] for e in c.get("/api/edits").json()] == ["ana", "ana", "ana"]
        # the title page's other forms: set the kind, add a fact with its source, reject a fact's row
        cm = title_id(c, "Copper Meadow")
        for fields in ({"op": "kind", "kind": "series"},
                       {"op": "add", "rel": "cast", "value": "Pia Holt", "source_url": "https://example.com/cast"},
                       {"op": "reject", "rel": "director", "value": "Ivo Brandt"}):  # fmt: skip
            r = c.post(f"/titles/{cm}/edit", data={**fields, "reason": "checked", "csrf": csrf}, follow_redirects=False)
            assert r.status_code == 303 and "edit-result" in c.get(r.headers["location"]).text, fields
        d = c.get(f"/api/titles/{cm}").json()
        assert d["kind"] == "series" and "director" not in d["facts"]
        assert "Pia Holt" in [v["value"] for v in d["facts"]["cast"]]
        r = c.post(f"/titles/{cm}/edit", data={"op": "add", "rel": "cast", "value": "X", "reason": "r", "csrf": csrf})
        assert r.status_code == 422 and "source" in r.text  # add needs a source: the message, as text


def test_failed_sign_ins_get_429_with_retry_after(db: str) -> None:
    with TestClient(create_app(db)) as c:
        for _ in range(auth.FREE_FAILURES):
            r = c.post("/login", data={"name": "ana", "password": "guess", "csrf": login_csrf(c)})
            assert r.status_code == 401 and "wrong account name or password" in r.text
        r = sign_in(c)  # the right password, too soon
        assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
        assert "slate_session" not in r.headers.get("set-cookie", "")
        assert "too many failed sign-ins" in r.text and 'name="password"' in r.text  # the form, to retry later


def test_names_are_text_everywhere(db: str) -> None:
    name = "<b>eve</b>'--"
    with open_store(db) as store:
        auth.add_user(store, name, "editor", PASSWORD)
    t = token(db, name)
    with TestClient(create_app(db)) as c:
        r = c.post("/api/edits", json={**MERGE, "reason": INJECTION}, headers=bearer(t))
        assert r.status_code == 201 and r.json()["editor"] == name
        log = c.get("/log").text
        assert "&lt;b&gt;eve&lt;/b&gt;&#39;--" in log and "<b>eve" not in log
        assert sign_in(c, name).status_code == 303
        assert "&lt;b&gt;eve&lt;/b&gt;" in c.get("/").text
    with open_store(db) as store:
        assert store.counts()["articles"] == 2 and store.user(name) is not None and store.title_rows([1, 2])


def test_a_private_server_needs_a_session_or_a_token_to_read(db: str) -> None:
    t = token(db, "ana")
    with TestClient(create_app(db, private=True)) as c:
        r = c.get("/api/titles")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert (
            c.get("/api/edits").status_code == 401 and c.get("/api/titles", headers=bearer(t + "x")).status_code == 401
        )
        assert c.get("/api/titles", headers=bearer(t)).status_code == 200
        r = c.get("/titles?sort=name", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Ftitles%3Fsort%3Dname"
        assert sign_in(c).status_code == 303 and c.get("/titles").status_code == 200
    with TestClient(create_app(db)) as c:  # reads stay open otherwise
        assert c.get("/api/titles").status_code == 200 and c.get("/log").status_code == 200


def test_users_and_tokens_commands(db: str) -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["users", "add", "dora", "--role", "editor", "--password-stdin", "--db", db],
                      input="another password\n")  # fmt: skip
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["users", "add", "dora", "--role", "editor", "--db", db])
    assert r.exit_code == 1 and r.output.strip() == "Error: there is already an account named 'dora'"
    assert runner.invoke(cli, ["users", "add", "x", "--password", "p", "--role", "editor", "--db", db]).exit_code == 2
    r = runner.invoke(cli, ["tokens", "create", "dora", "--label", "laptop", "--db", db])
    assert r.exit_code == 0
    secret = r.stdout.strip()
    assert secret.startswith("slate_")
    listed = runner.invoke(cli, ["tokens", "list", "dora", "--json", "--db", db])
    rows = json.loads(listed.stdout)
    assert [(x["user_name"], x["label"], x["revoked_at"]) for x in rows] == [("dora", "laptop", None)]
    assert secret not in listed.output and secret[6:14] not in listed.output
    assert runner.invoke(cli, ["tokens", "revoke", str(rows[0]["id"]), "--db", db]).exit_code == 0
    assert runner.invoke(cli, ["tokens", "revoke", "999", "--db", db]).output.strip() == "Error: no token with id 999"
    assert "dora" in runner.invoke(cli, ["users", "list", "--db", db]).output
    assert runner.invoke(cli, ["users", "disable", "dora", "--db", db]).exit_code == 0
    with open_store(db) as store:
        assert auth.token_account(store, secret) is None
        assert auth.login(store, "dora", "another password", "10.1.1.1") is None


def test_a_database_without_the_account_tables_still_answers_reads(tmp_path: Path) -> None:
    # as a schema-2 database opened read-only reads: no users, no tokens, no sessions; reads work
    db = str(tmp_path / "old.db")
    with open_store(db) as store:
        build(store)
    conn = sqlite3.connect(db)
    conn.executescript("DROP TABLE sessions; DROP TABLE tokens; DROP TABLE login_failures; DROP TABLE users;")
    conn.close()
    with open_store(db, readonly=True) as store:
        assert store.users() == [] and store.tokens() == [] and auth.session(store, "x" * 43) is None
        assert auth.token_account(store, "slate_" + "A" * 43) is None and auth.wait_for(store, "ana", "::1") == 0
    with TestClient(create_app(db)) as c:
        c.cookies.set("slate_session", "x" * 43)
        assert c.get("/").status_code == 200 and len(c.get("/api/titles").json()) == 2
        assert c.post("/api/edits", json=MERGE, headers=bearer("slate_" + "A" * 43)).status_code == 401
    with open_store(db) as store:  # the first account made creates the tables (a version-3 database without them)
        auth.add_user(store, "ana", "editor", None)
        assert auth.token_account(store, auth.create_token(store, "ana")[1]) is not None
