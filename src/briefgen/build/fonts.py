"""The font files the HTML edition names (writers/html_fonts.py), copied beside it into build/: the same
relative path as in the project (``assets/fonts/X.ttf`` into ``build/assets/fonts/X.ttf``), written
only when the bytes differ, never through a symbolic link."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.outputs import BuildDirError, write_atomic

if TYPE_CHECKING:
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project


def copy_fonts(project: Project, briefing: Briefing) -> list[str]:
    """Copy the fonts the briefing's HTML edition names into build/; the copies written (paths relative
    to build/), none when all were already there."""
    from briefgen.writers.html_fonts import font_faces  # lazy: the no-op build path never loads it

    if not briefing.stylesheet:
        return []
    build = project.build_dir
    written = []
    for rel, source in sorted(font_faces(project.templates / briefing.stylesheet, project.root).files.items()):
        target = build / rel
        for folder in target.relative_to(build).parents:
            if (build / folder).is_symlink():
                raise BuildDirError(f"{build / folder} is a symbolic link; briefgen writes only into real folders: "
                                    "remove the link")
        try:
            if write_atomic(target, source.read_bytes()):
                written.append(rel)
        except OSError as exc:
            raise BuildDirError(f"cannot copy {rel} into {build}: {exc.strerror or exc}") from None
    return written


def served_font(build: Path, address: str) -> tuple[Path, str] | None:
    """For ``briefgen serve``: the font copy in build/ that ``address`` (``/assets/fonts/X.ttf``) names,
    and its type; None for anything else (another suffix, ``..``, a link, a file outside build/)."""
    from briefgen.writers.html_fonts import FONT_TYPES  # lazy: the no-op build path never loads it

    parts = address.lstrip("/").split("/")
    kind = FONT_TYPES.get(Path(parts[-1]).suffix.lower())
    if kind is None or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    file = build.joinpath(*parts)
    base = build.resolve()
    if file.is_symlink() or not file.is_file() or not file.resolve().is_relative_to(base):
        return None
    return file, kind
