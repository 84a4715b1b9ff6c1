"""JSON with limits: a line is measured before it is parsed, so no record can make the parser recurse
without bound or build an integer of thousands of digits.

Python's ``json`` recurses once per ``[`` or ``{`` (1,000 nested brackets raise RecursionError) and
turns every integer literal into an ``int`` (more than 4,300 digits raise ValueError). Both are checked
here in linear time: the nesting depth on the line's bytes before parsing, the length of each integer
literal as the parser meets it.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: deepest nesting of arrays and objects a record may have (a news record needs three or four)
MAX_JSON_DEPTH = 64
#: longest integer literal a record may hold (ids, counts: far below this)
MAX_JSON_DIGITS = 100

_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # as int8: +1, +1, -1, -1
_BLOCK = 1 << 20


class JsonLimitError(ValueError):
    """A JSON text beyond :data:`MAX_JSON_DEPTH` or :data:`MAX_JSON_DIGITS` (the reason is the message)."""


def check_depth(line: bytes) -> None:
    """Raise :class:`JsonLimitError` if ``line`` nests arrays/objects deeper than :data:`MAX_JSON_DEPTH`.

    Linear: brackets inside strings are dropped, the others become +1/-1 steps, and the running sum
    (the depth the parser would reach, unmatched openers included) is checked a block at a time."""
    if line.count(b"[") + line.count(b"{") <= MAX_JSON_DEPTH:
        return  # cannot be deeper than its number of opening brackets
    import numpy as np

    skeleton = _STRING.sub(b"", line).translate(None, _NOT_BRACKET)
    steps = np.frombuffer(skeleton.translate(_STEP), dtype=np.int8)
    level = 0
    for start in range(0, len(steps), _BLOCK):
        running = np.cumsum(steps[start : start + _BLOCK], dtype=np.int32) + level
        if int(running.max()) > MAX_JSON_DEPTH:
            raise JsonLimitError(f"nested deeper than {MAX_JSON_DEPTH} levels")
        level = int(running[-1])


def _int(literal: str) -> int:
    digits = len(literal) - literal.startswith("-")
    if digits > MAX_JSON_DIGITS:
        raise JsonLimitError(f"a number of {digits:,} digits (limit {MAX_JSON_DIGITS})")
    return int(literal)


def loads(text: str) -> Any:
    """``json.loads`` of a text that passed :func:`check_depth`, refusing over-long integers.

    Raises :class:`JsonLimitError` or :class:`json.JSONDecodeError`."""
    return json.loads(text, parse_int=_int)
