"""One build at a time per project: an advisory lock on ``build/.lock`` that goes with its process.

``flock`` is released when the last descriptor of the open file closes, and a forked worker inherits
the descriptor: so every forked child closes its copy at once (``os.register_at_fork``), and a build
killed with SIGKILL leaves no process behind that still holds the lock.

Why not the ``filelock`` library: it does not record the holder's pid (the message below names it),
its import costs some 50 ms, a fifth of a no-op build, and what we need from it (no symlinks, no
lock in forked children) is a few lines here. ``fcntl`` is imported only when a lock is taken, so
importing briefgen never fails where it is missing.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from briefgen.build.outputs import BuildDirError, build_folder
from briefgen.exceptions import BriefgenError
from briefgen.layout import LOCK_FILE

#: The lock descriptors this process holds; a forked child closes its copies of them.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for fd in _HELD:
        with suppress(OSError):
            os.close(fd)
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_in_child)


class BuildLocked(BriefgenError):
    """Another build holds the lock."""


@contextmanager
def build_lock(build_dir: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's build lock; fail at once (or wait, with ``wait``) if another build has it.

    ``build_dir`` is made if missing; a symlink, a non-folder or an unwritable folder is refused by name.
    """
    try:
        import fcntl  # only POSIX has it; the error below says so
    except ImportError:
        raise BriefgenError("building needs a POSIX system (Linux or macOS): this Python has no fcntl") from None
    build_folder(build_dir)
    path = build_dir / LOCK_FILE
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise BuildDirError(f"{build_dir.name}/{LOCK_FILE} is a symbolic link ({path}); briefgen never "
                                "writes through one: remove it") from None
        raise BuildDirError(f"cannot write in {build_dir}: {exc.strerror}") from None
    _HELD.add(fd)
    try:
        start = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
                if not wait or (timeout is not None and time.monotonic() - start > timeout):
                    raise BuildLocked(
                        f"another build of this project is running (pid {holder}, lock {path}); "
                        "use --wait to wait for it"
                    ) from None
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)
