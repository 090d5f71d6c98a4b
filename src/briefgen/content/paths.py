"""Paths a project's files may name: resolved, and only ever inside the folder they belong to."""

from __future__ import annotations

from pathlib import Path

from briefgen.exceptions import Problem, ValidationError


def confined(folder: Path) -> Path:
    """``folder`` (a project's templates/ or assets/) resolved, when it stays inside the folder
    holding it, the project; else a :class:`ValidationError`: a folder that is a link out of the
    project would let templates and stylesheets read anything (a link to / publishes /etc/passwd)."""
    base = folder.parent.resolve()
    target = folder.resolve()
    if target == base or not target.is_relative_to(base):
        raise ValidationError([Problem(folder.name, None, None,
                                       f"expected a folder inside the project, found a link to {target}")])
    return target


def inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it stays inside ``root`` after resolving links, else None. ``root``
    itself must stay inside the project (see :func:`confined`)."""
    if not relative or relative.startswith(("/", "\\")) or "\\" in relative:
        return None
    base = confined(root)
    target = (base / relative).resolve()
    return target if target.is_relative_to(base) else None
