"""Deep ``based_on`` graphs through every command that walks them: a chain of 10,000 facts and a
ladder of 1,000 (each fact based on the two before it, so the paths double at every rung) go
through ``check``, ``build``, ``audit`` and ``publish`` with no traceback. Every walk over
``based_on`` is iterative (the chain would exceed Python's recursion limit) and linear (the ladder
has 2**1000 paths: a walk that follows each path never finishes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.commands import cli
from support import write

DAY = "2026-11-24"
TEMPLATE = """\
# {{ brief.title }}

{% for f in facts.tagged("example") %}
- {{ f }} {{ f.cite }}
{% endfor %}

{% include "partials/notes.md.j2" %}
"""


def _fact(i: int, bases: list[int], marking: str = "TLP:CLEAR") -> str:
    """Fact ``f<i>`` in flow style: a reported fact with evidence when ``bases`` is empty, else an
    assessment resting on them; only the top fact (``top``) carries the tag the brief draws."""
    if not bases:
        return (f"  - {{id: f{i}, statement: Base {i}., kind: reported, sources: [example-report], marking: {marking}, "
                f"evidence: {{example-report: {{phrases: [Example report]}}}}}}\n")
    based_on = ", ".join(f"f{b}" for b in bases)
    return (f"  - {{id: f{i}, statement: We assess it is likely that {i} holds., kind: assessment, "
            f"likelihood: likely, based_on: [{based_on}]}}\n")


def _project(starter: Path, name: str, facts: list[str], top: int) -> Path:
    text = "facts:\n" + "".join(facts)
    text += (f"  - {{id: top, statement: We assess it is likely that the top holds., kind: assessment, "
             f"likelihood: likely, based_on: [f{top}], tags: [example]}}\n")
    return write(starter, {f"facts/{name}.yaml": text, "templates/example.md.j2": TEMPLATE})


def _chain(starter: Path) -> Path:
    n = 10_000
    return _project(starter, "chain", [_fact(i, [i - 1] if i else []) for i in range(n)], n - 1)


def _marked_chain(starter: Path) -> Path:
    """The chain with its base above the brief's ceiling: all 10,001 facts are withheld, each with
    the chain of reasons that carries the marking up (shortened, and followed once per fact)."""
    n = 10_000
    return _project(starter, "chain", [_fact(i, [i - 1] if i else [], "TLP:AMBER") for i in range(n)], n - 1)


def _ladder(starter: Path) -> Path:
    n = 1_000
    return _project(starter, "ladder", [_fact(i, [j for j in (i - 1, i - 2) if j >= 0]) for i in range(n)], n - 1)


def _run(root: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "-p", str(root), "--as-of", DAY])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result.output


def _commands(root: Path) -> str:
    """check, build, audit and publish on ``root``; the audit's output."""
    assert "example" in _run(root, "check")
    _run(root, "build")
    assert (root / "build" / "example.md").is_file()
    audit = _run(root, "audit", "example")
    _run(root, "publish")
    assert list((root / "editions" / "example").glob("*/manifest.json"))
    return audit


@pytest.mark.parametrize("shape", [_chain, _ladder], ids=["chain-10000", "ladder-1000"])
def test_deep_based_on_through_every_command(starter: Path, shape: Callable[[Path], Path]) -> None:
    audit = _commands(shape(starter))
    assert "fact top (assessment): evidence unverified\n" in audit
    assert "fact f0 (reported)" in audit


def test_ladder_audit_shows_each_fact_once_per_claim(starter: Path) -> None:
    audit = _commands(_ladder(starter))
    trail = audit.split("claim: ", 1)[1]
    assert trail.count("fact f500 (assessment): evidence unverified\n") == 1  # its trail, once
    assert trail.count("fact f500 (assessment): evidence unverified (trail shown above)\n") == 1
    assert "                                        fact f0 (reported)" not in trail  # indented 8 levels at most


def test_deep_marking_explained_briefly_through_every_command(starter: Path) -> None:
    audit = _commands(_marked_chain(starter))
    assert "withheld (10001):" in audit
    assert ("fact 'top' is TLP:AMBER because it is based on fact 'f9999', which is based on fact 'f9998', "
            "which is based on fact 'f9997', which is based on fact 'f9996', which leads down 9995 more "
            "steps to fact 'f1', which is based on fact 'f0', above this briefing's ceiling TLP:CLEAR") in audit
