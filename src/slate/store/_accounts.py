"""Accounts in the store: users, API tokens, sign-in sessions and failed sign-ins.

Only hashes are stored (the secrets themselves never reach the database); :mod:`slate.auth` makes
and checks them. A database without these tables (schema version 2 opened read-only, or a version 3
made before accounts existed) reads as one without accounts; its first account write creates them.
"""

from __future__ import annotations

from collections.abc import Sequence

from slate.errors import AccountError
from slate.store._base import Row, StoreBase

_USER = "u.id AS user_id, u.name AS user_name, u.role, u.disabled_at"


class AccountsMixin(StoreBase):
    """The account tables' reads and writes (a part of :class:`slate.store.Store`)."""

    _has_accounts: bool | None = None

    def has_accounts(self) -> bool:
        """Whether the account tables exist (a read-only database of schema 2 has none)."""
        if not self._has_accounts:
            tables = self._tables()
            self._has_accounts = {"users", "tokens", "sessions", "login_failures"} <= tables
        return bool(self._has_accounts)

    def _accounts_tables(self) -> None:
        """Inside a write: create the account tables when missing (a version-3 database made by a
        Slate without accounts has none; every table of the schema is ``IF NOT EXISTS``)."""
        if not self.has_accounts():
            self._create_schema()
            self._has_accounts = None

    # -- users ---------------------------------------------------------------------------------
    def add_user(self, name: str, role: str, password_hash: str | None, now: str) -> int:
        with self.transaction():
            self._accounts_tables()
            if self._one("SELECT id FROM users WHERE name = ?", (name,)):
                raise AccountError(f"there is already an account named {name!r}")
            return self._insert(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                (name, role, password_hash, now),
            )

    def user(self, name: str) -> Row | None:
        if not self.has_accounts():
            return None
        return self._one(
            "SELECT id, name, role, password_hash, created_at, disabled_at FROM users WHERE name = ?", (name,)
        )

    def users(self) -> list[Row]:
        if not self.has_accounts():
            return []
        return self._rows(
            "SELECT u.id, u.name, u.role, u.created_at, u.disabled_at, u.password_hash IS NOT NULL AS has_password,"
            " (SELECT count(*) FROM tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL) AS tokens"
            " FROM users u ORDER BY u.name"
        )

    def disable_user(self, name: str, now: str) -> None:
        """No sign-in and no token of the account works any more; its sessions end."""
        with self.transaction():
            self._accounts_tables()
            row = self._one("SELECT id FROM users WHERE name = ?", (name,))
            if row is None:
                raise AccountError(f"no account named {name!r}")
            self._exec("UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL", (now, row["id"]))
            self._exec("DELETE FROM sessions WHERE user_id = ?", (row["id"],))

    # -- tokens --------------------------------------------------------------------------------
    def add_token(self, user_name: str, prefix: str, token_hash: str, label: str | None, now: str) -> int:
        with self.transaction():
            self._accounts_tables()
            row = self._one("SELECT id, disabled_at FROM users WHERE name = ?", (user_name,))
            if row is None:
                raise AccountError(f"no account named {user_name!r} (slate users add creates it)")
            if row["disabled_at"]:
                raise AccountError(f"the account {user_name!r} is disabled")
            return self._insert(
                "INSERT INTO tokens (user_id, prefix, token_hash, label, created_at) VALUES (?, ?, ?, ?, ?)",
                (row["id"], prefix, token_hash, label, now),
            )

    def tokens(self, user_name: str | None = None) -> list[Row]:
        """Every token's id, account, label and dates (never a secret: the table holds none)."""
        if not self.has_accounts():
            return []
        where, params = ("WHERE u.name = ?", [user_name]) if user_name else ("", [])
        return self._rows(
            "SELECT t.id, u.name AS user_name, t.label, t.created_at, t.last_used, t.revoked_at"
            f" FROM tokens t JOIN users u ON u.id = t.user_id {where} ORDER BY t.id",
            params,
        )

    def tokens_by_prefix(self, prefix: str) -> list[Row]:
        """The live tokens whose lookup prefix is ``prefix``, with their account."""
        if not self.has_accounts():
            return []
        return self._rows(
            f"SELECT t.id, t.token_hash, t.last_used, {_USER} FROM tokens t JOIN users u ON u.id = t.user_id"
            " WHERE t.prefix = ? AND t.revoked_at IS NULL",
            (prefix,),
        )

    def revoke_token(self, token_id: int, now: str) -> Row:
        with self.transaction():
            self._accounts_tables()
            row = self._one(
                "SELECT t.id, t.revoked_at, u.name AS user_name FROM tokens t JOIN users u ON u.id = t.user_id"
                " WHERE t.id = ?",
                (token_id,),
            )
            if row is None:
                raise AccountError(f"no token with id {token_id}")
            if row["revoked_at"] is None:
                self._exec("UPDATE tokens SET revoked_at = ? WHERE id = ?", (now, token_id))
            return row

    def token_used(self, token_id: int, now: str) -> None:
        with self.transaction():
            self._accounts_tables()
            self._exec("UPDATE tokens SET last_used = ? WHERE id = ?", (now, token_id))

    # -- sessions ------------------------------------------------------------------------------
    def add_session(self, id_hash: str, user_id: int, now: str, expires_at: str, replaces: str | None) -> None:
        """A new session; the one it ``replaces`` (the browser's previous cookie) ends, and so do
        the expired ones."""
        with self.transaction():
            self._accounts_tables()
            if replaces:
                self._exec("DELETE FROM sessions WHERE id_hash = ?", (replaces,))
            self._exec("DELETE FROM sessions WHERE expires_at < ?", (now,))
            self._exec(
                "INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (id_hash, user_id, now, expires_at),
            )

    def session(self, id_hash: str, now: str) -> Row | None:
        """The unexpired session with this hash and its account."""
        if not self.has_accounts():
            return None
        return self._one(
            f"SELECT s.id_hash, s.expires_at, {_USER} FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.id_hash = ? AND s.expires_at > ?",
            (id_hash, now),
        )

    def end_session(self, id_hash: str) -> None:
        with self.transaction():
            self._accounts_tables()
            self._exec("DELETE FROM sessions WHERE id_hash = ?", (id_hash,))

    # -- failed sign-ins -----------------------------------------------------------------------
    def login_failures(self, keys: Sequence[str], since: str) -> list[Row]:
        """Per key: how many sign-ins failed since ``since`` and when the latest did."""
        if not self.has_accounts() or not keys:
            return []
        marks = ", ".join("?" for _ in keys)
        return self._rows(
            f"SELECT key, count(*) AS n, max(failed_at) AS latest FROM login_failures"
            f" WHERE key IN ({marks}) AND failed_at >= ? GROUP BY key",
            [*keys, since],
        )

    def add_login_failure(self, keys: Sequence[str], now: str, forget_before: str) -> None:
        with self.transaction():
            self._accounts_tables()
            self._exec("DELETE FROM login_failures WHERE failed_at < ?", (forget_before,))
            for key in keys:
                self._exec("INSERT INTO login_failures (key, failed_at) VALUES (?, ?)", (key, now))

    def clear_login_failures(self, keys: Sequence[str]) -> None:
        with self.transaction():
            self._accounts_tables()
            for key in keys:
                self._exec("DELETE FROM login_failures WHERE key = ?", (key,))
