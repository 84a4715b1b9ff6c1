"""What the store's feature mixins (webhooks, watch, edits, accounts) use of :class:`slate.store.Store`.

Declared for the type checker only: at run time ``Store`` itself provides every name."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

Row = dict[str, Any]


class StoreBase:
    """The plumbing every mixin of :class:`slate.store.Store` calls."""

    if TYPE_CHECKING:  # provided by Store
        dialect: str
        url: str
        conn: Any
        readonly: bool
        schema_version: int
        _resolve_version: str | None

        def _exec(self, sql: str, params: Sequence[Any] = ()) -> Any: ...
        def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...
        def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...
        def _insert(self, sql: str, params: Sequence[Any]) -> int: ...
        def _tables(self) -> set[str]: ...
        def transaction(self) -> AbstractContextManager[None]: ...
        def _db_errors(self) -> tuple[type[BaseException], ...]: ...
        def _create_schema(self) -> None: ...
