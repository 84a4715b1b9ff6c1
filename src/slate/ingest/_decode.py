"""Bytes -> text: UTF-8 first, then a detected legacy encoding, mojibake repaired; binaries refused."""

from __future__ import annotations

import codecs
import re
import unicodedata

from slate.errors import InputError

#: a single article larger than this is refused (it is not an article)
MAX_ARTICLE_BYTES = 20 * 1024 * 1024


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    return err.object[err.start : err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("slate-cp1252", _cp1252_fallback)


#: every byte but the control characters counted by :func:`looks_binary` (deleted, the rest is counted)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 32 and b not in (9, 10, 12, 13, 27)))
#: text ftfy leaves as it is: printable ASCII, tabs and newlines, no "&" (no HTML entity to unescape)
_PLAIN = re.compile(r"[\t\n\x20-\x25\x27-\x7e]*")


def looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    # control characters other than tab/newline/carriage return/form feed
    controls = len(sample.translate(None, _NOT_CONTROL))
    return len(sample) > 0 and controls / len(sample) > 0.05


def decode(data: bytes, source: str) -> str:
    """Decode an article's bytes or raise :class:`InputError` with a one-line reason."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(source, f"too large: {len(data) / 2**20:.1f} MiB (limit {MAX_ARTICLE_BYTES // 2**20} MiB)")
    if looks_binary(data):
        raise InputError(source, "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if _UTF8_MULTIBYTE.search(data):
            # mixed: UTF-8 with pieces pasted in from a legacy (Windows-1252 / Latin-1) encoding
            return _finish(data.decode("utf-8-sig", errors="slate-cp1252"))
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(source, "undecodable text (not UTF-8 and no known encoding fits)") from None
        text = str(best)
    return _finish(text)


def _finish(text: str) -> str:
    """Mojibake repaired (ftfy), then normalised."""
    if _PLAIN.fullmatch(text):  # nothing for ftfy to repair (a JSON line written with ensure_ascii, say)
        return normalise(text)
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
