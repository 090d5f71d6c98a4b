"""Where things live in a content project: every folder and file name, named once, here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "briefgen.yaml"
FACTS_DIR = "facts"
BRIEFINGS_DIR = "briefings"
TEMPLATES_DIR = "templates"
ASSETS_DIR = "assets"
BUILD_DIR = "build"
#: Inside build/: the fact-check reports, one per source (``briefgen check --evidence``).
FACT_CHECK_DIR = "fact-check"
EDITIONS_DIR = "editions"
STATE_FILE = ".briefgen-state.json"
LOCK_FILE = ".lock"

#: The folders whose files are a project's inputs (watched, hashed, listed).
INPUT_DIRS = (FACTS_DIR, BRIEFINGS_DIR, TEMPLATES_DIR, ASSETS_DIR)

#: Files editors write beside the one being saved (swap, backup, lock and temporary files): vim's
#: .swp/.swx/~ and its 4913 probe, emacs's #x# and .#x, JetBrains' ___jb_tmp___, kate's .kate-swp,
#: GNOME's .goutputstream-*, and any hidden file or folder.
EDITOR_TEMP = re.compile(r"""^[.~#]|[~#]$|\.(sw[a-p]|swx|tmp|bak|orig|kate-swp|part|crdownload)$
                             |___jb_(tmp|old|bak)___$""", re.VERBOSE)
#: vim's probe of whether it may write in a folder: a file named by a number (4913, 5036...).
VIM_PROBE = re.compile(r"^\d+$")


def is_editor_file(name: str) -> bool:
    """Whether a file named ``name`` is an editor's temporary file or a hidden one: never an input."""
    return bool(EDITOR_TEMP.search(name) or VIM_PROBE.match(name))


def is_root(folder: Path) -> bool:
    """Whether ``folder`` is a project's root: it holds briefgen.yaml, or both facts/ and briefings/."""
    try:
        return (folder / SETTINGS_FILE).is_file() or (
            (folder / FACTS_DIR).is_dir() and (folder / BRIEFINGS_DIR).is_dir()
        )
    except PermissionError:  # a folder we may not search is not a project we can use
        return False


def find_root(start: Path, walk_up: bool = True) -> Path | None:
    """The project root at ``start`` or, with ``walk_up``, the nearest above it (as git finds
    its repository); None when there is none. The path returned is absolute and resolved."""
    start = start.resolve()
    for folder in (start, *start.parents) if walk_up else (start,):
        if is_root(folder):
            return folder
    return None


@dataclass(frozen=True)
class Layout:
    """The paths of one project, from its root."""

    root: Path

    @property
    def settings(self) -> Path:
        return self.root / SETTINGS_FILE

    @property
    def facts(self) -> Path:
        return self.root / FACTS_DIR

    @property
    def briefings(self) -> Path:
        return self.root / BRIEFINGS_DIR

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_DIR

    @property
    def assets(self) -> Path:
        return self.root / ASSETS_DIR

    @property
    def build(self) -> Path:
        return self.root / BUILD_DIR

    @property
    def editions(self) -> Path:
        """The default editions folder: published editions are kept, and committed, outside build/
        (``editions:`` in briefgen.yaml may name another)."""
        return self.root / EDITIONS_DIR

    @property
    def state_file(self) -> Path:
        return self.build / STATE_FILE

    @property
    def lock_file(self) -> Path:
        return self.build / LOCK_FILE

    def output(self, briefing_id: str, fmt: str) -> Path:
        return self.build / f"{briefing_id}.{fmt}"

    def fact_files(self) -> list[Path]:
        """The facts files (editors' temporary files beside them left out, as everywhere)."""
        return _inputs(self.facts, "*.yaml") + _inputs(self.facts, "*.yml")

    def spec_files(self) -> list[Path]:
        return _inputs(self.briefings, "*.yaml")

    def rel(self, path: Path) -> str:
        """``path`` relative to the root, with forward slashes."""
        return path.relative_to(self.root).as_posix()


def _inputs(folder: Path, pattern: str) -> list[Path]:
    """The files in ``folder`` matching ``pattern``, sorted, without editors' temporary files
    (emacs's ``.#x.yaml`` lock would otherwise be read as content)."""
    return sorted(p for p in folder.glob(pattern) if not is_editor_file(p.name))
