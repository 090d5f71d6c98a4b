"""Project-wide settings: the optional ``briefgen.yaml`` at the project root."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from briefgen.content import yamlfile
from briefgen.content.fields import check_record
from briefgen.content.model import FORMATS, Scale, Settings
from briefgen.content.schema import SETTINGS_FIELDS
from briefgen.exceptions import Problem
from briefgen.layout import SETTINGS_FILE

FILENAME = SETTINGS_FILE


def load(root: Path) -> tuple[Settings, list[Problem]]:
    """Read the settings file if there is one; defaults otherwise."""
    path = root / FILENAME
    if not path.exists():
        return Settings(), []
    data, problems = yamlfile.load(path, FILENAME)
    if problems:
        return Settings(), problems
    if data is None:
        return Settings(), []
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
    if "author" in values:
        kwargs["author"] = values["author"]
    if "scales" in values:
        scales = tuple(Scale(name, levels) for name, levels in values["scales"].items())
        labels = [level for s in scales for level in s.levels]
        if len(labels) != len(set(labels)):
            problems.append(Problem(FILENAME, data.line_of("scales"), "scales",
                                    "expected each marking level on one scale only, found a level twice"))
        else:
            kwargs["scales"] = scales
    if "keep_editions" in values:
        kwargs["keep_editions"] = values["keep_editions"]
    if "default_scale" in values:
        kwargs["default_scale"] = values["default_scale"]
    if "base_url" in values:
        kwargs["base_url"] = values["base_url"]
    if "editions" in values:
        from briefgen.editions.folder import check_setting

        message = check_setting(values["editions"])
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
