"""The package reads as the pipeline: each stage imports only the stages before it.

The order is declared once here and in docs/development.md, "Code layout"; a test reads every import (with ``ast``,
inside functions too) and fails on any that runs back up the order.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefgen"

# The base (importable from anywhere), then the stages in pipeline order.
BASE = ("__init__", "exceptions", "layout", "atomic", "clock")
STAGES = ("content", "selection", "templating", "writers", "checks", "editions", "build", "reports", "commands")
TOP = ("__main__",)


def rank(part: str) -> int:
    if part in BASE:
        return -1
    if part in STAGES:
        return STAGES.index(part)
    if part in TOP:
        return len(STAGES)
    raise AssertionError(f"briefgen.{part} is in no stage: add it to STAGES or BASE in {__file__}")


def is_module(name: str) -> bool:
    return (PACKAGE / name).is_dir() or (PACKAGE / f"{name}.py").is_file()


def imports() -> list[tuple[str, int, str, str]]:
    """(module file, line, importing stage, imported stage) for every import of briefgen in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        here = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == "briefgen":  # a module of the package, or a name its __init__ defines
                    names = ["briefgen." + (a.name if is_module(a.name) else "__init__") for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "briefgen" and len(parts) > 1:
                    found.append((str(rel), node.lineno, here, parts[1]))
    return found


def test_every_module_belongs_to_a_stage() -> None:
    for path in PACKAGE.iterdir():
        if path.name.startswith(("_", ".")) or path.name in ("py.typed", "scaffold") or path.suffix == ".pyc":
            continue
        rank(path.stem if path.suffix == ".py" else path.name)


def test_no_stage_imports_a_later_one() -> None:
    upward = [f"{file}:{line}: {here} imports {there}" for file, line, here, there in imports()
              if rank(there) > rank(here)]
    assert not upward, "imports that run back up the pipeline:\n" + "\n".join(upward)


def test_the_check_sees_an_upward_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: a content module that imports a writer is reported."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "bad.py").write_text("def f() -> None:\n    from briefgen.writers import html\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path)
    with pytest.raises(AssertionError, match=r"content/bad.py:2: content imports writers"):
        test_no_stage_imports_a_later_one()
