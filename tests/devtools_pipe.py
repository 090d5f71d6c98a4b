"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages separated by NUL bytes on file descriptors 3 and 4), with the standard library alone.

Used by the accessibility browser tests (tests/test_browser.py; tests/browser.py is the websocket driver
that the live-preview tests use): a page loaded at a phone's width (device metrics emulated, as a phone, so
the page's viewport meta applies), scripts evaluated in it, axe-core injected from where setup put it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

#: Where `make` installs axe-core (npm's axe-core package, pinned in the Makefile).
AXE = Path(__file__).resolve().parent.parent / ".venv/node_modules/axe-core/axe.min.js"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-pipe")


def chromium() -> str | None:
    """The Chromium executable, if the system has one."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def _as_fds_3_and_4(read: int, write: int) -> None:
    """In the child: the pipe's ends as descriptors 3 (commands in) and 4 (replies out)."""
    read, write = os.dup(read), os.dup(write)  # out of the way of 3 and 4 first
    os.dup2(read, 3)
    os.dup2(write, 4)


class Browser:
    """One headless Chromium, one page; close it with :meth:`close` (or use it as a context manager)."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="briefgen-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=lambda: _as_fds_3_and_4(to_chrome_r, from_chrome_w),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        target = next(t for t in self.call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", targetId=target["targetId"], flatten=True)["sessionId"]
        self.call("Page.enable", session=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):
            self.call("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)
        shutil.rmtree(self.profile, ignore_errors=True)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events before it are read and dropped, except
        the load event, which :meth:`load` waits for)."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if reply.get("method") == "Page.loadEventFired":
                self._loaded = True

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def load(self, path: Path, width: int, height: int = 800) -> None:
        """Open a local file at a phone's ``width`` (CSS pixels) and wait for its load event."""
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=True)
        self._loaded = False
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())
        while not self._loaded:
            if self._read().get("method") == "Page.loadEventFired":
                self._loaded = True

    def evaluate(self, expression: str) -> Any:
        """The value of a script evaluated in the page (promises awaited)."""
        found = self.call("Runtime.evaluate", session=True, expression=expression, awaitPromise=True,
                          returnByValue=True)
        if "exceptionDetails" in found:
            raise RuntimeError(f"script failed: {found['exceptionDetails']}")
        return found["result"].get("value")
