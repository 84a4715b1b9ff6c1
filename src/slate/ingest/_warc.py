"""WARC/ARC records through warcio, read in time and memory linear in the input.

warcio reads header lines by appending each buffer-full to the line read so far, so a stream with no
line break (a file of NULs, a cut-off binary) costs time quadratic in its length and holds all of it.
The reader here reads lines in pieces joined once, and bounds what one record may spend on headers:
the blank lines before it, its WARC headers and its HTTP headers together are at most
:data:`MAX_WARC_HEADER_BYTES`. (A record's body is read in blocks; an HTML body over the article limit
is refused by the caller.)
"""

from __future__ import annotations

from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

#: the blank lines, WARC headers and HTTP headers of one record, together
MAX_WARC_HEADER_BYTES = 1 << 20
BLOCK = 1 << 16


class WarcLimitError(Exception):
    """A record's headers run past :data:`MAX_WARC_HEADER_BYTES` (the reason is the message)."""


class _LinearReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's buffered (and gzip-member-aware) reader with a linear, bounded ``readline``."""

    def __init__(self, stream: Any, block_size: int) -> None:
        super().__init__(stream, block_size=block_size)
        self.header_bytes = 0  # bytes read by lines since the last block read (a record's headers)

    def read(self, length: int | None = None) -> bytes:
        self.header_bytes = 0
        data: bytes = super().read(length)
        return data

    def readline(self, length: int | None = None) -> bytes:
        if length == 0:
            return b""
        self._fillbuff()
        if self.empty():
            return b""
        pieces: list[bytes] = []
        got = 0
        while True:
            piece: bytes = self.buff.readline(-1 if length is None else length - got)
            pieces.append(piece)
            got += len(piece)
            if self.header_bytes + got > MAX_WARC_HEADER_BYTES:
                raise WarcLimitError(
                    f"record headers longer than {MAX_WARC_HEADER_BYTES // 2**20} MiB (no line break where one "
                    "belongs: not a WARC record)"
                )
            if piece.endswith(b"\n") or (length is not None and got >= length):
                break
            self._fillbuff()  # at the end of the buffer: the line goes on in the next block
            if self.empty():
                break
        self.header_bytes += got
        return pieces[0] if len(pieces) == 1 else b"".join(pieces)


class _Records(ArchiveIterator):  # type: ignore[misc]
    # warcio prints the rest of a record whose Content-Length is wrong to stderr: the caller reports it
    INC_RECORD = ""

    def __init__(self, fileobj: IO[bytes] | Any) -> None:
        # ARC records come out as WARC ones (WARC-Target-URI, WARC-Date), the ARC file header as warcinfo
        super().__init__(fileobj, block_size=BLOCK, arc2warc=True)
        self.reader = _LinearReader(self.fh, block_size=BLOCK)


def archive_records(fileobj: IO[bytes] | Any) -> Any:
    """warcio's ``ArchiveIterator`` over ``fileobj`` (WARC or ARC, plain or gzip; ARC records read as
    WARC ones), reading linearly;
    raises :class:`WarcLimitError` at a record whose headers run past the limit."""
    return _Records(fileobj)
