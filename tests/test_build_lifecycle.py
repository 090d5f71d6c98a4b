"""A build that never hangs and never lies: killed builds, signals, failing and dying workers, caches
that outlive a run, symlinks and unwritable folders in build/, a corrupt state file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefgen.build.lock import BuildLocked, build_lock
from briefgen.build.options import Options
from briefgen.build.pipeline import Pipeline
from briefgen.build.state import BuildState, sha256_file
from briefgen.commands import cli
from briefgen.exceptions import BuildError
from support import build, write

DAY = "2026-11-24"
needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="scans /proc for processes")


def many(root: Path, count: int, formats: str = "[md, pdf]", extra: str = "") -> list[str]:
    """``count`` copies of the starter's briefing, b01, b02, ...; their ids."""
    spec = (root / "briefings/example.yaml").read_text().replace("formats: [md, pdf]", f"formats: {formats}")
    ids = [f"b{i:02d}" for i in range(1, count + 1)]
    for bid in ids:
        (root / f"briefings/{bid}.yaml").write_text(spec + extra)
    (root / "briefings/example.yaml").unlink()
    return ids


def statuses(result: Any) -> dict[str, str]:
    return {target: status for target, status, _ in result.events}


def details(result: Any) -> dict[str, str]:
    return {target: detail for target, _, detail in result.events}


def alive_in_group(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@contextlib.contextmanager
def cli_build(root: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    """``briefgen build`` in its own process group; whatever is left of the group is killed at the end."""
    proc = subprocess.Popen([sys.executable, "-m", "briefgen", "build", "-q", "--as-of", DAY, "-p", str(root), *args],
                            start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def wait_for(condition: Any, seconds: float, step: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return bool(condition())


def lock_taken_by(root: Path, pid: int) -> bool:
    try:
        return (root / "build/.lock").read_text().strip() == str(pid)
    except OSError:
        return False


# 1. A build killed with SIGKILL takes its workers, and so the lock, with it.

@needs_proc
@pytest.mark.parametrize(("moment", "delay"), [("locked", 0.0), ("locked", 0.7), ("working", 0.3),
                                              ("working", 0.7), ("working", 1.5), ("working", 2.5)])
def test_killed_parent_takes_its_workers_and_the_lock_with_it(starter: Path, moment: str, delay: float) -> None:
    many(starter, 40)  # some 4 s of work for two workers
    with cli_build(starter, "-j", "2") as proc:
        assert wait_for(lambda: lock_taken_by(starter, proc.pid), 20)
        if moment == "working":  # both workers started
            assert wait_for(lambda: len(alive_in_group(proc.pid)) >= 3, 20)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        # Within 5 s (the bound) a new build runs and nothing of the killed one is left.
        deadline = time.monotonic() + 5
        while True:
            try:
                build(starter, dry_run=True)
                break
            except BuildLocked:
                assert time.monotonic() < deadline, f"still locked; left: {alive_in_group(proc.pid)}"
                time.sleep(0.1)
        assert wait_for(lambda: not alive_in_group(proc.pid), max(0.0, deadline - time.monotonic()))


def test_a_forked_child_does_not_keep_the_lock(starter: Path) -> None:
    with build_lock(starter / "build"):
        pid = os.fork()
        if pid == 0:  # the child outlives the block below, as an orphaned worker would
            time.sleep(10)
            os._exit(0)
    try:  # the child lets go of it as soon as it runs (it may not have been scheduled yet)
        with build_lock(starter / "build", wait=True, timeout=2):
            pass
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


@needs_proc
def test_without_pdeathsig_a_worker_still_dies_with_its_parent(tmp_path: Path) -> None:
    """The fallback used off Linux: a thread in the worker watches for its parent's death."""
    script = tmp_path / "parent.py"
    script.write_text(
        "import multiprocessing, os, sys, time\n"
        "from briefgen.build import worker\n"
        "def work(parent):\n"
        "    sys.platform = 'darwin'\n"
        "    import signal; signal.signal(signal.SIGTERM, worker._terminated)\n"
        "    worker._die_with(parent)\n"
        "    time.sleep(60)\n"
        "if __name__ == '__main__':\n"
        "    p = multiprocessing.get_context('fork').Process(target=work, args=(os.getpid(),))\n"
        "    p.start()\n"
        "    print(p.pid, flush=True)\n"
        "    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None
        child = int(proc.stdout.readline())
        time.sleep(0.3)
        assert child in alive_in_group(proc.pid)
        proc.kill()
        proc.wait()
        assert wait_for(lambda: not alive_in_group(proc.pid), 5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


# 2. The pool's lifecycle: --fail-fast, signals, failures confined to their target.

def _log_jobs(monkeypatch: pytest.MonkeyPatch, log: Path, behaviour: dict[str, Any] | None = None) -> None:
    """Record every briefing a pipeline starts in ``log`` (forked workers inherit the patch); a briefing
    in ``behaviour`` runs that function instead."""
    original = Pipeline.markdown

    def markdown(self: Pipeline, briefing: Any, edition: dt.date) -> Any:
        with log.open("a") as handle:
            handle.write(briefing.id + "\n")
        if behaviour and briefing.id in behaviour:
            behaviour[briefing.id]()
        return original(self, briefing, edition)

    monkeypatch.setattr(Pipeline, "markdown", markdown)


@pytest.mark.parametrize("jobs", [1, 2])
def test_fail_fast_cancels_the_queued_jobs(starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           jobs: int) -> None:
    ids = many(starter, 12)
    write(starter, {"briefings/a-broken.yaml": (starter / "briefings/b01.yaml").read_text()
                    .replace("template: example.md.j2", "template: broken.md.j2"),
                    "templates/broken.md.j2": "# Broken\n{{ fact('nope') }}\n"})
    log = tmp_path / "started"
    _log_jobs(monkeypatch, log)
    result = build(starter, jobs=jobs, fail_fast=True)
    started = log.read_text().split()
    found = statuses(result)
    assert found["a-broken.md"] == "failed"
    # The first job fails at once; only the jobs already running when it did may have started.
    assert len(started) <= 1 + jobs, started
    cancelled = [name for name, status in found.items() if status == "cancelled"]
    assert len(cancelled) >= 2 * (len(ids) - jobs), found
    assert "--fail-fast" in details(result)[cancelled[0]]
    with pytest.raises(BuildError, match="cancelled"):
        result.raise_for_failures()


@needs_proc
@pytest.mark.parametrize(("signum", "jobs"), [(signal.SIGINT, "2"), (signal.SIGTERM, "2"), (signal.SIGTERM, "1")])
def test_a_signal_stops_the_build_and_keeps_what_was_finished(starter: Path, signum: int, jobs: str) -> None:
    many(starter, 30)
    build_dir = starter / "build"
    with cli_build(starter, "-j", jobs) as proc:
        assert wait_for(lambda: len(list(build_dir.glob("b*.pdf"))) >= 2, 60)
        started = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(proc.pid, signum)  # as Ctrl-C in a terminal: the whole process group
        else:
            os.kill(proc.pid, signum)
        _, err = proc.communicate(timeout=30)
        elapsed = time.monotonic() - started
        assert elapsed < 2, f"took {elapsed:.1f} s to stop"  # the bound
        assert proc.returncode == 128 + signum
        assert len(err.splitlines()) == 1 and err.startswith("error: build interrupted"), err
        assert not alive_in_group(proc.pid)
    assert not [p.name for p in build_dir.iterdir() if p.name.endswith(".tmp")]
    state = BuildState.load(build_dir)
    assert len(state.targets) >= 2
    for name, target in state.targets.items():  # what the state says was built, was
        assert sha256_file(build_dir / name) == target.output.sha256
    again = statuses(build(starter, dry_run=True))  # the state is trusted for them, and only for them
    assert {again[name] for name in state.targets} == {"current"}
    assert {s for name, s in again.items() if name not in state.targets} == {"would build"}


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_that_dies_fails_its_target_alone(starter: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    many(starter, 6, formats="[md]")
    _log_jobs(monkeypatch, tmp_path / "started", {"b03": _die})
    result = build(starter, jobs=2)
    found = statuses(result)
    assert found.pop("b03.md") == "failed"
    assert set(found.values()) == {"built"} and len(found) == 5
    assert "worker process died" in details(result)["b03.md"] and "SIGKILL" in details(result)["b03.md"]
    monkeypatch.undo()
    assert statuses(build(starter))["b03.md"] == "built"


@pytest.mark.parametrize("starts", [0, 1])
def test_when_no_more_workers_can_be_started(starter: Path, monkeypatch: pytest.MonkeyPatch, starts: int) -> None:
    """fork fails (EAGAIN: too many processes): the build goes on with the workers it has, or fails
    each target with the reason, never with a traceback."""
    import errno

    from briefgen.build import pool

    many(starter, 4, formats="[md]")
    original = pool._Pool._start
    calls: list[int] = []

    def start(self: Any) -> Any:
        calls.append(1)
        if len(calls) > starts:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        return original(self)

    monkeypatch.setattr(pool._Pool, "_start", start)
    result = build(starter, jobs=2)
    if starts:
        assert set(statuses(result).values()) == {"built"}
    else:
        assert set(statuses(result).values()) == {"failed"}
        assert "no worker process could be started for it (Resource temporarily unavailable)" in \
            details(result)["b01.md"]


def _bug() -> None:
    raise ZeroDivisionError("division by zero")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_programming_error_fails_its_target_alone_and_names_it(
        starter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    many(starter, 4, formats="[md]")
    _log_jobs(monkeypatch, tmp_path / "started", {"b02": _bug})
    monkeypatch.delenv("BRIEFGEN_DEBUG", raising=False)
    result = build(starter, jobs=jobs)
    assert statuses(result) == {"b01.md": "built", "b02.md": "failed", "b03.md": "built", "b04.md": "built"}
    detail = details(result)["b02.md"]
    assert "internal error" in detail and "ZeroDivisionError: division by zero" in detail
    assert "Traceback" not in detail and "BRIEFGEN_DEBUG" in detail
    with pytest.raises(BuildError, match=r"b02\.md: internal error"):
        result.raise_for_failures()
    monkeypatch.setenv("BRIEFGEN_DEBUG", "1")
    assert "Traceback" in details(build(starter, jobs=jobs))["b02.md"]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("error", [BuildError("the measure failed"), ValueError("bad measure")])
def test_an_error_while_measuring_fails_its_target_alone(starter: Path, monkeypatch: pytest.MonkeyPatch,
                                                         jobs: int, error: Exception) -> None:
    many(starter, 3, formats="[md]", extra="gates:\n  words: 5000\n")
    original = Pipeline.measure

    def measure(self: Pipeline, rendered: Any, pages: bool = False) -> Any:
        if rendered.briefing.id == "b02":
            raise error
        return original(self, rendered, pages)

    monkeypatch.setattr(Pipeline, "measure", measure)
    result = build(starter, jobs=jobs)
    assert statuses(result) == {"b01.md": "built", "b02.md": "failed", "b03.md": "built"}
    assert str(error) in details(result)["b02.md"]


# 3. Caches live for one run: a watch process sees a stylesheet's new @import, then edits to it.

def test_a_new_import_is_followed_by_the_next_run_in_the_same_process(starter: Path) -> None:
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [html]"))
    css = starter / "templates/styles/example.css"
    assert statuses(build(starter)) == {"example.html": "built"}
    write(starter, {"templates/styles/extra.css": "h1 { color: #111111; }\n"})
    css.write_text('@import "extra.css";\n' + css.read_text())
    assert statuses(build(starter)) == {"example.html": "built"}
    (starter / "templates/styles/extra.css").write_text("h1 { color: #222222; }\n")
    result = build(starter)
    assert statuses(result) == {"example.html": "built"}
    assert "templates/styles/extra.css changed" in details(result)["example.html"]
    assert "#222222" in (starter / "build/example.html").read_text()


def test_watch_ignores_venv_build_and_editors_temporary_files(starter: Path) -> None:
    from briefgen.build.watch import relevant

    noise = [".venv/lib/python3.11/site-packages/x.py", "build/example.md", "build/.lock",
             "build/editions/example/2026-11-24/manifest.json", "templates/.example.md.j2.swp",
             "templates/example.md.j2.swx", "templates/example.md.j2~", "templates/#example.md.j2#",
             "templates/.#example.md.j2", "templates/4913", "facts/.goutputstream-XY12", "facts/x.yaml.tmp",
             "templates/example.md.j2___jb_tmp___", "templates/example.md.j2___jb_old___",
             "facts/example.yaml.kate-swp", "templates/.cache/partial.md.j2", "assets/.DS_Store",
             "templates/__pycache__/x.pyc", "facts/.git/index"]
    real = ["facts/example.yaml", "templates/partials/notes.md.j2", "assets/fonts/body.ttf", "briefgen.yaml"]
    changes = {(1, str(starter / rel)) for rel in noise + real}
    assert relevant(starter, changes) == sorted(real)


# 4. Other platforms: no fcntl at import, a start method per platform, workers that load the project.

def test_importing_without_fcntl_works() -> None:
    script = ("import sys; sys.modules['fcntl'] = None\n"
              "import briefgen.commands, briefgen.build.run, briefgen.build.lock, briefgen.build.pool\n")
    subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)


def test_start_method_per_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefgen.build.pool import start_method

    for platform, method in (("linux", "fork"), ("darwin", "spawn"), ("win32", "spawn")):
        monkeypatch.setattr(sys, "platform", platform)
        assert start_method() == method


def test_spawned_workers_load_the_project_and_give_the_same_bytes(starter: Path) -> None:
    from briefgen.build.pool import execute
    from briefgen.build.worker import Job
    from briefgen.content.project import load

    ids = many(starter, 2)
    project = load(starter)
    jobs = [Job(bid, ("md", "pdf"), dt.date(2026, 11, 24)) for bid in ids]
    opts = Options(jobs=2)
    forked = {d.briefing: d.outputs for d in execute(project, jobs, opts, method="fork")}
    spawned = {d.briefing: d.outputs for d in execute(project, jobs, opts, method="spawn")}
    assert set(forked) == set(ids) and all(forked[b]["pdf"].startswith(b"%PDF-") for b in ids)
    assert spawned == forked


# 5. Never write through a symlink in build/; a build/ that cannot be written is named, no traceback.

def cli_run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build", "--as-of", DAY, "-p", str(root), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_a_symlinked_lock_is_refused(starter: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    (starter / "build").mkdir()
    (starter / "build/.lock").symlink_to(victim)
    code, out = cli_run(starter)
    assert code == 1 and "build/.lock is a symbolic link" in out and "Traceback" not in out
    assert victim.read_text() == "precious\n"


def test_a_symlinked_build_folder_is_refused(starter: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (starter / "build").symlink_to(elsewhere)
    code, out = cli_run(starter)
    assert code == 1 and "is a symbolic link" in out and "build" in out
    assert list(elsewhere.iterdir()) == []


def test_outputs_and_state_replace_a_symlink_never_write_through_it(starter: Path, tmp_path: Path) -> None:
    build(starter)
    build_dir = starter / "build"
    victims = {}
    for name in ("example.md", "example.d", ".briefgen-state.json"):
        victim = tmp_path / f"victim-{name}"
        victim.write_bytes((build_dir / name).read_bytes())  # same bytes: nothing to rewrite, yet a link
        (build_dir / name).unlink()
        (build_dir / name).symlink_to(victim)
        victims[name] = victim.read_bytes()
    (tmp_path / "victim-example.md").write_text("different\n")
    victims["example.md"] = b"different\n"
    build(starter, force=True)
    for name, data in victims.items():
        assert not (build_dir / name).is_symlink(), name
        assert (tmp_path / f"victim-{name}").read_bytes() == data, name


def test_a_file_where_build_should_be(starter: Path) -> None:
    (starter / "build").write_text("not a folder\n")
    code, out = cli_run(starter)
    assert code == 1 and "Traceback" not in out
    assert f"{starter / 'build'} is not a folder" in out
    assert (starter / "build").read_text() == "not a folder\n"


def test_a_state_file_that_cannot_be_written(starter: Path) -> None:
    (starter / "build/.briefgen-state.json").mkdir(parents=True)
    code, out = cli_run(starter)
    assert code == 1 and "Traceback" not in out
    assert "cannot write" in out and ".briefgen-state.json" in out


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """``folder`` cannot be written in. Root ignores permissions but not the immutable attribute:
    as root the folder is made immutable."""
    as_root = os.geteuid() == 0
    if as_root and subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("root, and chattr cannot make a folder immutable here")
    if not as_root:
        folder.chmod(0o555)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_build_folder_that_cannot_be_written(starter: Path) -> None:
    folder = starter / "build"
    folder.mkdir()
    with unwritable(folder):
        code, out = cli_run(starter)
    assert code == 1 and "Traceback" not in out
    assert f"cannot write in {folder}" in out
    assert "Permission denied" in out or "Operation not permitted" in out
    assert list(folder.iterdir()) == []


def test_a_build_folder_that_became_unwritable(starter: Path) -> None:
    """The lock file is there from an earlier build, so writing fails only at the outputs."""
    spec = starter / "briefings/example.yaml"
    spec.write_text(spec.read_text().replace("formats: [md, pdf]", "formats: [md]"))
    build(starter)
    before = {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.is_file()}
    facts = starter / "facts/example.yaml"
    facts.write_text(facts.read_text().replace("new policy", "stricter policy"))
    with unwritable(starter / "build"):
        code, out = cli_run(starter)
    assert code == 1 and "Traceback" not in out
    assert f"cannot write {starter / 'build'}" in out
    assert {p.name: p.read_bytes() for p in (starter / "build").iterdir() if p.is_file()} == before
    with unwritable(starter / "build"):
        code, out = cli_run(starter, "--publish")
    assert code == 1 and not (starter / "editions").exists()  # no edition published for an output not written


def test_an_editions_folder_that_cannot_be_written(starter: Path) -> None:
    (starter / "editions").mkdir()
    with unwritable(starter / "editions"):
        code, out = cli_run(starter, "--publish")
    assert code == 1 and "Traceback" not in out
    assert "cannot write" in out and "editions" in out


# 6. A corrupt state file is repaired with a warning, never blocks later builds.

@pytest.mark.parametrize("text", ['{"format": 2, "targets": {"exam', "[]", "\x00\xff\xfe garbage",
                                  '{"format": 2, "stamps": [], "groups": [], "targets": {"example.md": '
                                  '{"briefing": 3}}, "briefings": {}}',
                                  '{"format": 2, "stamps": [], "groups": [], "targets": {}, "briefings": '
                                  '{"example": {"audience": "general", "formats": "md"}}, '
                                  '"content": ["briefings/example.yaml"]}'])
def test_a_corrupt_state_file_is_repaired_with_a_warning(starter: Path, text: str) -> None:
    build(starter)
    state = starter / "build/.briefgen-state.json"
    state.write_bytes(text.encode("utf-8", "surrogateescape"))
    code, out = cli_run(starter)
    assert code == 0, out
    assert "warning: build/.briefgen-state.json is unreadable" in out and "rebuilding every target" in out
    assert "2 built" in out or "rebuilt with identical bytes" in out
    json.loads(state.read_text())
    code, out = cli_run(starter)
    assert code == 0 and "warning" not in out and "0 built, 2 up to date" in out


def test_state_of_an_older_format_is_dropped_silently(starter: Path) -> None:
    build(starter)
    (starter / "build/.briefgen-state.json").write_text('{"format": 0}')
    code, out = cli_run(starter)
    assert code == 0 and "warning" not in out

