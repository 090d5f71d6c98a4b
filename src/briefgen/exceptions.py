"""Every error briefgen reports to a user.

The base class is a :class:`click.ClickException`, so the CLI prints the message
and exits with the error's code, never a traceback. Programming errors are not
wrapped: they surface as ordinary exceptions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

#: Exit codes, documented in the README and ``briefgen --help``.
EXIT_OK = 0
EXIT_CONTENT = 1
EXIT_USAGE = 2
EXIT_STALE = 3


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class BriefgenError(click.ClickException):
    """A user error: bad content, a failed build. Exit code 1."""

    exit_code = EXIT_CONTENT

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(visible(f"error: {self.format_message()}"), file=file, err=True)


class ValidationError(BriefgenError):
    """The content has one or more problems; all of them are listed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems), key=_problem_key)
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{count} {noun} found:\n{lines}")


def _problem_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.field or "", problem.message)


class TemplateError(BriefgenError):
    """A template failed to compile or render; the message names file and line."""


class LeakError(BriefgenError):
    """A rendered brief contains the text of a fact its reader may not see."""


class NoEditionError(BriefgenError):
    """There is no earlier edition to compare with (exit code 1: a state of the content, not usage)."""


class BuildError(BriefgenError):
    """One or more targets failed to build."""


class StaleFactsError(BriefgenError):
    """Under --strict, a brief would show facts past their review date (exit code 3)."""

    exit_code = EXIT_STALE


class ProjectUsageError(BriefgenError):
    """The command was asked for something that does not exist (exit code 2)."""

    exit_code = EXIT_USAGE


#: Control characters (C0 other than tab and newline, DEL, C1): a terminal acts on them (ESC starts
#: a command: a clipboard write, clearing the screen), so none is ever printed raw.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC is shown as U+241B
    return "\u2421" if code == 0x7F else f"<U+{code:04X}>"


def visible(text: str) -> str:
    """``text`` with every control character shown as a visible symbol, safe to print to a terminal."""
    return CONTROLS.sub(_picture, text)


def relpath(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when it is inside it, for messages."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
