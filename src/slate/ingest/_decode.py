"""Bytes -> text: UTF-8 first, then a detected legacy encoding, mojibake repaired; binaries refused."""

from __future__ import annotations

import unicodedata

from slate.errors import InputError

#: a single article larger than this is refused (it is not an article)
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # control characters other than tab/newline/carriage return/form feed
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(sample) > 0 and controls / len(sample) > 0.05


def decode(data: bytes, source: str) -> str:
    """Decode an article's bytes or raise :class:`InputError` with a one-line reason."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: {len(data) / 1e6:.1f} MB > {MAX_ARTICLE_BYTES / 1e6:.0f} MB")
    if looks_binary(data):
        raise InputError(source, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(source, "undecodable text (not UTF-8 and no known encoding fits)") from None
        text = str(best)
    import ftfy

    text = ftfy.fix_text(
        text,
        uncurl_quotes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        normalization="NFC",
    )
    return normalise(text)


def normalise(text: str) -> str:
    """NFC, Unix newlines, no trailing spaces; otherwise verbatim (offsets point into this text)."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
