"""Reading published editions: each edition folder holds a copy of the outputs and ``manifest.json``.

The manifest keeps the briefing, the edition date and name, when it was published, the facts the
reader was shown (ids, content hashes, texts, and the analyst's change annotations), the sources
cited, the marking, the hashes of the outputs, the edition it was compared with, and what changed
since then (editorial changes included). An edition whose manifest is missing, truncated or not
a manifest is named in a warning and skipped: it never blocks a build.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen.content.settings import load
from briefgen.editions import manifest_schema
from briefgen.editions.folder import TMP_PREFIX, EditionId, root_of
from briefgen.layout import Layout

MANIFEST = "manifest.json"
_REQUIRED = {"briefing": str, "edition": str, "facts": dict, "outputs": dict}


@dataclass(frozen=True)
class Edition:
    """A published edition: its name, folder and manifest."""

    id: EditionId
    folder: Path
    manifest: dict[str, Any]

    @property
    def date(self) -> dt.date:
        return self.id.date

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST


@dataclass(frozen=True)
class Scan:
    """The editions of one briefing, oldest first, and warnings about folders that are not whole."""

    editions: tuple[Edition, ...]
    warnings: tuple[str, ...]
    names: frozenset[str]

    def latest(self, on_or_before: dt.date | None = None) -> Edition | None:
        found = [e for e in self.editions if on_or_before is None or e.date <= on_or_before]
        return found[-1] if found else None

    def get(self, name: str | None) -> Edition | None:
        return next((e for e in self.editions if str(e.id) == name), None)


def folder_of(project_root: Path, setting: str, briefing_id: str) -> Path:
    return root_of(project_root, setting) / briefing_id


def load_manifest(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def _problem(path: Path, name: EditionId) -> tuple[dict[str, Any] | None, str | None]:
    """The manifest at ``path``, or why it cannot be used."""
    if not path.is_file():
        return None, "no manifest.json (an incomplete edition)"
    try:
        data = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}; truncated?)"
    if not isinstance(data, dict):
        return None, "expected a JSON object"
    for key, kind in _REQUIRED.items():
        if not isinstance(data.get(key), kind):
            return None, f"expected '{key}' in it, found {'nothing' if key not in data else 'something else'}"
    wrong = manifest_schema.problem(data)
    if wrong:
        return None, wrong
    if data["edition"] != name.date.isoformat():
        return None, f"expected edition '{name.date.isoformat()}' as its folder says, found '{data['edition']}'"
    return data, None


def scan(folder: Path, shown: str = "") -> Scan:
    """Every edition in a briefing's folder. ``shown`` is how warnings name the folder."""
    editions: list[Edition] = []
    warnings: list[str] = []
    names: set[str] = set()
    if not folder.is_dir():
        return Scan((), (), frozenset())
    for path in folder.iterdir():
        if path.name.startswith((TMP_PREFIX, ".")) or not path.is_dir():
            continue
        names.add(path.name)
        name = EditionId.parse(path.name)
        where = f"{shown or folder}/{path.name}"
        if name is None:
            warnings.append(f"{where}: not an edition (expected a folder named YYYY-MM-DD or YYYY-MM-DD.N); ignored")
            continue
        data, problem = _problem(path / MANIFEST, name)
        if data is None:
            warnings.append(f"{where}/{MANIFEST}: {problem}; this edition is skipped until it is restored "
                            f"(git checkout -- {where}) or its folder removed")
            continue
        editions.append(Edition(name, path, data))
    editions.sort(key=lambda e: e.id)
    return Scan(tuple(editions), tuple(sorted(warnings)), frozenset(names))


def warnings_under(root: Path) -> list[str]:
    """Warnings about the editions of every briefing of the project at ``root`` (manifests missing,
    truncated or of the wrong types), each naming the manifest's path."""
    editions = root_of(root, _setting(root))
    if not editions.is_dir():
        return []
    found: list[str] = []
    for folder in sorted(p for p in editions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found += scan(folder, folder.relative_to(root).as_posix()).warnings
    return found


@functools.lru_cache(maxsize=64)
def _editions_setting(root: Path, stamp: tuple[int, int] | None) -> str:
    return load(root)[0].editions


def _setting(root: Path) -> str:
    settings = Layout(root).settings
    try:
        st = settings.stat()
        stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    return _editions_setting(root, stamp)


def previous(build_dir: Path, briefing_id: str, edition: dt.date, since: dt.date | None = None) -> Path | None:
    """The manifest a build for ``edition`` compares with or decides from: the latest published edition
    dated on or before ``edition`` (or the latest of the day ``since``). Editions live beside ``build_dir``,
    in the folder ``briefgen.yaml`` names."""
    root = build_dir.parent
    found = scan(folder_of(root, _setting(root), briefing_id))
    if since is not None:
        chosen = [e for e in found.editions if e.date == since]
        return chosen[-1].path if chosen else None
    latest = found.latest(edition)
    return latest.path if latest else None


def baseline(found: Scan, edition: dt.date, same: Callable[[object], bool]) -> Edition | None:
    """The edition a brief of ``edition`` says what has changed since: the last published one.

    When the brief's content is that of the last published edition (``same(recorded fingerprint)``),
    the brief *is* that edition re-dated, so it compares with what that edition compared with; that
    way publishing never changes what an unchanged brief says.
    """
    latest = found.latest(edition)
    if latest is None:
        return None
    if same(latest.manifest.get("content")):
        return found.get(latest.manifest.get("since"))
    return latest
