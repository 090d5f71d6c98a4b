"""Writing into build/: atomically, only when the bytes change, never through a symbolic link."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from briefgen.atomic import replace_file
from briefgen.exceptions import BriefgenError


class BuildDirError(BriefgenError):
    """build/ (or a file in it) cannot be written: a symbolic link, not a folder, or no permission."""


def build_folder(path: Path) -> None:
    """Make ``path`` (a project's build/) if missing; refuse a symlink, a non-folder, or one we cannot make."""
    if path.is_symlink():
        raise BuildDirError(f"{path} is a symbolic link (to {os.readlink(path)}); briefgen writes only "
                            "into a real folder: remove the link")
    try:
        path.mkdir(exist_ok=True)  # never a chain of folders: the project's root must exist
    except (FileExistsError, NotADirectoryError):
        raise BuildDirError(f"{path} is not a folder: briefgen writes its outputs there; move it away") from None
    except OSError as exc:
        raise BuildDirError(f"cannot write in {path}: {exc.strerror}") from None


#: Files written with ``durable=False`` and not yet synced (see :func:`sync_written`).
_UNSYNCED: set[Path] = set()


def write_atomic(path: Path, data: bytes, durable: bool = True) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and leaves the file and its mtime alone) when it already is a regular file holding
    exactly these bytes. A symbolic link at ``path`` is replaced, never written through. A failure
    never leaves a partial file. ``durable=False`` skips syncing the file to disk: the build's outputs,
    which :func:`sync_written` makes durable together, before the state that records them is written.
    """
    try:
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, prefix=".", suffix=".tmp", durable=durable)
    if not durable:
        _UNSYNCED.add(path)
    return True


def sync_written() -> int:
    """Make every file written with ``durable=False`` durable, data and rename, before a record that
    names them (the build state) is written; how many there were. On Linux one ``syncfs`` of each file
    system they are on (one journal commit, however many files); elsewhere each file and each of their
    folders is synced."""
    paths = sorted(_UNSYNCED)
    _UNSYNCED.clear()
    folders = sorted({p.parent for p in paths})
    if not paths:
        return 0
    if _syncfs(folders):
        return len(paths)
    for path in [*paths, *folders]:
        _fsync(path)
    return len(paths)


def _syncfs(folders: list[Path]) -> bool:
    """``syncfs(2)`` the file system of each folder (Linux); False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    devices: set[int] = set()
    for folder in folders:
        try:
            fd = os.open(folder, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            if os.fstat(fd).st_dev not in devices:
                devices.add(os.fstat(fd).st_dev)
                if syncfs(fd) != 0:
                    raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(folder))
        finally:
            os.close(fd)
    return True


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:  # removed since (a stale output pruned): nothing to make durable
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
