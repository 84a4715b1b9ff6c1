"""SQLite connections for :class:`slate.store.Store`: read-write, or read-only for the read commands,
and error messages that name the real cause (a read-only folder, a full disk, a file size limit)."""

from __future__ import annotations

import os
import resource
import sqlite3
from pathlib import Path
from urllib.parse import quote

from slate.errors import StoreError, StoreLost

# primary result codes (the low byte of sqlite_errorcode)
_PERM, _BUSY, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 3, 5, 8, 10, 11, 13, 14, 26
#: errors after which no later write can succeed: the run ends (each one is one clear line)
FATAL_CODES = {_PERM, _BUSY, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB}


def _code(e: sqlite3.Error) -> int:
    return int(getattr(e, "sqlite_errorcode", 0) or 0) & 0xFF


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def _size_limit_reached(path: Path) -> int | None:
    """The file size limit (``ulimit -f``) in bytes when the database or its journal has reached it."""
    soft, _ = resource.getrlimit(resource.RLIMIT_FSIZE)
    if soft == resource.RLIM_INFINITY:
        return None
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        try:
            if p.stat().st_size + 65536 >= soft:
                return int(soft)
        except OSError:
            continue
    return None


def _disk_full(folder: Path) -> bool:
    try:
        st = os.statvfs(folder)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 1024 * 1024


def cause(path: str, e: sqlite3.Error, *, creating: bool = False) -> str:
    """One line naming what went wrong with the SQLite file at ``path``."""
    p = Path(path)
    folder = p.parent
    code = _code(e)
    if code == _NOTADB:
        return f"{path}: not a Slate database (not an SQLite file)"
    if code == _CANTOPEN and creating and not _writable(folder):
        return f"{path}: cannot create the database: the folder {folder} is read-only"
    if code == _CANTOPEN and not p.exists():
        return f"{path}: no such database"
    if code in (_READONLY, _CANTOPEN, _PERM) and (not _writable(folder) or not os.access(p, os.W_OK)):
        return f"{path}: cannot write: the file or its folder {folder} is read-only (reading still works)"
    if code in (_FULL, _IOERR):
        limit = _size_limit_reached(p)
        if limit is not None:
            return f"{path}: cannot write: the file size limit is reached (ulimit -f: {limit} bytes)"
        if code == _FULL or _disk_full(folder):
            return f"{path}: cannot write: the disk is full"
        return f"{path}: cannot write: disk I/O error"
    if code == _BUSY:
        return f"{path}: locked by another program for 30 s ({e})"
    if code == _CORRUPT:
        return f"{path}: the database file is damaged ({e})"
    return f"{path}: {e}"


def connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    """A connection to ``path``. Nothing is written to the file here: a read-only connection never
    writes, and a read-write one is switched to WAL only once the file is known to be Slate's."""
    if path == ":memory:":
        return sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    p = Path(path)
    if p.exists() and p.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    if not p.parent.exists():
        raise StoreError(f"{path}: folder {p.parent} does not exist")
    if readonly:
        if not p.exists():
            raise StoreError(f"{path}: no such database (slate ingest creates it)")
        return _connect_readonly(p)
    creating = not p.exists()
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys=ON")
        return conn
    except sqlite3.Error as e:
        raise StoreError(cause(path, e, creating=creating)) from None


def _connect_readonly(p: Path) -> sqlite3.Connection:
    """``mode=ro``; on read-only media (no -shm can be made beside the file) ``immutable=1``."""
    base = "file:" + quote(str(p.resolve())) + "?mode=ro"
    last: sqlite3.Error | None = None
    uris = [base] if _writable(p.parent) else [base, base + "&immutable=1"]
    for uri in uris:
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30, check_same_thread=False)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.Error:
                conn.close()
                raise
            return conn
        except sqlite3.Error as e:
            last = e
            if _code(e) not in (_CANTOPEN, _READONLY, _IOERR):
                break
    assert last is not None
    raise StoreError(cause(str(p), last))


def lost(path: str, e: sqlite3.Error) -> StoreLost | None:
    """A :class:`StoreLost` when ``e`` means no later write can succeed either."""
    if _code(e) in FATAL_CODES:
        return StoreLost(cause(path, e))
    return None
