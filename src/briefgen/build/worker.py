"""A worker process's life, and one job's work: the stages of one briefing's stale formats.

A worker exits when the build that started it dies, even by SIGKILL; Ctrl-C is left to the build,
which stops its workers itself. Any exception in a job fails the targets it touches, never the build.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.build.pipeline import Pipeline
from briefgen.checks.provenance import findings
from briefgen.content.project import load
from briefgen.exceptions import BriefgenError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from briefgen.content.project import Project
    from briefgen.templating.rendered import Rendered

#: Set (to anything) to have an internal error's traceback in its target's failure.
DEBUG_ENV = "BRIEFGEN_DEBUG"


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
    done = Done(job.briefing, {}, {}, used=rendered.used, stale=rendered.stale_used, marking=rendered.marking,
                records=rendered.records, sources=rendered.sources)
    if job.strict and done.stale:
        return done
    try:
        found = provenance(pipeline, rendered)
    except Exception as exc:
        return failed(job, problem(exc))
    if job.strict and found:
        return failed(job, "refused (--strict) until reviewed:\n    " + "\n    ".join(found))
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
    done.gates += found
    return done


def provenance(pipeline: Pipeline, rendered: Rendered) -> list[str]:
    """What the brief's provenance findings are (checks.provenance): warned, or refused under --strict."""
    p = pipeline.project
    return findings(p.root, pipeline.renderer.env, rendered.briefing, rendered.used, rendered.edition, p.facts,
                    p.sources, p.settings)


def serve(conn: Connection, parent: int, source: Project | Path) -> None:
    """A worker's life: die with the build, leave Ctrl-C to it, build jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminated)
    _die_with(parent)
    try:
        if isinstance(source, Path):
            source = load(source)
        pipeline: Pipeline | str = Pipeline(source)
    except Exception as exc:  # e.g. the content changed under a spawned worker: each of its jobs says so
        pipeline = problem(exc)
    try:
        while (job := conn.recv()) is not None:
            conn.send(failed(job, pipeline) if isinstance(pipeline, str) else run_job(job, pipeline))
    except (EOFError, OSError):  # the build is gone, or closed its end: nothing to answer
        return


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
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(1, int(signum), 0, 0, 0)) == 0  # 1 is PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return False


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.2)
    os.kill(os.getpid(), signal.SIGTERM)
