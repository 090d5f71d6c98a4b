"""Where editions live, how an edition is named, and writing there safely.

Editions are the record of what each reader received, so they live outside the disposable
``build/``, in a folder meant to be committed (``editions/`` by default; ``editions:`` in
``briefgen.yaml``). Each briefing has a folder of editions named by date, with later
revisions of a day numbered: ``2026-11-24``, ``2026-11-24.2``, ``2026-11-24.3``. Nothing is
ever written through a link that leads outside the project.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from briefgen.atomic import replace_file
from briefgen.exceptions import BuildError

#: Hidden names of half-written folders and files (removed by the next run, under the build lock).
TMP_PREFIX = ".tmp-"
_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.([1-9]\d*))?$")


@dataclass(frozen=True, order=True)
class EditionId:
    """An edition's name: its date and its revision within the day (1 for the first)."""

    date: dt.date
    revision: int = 1

    def __str__(self) -> str:
        day = self.date.isoformat()
        return day if self.revision == 1 else f"{day}.{self.revision}"

    @classmethod
    def parse(cls, name: str) -> EditionId | None:
        match = _ID.match(name)
        if not match:
            return None
        try:
            day = dt.date.fromisoformat(match.group(1))
        except ValueError:
            return None
        revision = int(match.group(2) or 1)
        return None if revision == 1 and match.group(2) else cls(day, revision)


def root_of(project_root: Path, setting: str) -> Path:
    """The editions folder of a project."""
    return project_root / setting


def inside(path: Path, project_root: Path, outcome: str = "so nothing was published") -> Path:
    """``path``, after checking that it resolves inside the project; raise otherwise, saying ``outcome``."""
    resolved = path.resolve()
    if not resolved.is_relative_to(project_root.resolve()):
        shown = os.path.relpath(path, project_root)
        raise BuildError(f"{shown}: leads to {resolved}, outside the project (a symbolic link?); editions are "
                         f"written only inside the project, {outcome}")
    return path


def clear_leftovers(folder: Path) -> list[str]:
    """Remove half-written folders and files a killed run left in ``folder``; return their names."""
    if not folder.is_dir():
        return []
    found = sorted(p for p in folder.iterdir() if p.name.startswith(TMP_PREFIX))
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    return [p.name for p in found]


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes) -> bool:
    """Write ``path`` through a hidden temporary file and a rename, only when its bytes change."""
    try:
        if not path.is_symlink() and path.is_file() and path.read_bytes() == data:
            return False
    except OSError:
        pass
    replace_file(path, data, prefix=TMP_PREFIX)
    fsync_dir(path.parent)
    return True
