"""Accounts, API tokens, sign-in sessions and their protections; no SQL here (that is in the store).

* **Passwords**: salted ``hashlib.scrypt`` (n=2**14, r=8, p=1), checked with ``hmac.compare_digest``;
  an unknown account costs the same scrypt as a known one.
* **Tokens**: ``slate_`` + 32 random bytes (URL-safe base64). The database keeps the SHA-256 of the
  whole token (enough for a high-entropy secret) and its first 8 characters after ``slate_`` to find
  the row; the token itself is shown once and never stored or logged.
* **Sessions**: a random cookie value; the database keeps its SHA-256 and an expiry. A sign-in always
  starts a new session (the browser's previous one ends): no session fixation. The CSRF token of a
  session is an HMAC of the session's secret, so it needs no storage and reveals nothing of it.
* **Failed sign-ins** are counted per account and per client address in the database (so they hold
  across server processes): after :data:`FREE_FAILURES` failures within :data:`WINDOW`, each further
  attempt must wait twice as long as the one before (1 s, 2 s, 4 s ... at most :data:`MAX_DELAY`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from slate.errors import AccountError, SlateError
from slate.store import Store

ROLES = ("editor", "admin")
TOKEN_PREFIX = "slate_"
LOOKUP_CHARS = 8
SESSION_DAYS = 1
WINDOW = timedelta(minutes=15)
FREE_FAILURES = 5
MAX_DELAY = 900  # seconds
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_NAME = 64
MAX_PASSWORD = 1024
audit = logging.getLogger("slate.audit")


class RateLimited(SlateError):
    """Too many failed sign-ins: try again in :attr:`retry_after` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed sign-ins: try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Account:
    """Who a request is: the account's name (an edit's editor) and role."""

    id: int
    name: str
    role: str

    @property
    def admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class Session:
    """A signed-in browser: the cookie's value (secret) and the account."""

    secret: str
    account: Account
    expires_at: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.secret)


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="microseconds")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


# -- passwords ---------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash``: a fresh 16-byte salt each time."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${_b64(salt)}${_b64(digest)}"


_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, stored: str | None) -> bool:
    """Whether ``password`` matches ``stored`` (constant-time; a missing hash costs the same)."""
    target = stored or _DUMMY_HASH
    try:
        _, n, r, p, salt, digest = target.split("$")
        pad = "=" * (-len(salt) % 4), "=" * (-len(digest) % 4)
        want = base64.urlsafe_b64decode(digest + pad[1])
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.urlsafe_b64decode(salt + pad[0]), n=int(n), r=int(r), p=int(p),
            dklen=len(want),
        )  # fmt: skip
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want) and stored is not None


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(f"an account name is 1 to {MAX_NAME} printable characters without spaces")
    return name


def check_password(password: str) -> str:
    if not 8 <= len(password) <= MAX_PASSWORD:
        raise AccountError(f"a password is 8 to {MAX_PASSWORD} characters")
    return password


# -- users -------------------------------------------------------------------------------------
def add_user(store: Store, name: str, role: str, password: str | None, *, by: str = "cli") -> int:
    """A new account; ``password`` (when given) lets it sign in on the login form."""
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (editor or admin)")
    hashed = hash_password(check_password(password)) if password is not None else None
    user_id = store.add_user(name, role, hashed, _iso(_now()))
    audit.info("account %r (%s) created by %s", name, role, by)
    return user_id


def list_users(store: Store) -> list[dict[str, Any]]:
    return [
        {"id": u["id"], "name": u["name"], "role": u["role"], "created_at": u["created_at"],
         "disabled_at": u["disabled_at"], "password": bool(u["has_password"]), "tokens": int(u["tokens"])}
        for u in store.users()
    ]  # fmt: skip


def disable_user(store: Store, name: str, *, by: str = "cli") -> None:
    store.disable_user(name, _iso(_now()))
    audit.info("account %r disabled by %s", name, by)


# -- tokens ------------------------------------------------------------------------------------
def create_token(store: Store, name: str, label: str | None = None) -> tuple[int, str]:
    """A new API token of the account ``name``: ``(id, token)``. The token is returned once and
    only its hash is stored."""
    token = TOKEN_PREFIX + _b64(secrets.token_bytes(32))
    lookup = token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + LOOKUP_CHARS]
    token_id = store.add_token(name, lookup, _sha256(token), label, _iso(_now()))
    audit.info("token %d created for %r", token_id, name)
    return token_id, token


def list_tokens(store: Store, name: str | None = None) -> list[dict[str, Any]]:
    return [dict(t) for t in store.tokens(name)]


def revoke_token(store: Store, token_id: int) -> str:
    """Revoke a token; returns its account's name."""
    row = store.revoke_token(token_id, _iso(_now()))
    audit.info("token %d of %r revoked", token_id, row["user_name"])
    return str(row["user_name"])


def token_account(store: Store, token: str, *, touch: Store | None = None) -> Account | None:
    """The live, enabled account whose token this is, else None; ``touch`` (a writable store)
    records the use (at most once a minute per token)."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    lookup = token[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + LOOKUP_CHARS]
    digest = _sha256(token)
    found = None
    for row in store.tokens_by_prefix(lookup):
        if hmac.compare_digest(str(row["token_hash"]), digest):
            found = row
    if found is None or found["disabled_at"]:
        return None
    now = _now()
    if touch is not None and (not found["last_used"] or found["last_used"] < _iso(now - timedelta(minutes=1))):
        touch.token_used(int(found["id"]), _iso(now))
    return Account(int(found["user_id"]), str(found["user_name"]), str(found["role"]))


# -- sessions ----------------------------------------------------------------------------------
def csrf_token(secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), b"slate csrf", hashlib.sha256).hexdigest()


def csrf_ok(session: Session | None, given: str | None) -> bool:
    return session is not None and bool(given) and hmac.compare_digest(session.csrf, str(given))


def _keys(name: str, address: str) -> list[str]:
    return [f"account:{name}", f"address:{address}"]


def wait_for(store: Store, name: str, address: str) -> int:
    """Seconds before the next sign-in attempt of ``name`` from ``address`` may be tried (0: now)."""
    now = _now()
    wait = 0.0
    for row in store.login_failures(_keys(name, address), _iso(now - WINDOW)):
        extra = int(row["n"]) - FREE_FAILURES
        if extra < 0:
            continue
        delay = min(2.0**extra, MAX_DELAY)
        latest = datetime.fromisoformat(str(row["latest"]))
        wait = max(wait, (latest + timedelta(seconds=delay) - now).total_seconds())
    return max(0, int(wait + 0.999))


def login(store: Store, name: str, password: str, address: str, *, replaces: str | None = None) -> Session | None:
    """Sign in: a new session, or None for a wrong name or password (counted). Raises
    :class:`RateLimited` (without checking the password) while the account or the address must wait.
    ``replaces`` is the browser's previous session cookie, which ends."""
    name = name.strip()[:MAX_NAME]
    retry = wait_for(store, name, address)
    if retry:
        audit.warning("sign-in of %r from %s refused: rate-limited (%d s)", name, address, retry)
        raise RateLimited(retry)
    user = store.user(name)
    ok = verify_password(password[:MAX_PASSWORD], user["password_hash"] if user else None)
    now = _now()
    if not ok or user is None or user["disabled_at"]:
        store.add_login_failure(_keys(name, address), _iso(now), _iso(now - WINDOW))
        audit.warning("failed sign-in of %r from %s", name, address)
        return None
    store.clear_login_failures(_keys(name, address))
    secret = secrets.token_urlsafe(32)
    expires = _iso(now + timedelta(days=SESSION_DAYS))
    store.add_session(_sha256(secret), int(user["id"]), _iso(now), expires, _sha256(replaces) if replaces else None)
    audit.info("%r signed in from %s", name, address)
    return Session(secret, Account(int(user["id"]), str(user["name"]), str(user["role"])), expires)


def session(store: Store, secret: str | None) -> Session | None:
    """The live session of this cookie value, else None."""
    if not secret or len(secret) > 200:
        return None
    row = store.session(_sha256(secret), _iso(_now()))
    if row is None or row["disabled_at"]:
        return None
    return Session(secret, Account(int(row["user_id"]), str(row["user_name"]), str(row["role"])), row["expires_at"])


def logout(store: Store, secret: str) -> None:
    store.end_session(_sha256(secret))
