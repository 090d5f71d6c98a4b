"""Project-wide settings: the optional ``briefgen.yaml`` at the project root."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefgen.content import header, yamlfile
from briefgen.content.fields import check_record
from briefgen.content.model import FORMATS, Scale, Settings
from briefgen.content.schema import SETTINGS_FIELDS
from briefgen.exceptions import Problem
from briefgen.layout import ASSETS_DIR, BUILD_DIR, SETTINGS_FILE

FILENAME = SETTINGS_FILE

#: The settings that other files are checked against: when one of them is wrong, so are those checks.
SHARED = ("scales", "default_scale", "formats")
#: Settings that no other file depends on.
_OWN = tuple(f.name for f in SETTINGS_FIELDS if f.name not in SHARED)


def load(root: Path) -> tuple[Settings, list[Problem]]:
    """Read the settings file if there is one; defaults otherwise, and when it has problems."""
    settings, problems = read(root)
    return settings or Settings(), problems


def read(root: Path) -> tuple[Settings | None, list[Problem]]:
    """Read the settings file if there is one; defaults otherwise.

    The settings are None when the file cannot be read, or when the scales or formats it
    declares are wrong (or misspelt): facts and briefings cannot be checked against them, and
    checking them against the defaults instead would report a spurious problem for every marking.
    """
    path = root / FILENAME
    if not path.exists():
        return Settings(), []
    data, problems = yamlfile.load(path, FILENAME)
    if problems:
        return None, problems
    if data is None:
        return Settings(), []
    settings, problems = _settings(data, root)
    if any((p.field or "").split(".")[0] not in _OWN for p in problems):
        return None, problems
    return settings, problems


def _settings(data: Any, root: Path) -> tuple[Settings, list[Problem]]:
    values, problems = check_record(data, SETTINGS_FIELDS, FILENAME, "the settings", 1)
    kwargs: dict[str, Any] = {}
    if "timezone" in values:
        try:
            ZoneInfo(values["timezone"])
            kwargs["timezone"] = values["timezone"]
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                Problem(FILENAME, data.line_of("timezone"), "timezone",
                        f"expected an IANA time zone such as Europe/London, found '{values['timezone']}'")
            )
    if "formats" in values:
        bad = [f for f in values["formats"] if f not in FORMATS]
        if bad:
            problems.append(Problem(FILENAME, data.line_of("formats"), "formats",
                                    f"expected formats from {', '.join(FORMATS)}, found '{bad[0]}'"))
        else:
            kwargs["formats"] = values["formats"]
    for name in ("author", "organisation"):
        if name in values:
            kwargs[name] = values[name]
    if "contact" in values:
        kwargs["contact"] = header.contact(values["contact"], FILENAME, data.line_of("contact"), problems)
    if "logo" in values:
        kwargs["logo"] = header.logo(values["logo"], FILENAME, data.line_of("logo"), root / ASSETS_DIR, problems)
    if "scales" in values:
        scales = tuple(Scale(name, levels) for name, levels in values["scales"].items())
        twice = _first_repeated(level for s in scales for level in s.levels)
        if twice:
            problems.append(Problem(FILENAME, data.line_of("scales"), "scales",
                                    f"expected each marking level on one scale only, found '{twice}' twice"))
        else:
            kwargs["scales"] = scales
    if "keep_editions" in values:
        kwargs["keep_editions"] = values["keep_editions"]
    if "default_scale" in values:
        kwargs["default_scale"] = values["default_scale"]
    if "archive" in values:
        kwargs["archive"] = values["archive"]
    if "base_url" in values:
        kwargs["base_url"] = values["base_url"]
    if "editions" in values:
        message = check_editions_setting(values["editions"])
        if message:
            problems.append(Problem(FILENAME, data.line_of("editions"), "editions", message))
        else:
            kwargs["editions"] = values["editions"]
    settings = Settings(**kwargs)
    if settings.default_scale not in {s.name for s in settings.scales}:
        problems.append(Problem(FILENAME, data.line_of("default_scale"), "default_scale",
                                f"expected one of the scales, found '{settings.default_scale}'"))
        settings = Settings()
    return settings, problems


def _first_repeated(items: Iterable[str]) -> str | None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            return item
        seen.add(item)
    return None


def check_editions_setting(value: str) -> str | None:
    """Why ``editions:`` in briefgen.yaml is unusable, or None."""
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or str(path) in (".", ""):
        return f"expected a folder inside the project, such as 'editions', found '{value}'"
    if path.parts[0] == BUILD_DIR:
        return f"expected a folder outside {BUILD_DIR}/ (which is disposable), found '{value}'"
    return None
