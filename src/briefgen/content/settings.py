"""Project-wide settings: the optional ``briefgen.yaml`` at the project root."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefgen.content import header, phrases, yamlfile, yardstick
from briefgen.content.fields import check_record, check_values, model_values
from briefgen.content.model import Scale, Settings
from briefgen.content.schema import SETTINGS_FIELDS
from briefgen.exceptions import Problem
from briefgen.layout import ASSETS_DIR, SETTINGS_FILE

FILENAME = SETTINGS_FILE

#: The settings that other files are checked against (the facts' likelihoods against the yardstick): when one
#: of them is wrong, so are those checks.
SHARED = ("scales", "default_scale", "formats", "yardstick")
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
    found = check_values(values, SETTINGS_FIELDS, FILENAME, data)
    problems += found
    for problem in found:  # a setting that is wrong keeps its default
        del values[problem.field or ""]
    if "contact" in values:
        values["contact"] = header.contact(values["contact"], FILENAME, data.line_of("contact"), problems)
    if "logo" in values:
        values["logo"] = header.logo(values["logo"], FILENAME, data.line_of("logo"), root / ASSETS_DIR, problems)
    if "phrases" in values:
        found = phrases.check_overrides(values["phrases"], FILENAME, data.line_of("phrases"))
        problems += found
        if found:  # wrong overrides are all left out: a phrase with a bad placeholder cannot be printed
            del values["phrases"]
    if "yardstick" in values:
        values["yardstick"], found = yardstick.parse(values["yardstick"], FILENAME, data.line_of("yardstick"))
        problems += found
    if "scales" in values:
        values["scales"] = tuple(Scale(name, levels) for name, levels in values["scales"].items())
    settings = Settings(**model_values(values, SETTINGS_FIELDS))
    if settings.default_scale not in {s.name for s in settings.scales}:
        problems.append(Problem(FILENAME, data.line_of("default_scale"), "default_scale",
                                f"expected one of the scales, found '{settings.default_scale}'"))
        settings = Settings()
    return settings, problems
