"""Input directories: their regular files, in name order, and one :class:`InputError` for every other entry.

Hidden entries (``.name``) are skipped silently. A symbolic link is followed only when asked, and only
when where it leads stays inside one of the directories given; FIFOs, sockets and devices are never
opened (opening a FIFO waits for a writer forever, ``/dev/zero`` never ends); a directory reached twice
(a link loop) is read once.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from slate.errors import InputError

NOT_FOLLOWED = "symbolic link, not followed (--follow-symlinks follows links inside the input directories)"
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def directory_files(root: Path, roots: list[str], *, follow_symlinks: bool) -> Iterator[Path | InputError]:
    """The regular files under ``root`` (recursively, in name order) and an error for each entry skipped.

    ``roots`` are the real paths of every directory given: a followed link must lead inside one."""
    st = root.stat()
    yield from _directory(root, roots, follow_symlinks, {(st.st_dev, st.st_ino)})


def _directory(folder: Path, roots: list[str], follow: bool, seen: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as e:
        yield InputError(str(folder), f"cannot list the directory: {e.strerror or e}")
        return
    for entry in entries:
        path = folder / entry.name
        try:
            if entry.is_symlink():
                if not follow:
                    yield InputError(str(path), NOT_FOLLOWED)
                    continue
                if not _inside(os.path.realpath(path), roots):
                    yield InputError(str(path), "symbolic link to outside the input directories, not followed")
                    continue
                st = path.stat()  # where the link leads
            else:
                st = entry.stat(follow_symlinks=False)
        except OSError as e:
            if e.errno == errno.ELOOP:
                yield InputError(str(path), "symbolic link loop, skipped")
            elif e.errno == errno.ENOENT:
                yield InputError(str(path), "broken symbolic link, skipped")
            else:
                yield InputError(str(path), f"cannot read: {e.strerror or e}")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                yield InputError(str(path), "directory already read (a link loop or a second link to it), skipped")
                continue
            seen.add(key)
            yield from _directory(path, roots, follow, seen)
        elif stat.S_ISREG(st.st_mode):
            yield path
        else:
            yield InputError(str(path), f"{kind_of(st.st_mode)}, not a regular file: skipped")
