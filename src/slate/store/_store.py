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

SCHEMA_VERSION = "1"
#: ``PRAGMA application_id`` of a Slate SQLite file ("Slat"); ``user_version`` holds the schema version
APPLICATION_ID = 0x536C6174
#: the PostgreSQL advisory lock every write transaction (schema creation included) holds
WRITE_LOCK = 0x536C617465
PLACE_RELATIONS = {"filming_location"}
ORG_RELATIONS = {"studio"}

Row = dict[str, Any]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (``%`` and ``_`` are not wildcards)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def schema_sql() -> str:
    return resources.files("slate.store").joinpath("schema.sql").read_text(encoding="utf-8")


class Store:
    """A Slate database (SQLite file or PostgreSQL) behind one DB-API connection."""

    def __init__(self, conn: Any, *, dialect: str, url: str, readonly: bool = False) -> None:
        self.conn = conn
        self.dialect = dialect
        self.url = url
        self.readonly = readonly
        self._in_tx = False

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

    def check_owner(self) -> bool:
        """True when the database holds Slate's schema, False when it is empty; a database of
        another program or of a newer Slate raises :class:`StoreError` (and nothing is changed)."""
        where = self.url if self.dialect == "sqlite" else "this PostgreSQL database"
        tables = self._tables()
        version = 0
        if self.dialect == "sqlite":
            app = self._pragma("application_id")
            if app not in (0, APPLICATION_ID):
                raise StoreError(f"{where}: not a Slate database (application id {app:#x}); nothing was changed")
            version = self._pragma("user_version") if app == APPLICATION_ID else 0
        if "slate_meta" in tables:
            row = self._one("SELECT value FROM slate_meta WHERE key = 'schema_version'")
            value = str(row["value"]) if row else ""
            version = max(version, int(value) if value.isdigit() else 0)
        elif tables:
            shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(
                f"{where}: not a Slate database (it holds another program's tables: {shown}); nothing was changed"
            )
        if version > int(SCHEMA_VERSION):
            raise StoreError(
                f"{where}: made by a newer Slate (schema version {version}; this one knows version {SCHEMA_VERSION}):"
                " upgrade Slate"
            )
        if self.dialect == "postgresql":
            self.conn.commit()  # end the read transaction
        return "slate_meta" in tables

    def init_schema(self) -> None:
        """Create the tables once, in one transaction (concurrent first runs take turns); opening an
        existing database takes no write lock (readers stay readers while an ingest runs)."""
        if self.check_owner():
            return
        if self.readonly:
            raise StoreError(f"{self.url if self.dialect == 'sqlite' else 'the database'}: no Slate data yet")
        with self.transaction():
            sql = _strip_comments(schema_sql())
            if self.dialect == "postgresql":
                from slate.store._postgres import postgres_schema

                sql = postgres_schema(sql)
            for statement in [s.strip() for s in sql.split(";")]:
                if statement:
                    self._exec(statement)
            self._exec(
                "INSERT INTO slate_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO NOTHING",
                (SCHEMA_VERSION,),
            )
            if self.dialect == "sqlite":
                self._exec(f"PRAGMA application_id = {APPLICATION_ID}")
                self._exec(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")

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
        ids: dict[str, int] = {}
        for info in ext.titles:
            ids[info.name] = self._resolve_title(info.name, info.kind, info.aliases, article.id, published, now)
        for link in ext.links:
            a = ids.get(link.name) or self._title_by_name(link.name)
            b = ids.get(link.other) or self._title_by_name(link.other)
            if a is None or b is None:
                continue
            merged = self.root(a) != self.root(b)
            self._exec(
                "INSERT INTO title_links (title_id, other_id, name, other_name, reason, article_id, sentence, merged)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (a, b, link.name, link.other, link.reason, article.id, link.evidence.sentence, int(merged)),
            )
            if merged:
                self._merge(a, b)
        for fact in ext.facts:
            tid = ids.get(fact.title)
            if tid is None:
                tid = self._resolve_title(fact.title, "film", (), article.id, published, now)
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
        return True

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

    def _title_by_name(self, name: str) -> int | None:
        row = self._one(
            "SELECT title_id FROM title_aliases WHERE key = ? ORDER BY strong DESC, id LIMIT 1",
            (resolve.title_key(name),),
        )
        return int(row["title_id"]) if row else None

    def _resolve_title(
        self, name: str, kind: str, aliases: Sequence[str], article_id: str, published: str, now: str
    ) -> int:
        names = list(dict.fromkeys([name, *aliases]))
        strong = {a: resolve.is_strong_alias(a, name) for a in names}
        keys = sorted({resolve.title_key(a) for a in names if strong[a]})
        found: list[int] = []
        if keys:
            marks = ", ".join("?" for _ in keys)
            rows = self._rows(
                f"SELECT DISTINCT title_id FROM title_aliases WHERE strong = 1 AND key IN ({marks})", keys
            )
            found = sorted({self.root(int(r["title_id"])) for r in rows})
        if found:
            tid = found[0]
            for other in found[1:]:
                self._merge(tid, other)
                self._exec(
                    "INSERT INTO title_links (title_id, other_id, name, other_name, reason, article_id, sentence,"
                    " merged) VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                    (tid, other, name, name, "same name forms in one article", article_id, ""),
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
                "INSERT INTO title_aliases (title_id, alias, key, strong, article_id, published, reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (tid, a, resolve.title_key(a), int(strong[a]), article_id, published, reason),
            )
        return tid

    def root(self, title_id: int) -> int:
        row = self._one("SELECT id, canonical_id FROM titles WHERE id = ?", (title_id,))
        if row is None:
            return title_id
        return int(row["canonical_id"] or row["id"])

    def _merge(self, a: int, b: int) -> int:
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return ra
        lo, hi = min(ra, rb), max(ra, rb)
        self._exec("UPDATE titles SET canonical_id = ? WHERE id = ? OR canonical_id = ?", (lo, hi, hi))
        return lo

    # -- reading (used by slate.query) ---------------------------------------------------------
    def members(self, root_id: int) -> list[int]:
        rows = self._rows("SELECT id FROM titles WHERE id = ? OR canonical_id = ? ORDER BY id", (root_id, root_id))
        return [int(r["id"]) for r in rows]

    def roots_for_key(self, key: str, *, strong_only: bool = False) -> list[int]:
        sql = (
            "SELECT DISTINCT t.id, t.canonical_id FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            " WHERE a.key = ?"
        )
        if strong_only:
            sql += " AND a.strong = 1"
        return sorted({int(r["canonical_id"] or r["id"]) for r in self._rows(sql, (key,))})

    def roots_for_key_suffix(self, key: str) -> list[int]:
        """Productions one of whose names ends with the words of ``key``."""
        rows = self._rows(
            "SELECT DISTINCT t.id, t.canonical_id FROM title_aliases a JOIN titles t ON t.id = a.title_id"
            " WHERE a.key LIKE ? ESCAPE '\\'",
            (f"% {_like(key)}",),
        )
        return sorted({int(r["canonical_id"] or r["id"]) for r in rows})

    def title_rows(self, ids: Sequence[int]) -> list[Row]:
        return self._rows(f"SELECT * FROM titles WHERE id IN ({_marks(ids)}) ORDER BY id", ids)

    def aliases(self, ids: Sequence[int], as_of: date | None = None) -> list[Row]:
        sql = (
            "SELECT a.alias, a.key, a.strong, a.reason, a.published, a.title_id, ar.ref, ar.id AS article_id"
            f" FROM title_aliases a JOIN articles ar ON ar.id = a.article_id WHERE a.title_id IN ({_marks(ids)})"
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
            f" WHERE l.title_id IN ({m}) OR l.other_id IN ({m}) ORDER BY ar.published, l.id",
            [*ids, *ids],
        )

    def claims(self, ids: Sequence[int], as_of: date | None = None) -> list[Row]:
        sql = (
            "SELECT c.id, c.rel, c.value, c.character, c.region, c.medium, c.signal, c.sentence, c.span_start,"
            " c.span_end, c.asserted_on, c.title_name, c.confidence, c.entity_id, ar.ref, ar.id AS article_id,"
            " ar.source_name, ar.url"
            f" FROM claims c JOIN articles ar ON ar.id = c.article_id WHERE c.title_id IN ({_marks(ids)})"
        )
        params: list[Any] = list(ids)
        if as_of is not None:
            sql += " AND c.asserted_on <= ?"
            params.append(as_of.isoformat())
        return self._rows(sql + " ORDER BY c.asserted_on, ar.id, c.id", params)

    def quotes(self, ids: Sequence[int], as_of: date | None = None) -> list[Row]:
        sql = (
            "SELECT q.speaker, q.text, q.platform, q.fictional, q.sentence, q.span_start, q.span_end,"
            " q.asserted_on, ar.ref, ar.id AS article_id FROM quotes q JOIN articles ar ON ar.id = q.article_id"
            f" WHERE q.title_id IN ({_marks(ids)})"
        )
        params: list[Any] = list(ids)
        if as_of is not None:
            sql += " AND q.asserted_on <= ?"
            params.append(as_of.isoformat())
        return self._rows(sql + " ORDER BY q.asserted_on, ar.id, q.id", params)

    def title_summaries(self, pattern: str | None, limit: int, offset: int) -> list[Row]:
        """Root productions (matching a folded-name pattern) with counts of claims and articles."""
        where = ""
        params: list[Any] = []
        if pattern:
            where = (
                " WHERE COALESCE(t.canonical_id, t.id) IN (SELECT COALESCE(t2.canonical_id, t2.id) FROM title_aliases a"
                " JOIN titles t2 ON t2.id = a.title_id WHERE a.key LIKE ? ESCAPE '\\')"
            )
            params.append(f"%{_like(pattern)}%")
        sql = (
            "SELECT COALESCE(t.canonical_id, t.id) AS root, COUNT(c.id) AS facts,"
            " COUNT(DISTINCT c.article_id) AS articles, MAX(c.asserted_on) AS last_asserted"
            f" FROM titles t LEFT JOIN claims c ON c.title_id = t.id{where}"
            " GROUP BY COALESCE(t.canonical_id, t.id) ORDER BY COUNT(c.id) DESC, root LIMIT ? OFFSET ?"
        )
        return self._rows(sql, [*params, limit, offset])

    def entity(self, entity_id: int) -> Row | None:
        return self._one("SELECT * FROM entities WHERE id = ?", (entity_id,))

    def entity_claims(self, entity_id: int) -> list[Row]:
        """Every claim naming this person / organisation / place, with its production's root."""
        return self._rows(
            "SELECT c.rel, c.value, c.character, c.sentence, c.asserted_on, COALESCE(t.canonical_id, t.id) AS root,"
            " ar.ref FROM claims c JOIN titles t ON t.id = c.title_id JOIN articles ar ON ar.id = c.article_id"
            " WHERE c.entity_id = ? ORDER BY c.asserted_on, ar.id, c.id",
            (entity_id,),
        )

    def entity_quotes(self, entity_id: int) -> list[Row]:
        return self._rows(
            "SELECT q.text, q.platform, q.sentence, q.asserted_on, ar.ref FROM quotes q"
            " JOIN articles ar ON ar.id = q.article_id WHERE q.speaker_entity_id = ? ORDER BY q.asserted_on, q.id",
            (entity_id,),
        )

    def search_entities(self, pattern: str, limit: int) -> list[Row]:
        return self._rows(
            "SELECT e.id, e.type, e.name, COUNT(c.id) AS claims"
            " FROM entities e LEFT JOIN claims c ON c.entity_id = e.id"
            " WHERE e.key LIKE ? ESCAPE '\\' GROUP BY e.id, e.type, e.name ORDER BY COUNT(c.id) DESC, e.name LIMIT ?",
            (f"%{_like(pattern)}%", limit),
        )

    def search_quotes(self, words: str, limit: int) -> list[Row]:
        return self._rows(
            "SELECT q.speaker, q.text, q.platform, q.asserted_on, ar.ref, COALESCE(t.canonical_id, t.id) AS root"
            " FROM quotes q JOIN articles ar ON ar.id = q.article_id LEFT JOIN titles t ON t.id = q.title_id"
            " WHERE LOWER(q.text) LIKE ? ESCAPE '\\' OR LOWER(q.speaker) LIKE ? ESCAPE '\\'"
            " ORDER BY q.asserted_on DESC LIMIT ?",
            (f"%{_like(words)}%", f"%{_like(words)}%", limit),
        )

    def article_claims(self, article_id: str) -> list[Row]:
        return self._rows(
            "SELECT c.rel, c.value, c.character, c.region, c.medium, c.span_start, c.span_end, c.sentence,"
            " c.title_name, c.entity_id, COALESCE(t.canonical_id, t.id) AS root FROM claims c"
            " JOIN titles t ON t.id = c.title_id WHERE c.article_id = ? ORDER BY c.span_start, c.id",
            (article_id,),
        )

    def article_quotes(self, article_id: str) -> list[Row]:
        return self._rows(
            "SELECT speaker, text, platform, span_start, span_end, sentence, speaker_entity_id FROM quotes"
            " WHERE article_id = ? ORDER BY span_start, id",
            (article_id,),
        )

    def recent_titles(self, limit: int) -> list[Row]:
        """Productions whose facts changed most recently (by the date of the latest article about them)."""
        return self._rows(
            "SELECT COALESCE(t.canonical_id, t.id) AS root, MAX(c.asserted_on) AS last_asserted, COUNT(c.id) AS facts"
            " FROM claims c JOIN titles t ON t.id = c.title_id GROUP BY COALESCE(t.canonical_id, t.id)"
            " ORDER BY MAX(c.asserted_on) DESC, COUNT(c.id) DESC LIMIT ?",
            (limit,),
        )

    def all_alias_names(self, limit: int = 20000) -> list[Row]:
        return self._rows(
            "SELECT DISTINCT a.alias, COALESCE(t.canonical_id, t.id) AS root FROM title_aliases a"
            " JOIN titles t ON t.id = a.title_id ORDER BY a.alias LIMIT ?",
            (limit,),
        )

    def article_summaries(self, limit: int, offset: int) -> list[Row]:
        return self._rows(
            "SELECT ar.id, ar.ref, ar.url, ar.published, ar.title, ar.source_name,"
            " (SELECT COUNT(*) FROM claims c WHERE c.article_id = ar.id) AS facts,"
            " (SELECT COUNT(*) FROM quotes q WHERE q.article_id = ar.id) AS quotes"
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
            "SELECT (SELECT COUNT(*) FROM articles) AS articles, (SELECT COUNT(*) FROM titles WHERE canonical_id IS"
            " NULL) AS titles, (SELECT COUNT(*) FROM claims) AS claims, (SELECT COUNT(*) FROM quotes) AS quotes"
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
    except sqlite3.Error as e:
        store.close()
        raise StoreError(_sqlite.cause(path, e)) from None
    except BaseException:
        store.close()
        raise
    return store
