"""Errors Slate reports to users as one clean line (never a traceback)."""

from __future__ import annotations


class SlateError(Exception):
    """Base class of every error meant for the user."""


class InputError(SlateError):
    """One input item could not be read: names the item and the reason."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotFoundError(SlateError):
    """A title, person or article asked for is not in the database."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class StoreError(SlateError):
    """The database could not be opened or written."""


class StoreLost(StoreError):
    """The database can no longer be written (connection lost, disk full, read-only): a run ends."""
