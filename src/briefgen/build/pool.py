"""Running build jobs: in this process, or in worker processes that die with the build.

Each worker builds one job at a time and is told the next only when it has answered, so the build
always knows which job a worker was on: a worker that dies fails that job's targets alone, and
cancelling (``--fail-fast``, a signal) never waits for queued work. Workers are forked on Linux (they
inherit the loaded project and WeasyPrint) and spawned elsewhere, where they load the project
themselves: macOS's system libraries are not safe to use after a fork.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Generator, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.build.options import Options
from briefgen.build.pipeline import Pipeline
from briefgen.exceptions import BriefgenError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess

    from briefgen.content.project import Project

#: Set (to anything) to have an internal error's traceback in its target's failure.
DEBUG_ENV = "BRIEFGEN_DEBUG"
#: Seconds cancelled workers get to exit cleanly (removing their temporary fonts) before they are killed.
GRACE = 0.5


@dataclass
class Job:
    briefing: str
    formats: tuple[str, ...]
    edition: dt.date
    strict: bool = False


@dataclass
class Done:
    briefing: str
    outputs: dict[str, bytes]
    errors: dict[str, str]
    used: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    marking: str = ""
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    gates: list[str] = field(default_factory=list)


def failed(job: Job, message: str) -> Done:
    """Every target of ``job`` failed with ``message``."""
    return Done(job.briefing, {}, {fmt: message for fmt in job.formats})


def problem(exc: Exception) -> str:
    """A user error's message; for anything else (a bug), what it was, and its traceback if asked for."""
    if isinstance(exc, BriefgenError):
        return exc.format_message()
    if os.environ.get(DEBUG_ENV):
        return "internal error (a bug in briefgen):\n" + "".join(traceback.format_exception(exc)).rstrip()
    return f"internal error (a bug in briefgen): {type(exc).__name__}: {exc} (set {DEBUG_ENV}=1 for its traceback)"


def run_job(job: Job, pipeline: Pipeline) -> Done:
    """Build one briefing's stale formats. Any exception fails the targets it touches, never the build."""
    try:
        rendered = pipeline.markdown(pipeline.project.briefings[job.briefing], job.edition)
    except Exception as exc:
        return failed(job, problem(exc))
    done = Done(job.briefing, {}, {}, rendered.used, rendered.stale_used, rendered.marking, rendered.records,
                rendered.sources)
    if job.strict and done.stale:
        return done
    for fmt in job.formats:
        try:
            done.outputs[fmt] = pipeline.output(rendered, fmt)
        except Exception as exc:
            done.errors[fmt] = problem(exc)
    if not done.errors and rendered.briefing.gates:
        try:
            done.gates = pipeline.measure(rendered).problems
        except Exception as exc:
            return failed(job, "measuring it: " + problem(exc))
        if job.strict and done.gates:
            return failed(job, "fails its quality gates (--strict):\n    " + "\n    ".join(done.gates))
    return done


def start_method() -> str:
    """``fork`` on Linux; ``spawn`` elsewhere (macOS's frameworks break after fork; Windows has none)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


def execute(project: Project, jobs: list[Job], opts: Options,
            method: str | None = None) -> Generator[Done, None, None]:
    """Run jobs in this process or in worker processes; yield each result as it completes.

    Closing the iterator early (``--fail-fast``) or an exception in the caller (a signal) stops the
    workers at once: queued jobs are never started.
    """
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        pipeline = Pipeline(project)
        for job in jobs:
            yield run_job(job, pipeline)
        return
    method = method or start_method()
    if method == "fork" and any("pdf" in job.formats for job in jobs):
        import weasyprint  # noqa: F401  (imported once here, inherited by every forked worker)
    yield from _Pool(project, workers, method).run(jobs)


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.job: Job | None = None


class _Pool:
    """Worker processes, each given one job at a time."""

    def __init__(self, project: Project, size: int, method: str) -> None:
        import multiprocessing

        self.context: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork") if method == "fork" else multiprocessing.get_context("spawn"))
        # A forked worker inherits the loaded project; a spawned one loads it from its root.
        self.source: Project | Path = project if method == "fork" else project.root
        self.size = size
        self.workers: list[_Worker] = []

    def run(self, jobs: list[Job]) -> Iterator[Done]:
        from multiprocessing.connection import wait

        queue = deque(jobs)
        try:
            while True:
                yield from self._dispatch(queue)
                busy = [w for w in self.workers if w.job is not None]
                if not busy:
                    return
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
                for worker in busy:
                    if worker.conn in ready or worker.process.sentinel in ready:
                        yield self._collect(worker)
        finally:
            self._stop()

    def _dispatch(self, queue: deque[Job]) -> Iterator[Done]:
        """Give queued jobs to idle workers, starting workers up to the pool's size."""
        while queue:
            idle = [w for w in self.workers if w.job is None]
            if not idle and len(self.workers) >= self.size:
                return
            job = queue.popleft()
            for attempt in (1, 2):  # a worker found dead while idle is not this job's doing: one more try
                worker = idle.pop() if idle else self._start()
                try:
                    worker.conn.send(job)
                    worker.job = job
                    break
                except OSError as exc:
                    self._discard(worker)
                    if attempt == 2:
                        yield failed(job, f"no worker process could take it ({exc.strerror or exc})")

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(theirs, os.getpid(), self.source), daemon=True,
                                       name="briefgen-worker")
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _collect(self, worker: _Worker) -> Done:
        job, worker.job = worker.job, None
        assert job is not None
        try:
            if worker.conn.poll():
                answer = worker.conn.recv()
                assert isinstance(answer, Done)
                return answer
        except (EOFError, OSError):
            pass
        worker.process.join(1)
        self._discard(worker)
        return failed(job, _died(worker.process.exitcode))

    def _discard(self, worker: _Worker) -> None:
        self.workers.remove(worker)
        worker.conn.close()
        if worker.process.exitcode is None:
            worker.process.kill()
        worker.process.join()

    def _stop(self) -> None:
        """Idle workers are told to exit; busy ones (cancelled) are terminated, and killed after GRACE."""
        cancelled = False
        for worker in self.workers:
            if worker.job is None:
                with suppress(OSError):
                    worker.conn.send(None)
            else:
                cancelled = True
                worker.process.terminate()
        deadline = time.monotonic() + (GRACE if cancelled else 10)
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.exitcode is None:
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()


def _died(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        hint = ": out of memory?" if -code == signal.SIGKILL else ""
        return f"its worker process died while building it (killed by {name}{hint})"
    return f"its worker process died while building it (exit code {code})"


def _serve(conn: Connection, parent: int, source: Project | Path) -> None:
    """A worker's life: die with the build, leave Ctrl-C to it, build jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    _die_with(parent)
    try:
        if isinstance(source, Path):
            from briefgen.content.project import load

            source = load(source)
        pipeline: Pipeline | str = Pipeline(source)
    except Exception as exc:  # e.g. the content changed under a spawned worker: each of its jobs says so
        pipeline = problem(exc)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(failed(job, pipeline) if isinstance(pipeline, str) else run_job(job, pipeline))


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM in a worker: exit through SystemExit, so that finalizers (WeasyPrint's temporary fonts)
    run. A second SIGTERM, or an exit that takes more than two seconds, ends it at once."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "alarm"):
        signal.alarm(2)
    raise SystemExit(128 + signum)


def _die_with(parent: int) -> None:
    """Make this worker exit when the build that started it dies, even by SIGKILL.

    On Linux the kernel sees to it (PR_SET_PDEATHSIG: SIGTERM the moment the parent dies, at no cost
    while it lives). Elsewhere a daemon thread checks every 0.2 s that the parent is still ours.
    """
    if sys.platform.startswith("linux") and _parent_death_signal(signal.SIGTERM):
        if os.getppid() != parent:  # it died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)
        return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="briefgen-parent-watch").start()


def _parent_death_signal(signum: int) -> bool:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(1, int(signum), 0, 0, 0)) == 0  # 1 is PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)
