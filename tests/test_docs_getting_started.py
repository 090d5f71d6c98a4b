"""Every shell command docs/getting-started.md shows, from ``briefgen init`` on, runs as shown, in order,
in an empty folder (the install commands before it, pip, pipx, apt-get and make, are not run).

``briefgen serve`` runs until stopped: it is started as shown but on any free port (8000 may be taken on
the machine running the tests), its index fetched, and then stopped.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs/getting-started.md"
#: Commands that install rather than use briefgen: shown, not run.
INSTALL = ("pip ", "pipx ", "sudo ", "make", "brew ")
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.S | re.M)


def shown_commands(text: str) -> list[str]:
    """The commands of the page's ``sh`` blocks, comments removed, from the first ``briefgen init`` on."""
    lines = [re.sub(r"\s+#.*$", "", line).strip() for block in SH_BLOCK.findall(text) for line in block.splitlines()]
    lines = [line for line in lines if line and not line.startswith("#")]
    start = next(i for i, line in enumerate(lines) if line.startswith("briefgen init"))
    return lines[start:]


def test_the_page_shows_a_first_brief_from_init_to_publish() -> None:
    commands = shown_commands(PAGE.read_text(encoding="utf-8"))
    assert commands[0] == "briefgen init my-briefs && cd my-briefs"
    assert "briefgen serve" in commands and commands[-1] == "briefgen publish"
    assert not [c for c in commands if c.startswith(INSTALL)], "an install command after briefgen init"


@pytest.mark.realtime
@pytest.mark.slow
def test_every_command_shown_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SOURCE_DATE_EPOCH": "1795478400"}  # 2026-11-24: the edition date, not today's
    cwd = tmp_path
    for command in shown_commands(PAGE.read_text(encoding="utf-8")):
        if command.startswith("briefgen serve"):
            serve(command, cwd, env)
            continue
        # each line in its own shell, as typed; a `cd` carries over to the next line as it would in a terminal
        script = f"{command}\necho; pwd"
        done = subprocess.run(["bash", "-ec", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        cwd = Path(done.stdout.rstrip().splitlines()[-1])
    assert (cwd / "build/board-note.pdf").is_file() and (cwd / "build/public-guide.html").is_file()
    assert sorted(p.name for p in (cwd / "editions").iterdir() if p.is_dir()) == [
        "board-note", "officials-note", "public-guide"]


def serve(command: str, cwd: Path, env: dict[str, str]) -> None:
    """Start ``command`` on a free port, fetch its index once it serves, and stop it."""
    argv = [*shlex.split(command), "--port", "0"]
    with subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as proc:
        try:
            assert proc.stdout is not None
            url = ""
            for line in proc.stdout:
                if line.startswith("serving "):
                    url = line.split(" at ", 1)[1].split()[0]
                    break
            assert url, "briefgen serve stopped before serving"
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200 and b"public-guide" in response.read()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
