"""Running build jobs: in this process, or in worker processes that keep their pipeline warm."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from briefgen.build.options import Options
from briefgen.build.pipeline import Pipeline
from briefgen.exceptions import BriefgenError

if TYPE_CHECKING:
    from briefgen.content.project import Project


_WORKER: Pipeline | None = None
_FORK_PROJECT: Project | None = None


def _worker_init() -> None:
    global _WORKER
    assert _FORK_PROJECT is not None
    _WORKER = Pipeline(_FORK_PROJECT)



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



def run_job(job: Job, pipeline: Pipeline | None = None) -> Done:
    pipeline = pipeline or _WORKER
    assert pipeline is not None
    briefing = pipeline.project.briefings[job.briefing]
    done = Done(job.briefing, {}, {})
    try:
        rendered = pipeline.markdown(briefing, job.edition)
    except BriefgenError as exc:
        done.errors = {f: exc.format_message() for f in job.formats}
        return done
    done.used = rendered.used
    done.stale = rendered.stale_used
    done.marking, done.records, done.sources = rendered.marking, rendered.records, rendered.sources
    if job.strict and done.stale:
        return done
    for fmt in job.formats:
        try:
            done.outputs[fmt] = pipeline.output(rendered, fmt)
        except BriefgenError as exc:
            done.errors[fmt] = exc.format_message()
    if not done.errors and rendered.briefing.gates:
        done.gates = pipeline.measure(rendered).problems
        if job.strict and done.gates:
            message = "fails its quality gates (--strict):\n    " + "\n    ".join(done.gates)
            done.errors = {fmt: message for fmt in job.formats}
    return done



def execute(project: Project, jobs: list[Job], opts: Options) -> Iterator[Done]:
    """Run jobs in this process or in worker processes; yield each result as it completes."""
    workers = min(opts.jobs or os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        pipeline = Pipeline(project)
        for job in jobs:
            yield run_job(job, pipeline)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _FORK_PROJECT
    _FORK_PROJECT = project
    if any("pdf" in job.formats for job in jobs):
        import weasyprint  # noqa: F401  (imported once here, inherited by every forked worker)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init) as pool:
        futures = [pool.submit(run_job, job) for job in jobs]
        for future in as_completed(futures):
            yield future.result()

