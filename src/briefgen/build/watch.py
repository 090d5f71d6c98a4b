"""``briefgen watch``: rebuild the affected briefs whenever a content file is saved."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from briefgen.build.options import Options, Result
from briefgen.build.run import run
from briefgen.exceptions import BriefgenError
from briefgen.layout import INPUT_DIRS, SETTINGS_FILE

WATCHED = INPUT_DIRS


def relevant(root: Path, changes: Iterable[tuple[object, str]]) -> list[str]:
    """The changed paths that can affect a brief (content folders and settings), relative to root."""
    found = []
    for _, raw in changes:
        path = Path(raw)
        try:
            rel = path.resolve().relative_to(root.resolve())
        except ValueError:
            continue
        if rel.parts and (rel.parts[0] in WATCHED or rel.as_posix() == SETTINGS_FILE) \
                and not rel.name.startswith((".", "~")) and not rel.name.endswith(("~", ".swp", ".tmp")):
            found.append(rel.as_posix())
    return sorted(found)


def watch(root: Path, opts: Options, edition: Callable[[], dt.date], say: Callable[[str], None],
          report: Callable[[str, str, str], None], stop: threading.Event | None = None) -> None:
    """Build once, then again through the same incremental build after each batch of saves."""
    import watchfiles

    def once(reason: str) -> Result | None:
        say(reason)
        try:
            result = run(root, opts, edition(), report)
            say(result.summary(edition()))
            return result
        except BriefgenError as exc:  # bad content while editing: say so and keep watching
            say(f"error: {exc.format_message()}")
            return None

    once("building")
    paths = [root / name for name in WATCHED if (root / name).exists()] + [root]
    for changes in watchfiles.watch(*paths, stop_event=stop, debounce=300, recursive=True):
        changed = relevant(root, changes)
        if changed:
            once("changed: " + ", ".join(changed))
