"""``briefgen watch``: rebuild the affected briefs whenever a content file is saved.

Each rebuild is an ordinary :func:`run`: nothing learnt about the inputs outlives it, so a new
include or ``@import`` is followed from the next save on.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from briefgen.build.options import Options, Result
from briefgen.build.run import BuildInterrupted, run
from briefgen.exceptions import BriefgenError
from briefgen.layout import EDITOR_TEMP, INPUT_DIRS, SETTINGS_FILE, VIM_PROBE

WATCHED = INPUT_DIRS


def _relative(root: Path, raw: str) -> str | None:
    """``raw`` relative to root when it can affect a brief: in a content folder, not an editor's
    temporary file, nothing hidden on the way (.git, .cache); or the settings file."""
    path = Path(raw)
    try:
        rel = path.relative_to(root) if path.is_absolute() and path.is_relative_to(root) else \
            path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if rel.as_posix() == SETTINGS_FILE:
        return rel.as_posix()
    if not rel.parts or rel.parts[0] not in WATCHED or VIM_PROBE.match(rel.name):
        return None
    if any(EDITOR_TEMP.search(part) or part == "__pycache__" for part in rel.parts[1:]):
        return None
    return rel.as_posix()


def relevant(root: Path, changes: Iterable[tuple[object, str]]) -> list[str]:
    """The changed paths that can affect a brief (content folders and settings), relative to root.
    Everything else (.venv/, build/, editors' temporary files) is ignored."""
    return sorted({rel for _, raw in changes if (rel := _relative(root, raw)) is not None})


def watch(root: Path, opts: Options, edition: Callable[[], dt.date], say: Callable[[str], None],
          report: Callable[[str, str, str], None], stop: threading.Event | None = None) -> None:
    """Build once, then again through the same incremental build after each batch of saves."""
    import watchfiles  # lazy: only `briefgen watch` needs it

    def once(reason: str) -> Result | None:
        say(reason)
        try:
            result = run(root, opts, edition(), report)
        except BuildInterrupted:
            raise
        except BriefgenError as exc:  # bad content while editing: say so and keep watching
            say(f"error: {exc.format_message()}")
            return None
        for warning in result.warnings:
            say(f"warning: {warning}")
        say(result.summary(edition()))
        return result

    def wanted(_: object, raw: str) -> bool:
        return _relative(root, raw) is not None

    once("building")
    # The root is watched for the settings file and for content folders made later; what happens in
    # .venv/ or build/ is filtered out before it can wake the loop.
    paths = [root / name for name in WATCHED if (root / name).exists()] + [root]
    for changes in watchfiles.watch(*paths, watch_filter=wanted, stop_event=stop, debounce=300, recursive=True):
        changed = relevant(root, changes)
        if changed:
            once("changed: " + ", ".join(changed))
