"""Accounts, API tokens, sign-in sessions and the editors' write API and forms: the security
properties (401 without a live token, admins only for accounts, CSRF, new session at sign-in,
failed sign-ins slowed, injections shown as text, an append-only audit log) on both backends."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from slate import auth
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
        assert account == auth.Account(account.id, "ana", "editor") and store.tokens("ana")[0]["last_used"]
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
