"""``briefgen serve`` and ``briefgen watch`` stopped by SIGTERM (a service manager, ``kill``): one clear line,
exit status 0, no traceback, as Ctrl-C does."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefgen.content.starter import scaffold


def _start(args: list[str], root: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "briefgen", *args, "-p", str(root), "--as-of", "2026-11-24"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for_output(root: Path, name: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (root / "build" / name).is_file():
        if time.monotonic() > deadline:
            raise AssertionError(f"build/{name} never appeared")
        time.sleep(0.1)


@pytest.mark.realtime
@pytest.mark.parametrize("command", [["serve", "--port", "0", "-f", "html"], ["watch", "-f", "md"]])
def test_sigterm_stops_with_one_line_and_status_0(tmp_path: Path, command: list[str]) -> None:
    root = tmp_path / "kit"
    scaffold(root)
    proc = _start(command, root)
    try:
        _wait_for_output(root, "public-guide." + command[-1])
        time.sleep(1.0)  # the build has finished: the command is waiting for saves
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out
    assert "Traceback" not in out
    assert out.rstrip().splitlines()[-1] == "stopped by SIGTERM", out
