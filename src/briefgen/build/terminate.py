"""SIGTERM for the commands that run until stopped (``serve``, ``watch``): a service manager's or
``kill``'s request to stop is taken as Ctrl-C is, so the command stops cleanly, says so in one line
and exits 0, instead of dying silently with status 143."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType


@dataclass
class Stop:
    """How a long-running command was asked to stop: the signal's name once one arrived."""

    by: str | None = None

    def message(self) -> str:
        """The command's last line: ``stopped`` (Ctrl-C), or ``stopped by SIGTERM``."""
        return f"stopped by {self.by}" if self.by else "stopped"


@contextmanager
def sigterm_interrupts() -> Iterator[Stop]:
    """While inside, SIGTERM raises KeyboardInterrupt in the main thread (as Ctrl-C does) and is
    recorded in the :class:`Stop` yielded. A build running meanwhile sets its own handlers and puts
    this one back when it ends."""
    stop = Stop()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def terminate(signum: int, frame: FrameType | None) -> None:
        stop.by = signal.Signals(signum).name
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)
