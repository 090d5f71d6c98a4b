"""Writing into build/: atomically, only when the bytes change, never through a symbolic link."""

from __future__ import annotations

import os
import stat
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


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    Returns False (and leaves the file and its mtime alone) when it already is a regular file holding
    exactly these bytes. A symbolic link at ``path`` is replaced, never written through. A failure
    never leaves a partial file.
    """
    try:
        st = os.lstat(path)
        if stat.S_ISREG(st.st_mode) and st.st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, data, prefix=".", suffix=".tmp")
    return True
