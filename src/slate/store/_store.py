"""The store: every SQL statement Slate runs lives here.

Written once for SQLite and PostgreSQL: standard SQL with ``?`` placeholders (rewritten to ``%s``
for psycopg), ``RETURNING id`` for new rows. An article and everything extracted from it are
written in one transaction: all of it or none of it. Writers take turns (SQLite: ``BEGIN
IMMEDIATE``; PostgreSQL: one advisory lock per write transaction), so concurrent ingests give the
database a sequential run gives. Nothing is written to a database until it is known to be Slate's.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from slate import resolve
from slate.errors import StoreError, StoreLost
from slate.models import PERSON_RELATIONS, Article, Extraction
from slate.store._edits import EditsMixin
from slate.store._hooks import HooksMixin
from slate.store._watch import WatchStore

SCHEMA_VERSION = "3"  # 2: title_aliases and title_links carry their extractor version; 3: webhooks, watch, edits
#: ``PRAGMA application_id`` of a Slate SQLite file ("Slat"); ``user_version`` holds the schema version
APPLICATION_ID = 0x536C6174
#: the PostgreSQL advisory lock every write transaction (schema creation included) holds
WRITE_LOCK = 0x536C617465
PLACE_RELATIONS = {"filming_location"}
ORG_RELATIONS = {"studio"}

Row = dict[str, Any]

#: a row (claims, quotes, title_aliases, title_links, aliased ``%s``) answers when it is of the
#: extraction its article (aliased ``ar``) answers with: every read joins the article and asks this
_ANSWERS = "%s.extractor_version = ar.extractor_version"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (``%`` and ``_`` are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def schema_sql() -> str:
    return resources.files("slate.store").joinpath("schema.sql").read_text(encoding="utf-8")


class Store(HooksMixin, WatchStore, EditsMixin):
    """A Slate database (SQLite file or PostgreSQL) behind one DB-API connection."""

    def __init__(self, conn: Any, *, dialect: str, url: str, readonly: bool = False) -> None:
        self.conn = conn
        self.dialect = dialect
        self.url = url
        self.readonly = readonly
        self._in_tx = False
        #: the schema version the database holds (known once :meth:`check_owner` has run)
        self.schema_version = 0
        #: while re-extracting: the only extractor version whose names resolve the new titles
        self._resolve_version: str | None = None

    # -- plumbing ------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self.dialect == "postgresql" else sql

    def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(self._sql(sql), tuple(params))
        return cur

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = self._exec(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _insert(self, sql: str, params: Sequence[Any]) -> int:
        cur = self._exec(sql + " RETURNING id", params)
        return int(cur.fetchone()[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All statements inside commit together or not at all."""
        if self._in_tx:
            yield
            return
        self._in_tx = True
        try:
            if self.dialect == "sqlite":
                self.conn.execute("BEGIN IMMEDIATE")
            elif self.dialect == "postgresql":
                self.conn.commit()  # close the implicit read transaction; the next statement opens ours
                self._exec("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))  # writers take turns
            yield
            self.conn.commit()
        except BaseException:
            try:
                self.conn.rollback()
            except self._db_errors():
                pass  # the connection is gone: the transaction is too
            raise
        finally:
            self._in_tx = False

    def _tables(self) -> set[str]:
        if self.dialect == "postgresql":
            rows = self._rows(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            )
        else:
            rows = self._rows(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'"
            )
        return {str(r["name"]) for r in rows}

    def _pragma(self, name: str) -> int:
        row = self._one(f"PRAGMA {name}")
        return int(next(iter(row.values()))) if row else 0

    def _stored_version(self, tables: set[str]) -> int:
        """The schema version recorded in ``slate_meta`` (and, on SQLite, ``PRAGMA user_version``)."""
        version = 0
        if self.dialect == "sqlite" and self._pragma("application_id") == APPLICATION_ID:
            version = self._pragma("user_version")
        if "slate_meta" in tables:
            row = self._one("SELECT value FROM slate_meta WHERE key = 'schema_version'")
            value = str(row["value"]) if row else ""
            version = max(version, int(value) if value.isdigit() else 0)
        return version

    def check_owner(self) -> bool:
        """True when the database holds Slate's schema, False when it is empty; a database of
        another program or of a newer Slate raises :class:`StoreError` (and nothing is changed).
        The version found is kept in :attr:`schema_version` (older ones are upgraded by :meth:`migrate`)."""
        where = self.url if self.dialect == "sqlite" else "this PostgreSQL database"
        tables = self._tables()
        if self.dialect == "sqlite":
            app = self._pragma("application_id")
            if app not in (0, APPLICATION_ID):
                raise StoreError(f"{where}: not a Slate database (application id {app:#x}); nothing was changed")
        version = self._stored_version(tables)
        if tables and "slate_meta" not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{where}: not a Slate database (it holds another program's tables: {shown}); nothing was changed"
            )
        if version > int(SCHEMA_VERSION):
            raise StoreError(
                f"{where}: made by a newer Slate (schema version {version}; this one knows version {SCHEMA_VERSION}):"
                " upgrade Slate"
            )
        self.schema_version = version
        if self.dialect == "postgresql":
            self.conn.commit()  # end the read transaction
        return "slate_meta" in tables

    def init_schema(self) -> None:
        """Create the tables once, in one transaction (concurrent first runs take turns); opening an
        existing database takes no write lock (readers stay readers while an ingest runs), unless
        its schema is older than this Slate's: then it is upgraded in place (:meth:`migrate`)."""
        if self.check_owner():
            if self.schema_version < int(SCHEMA_VERSION) and not self.readonly:
                self.migrate()
            return
        if self.readonly:
            raise StoreError(f"{self.url if self.dialect == 'sqlite' else 'the database'}: no Slate data yet")
        with self.transaction():
            self._create_schema()
            self._exec(
                "INSERT INTO slate_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                (SCHEMA_VERSION,),
            )
            if self.dialect == "sqlite":
                self._exec(f"PRAGMA application_id = {APPLICATION_ID}")
                self._exec(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")

    def _create_schema(self) -> None:
        """Every table and index of ``schema.sql`` that is missing (all are ``IF NOT EXISTS``)."""
        sql = _strip_comments(schema_sql())
        if self.dialect == "postgresql":
            from slate.store._postgres import postgres_schema

            sql = postgres_schema(sql)
        for statement in [s.strip() for s in sql.split(";")]:
            if statement:
                self._exec(statement)

    def migrate(self) -> None:
        """Upgrade a database of an older schema version to this one, in place and in one
        transaction (PostgreSQL: under the write lock, so concurrent upgrades take turns; the
        second finds nothing left to do). Version 1 -> 2: title_aliases and title_links get their
        extractor version, filled from their article's (version 1 never had two versions of one
        article, so every existing row answers as before). Version 2 -> 3: the webhook tables
        (hooks, hook_changes, hook_outbox, hook_attempts), ``slate watch``'s tables (watch_fetches,
        watch_feeds) and the editors' decisions (``edits``) are created, empty."""
        with self.transaction():
            version = self._stored_version(self._tables())
            if version >= int(SCHEMA_VERSION):
                self.schema_version = version
                return
            if version < 2:
                for table in ("title_aliases", "title_links"):
                    self._exec(f"ALTER TABLE {table} ADD COLUMN extractor_version TEXT NOT NULL DEFAULT ''")
                    self._exec(
                        f"UPDATE {table} SET extractor_version ="
                        f" (SELECT ar.extractor_version FROM articles ar WHERE ar.id = {table}.article_id)"
                    )
                    if self.dialect == "postgresql":  # as schema.sql has it (SQLite cannot drop a default)
                        self._exec(f"ALTER TABLE {table} ALTER COLUMN extractor_version DROP DEFAULT")
            self._create_schema()  # the tables and indexes the new versions added
            self._exec("UPDATE slate_meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION,))
            if self.dialect == "sqlite":
                self._exec(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
        self.schema_version = int(SCHEMA_VERSION)

    def close(self) -> None:
        try:
            self.conn.close()
        except Exception:  # noqa: BLE001 - closing twice is fine
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def _db_errors(self) -> tuple[type[BaseException], ...]:
        """The driver's database errors (a constraint broken, a lost connection...)."""
        if self.dialect == "postgresql":
            import psycopg

            return (psycopg.Error,)
        return (sqlite3.Error,)

    def has_article(self, article_id: str) -> bool:
        return self._one("SELECT 1 AS x FROM articles WHERE id = ?", (article_id,)) is not None

    def add(self, article: Article, extraction: Extraction) -> bool:
        """Store one article and everything extracted from it, in one transaction.

        Returns False, adding nothing, when the same article (same text) is already stored."""
        try:
            with self.transaction():
                self._overlays = None  # the decisions resolve against the new rows
                return self._add(article, extraction, _now())
        except self._db_errors() as e:
            lost = self._lost(e)
            if lost is not None:
                raise lost from None
            raise StoreError(f"{article.ref}: not stored: {_first_line(e)}") from None

    def _lost(self, e: BaseException) -> StoreLost | None:
        """A :class:`StoreLost` when after ``e`` no later write can succeed (the run ends)."""
        if self.dialect == "postgresql":
            import psycopg

            if self.conn.closed or self.conn.broken or isinstance(e, psycopg.OperationalError):
                return StoreLost(f"lost the connection to PostgreSQL: {_first_line(e)}")
            return None
        from slate.store._sqlite import lost

        return lost(self.url, e) if isinstance(e, sqlite3.Error) else None

    def add_many(self, items: Iterable[tuple[Article, Extraction]]) -> list[bool]:
        """:meth:`add` for each pair; each article is its own transaction (all or none of it)."""
        return [self.add(a, e) for a, e in items]

    def _add(self, article: Article, ext: Extraction, now: str) -> bool:
        version = ext.extractor_version or "unknown"
        published = article.published.isoformat()
        cur = self._exec(
            "INSERT INTO articles (id, ref, url, published, title, source_name, text, ingested_at,"
            " extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING id",
            (article.id, article.ref, article.url, published, article.title, article.source_name,
             article.text, now, version),
        )  # fmt: skip
        if cur.fetchone() is None:
            return False  # the same article (same text) is already stored: nothing added
        self._add_rows(article, ext, version, now)
        return True

    def _add_rows(self, article: Article, ext: Extraction, version: str, now: str) -> None:
        """Titles, links, claims and quotes of one extraction; the article row says ``version`` already,
        so the names resolved first answer for the later ones of the same article."""
        published = article.published.isoformat()
        ids: dict[str, int] = {}
        for info in ext.titles:
            ids[info.name] = self._resolve_title(
                info.name, info.kind, info.aliases, article.id, published, now, version
            )
        for link in ext.links:
            a = ids.get(link.name) or self._title_by_name(link.name)
            b = ids.get(link.other) or self._title_by_name(link.other)
            if a is None or b is None:
                continue
            merged = self._stored_root(a) != self._stored_root(b)
            self._exec(
                "INSERT INTO title_links (title_id, other_id, name, other_name, reason, article_id, sentence, merged,"
                " extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a, b, link.name, link.other, link.reason, article.id, link.evidence.sentence, int(merged), version),
            )
            if merged:
                self._merge(a, b)
        for fact in ext.facts:
            tid = ids.get(fact.title)
            if tid is None:
                tid = self._resolve_title(fact.title, "film", (), article.id, published, now, version)
                ids[fact.title] = tid
            etype = (
                "person" if fact.rel in PERSON_RELATIONS
                else "organisation" if fact.rel in ORG_RELATIONS
                else "place" if fact.rel in PLACE_RELATIONS
                else None
            )  # fmt: skip
            entity = self._entity(etype, fact.value) if etype else None
            ev = fact.evidence
            self._exec(
                "INSERT INTO claims (article_id, title_id, title_name, rel, value, entity_id, character, region,"
                " medium, signal, sentence, span_start, span_end, sent_start, sent_end, asserted_on, recorded_at,"
                " extractor_version, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, tid, fact.title, fact.rel, fact.value, entity, fact.character, fact.region,
                 fact.medium, fact.signal, ev.sentence, ev.start, ev.end, ev.sent_start, ev.sent_end, published,
                 now, version, fact.confidence),
            )  # fmt: skip
        for q in ext.quotes:
            tid = ids.get(q.title) if q.title else None
            speaker = self._entity("person", q.speaker)
            ev = q.evidence
            self._exec(
                "INSERT INTO quotes (article_id, title_id, speaker, speaker_entity_id, text, platform, fictional,"
                " sentence, span_start, span_end, asserted_on, recorded_at, extractor_version)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article.id, tid, q.speaker, speaker, q.text, q.platform, int(q.fictional), ev.sentence,
                 ev.start, ev.end, published, now, version),
            )  # fmt: skip

    # -- re-extraction -------------------------------------------------------------------------
    def reextract(self, article: Article, extraction: Extraction) -> bool:
        """Store a new extraction of a stored article and make it the one that answers, in one
        transaction. The rows of the article's earlier versions are kept (they no longer answer).
        Returns False, changing nothing, when the article is already at the extraction's version.

        Names are resolved against the names of this version only, so a re-extracted database
        groups productions as a fresh ingest with this extractor would: titles known only from
        superseded extractions are left behind (and answer nowhere)."""
        version = extraction.extractor_version or "unknown"
        try:
            with self.transaction():
                row = self._one("SELECT extractor_version FROM articles WHERE id = ?", (article.id,))
                if row is None:
                    raise StoreError(f"{article.ref}: no such article in the database")
                if row["extractor_version"] == version:
                    return False
                # rows this version wrote before the article was moved to another one (a return to
                # an earlier extractor) are replaced: one version of one article answers with one set
                for table in ("claims", "quotes", "title_links", "title_aliases"):
                    self._exec(
                        f"DELETE FROM {table} WHERE article_id = ? AND extractor_version = ?", (article.id, version)
                    )
                self._exec("UPDATE articles SET extractor_version = ? WHERE id = ?", (version, article.id))
                self._resolve_version = version
                self._overlays = None
                try:
                    self._add_rows(article, extraction, version, _now())
                finally:
                    self._resolve_version = None
                return True
        except self._db_errors() as e:
            lost = self._lost(e)
            if lost is not None:
                raise lost from None
            raise StoreError(f"{article.ref}: not stored: {_first_line(e)}") from None

    def articles_not_at(self, version: str, after: tuple[str, str] | None, limit: int) -> list[Article]:
        """Up to ``limit`` stored articles whose answering extraction is not ``version``, in
        (publication date, id) order, after the (published, id) pair ``after``."""
        sql = "SELECT id, ref, url, published, title, source_name, text FROM articles WHERE extractor_version <> ?"
        params: list[Any] = [version]
        if after is not None:
            sql += " AND (published > ? OR (published = ? AND id > ?))"
            params += [after[0], after[0], after[1]]
        rows = self._rows(sql + " ORDER BY published, id LIMIT ?", [*params, limit])
        return [
            Article(
                id=r["id"],
                ref=r["ref"],
                published=date.fromisoformat(r["published"]),
                text=r["text"],
                url=r["url"],
                title=r["title"],
                source_name=r["source_name"],
            )  # fmt: skip
            for r in rows
        ]

    def articles_at(self, version: str) -> int:
        """How many stored articles answer with the extraction of ``version``."""
        row = self._one("SELECT COUNT(*) AS n FROM articles WHERE extractor_version = ?", (version,))
        return int(row["n"]) if row else 0

    def _entity(self, etype: str, name: str) -> int:
        key = resolve.person_key(name)
        row = self._one("SELECT id FROM entities WHERE type = ? AND key = ?", (etype, key))
        if row:
            return int(row["id"])
        cur = self._exec(
            "INSERT INTO entities (type, name, key) VALUES (?, ?, ?) ON CONFLICT (type, key) DO NOTHING RETURNING id",
            (etype, name, key),
        )
        new = cur.fetchone()
        if new is not None:
            return int(new[0])
        row = self._one("SELECT id FROM entities WHERE type = ? AND key = ?", (etype, key))
        assert row is not None
        return int(row["id"])

    def _resolving(self) -> tuple[str, list[Any]]:
        """The condition on ``title_aliases a JOIN articles ar`` for names that resolve new ones:
        those that answer (and, while re-extracting, only those of the new version)."""
        if self._resolve_version is None:
            return f" AND {_ANSWERS % 'a'}", []
        return f" AND {_ANSWERS % 'a'} AND a.extractor_version = ?", [self._resolve_version]

    def _title_by_name(self, name: str) -> int | None:
        cond, params = self._resolving()
        row = self._one(
            "SELECT a.title_id FROM title_aliases a JOIN articles ar ON ar.id = a.article_id"
            f" WHERE a.key = ?{cond} ORDER BY a.strong DESC, a.id LIMIT 1",
            [resolve.title_key(name), *params],
        )
        return int(row["title_id"]) if row else None

    def _resolve_title(
        self, name: str, kind: str, aliases: Sequence[str], article_id: str, published: str, now: str, version: str
    ) -> int:
        names = list(dict.fromkeys([name, *aliases]))
        strong = {a: resolve.is_strong_alias(a, name) for a in names}
        keys = sorted({resolve.title_key(a) for a in names if strong[a]})
        found: list[int] = []
        if keys:
            marks = ", ".join("?" for _ in keys)
            cond, params = self._resolving()
            rows = self._rows(
                "SELECT DISTINCT a.title_id FROM title_aliases a JOIN articles ar ON ar.id = a.article_id"
                f" WHERE a.strong = 1 AND a.key IN ({marks}){cond}",
                [*keys, *params],
            )
            found = sorted({self._resolving_root(int(r["title_id"])) for r in rows})
        if found:
            tid = found[0]
            for other in found[1:]:
                self._merge(tid, other)
                self._exec(
                    "INSERT INTO title_links (title_id, other_id, name, other_name, reason, article_id, sentence,"
                    " merged, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                    (tid, other, name, name, "same name forms in one article", article_id, "", version),
                )
            if kind == "series":
                self._exec("UPDATE titles SET kind = 'series' WHERE id = ?", (tid,))
        else:
            tid = self._insert(
                "INSERT INTO titles (name, kind, canonical_id, created_at) VALUES (?, ?, NULL, ?)",
                (name, kind, now),
            )
        for a in names:
            reason = "name" if a == name else ("same production" if strong[a] else "named in the same article")
            self._exec(
                "INSERT INTO title_aliases (title_id, alias, key, strong, article_id, published, reason,"
                " extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (tid, a, resolve.title_key(a), int(strong[a]), article_id, published, reason, version),
            )
        return tid

    def _stored_root(self, title_id: int) -> int:
        """The root of the title's group as the extractor made it (no editor's decision applied)."""
        row = self._one("SELECT id, canonical_id FROM titles WHERE id = ?", (title_id,))
        if row is None:
            return title_id
        return int(row["canonical_id"] or row["id"])

    def root(self, title_id: int, as_of: date | None = None) -> int:
        """The root of the production this title row is part of, editors' merges and splits applied
        (those made by ``as_of``)."""
        return self.edit_overlay(as_of.isoformat() if as_of else None).moved.get(title_id, self._stored_root(title_id))

    def _resolving_root(self, title_id: int) -> int:
        """Where a new article's name held by this title row lands: its group's root, an editor's
        split applied (not while re-extracting: that resolves as a fresh ingest would)."""
        stored = self._stored_root(title_id)
        if self._resolve_version is not None or not any(r["op"] == "split" for r in self.edit_rows()):
            return stored
        return self.edit_overlay().moved.get(title_id, stored)

    def _root_sql(self, t: str = "t") -> str:
        """The SQL of a title row's root (``t`` aliases ``titles``), editors' merges and splits applied."""
        base = f"COALESCE({t}.canonical_id, {t}.id)"
        moved = self.edit_overlay().moved
        if not moved:
            return base
        whens = " ".join(f"WHEN {int(i)} THEN {int(r)}" for i, r in sorted(moved.items()))
        return f"CASE {t}.id {whens} ELSE {base} END"

    def _fix_claims(self, rows: list[Row], **kw: Any) -> list[Row]:
        as_of = kw.get("as_of")
        ov = self.edit_overlay(as_of)
        if ov.empty:
            return rows
        return ov.fix_claims(rows, **kw)

    def _merge(self, a: int, b: int) -> int:
        ra, rb = self._stored_root(a), self._stored_root(b)
        if ra == rb:
            return ra
        lo, hi = min(ra, rb), max(ra, rb)
        self._exec("UPDATE titles SET canonical_id = ? WHERE id = ? OR canonical_id = ?", (lo, hi, hi))
        return lo

    # -- reading (used by slate.query) ---------------------------------------------------------
    def members(self, root_id: int, as_of: date | None = None) -> list[int]:
        """The title rows of the production ``root_id`` (editors' merges and splits made by ``as_of`` applied)."""
        rows = self._rows("SELECT id FROM titles WHERE id = ? OR canonical_id = ? ORDER BY id", (root_id, root_id))
        moved = self.edit_overlay(as_of.isoformat() if as_of else None).moved
        ids = [int(r["id"]) for r in rows]
        if not moved:
            return ids
        return sorted(
            {i for i in ids if moved.get(i, root_id) == root_id} | {i for i, r in moved.items() if r == root_id}
        )

    def roots_for_key(self, key: str, *, strong_only: bool = False, as_of: date | None = None) -> list[int]:
        """The productions one of whose names has this key (grouped by the editors' decisions made by ``as_of``)."""
        sql = (
            "SELECT DISTINCT t.id, t.canonical_id FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            f" JOIN articles ar ON ar.id = a.article_id WHERE a.key = ? AND {_ANSWERS % 'a'}"
        )
        if strong_only:
            sql += " AND a.strong = 1"
        return self._row_roots(self._rows(sql, (key,)), as_of)

    def roots_for_key_suffix(self, key: str, as_of: date | None = None) -> list[int]:
        """Productions one of whose names ends with the words of ``key``."""
        rows = self._rows(
            "SELECT DISTINCT t.id, t.canonical_id FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            f" JOIN articles ar ON ar.id = a.article_id WHERE a.key LIKE ? ESCAPE '\\' AND {_ANSWERS % 'a'}",
            (f"% {_like(key)}",),
        )
        return self._row_roots(rows, as_of)

    def roots_for_key_prefix(self, key: str) -> list[int]:
        """Productions one of whose names starts with the words of ``key`` (and goes on)."""
        rows = self._rows(
            "SELECT DISTINCT t.id, t.canonical_id FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            f" JOIN articles ar ON ar.id = a.article_id WHERE a.key LIKE ? ESCAPE '\\' AND {_ANSWERS % 'a'}",
            (f"{_like(key)} %",),
        )
        return self._row_roots(rows)

    def _row_roots(self, rows: list[Row], as_of: date | None = None) -> list[int]:
        """The roots of title rows (``id``, ``canonical_id``), editors' merges and splits made by ``as_of`` applied."""
        moved = self.edit_overlay(as_of.isoformat() if as_of else None).moved
        return sorted({moved.get(int(r["id"]), int(r["canonical_id"] or r["id"])) for r in rows})

    def title_rows(self, ids: Sequence[int]) -> list[Row]:
        return self._rows(f"SELECT * FROM titles WHERE id IN ({_marks(ids)}) ORDER BY id", ids)

    def answers(self, root_id: int) -> bool:
        """True when the production has a name that answers (one of an article's current extraction)."""
        row = self._one(
            "SELECT 1 AS x FROM title_aliases a JOIN titles t ON t.id = a.title_id JOIN articles ar ON"
            f" ar.id = a.article_id WHERE (t.id = ? OR t.canonical_id = ?) AND {_ANSWERS % 'a'} LIMIT 1",
            (root_id, root_id),
        )
        return row is not None

    def aliases(self, ids: Sequence[int], as_of: date | None = None) -> list[Row]:
        sql = (
            "SELECT a.alias, a.key, a.strong, a.reason, a.published, a.title_id, ar.ref, ar.id AS article_id"
            f" FROM title_aliases a JOIN articles ar ON ar.id = a.article_id WHERE a.title_id IN ({_marks(ids)})"
            f" AND {_ANSWERS % 'a'}"
        )
        params: list[Any] = list(ids)
        if as_of is not None:
            sql += " AND a.published <= ?"
            params.append(as_of.isoformat())
        return self._rows(sql + " ORDER BY a.published, ar.id, a.id", params)

    def links(self, ids: Sequence[int]) -> list[Row]:
        m = _marks(ids)
        return self._rows(
            "SELECT l.*, ar.ref, ar.published FROM title_links l JOIN articles ar ON ar.id = l.article_id"
            f" WHERE (l.title_id IN ({m}) OR l.other_id IN ({m})) AND {_ANSWERS % 'l'} ORDER BY ar.published, l.id",
            [*ids, *ids],
        )

    def claims(self, ids: Sequence[int], as_of: date | None = None, *, rejected: bool = False) -> list[Row]:
        """The answering claims of these title rows (by ``as_of``), editors' decisions made by then
        applied: rejected values left out (kept and marked ``rejected`` with ``rejected=True``),
        merged names under the kept one, added facts put in."""
        sql = (
            "SELECT c.id, c.rel, c.value, c.character, c.region, c.medium, c.signal, c.sentence, c.span_start,"
            " c.span_end, c.asserted_on, c.title_name, c.confidence, c.entity_id, ar.ref, ar.id AS article_id,"
            " ar.source_name, ar.url, c.title_id, COALESCE(t.canonical_id, t.id) AS root"
            " FROM claims c JOIN articles ar ON ar.id = c.article_id JOIN titles t ON t.id = c.title_id"
            f" WHERE c.title_id IN ({_marks(ids)}) AND {_ANSWERS % 'c'}"
        )
        params: list[Any] = list(ids)
        day = as_of.isoformat() if as_of is not None else None
        if day is not None:
            sql += " AND c.asserted_on <= ?"
            params.append(day)
        rows = self._rows(sql + " ORDER BY c.asserted_on, ar.id, c.id", params)
        if not self.edit_rows():
            return rows
        moved = self.edit_overlay(day).moved  # the roots as the decisions made by then have them
        for r in rows:
            r["root"] = moved.get(r["title_id"], r["root"])
        ov = self.edit_overlay(day)
        roots = {self.root(i, as_of) for i in ids} if ov.added else set()
        return self._fix_claims(rows, roots=roots, keep_rejected=rejected, as_of=day)

    def quotes(self, ids: Sequence[int], as_of: date | None = None) -> list[Row]:
        sql = (
            "SELECT q.speaker, q.text, q.platform, q.fictional, q.sentence, q.span_start, q.span_end,"
            " q.asserted_on, ar.ref, ar.id AS article_id, ar.url, ar.source_name FROM quotes q"
            f" JOIN articles ar ON ar.id = q.article_id WHERE q.title_id IN ({_marks(ids)}) AND {_ANSWERS % 'q'}"
        )
        params: list[Any] = list(ids)
        if as_of is not None:
            sql += " AND q.asserted_on <= ?"
            params.append(as_of.isoformat())
        return self._rows(sql + " ORDER BY q.asserted_on, ar.id, q.id", params)

    def title_summaries(self, pattern: str | None, limit: int, offset: int) -> list[Row]:
        """Root productions (matching a folded-name pattern) with counts of claims and articles."""
        # only productions with a name that answers, and only the claims that answer
        named = ""
        params: list[Any] = []
        if pattern:
            named = " AND a.key LIKE ? ESCAPE '\\'"
            params.append(f"%{_like(pattern)}%")
        sql = (
            f"SELECT {self._root_sql()} AS root, COUNT(c.id) AS facts,"
            " COUNT(DISTINCT c.article_id) AS articles, MAX(c.asserted_on) AS last_asserted"
            " FROM titles t LEFT JOIN (SELECT c.id, c.title_id, c.article_id, c.asserted_on FROM claims c"
            f" JOIN articles ar ON ar.id = c.article_id WHERE {_ANSWERS % 'c'}) c ON c.title_id = t.id"
            f" WHERE {self._root_sql()} IN (SELECT {self._root_sql('t2')} FROM title_aliases a"
            f" JOIN titles t2 ON t2.id = a.title_id JOIN articles ar ON ar.id = a.article_id WHERE {_ANSWERS % 'a'}"
            f"{named}) GROUP BY {self._root_sql()} ORDER BY COUNT(c.id) DESC, root LIMIT ? OFFSET ?"
        )
        return self._rows(sql, [*params, limit, offset])

    def catalog_aliases(self) -> list[Row]:
        """Every answering name of every production, with its root and the title row's kind, in the
        order :meth:`aliases` gives (date, article, row): one read for the whole catalogue."""
        return self._rows(
            f"SELECT {self._root_sql()} AS root, a.alias, a.key, a.strong, a.reason, a.published,"
            " t.kind FROM title_aliases a JOIN titles t ON t.id = a.title_id JOIN articles ar ON ar.id = a.article_id"
            f" WHERE {_ANSWERS % 'a'} ORDER BY a.published, ar.id, a.id"
        )

    def catalog_titles(self) -> list[Row]:
        """Every title row with its root, in id order."""
        return self._rows(f"SELECT {self._root_sql()} AS root, t.id, t.name, t.kind FROM titles t ORDER BY t.id")

    def catalog_claims(self, rels: Sequence[str]) -> list[Row]:
        """The answering claims of these relations of every production, with its root, ordered as
        :meth:`claims` orders them (article date, article, claim)."""
        rows = self._rows(
            f"SELECT {self._root_sql()} AS root, c.rel, c.value, c.region, c.medium, c.signal,"
            " c.asserted_on, c.article_id, c.entity_id, c.character, c.sentence, ar.ref, ar.url, ar.source_name"
            " FROM claims c"
            " JOIN titles t ON t.id = c.title_id JOIN articles ar ON ar.id = c.article_id"
            f" WHERE c.rel IN ({_marks(rels)}) AND {_ANSWERS % 'c'} ORDER BY c.asserted_on, ar.id, c.id",
            list(rels),
        )
        return self._fix_claims(rows, all_roots=True, rels=rels)

    def entities_by_surname(self, etype: str, surname_key: str) -> list[Row]:
        """Entities of a type whose key is this surname alone or ends with it (blocked by surname)."""
        return self._rows(
            "SELECT id, type, name, key FROM entities WHERE type = ? AND (key = ? OR key LIKE ? ESCAPE '\\')"
            " ORDER BY id",
            (etype, surname_key, f"% {_like(surname_key)}"),
        )

    def entity(self, entity_id: int) -> Row | None:
        return self._one("SELECT * FROM entities WHERE id = ?", (entity_id,))

    def entity_claims(self, entity_id: int) -> list[Row]:
        """Every claim naming this person / organisation / place, with its production's root
        (editors' decisions applied: rejected ones left out, added ones naming it put in)."""
        rows = self._rows(
            f"SELECT c.rel, c.value, c.character, c.sentence, c.asserted_on, {self._root_sql()} AS root,"
            " ar.ref, ar.url, ar.source_name, c.entity_id, c.article_id FROM claims c"
            " JOIN titles t ON t.id = c.title_id"
            " JOIN articles ar ON ar.id = c.article_id"
            f" WHERE c.entity_id = ? AND {_ANSWERS % 'c'} ORDER BY c.asserted_on, ar.id, c.id",
            (entity_id,),
        )
        return self._fix_claims(rows, entity=entity_id)

    def entity_quotes(self, entity_id: int) -> list[Row]:
        return self._rows(
            "SELECT q.text, q.platform, q.sentence, q.asserted_on, ar.ref, ar.url, ar.source_name FROM quotes q"
            f" JOIN articles ar ON ar.id = q.article_id WHERE q.speaker_entity_id = ? AND {_ANSWERS % 'q'}"
            " ORDER BY q.asserted_on, q.id",
            (entity_id,),
        )

    def search_entities(self, pattern: str, limit: int) -> list[Row]:
        return self._rows(
            # only names an answering claim or quote uses
            "SELECT e.id, e.type, e.name, COUNT(c.id) AS claims FROM entities e LEFT JOIN (SELECT c.id, c.entity_id"
            f" FROM claims c JOIN articles ar ON ar.id = c.article_id WHERE {_ANSWERS % 'c'}) c ON c.entity_id = e.id"
            " WHERE e.key LIKE ? ESCAPE '\\' AND (c.id IS NOT NULL OR EXISTS (SELECT 1 FROM quotes q JOIN articles ar"
            f" ON ar.id = q.article_id WHERE q.speaker_entity_id = e.id AND {_ANSWERS % 'q'}))"
            " GROUP BY e.id, e.type, e.name ORDER BY COUNT(c.id) DESC, e.name LIMIT ?",
            (f"%{_like(pattern)}%", limit),
        )

    def search_quotes(self, words: str, limit: int) -> list[Row]:
        return self._rows(
            f"SELECT q.speaker, q.text, q.platform, q.asserted_on, ar.ref, {self._root_sql()} AS root"
            " FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN titles t ON t.id = q.title_id"
            f" WHERE (LOWER(q.text) LIKE ? ESCAPE '\\' OR LOWER(q.speaker) LIKE ? ESCAPE '\\') AND {_ANSWERS % 'q'}"
            " ORDER BY q.asserted_on DESC LIMIT ?",
            (f"%{_like(words)}%", f"%{_like(words)}%", limit),
        )

    def article_claims(self, article_id: str) -> list[Row]:
        """The claims of one article (rejected ones marked ``rejected``: the article said them)."""
        rows = self._rows(
            "SELECT c.rel, c.value, c.character, c.region, c.medium, c.span_start, c.span_end, c.sentence,"
            f" c.title_name, c.entity_id, c.article_id, {self._root_sql()} AS root FROM claims c"
            " JOIN titles t ON t.id = c.title_id JOIN articles ar ON ar.id = c.article_id"
            f" WHERE c.article_id = ? AND {_ANSWERS % 'c'} ORDER BY c.span_start, c.id",
            (article_id,),
        )
        return self._fix_claims(rows, keep_rejected=True)

    def article_quotes(self, article_id: str) -> list[Row]:
        return self._rows(
            "SELECT q.speaker, q.text, q.platform, q.span_start, q.span_end, q.sentence, q.speaker_entity_id"
            f" FROM quotes q JOIN articles ar ON ar.id = q.article_id WHERE q.article_id = ? AND {_ANSWERS % 'q'}"
            " ORDER BY q.span_start, q.id",
            (article_id,),
        )

    def recent_titles(self, limit: int) -> list[Row]:
        """Productions whose facts changed most recently (by the date of the latest article about them)."""
        return self._rows(
            f"SELECT {self._root_sql()} AS root, MAX(c.asserted_on) AS last_asserted, COUNT(c.id) AS facts"
            " FROM claims c JOIN titles t ON t.id = c.title_id JOIN articles ar ON ar.id = c.article_id"
            f" WHERE {_ANSWERS % 'c'} GROUP BY {self._root_sql()}"
            " ORDER BY MAX(c.asserted_on) DESC, COUNT(c.id) DESC LIMIT ?",
            (limit,),
        )

    # -- whole-database reads for the release calendar and the changes (slate.query.changes) -----
    def _production_filter(self, root: int | None, active_since: str | None) -> tuple[str, list[Any]]:
        """The condition on a row joined to ``titles t``: of the production ``root`` only, and/or of
        productions named by an article published on or after ``active_since``."""
        sql, params = "", list[Any]()
        if root is not None:
            sql += f" AND {self._root_sql()} = ?"
            params.append(root)
        if active_since is not None:
            sql += (
                f" AND {self._root_sql()} IN (SELECT {self._root_sql('t2')} FROM title_aliases a2"
                " JOIN titles t2 ON t2.id = a2.title_id JOIN articles ar2 ON ar2.id = a2.article_id"
                " WHERE a2.published >= ? AND a2.extractor_version = ar2.extractor_version)"
            )
            params.append(active_since)
        return sql, params

    def production_claims(
        self, rels: Sequence[str], *, root: int | None = None, active_since: str | None = None
    ) -> list[Row]:
        """The answering claims of ``rels`` with their production's root, ordered by production,
        then as :meth:`claims` orders them (date, article, claim)."""
        cond, params = self._production_filter(root, active_since)
        rows = self._rows(
            "SELECT c.id, c.rel, c.value, c.character, c.region, c.medium, c.signal, c.sentence, c.asserted_on,"
            " c.entity_id, ar.ref, ar.id AS article_id, ar.source_name, ar.url, ar.ingested_at,"
            f" {self._root_sql()} AS root FROM claims c JOIN titles t ON t.id = c.title_id"
            f" JOIN articles ar ON ar.id = c.article_id WHERE c.rel IN ({_marks(rels)}) AND {_ANSWERS % 'c'}{cond}"
            f" ORDER BY {self._root_sql()}, c.asserted_on, ar.id, c.id",
            [*rels, *params],
        )
        if not self.edit_rows():
            return rows
        added = {} if root is None else {"roots": [root]}
        return self._fix_claims(rows, rels=rels, order="root", **({"all_roots": True} if root is None else added))

    def production_aliases(self, *, root: int | None = None, active_since: str | None = None) -> list[Row]:
        """The answering names of productions with their root, ordered by production, date, article."""
        cond, params = self._production_filter(root, active_since)
        return self._rows(
            "SELECT a.alias, a.key, a.reason, a.published, t.kind, ar.ref, ar.id AS article_id, ar.ingested_at,"
            f" {self._root_sql()} AS root FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            f" JOIN articles ar ON ar.id = a.article_id WHERE {_ANSWERS % 'a'}{cond}"
            f" ORDER BY {self._root_sql()}, a.published, ar.id, a.id",
            params,
        )

    def production_links(self, *, root: int | None = None, active_since: str | None = None) -> list[Row]:
        """The answering links between names ("now titled") with the root of the production they join."""
        cond, params = self._production_filter(root, active_since)
        return self._rows(
            "SELECT l.name, l.other_name, l.reason, l.sentence, ar.ref, ar.id AS article_id, ar.published,"
            f" ar.ingested_at, {self._root_sql()} AS root FROM title_links l"
            " JOIN titles t ON t.id = l.title_id JOIN articles ar ON ar.id = l.article_id"
            f" WHERE {_ANSWERS % 'l'}{cond} ORDER BY {self._root_sql()}, ar.published, ar.id, l.id",
            params,
        )

    def latest_published(self) -> str | None:
        """The publication date of the latest article stored."""
        row = self._one("SELECT MAX(published) AS d FROM articles")
        return str(row["d"]) if row and row["d"] is not None else None

    def all_alias_names(self, limit: int = 20000) -> list[Row]:
        return self._rows(
            f"SELECT DISTINCT a.alias, {self._root_sql()} AS root FROM title_aliases a"
            f" JOIN titles t ON t.id = a.title_id JOIN articles ar ON ar.id = a.article_id WHERE {_ANSWERS % 'a'}"
            " ORDER BY a.alias LIMIT ?",
            (limit,),
        )

    def article_summaries(self, limit: int, offset: int) -> list[Row]:
        return self._rows(
            "SELECT ar.id, ar.ref, ar.url, ar.published, ar.title, ar.source_name,"
            f" (SELECT COUNT(*) FROM claims c WHERE c.article_id = ar.id AND {_ANSWERS % 'c'}) AS facts,"
            f" (SELECT COUNT(*) FROM quotes q WHERE q.article_id = ar.id AND {_ANSWERS % 'q'}) AS quotes"
            " FROM articles ar ORDER BY ar.published, ar.ref LIMIT ? OFFSET ?",
            (limit, offset),
        )

    def article(self, ref_or_id: str) -> Row | None:
        return self._one(
            "SELECT * FROM articles WHERE id = ? OR ref = ? ORDER BY published DESC LIMIT 1",
            (ref_or_id, ref_or_id),
        )

    def counts(self) -> Row:
        row = self._one(
            "SELECT (SELECT COUNT(*) FROM articles) AS articles,"
            f" (SELECT COUNT(DISTINCT {self._root_sql()}) FROM title_aliases a JOIN titles t ON"
            f" t.id = a.title_id JOIN articles ar ON ar.id = a.article_id WHERE {_ANSWERS % 'a'}) AS titles,"
            f" (SELECT COUNT(*) FROM claims c JOIN articles ar ON ar.id = c.article_id WHERE {_ANSWERS % 'c'})"
            " AS claims,"
            f" (SELECT COUNT(*) FROM quotes q JOIN articles ar ON ar.id = q.article_id WHERE {_ANSWERS % 'q'})"
            " AS quotes"
        )
        return row or {}

    def integrity_ok(self) -> bool:
        if self.dialect != "sqlite":
            return True
        row = self._one("PRAGMA integrity_check")
        return row is not None and next(iter(row.values())) == "ok"


def _marks(ids: Sequence[Any]) -> str:
    return ", ".join("?" for _ in ids) or "NULL"


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _upgrade(url: str, store: Store) -> None:
    """A read-only store of an older schema: upgrade the database through a read-write
    connection of its own (the read-only one then sees the new schema)."""
    try:
        writer = open_store(url)
    except StoreError as e:
        raise StoreError(
            f"{store.url if store.dialect == 'sqlite' else 'the database'}: made by an older Slate (schema version"
            f" {store.schema_version}) and it cannot be upgraded here ({e}): run `slate ingest` or `slate reextract`"
            " on it once with write access"
        ) from None
    writer.close()
    if store.dialect == "postgresql":
        store.conn.commit()  # a new transaction, which sees the upgraded tables
    store.schema_version = int(SCHEMA_VERSION)


def open_store(url: str | Path, *, readonly: bool = False) -> Store:
    """Open the database at ``url``: a SQLite path or ``sqlite:///path``, or a PostgreSQL URL.

    Read-write (the default) creates the file and the schema when needed; ``readonly`` opens an
    existing database for reading only (SQLite ``mode=ro``, so read-only folders and media work).
    Either way a database holding another program's tables is refused and left unchanged."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        import psycopg

        from slate.store._postgres import connect_postgres

        store = Store(connect_postgres(text, readonly=readonly), dialect="postgresql", url=text, readonly=readonly)
        try:
            store.init_schema()
            if store.schema_version < int(SCHEMA_VERSION):  # read-only, older schema: upgraded by a writer
                _upgrade(text, store)
        except psycopg.Error as e:
            store.close()
            raise StoreError(f"PostgreSQL: {_first_line(e)}") from None
        except BaseException:
            store.close()
            raise
        return store
    from slate.store import _sqlite

    path = text[len("sqlite:///") :] if text.startswith("sqlite:///") else text
    conn = _sqlite.connect(path, readonly=readonly)
    store = Store(conn, dialect="sqlite", url=path, readonly=readonly)
    try:
        slate_file = store.check_owner()  # before anything is written to the file
        if not readonly:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        if not slate_file:
            store.init_schema()
        elif store.schema_version < int(SCHEMA_VERSION):
            if readonly:
                _upgrade(path, store)
            else:
                store.migrate()
    except sqlite3.Error as e:
        store.close()
        raise StoreError(_sqlite.cause(path, e)) from None
    except BaseException:
        store.close()
        raise
    return store
