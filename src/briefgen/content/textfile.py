"""Reading one content file as text, safely.

Only a regular file is read: a FIFO would block the open for ever and a device may act when
opened, so the type is checked before anything is opened (and again on the open file, in case it
was swapped meanwhile). Then a size cap, and UTF-8 only, with the line of a bad byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from briefgen.exceptions import Problem

MAX_BYTES = 2 * 1024 * 1024

#: What a file that is not a regular file is, for messages.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is when it is not a regular file; None when it is one."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "a special file")


def _read_bytes(path: Path, shown_as: str) -> tuple[bytes | None, list[Problem]]:
    """A regular file's bytes, or the problem with it."""
    raw, wrong = read_regular(path, MAX_BYTES)
    if raw is None:
        return None, [Problem(shown_as, None, None, wrong or "cannot read file")]
    return raw, []


def read_regular(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """A regular file's bytes (at most ``limit`` of them), or what is wrong with it: "expected a
    regular file, found a FIFO (named pipe)", "file is N bytes, over the limit of L". Nothing else is
    ever opened: opening a FIFO blocks, opening a device may act on it."""
    try:
        what = _not_regular(os.stat(path).st_mode)
        if what:
            return None, f"expected {'a file' if what == 'a folder' else 'a regular file'}, found {what}"
        # Non-blocking, so that a file swapped for a FIFO since the stat cannot block the open either.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            what = _not_regular(info.st_mode)
            if what:
                return None, f"expected a regular file, found {what}"
            if info.st_size > limit:
                return None, f"file is {info.st_size} bytes, over the limit of {limit}"
            raw = handle.read(limit + 1)
    except OSError as exc:
        return None, f"cannot read file: {exc.strerror}"
    if len(raw) > limit:
        return None, f"file is {max(info.st_size, len(raw))} bytes, over the limit of {limit}"
    return raw, None


def read(path: Path, shown_as: str, root: Path | None = None) -> tuple[str | None, list[Problem]]:
    """The text of one file (None when it cannot be read), and any problems, named ``shown_as``.

    With ``root``, a file that is a link leading outside ``root`` is refused.
    """
    if root is not None and not path.resolve().is_relative_to(root.resolve()):
        return None, [Problem(shown_as, None, None, "expected a file inside the project, found a link leading "
                              "outside it")]
    raw, problems = _read_bytes(path, shown_as)
    if raw is None:
        return None, problems
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, None, f"expected UTF-8 text, found byte 0x{raw[exc.start]:02x}")]
