"""The store's part of editor corrections (table ``edits``): writing a decision, the reads that
resolve decisions to today's rows, and the per-store cache of the resolved decisions
(:class:`slate.edits.Overlay`), read once per store (one per request or command) and per ``--as-of`` day."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slate import edits
from slate.errors import StoreError
from slate.store._base import Row, StoreBase

_ANSWERS = "%s.extractor_version = ar.extractor_version"


def _marks(ids: Sequence[Any]) -> str:
    return ", ".join("?" for _ in ids) or "NULL"


class EditsMixin(StoreBase):
    """Editor decisions: stored append-only, applied at read time."""

    _edit_cache: list[Row] | None = None
    _overlays: dict[str | None, edits.Overlay] | None = None
    _in_overlay = False

    def edits_reset(self) -> None:
        """Forget the decisions read (after a write: the next read resolves them again)."""
        self._edit_cache = None
        self._overlays = None

    _edits_table: bool | None = None

    def _has_edits_table(self) -> bool:
        """Whether the table is there (a read-only database of an older schema, or one made by a
        Slate of the same schema version before editing existed, has none: no decisions)."""
        if self._edits_table is None:
            self._edits_table = "edits" in self._tables()
        return self._edits_table

    def add_edit(
        self, op: str, params: str, editor: str, reason: str, source_url: str | None, made_at: str, undoes: int | None
    ) -> int:
        if self.readonly:
            raise StoreError("the database is open read-only: a decision cannot be stored")
        try:
            with self.transaction():
                if not self._has_edits_table():
                    self._create_schema()  # every missing table (all are IF NOT EXISTS)
                    self._edits_table = True
                new = self._insert(
                    "INSERT INTO edits (op, params, editor, reason, source_url, made_at, undoes)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (op, params, editor, reason, source_url, made_at, undoes),
                )
        except self._db_errors() as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise StoreError(f"the decision was not stored: {first}") from None
        self.edits_reset()
        return new

    def edit_rows(self) -> list[Row]:
        """Every decision, in id order (read once per store)."""
        if self._edit_cache is None:
            if not self._has_edits_table():
                self._edit_cache = []
            else:
                self._edit_cache = self._rows(
                    "SELECT id, op, params, editor, reason, source_url, made_at, undoes FROM edits ORDER BY id"
                )
        return self._edit_cache

    def edit_row(self, edit_id: int) -> Row | None:
        return next((r for r in self.edit_rows() if int(r["id"]) == edit_id), None)

    def edit_overlay(self, as_of: str | None = None) -> edits.Overlay:
        """The decisions in force (made on or before the day ``as_of``), resolved against today's rows."""
        rows = self.edit_rows()
        if not rows:
            return edits.EMPTY
        if as_of is not None and as_of >= max(str(r["made_at"])[:10] for r in rows):
            as_of = None  # every decision was made by then
        if self._overlays is None:
            self._overlays = {}
        ov = self._overlays.get(as_of)
        if ov is None:
            if self._in_overlay:  # resolving the decisions reads stored rows only
                return edits.EMPTY
            self._in_overlay = True
            try:
                ov = self._overlays[as_of] = edits.overlay(self, rows, as_of)  # type: ignore[arg-type]
            finally:
                self._in_overlay = False
        return ov

    # -- reads that resolve decisions (stored rows only, no decision applied) -------------------
    def edit_title_candidates(self, keys: Sequence[str]) -> list[Row]:
        """The title rows one of whose answering names has one of these keys."""
        if not keys:
            return []
        return self._rows(
            "SELECT DISTINCT a.title_id, a.key, a.strong FROM title_aliases a JOIN articles ar ON ar.id = a.article_id"
            f" WHERE a.key IN ({_marks(keys)}) AND {_ANSWERS % 'a'} ORDER BY a.title_id",
            list(keys),
        )

    def edit_article_titles(self, article_ids: Sequence[str]) -> list[Row]:
        """The title rows these articles named (in their answering extraction)."""
        if not article_ids:
            return []
        return self._rows(
            "SELECT DISTINCT a.title_id, a.article_id FROM title_aliases a JOIN articles ar ON ar.id = a.article_id"
            f" WHERE a.article_id IN ({_marks(article_ids)}) AND {_ANSWERS % 'a'}",
            list(article_ids),
        )

    def edit_stored_groups(self, ids: Sequence[int]) -> list[Row]:
        """Every title row of the stored groups of these title ids, with its stored root."""
        if not ids:
            return []
        return self._rows(
            "SELECT id, COALESCE(canonical_id, id) AS root FROM titles WHERE COALESCE(canonical_id, id) IN"
            f" (SELECT COALESCE(canonical_id, id) FROM titles WHERE id IN ({_marks(ids)})) ORDER BY id",
            list(ids),
        )

    def edit_entities(self, keys: Sequence[str]) -> list[Row]:
        if not keys:
            return []
        return self._rows(
            f"SELECT id, type, name, key FROM entities WHERE key IN ({_marks(keys)}) ORDER BY id", list(keys)
        )

    def edit_regions(self) -> list[str]:
        """Every region an answering claim gives."""
        rows = self._rows(
            "SELECT DISTINCT c.region FROM claims c JOIN articles ar ON ar.id = c.article_id"
            f" WHERE c.region IS NOT NULL AND {_ANSWERS % 'c'} ORDER BY c.region"
        )
        return [str(r["region"]) for r in rows]
