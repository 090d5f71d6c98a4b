"""What a field's value must be beyond its type: the checks that field declarations name.

Each takes the value as checked for its type (text trimmed, lists as tuples) and returns the
message when the value is wrong ("expected ..., found ..."), else None.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefgen.content.fields import Check, describe
from briefgen.content.locale import check_lang
from briefgen.layout import BUILD_DIR

#: The longest short title: browsers' tabs and title bars cut longer ones.
SHORT_TITLE_MAX = 64
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def timezone(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return f"expected an IANA time zone such as Europe/London, found '{value}'"
    return None


def lang(value: str) -> str | None:
    """Why a brief's ``lang`` is not a BCP 47 tag Babel knows, or None."""
    return check_lang(value)


def editions_folder(value: str) -> str | None:
    """Why ``editions:`` in briefgen.yaml is unusable, or None."""
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or str(path) in (".", ""):
        return f"expected a folder inside the project, such as 'editions', found '{value}'"
    if path.parts[0] == BUILD_DIR:
        return f"expected a folder outside {BUILD_DIR}/ (which is disposable), found '{value}'"
    return None


def email(value: str) -> str | None:
    if _EMAIL.match(value):
        return None
    return f"expected an email address such as name@example.org, found {describe(value)}"


def short_title(value: str) -> str | None:
    if len(value) <= SHORT_TITLE_MAX:
        return None
    return f"expected at most {SHORT_TITLE_MAX} characters (a browser tab's length), found {len(value)}"


def formats_from(known: Collection[str]) -> Check:
    """A check that every format given is one of ``known``."""
    def check(value: tuple[str, ...]) -> str | None:
        bad = [f for f in value if f not in known]
        return f"expected formats from {', '.join(known)}, found {describe(bad[0])}" if bad else None

    return check


def one_scale_per_level(value: dict[str, Any]) -> str | None:
    """Scales (name to levels) that share no level: a level must say which scale it is on."""
    twice = _first_repeated(level for levels in value.values() for level in levels)
    return f"expected each marking level on one scale only, found '{twice}' twice" if twice else None


def _first_repeated(items: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None
