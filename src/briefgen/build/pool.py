"""Running build jobs: in this process, or in worker processes that die with the build.

Each worker builds one job at a time and is told the next only when it has answered, so the build
always knows which job a worker was on: a worker that dies fails that job's targets alone, and
cancelling (``--fail-fast``, a signal) never waits for queued work. Workers are forked on Linux (they
inherit the loaded project and WeasyPrint) and spawned elsewhere, where they load the project
themselves: macOS's system libraries are not safe to use after a fork.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Generator, Iterator
from contextlib import suppress
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING

from briefgen.build.options import Options
from briefgen.build.pipeline import Pipeline
from briefgen.build.worker import Done, Job, failed, run_job, serve
from briefgen.exceptions import BuildError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import ForkContext, SpawnContext
    from multiprocessing.process import BaseProcess

    from briefgen.content.project import Project

#: Seconds cancelled workers get to exit cleanly (removing their temporary fonts) before they are killed.
GRACE = 0.5


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
        # Imported once here, inherited by every forked worker. Without Pango, each PDF target
        # fails in its worker with the message naming the packages.
        with contextlib.suppress(BuildError):
            import briefgen.writers.pdf  # noqa: F401  # lazy: WeasyPrint costs 0.6 s
    yield from _Pool(project, workers, method).run(jobs)


class _Worker:
    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.job: Job | None = None


class _Pool:
    """Worker processes, each given one job at a time."""

    def __init__(self, project: Project, size: int, method: str) -> None:
        self.context: ForkContext | SpawnContext = (
            multiprocessing.get_context("fork") if method == "fork" else multiprocessing.get_context("spawn"))
        # A forked worker inherits the loaded project; a spawned one loads it from its root.
        self.source: Project | Path = project if method == "fork" else project.root
        self.size = size
        self.workers: list[_Worker] = []

    def run(self, jobs: list[Job]) -> Iterator[Done]:
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
            error = self._give(job, idle[0] if idle else None)
            if error and idle:  # an idle worker found dead is not this job's doing: once more, to a new one
                error = self._give(job, None)
            if error is None:
                continue
            if self.workers:  # no more processes to be had: carry on with those there are
                self.size = len(self.workers)
                queue.appendleft(job)
                return
            yield failed(job, f"no worker process could be started for it ({error})")

    def _give(self, job: Job, worker: _Worker | None) -> str | None:
        """Send ``job`` to ``worker`` (a new one if None); what went wrong, if anything."""
        try:
            if worker is None:
                worker = self._start()
            worker.conn.send(job)
        except OSError as exc:
            if worker is not None:
                self._discard(worker)
            return exc.strerror or str(exc)
        worker.job = job
        return None

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=serve, args=(theirs, os.getpid(), self.source), daemon=True,
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
