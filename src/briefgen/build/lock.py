"""One build at a time per project: an advisory lock on ``build/.lock``."""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from briefgen.exceptions import BriefgenError
from briefgen.layout import LOCK_FILE


class BuildLocked(BriefgenError):
    """Another build holds the lock."""


@contextmanager
def build_lock(build_dir: Path, wait: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the project's build lock; fail at once (or wait, with ``wait``) if another build has it."""
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
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
        os.close(fd)
