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


class InputSkipped(InputError):
    """An item deliberately not stored (a feed entry that is only a summary of its article): one
    ``Skipped:`` line, counted apart from failures; the exit status is still 1."""


class InputWarning(InputError):
    """Something a library fixed or noted in an item that was read all the same: one ``Warning:``
    line, neither a failure nor a skip."""


class NotFoundError(SlateError):
    """A title, person or article asked for is not in the database."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class StoreError(SlateError):
    """The database could not be opened or written."""


class StoreLost(StoreError):
    """The database can no longer be written (connection lost, disk full, read-only): a run ends."""


class EditError(SlateError):
    """An editor's correction cannot be made as asked (a missing or bad parameter)."""
