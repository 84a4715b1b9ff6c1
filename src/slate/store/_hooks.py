"""The store's part of webhooks (``slate hooks``): the hooks, the change ids the queue has seen, the
outbox and the delivery log. The logic (what to queue, signing, retries) is in :mod:`slate.hooks`.

A database of schema version 2 opened read-only has none of these tables: reads answer as if they
were empty."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from slate.store._base import Row, StoreBase

#: the PostgreSQL session advisory lock a delivery run holds ("SlateHk")
DELIVERY_LOCK = 0x536C617465486B

_HOOK_COLUMNS = (
    "h.id, h.url, h.kinds, h.title_id, h.title, h.allow_private, h.created_at, h.seen_seq, h.enabled, h.failures,"
    " h.status, CASE WHEN h.secret <> '' THEN 1 ELSE 0 END AS has_secret"
)


class HooksMixin(StoreBase):
    """Webhook tables, mixed into :class:`slate.store.Store`."""

    def _has_hook_tables(self) -> bool:
        known: bool | None = getattr(self, "_hook_tables_known", None)
        if known is None:
            known = "hooks" in self._tables()
            if known:  # a missing table may yet be made (by a writer's upgrade); a present one stays
                self._hook_tables_known = True
        return known

    # -- hooks ---------------------------------------------------------------------------------
    def has_hooks(self) -> bool:
        """Whether any hook is defined (enabled or not): the one query an ingest makes when none is."""
        if not self._has_hook_tables():
            return False
        return self._one("SELECT 1 AS x FROM hooks LIMIT 1") is not None

    def add_hook(
        self,
        *,
        url: str,
        secret: str,
        kinds: str,
        title_id: int | None,
        title: str | None,
        allow_private: bool,
        created_at: str,
        seen_seq: int,
    ) -> int:
        return self._insert(
            "INSERT INTO hooks (url, secret, kinds, title_id, title, allow_private, created_at, seen_seq, enabled,"
            " failures, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 'active')",
            (url, secret, kinds, title_id, title, int(allow_private), created_at, seen_seq),
        )

    def hooks(self) -> list[Row]:
        """Every hook (without its secret: ``has_secret`` says whether it has one), with the count of
        its deliveries done and pending."""
        if not self._has_hook_tables():
            return []
        return self._rows(
            f"SELECT {_HOOK_COLUMNS},"
            " (SELECT COUNT(*) FROM hook_outbox o WHERE o.hook_id = h.id AND o.delivered_at IS NOT NULL) AS delivered,"
            " (SELECT COUNT(*) FROM hook_outbox o WHERE o.hook_id = h.id AND o.delivered_at IS NULL) AS pending"
            " FROM hooks h ORDER BY h.id"
        )

    def hook(self, hook_id: int) -> Row | None:
        if not self._has_hook_tables():
            return None
        return self._one(f"SELECT {_HOOK_COLUMNS} FROM hooks h WHERE h.id = ?", (hook_id,))

    def hook_secret(self, hook_id: int) -> str | None:
        row = self._one("SELECT secret FROM hooks WHERE id = ?", (hook_id,))
        return str(row["secret"]) if row else None

    def remove_hook(self, hook_id: int) -> bool:
        """Delete the hook, its outbox and its log (one transaction); False when there is no such hook."""
        with self.transaction():
            if self._one("SELECT id FROM hooks WHERE id = ?", (hook_id,)) is None:
                return False
            self._exec("DELETE FROM hook_attempts WHERE hook_id = ?", (hook_id,))
            self._exec("DELETE FROM hook_outbox WHERE hook_id = ?", (hook_id,))
            self._exec("DELETE FROM hooks WHERE id = ?", (hook_id,))
            return True

    def enable_hook(self, hook_id: int, now: str) -> bool:
        """Turn the hook back on (its failures forgotten) and make its pending deliveries due now."""
        with self.transaction():
            if self._one("SELECT id FROM hooks WHERE id = ?", (hook_id,)) is None:
                return False
            self._exec("UPDATE hooks SET enabled = 1, failures = 0, status = 'active' WHERE id = ?", (hook_id,))
            self._exec(
                "UPDATE hook_outbox SET next_attempt_at = ? WHERE hook_id = ? AND delivered_at IS NULL", (now, hook_id)
            )
            return True

    # -- queueing ------------------------------------------------------------------------------
    def seen_changes(self) -> dict[str, int]:
        """Every change id the queue has seen, with its seq (the order it was first seen)."""
        if not self._has_hook_tables():
            return {}
        return {str(r["change_id"]): int(r["seq"]) for r in self._rows("SELECT change_id, seq FROM hook_changes")}

    def see_changes(self, change_ids: Sequence[str], now: str) -> int:
        """Record change ids not seen before (in this order); the highest seq there is afterwards."""
        for cid in change_ids:
            self._exec(
                "INSERT INTO hook_changes (change_id, seen_at) VALUES (?, ?) ON CONFLICT (change_id) DO NOTHING",
                (cid, now),
            )
        return self.last_change_seq()

    def last_change_seq(self) -> int:
        row = self._one("SELECT MAX(seq) AS n FROM hook_changes")
        return int(row["n"]) if row and row["n"] is not None else 0

    def enqueue(self, rows: Sequence[tuple[int, str, str, str, str]], now: str) -> int:
        """Outbox rows (hook id, change id, delivery id, kind, payload), due now; a (hook, change)
        already queued is left as it is. Returns how many were new."""
        added = 0
        for hook_id, change_id, delivery_id, kind, payload in rows:
            cur = self._exec(
                "INSERT INTO hook_outbox (hook_id, change_id, delivery_id, kind, payload, queued_at, attempts,"
                " next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?) ON CONFLICT (hook_id, change_id) DO NOTHING"
                " RETURNING id",
                (hook_id, change_id, delivery_id, kind, payload, now, now),
            )
            added += cur.fetchone() is not None
        return added

    def set_hook_seen(self, hook_id: int, seq: int) -> None:
        self._exec("UPDATE hooks SET seen_seq = ? WHERE id = ? AND seen_seq < ?", (seq, hook_id, seq))

    def hooks_mark(self) -> str:
        """A cheap fingerprint of what changes are derived from: it moves whenever an article, a
        claim, a name or a link is added (ingest, re-extraction), so an unchanged one means no new change."""
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM articles) AS a, (SELECT MAX(id) FROM claims) AS c,"
            " (SELECT MAX(id) FROM title_aliases) AS t, (SELECT MAX(id) FROM title_links) AS l,"
            " (SELECT COUNT(*) FROM hooks) AS h"
        )
        assert row is not None
        return ":".join(str(row[k] or 0) for k in ("a", "c", "t", "l", "h"))

    def meta(self, key: str) -> str | None:
        row = self._one("SELECT value FROM slate_meta WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._exec(
            "INSERT INTO slate_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- delivering ----------------------------------------------------------------------------
    @contextmanager
    def delivery_lock(self) -> Iterator[bool]:
        """One delivery run at a time per database: yields True when this one holds the lock, False
        when another run does. The lock dies with its process (PostgreSQL: a session advisory lock;
        SQLite: ``flock`` on ``<file>-hooks.lock`` beside the database), so a killed run leaves none."""
        if self.dialect == "postgresql":
            row = self._one("SELECT pg_try_advisory_lock(?) AS ok", (DELIVERY_LOCK,))
            self.conn.commit()
            held = bool(row and row["ok"])
            try:
                yield held
            finally:
                if held and not self.conn.closed:
                    self._one("SELECT pg_advisory_unlock(?) AS ok", (DELIVERY_LOCK,))
                    self.conn.commit()
            return
        if self.url == ":memory:":
            yield True
            return
        fd = os.open(f"{self.url}-hooks.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # closing releases the lock

    def due_deliveries(self, now: str, limit: int) -> list[Row]:
        """Undelivered outbox rows due by ``now`` of enabled hooks, oldest first, with the hook's
        url, secret and whether private addresses are allowed."""
        if not self._has_hook_tables():
            return []
        return self._rows(
            "SELECT o.id, o.hook_id, o.change_id, o.delivery_id, o.kind, o.payload, o.attempts, h.url, h.secret,"
            " h.allow_private FROM hook_outbox o JOIN hooks h ON h.id = o.hook_id"
            " WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ? AND h.enabled = 1 ORDER BY o.id LIMIT ?",
            (now, limit),
        )

    def waiting_deliveries(self) -> int:
        """Undelivered outbox rows (not yet due, or of a disabled hook)."""
        if not self._has_hook_tables():
            return 0
        row = self._one("SELECT COUNT(*) AS n FROM hook_outbox WHERE delivered_at IS NULL")
        return int(row["n"]) if row else 0

    def delivered(self, row: Row, *, at: str, duration_ms: int, status_code: int) -> bool:
        """Mark an outbox row delivered (after a 2xx) and log the attempt, in one transaction. False
        (nothing changed) when it was already marked: a delivery is recorded once."""
        with self.transaction():
            cur = self._exec(
                "UPDATE hook_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL"
                " WHERE id = ? AND delivered_at IS NULL RETURNING attempts",
                (at, row["id"]),
            )
            done = cur.fetchone()
            if done is None:
                return False
            self._log_attempt(row, int(done[0]), at, duration_ms, status_code, True, None, None)
            self._exec("UPDATE hooks SET failures = 0 WHERE id = ?", (row["hook_id"],))
            return True

    def failed(
        self,
        row: Row,
        *,
        at: str,
        duration_ms: int,
        status_code: int | None,
        error: str,
        next_attempt_at: str,
        max_failures: int,
    ) -> str | None:
        """Log a failed attempt and set the row's next attempt; the hook's consecutive failures go up
        and at ``max_failures`` it is disabled. Returns the hook's new status when it was disabled."""
        with self.transaction():
            cur = self._exec(
                "UPDATE hook_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
                " WHERE id = ? AND delivered_at IS NULL RETURNING attempts",
                (next_attempt_at, error, row["id"]),
            )
            done = cur.fetchone()
            if done is None:
                return None
            self._log_attempt(row, int(done[0]), at, duration_ms, status_code, False, error, next_attempt_at)
            hook = self._one(
                "UPDATE hooks SET failures = failures + 1 WHERE id = ? RETURNING failures, enabled", (row["hook_id"],)
            )
            if hook is None or not hook["enabled"] or int(hook["failures"]) < max_failures:
                return None
            status = f"disabled after {int(hook['failures'])} failures: {error}"
            self._exec("UPDATE hooks SET enabled = 0, status = ? WHERE id = ?", (status, row["hook_id"]))
            return status

    def _log_attempt(
        self,
        row: Row,
        attempt: int,
        at: str,
        duration_ms: int,
        status_code: int | None,
        ok: bool,
        error: str | None,
        next_attempt_at: str | None,
    ) -> None:
        self._exec(
            "INSERT INTO hook_attempts (hook_id, outbox_id, delivery_id, change_id, kind, attempt, at, duration_ms,"
            " status_code, ok, error, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row["hook_id"], row["id"], row["delivery_id"], row["change_id"], row["kind"], attempt, at, duration_ms,
             status_code, int(ok), error, next_attempt_at),
        )  # fmt: skip

    def hook_attempts(self, hook_id: int | None = None, *, limit: int = 50) -> list[Row]:
        """The latest ``limit`` delivery attempts (of one hook), oldest first."""
        if not self._has_hook_tables():
            return []
        where, params = (" WHERE hook_id = ?", [hook_id]) if hook_id is not None else ("", [])
        rows = self._rows(
            "SELECT id, hook_id, delivery_id, change_id, kind, attempt, at, duration_ms, status_code, ok, error,"
            f" next_attempt_at FROM hook_attempts{where} ORDER BY id DESC LIMIT ?",
            [*params, limit],
        )
        return rows[::-1]

    def outbox(self, hook_id: int | None = None) -> Iterator[Row]:
        """Every outbox row (of one hook), in queue order."""
        if not self._has_hook_tables():
            return iter(())
        where, params = (" WHERE hook_id = ?", [hook_id]) if hook_id is not None else ("", [])
        return iter(
            self._rows(
                "SELECT id, hook_id, change_id, delivery_id, kind, attempts, next_attempt_at, delivered_at, last_error"
                f" FROM hook_outbox{where} ORDER BY id",
                params,
            )
        )
