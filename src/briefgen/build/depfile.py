"""Make-style dependency files: ``build/<id>.d`` lists every input of a briefing's outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from briefgen.build.outputs import write_atomic
from briefgen.build.state import BuildState
from briefgen.layout import BUILD_DIR

if TYPE_CHECKING:
    from briefgen.content.model import Briefing
    from briefgen.content.project import Project


def write_depfile(project: Project, briefing: Briefing, state: BuildState) -> None:
    """``build/<id>.d`` in make's format: the briefing's outputs and every input they were built from."""
    targets = [t for n, t in sorted(state.targets.items()) if t.briefing == briefing.id]
    if not targets:
        return
    outputs = " ".join(f"{BUILD_DIR}/{briefing.id}.{t.format}" for t in targets)
    inputs = sorted({rel for t in targets for rel in t.files})
    lines = [f"{outputs}: \\"] + [f"  {_make_escape(rel)} \\" for rel in inputs[:-1]]
    lines += [f"  {_make_escape(inputs[-1])}", ""]
    lines += [f"{_make_escape(rel)}:" for rel in inputs]
    write_atomic(project.build_dir / f"{briefing.id}.d", ("\n".join(lines) + "\n").encode("utf-8"), durable=False)



def _make_escape(path: str) -> str:
    return path.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")

