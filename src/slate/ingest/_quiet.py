"""What libraries say while Slate reads an item, caught so it becomes part of Slate's one-line messages.

warcio writes to ``sys.stderr`` and logs through :mod:`logging`; dateutil (under htmldate and
trafilatura) raises warnings such as ``UnknownTimezoneWarning``. Left alone they reach the user's
terminal as stray lines (a traceback-like warning, a log line with no file name), and a problem the
reader saw would be invisible to the exit status. Inside :func:`captured` they are collected instead;
the caller turns them into the reason of an ``Error:`` line or a ``Warning:`` line naming the item.

The capture is entered and left around the reading of one item, never across a ``yield``: nothing the
consumer of an ingest stream writes is caught.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Said:
    """Everything libraries said during one capture, one line per message."""

    lines: list[str] = field(default_factory=list)

    def first(self) -> str:
        """The first thing said, on one line ('' if nothing)."""
        return self.lines[0] if self.lines else ""


class _Collect(logging.Handler):
    def __init__(self, said: Said) -> None:
        super().__init__(logging.WARNING)
        self.said = said

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.said.lines.append(one_line(record.getMessage()))
        except Exception:  # noqa: BLE001 - a message that cannot be formatted is dropped, never raised
            pass


def one_line(text: str) -> str:
    """A message on one printable line: control characters as '?', runs of space as one, at most 200 chars."""
    text = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "?", text).split())
    return text if len(text) <= 200 else text[:199] + "…"


@contextlib.contextmanager
def captured(*, ignore: tuple[type[Warning], ...] = ()) -> Iterator[Said]:
    """Collect what libraries log (WARNING and above), warn and write to ``sys.stderr`` meanwhile.

    Warnings of the ``ignore`` categories are dropped (Slate handles their cause itself)."""
    said = Said()
    handler = _Collect(said)
    root = logging.getLogger()
    root.addHandler(handler)
    err = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(err):
            warnings.simplefilter("always")
            try:
                yield said
            finally:
                for w in caught:
                    if not (ignore and issubclass(w.category, ignore)):
                        said.lines.append(one_line(f"{w.category.__name__}: {w.message}"))
    finally:
        root.removeHandler(handler)
        said.lines.extend(one_line(line) for line in err.getvalue().splitlines() if line.strip())
